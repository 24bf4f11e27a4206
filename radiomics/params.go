package radiomics

import (
	"fmt"
	"slices"
)

// Params is a complete extraction configuration, the equivalent of a PyRadiomics parameter file:
// which image types to compute (in order, each with optional setting overrides), which feature
// classes (in order, each with an optional feature list) and the settings.
type Params struct {
	ImageTypes []ImageType
	Classes    []FeatureClass
	Settings   Settings
}

// ImageType enables one PyRadiomics image type ("Original", "Wavelet", "LoG", ...).
//
// Keys lists the parameter-file names of the settings this image type overrides (for example
// "sigma" or "binWidth"); their values are taken from Overrides. Settings not in Keys come from
// Params.Settings.
type ImageType struct {
	Name      string
	Keys      []string
	Overrides Settings
}

// FeatureClass enables one feature class ("shape2D", "firstorder", "glcm", "glrlm", "glszm",
// "gldm", "ngtdm"). An empty Features list means every non-deprecated feature of the class;
// otherwise the listed features are computed in the listed order, which may include deprecated
// features that PyRadiomics still computes (firstorder StandardDeviation, shape2D
// SphericalDisproportion).
type FeatureClass struct {
	Name     string
	Features []string
}

// DefaultParams returns the image type Original with every 2-D feature class (shape2D,
// firstorder, glcm, glrlm, glszm, gldm, ngtdm) and DefaultSettings.
func DefaultParams() *Params {
	return &Params{
		ImageTypes: []ImageType{{Name: "Original"}},
		Classes: []FeatureClass{{Name: "shape2D"}, {Name: "firstorder"}, {Name: "glcm"},
			{Name: "glrlm"}, {Name: "glszm"}, {Name: "gldm"}, {Name: "ngtdm"}},
		Settings: DefaultSettings(),
	}
}

// Effective returns the settings in force for this image type: global with the overrides in
// Keys applied.
func (it *ImageType) Effective(global *Settings) Settings {
	s := global.clone()
	for _, name := range it.Keys {
		if k := keyByName(name); k != nil {
			k.copy(&s, &it.Overrides)
		}
	}
	return s
}

// Validate checks the whole configuration: known image types and classes, known features,
// every setting (global and per image type) in range. Errors name the offending entry.
func (p *Params) Validate() error {
	if p == nil {
		return fmt.Errorf("params: nil")
	}
	if err := p.Settings.Validate(); err != nil {
		return err
	}
	if len(p.ImageTypes) == 0 {
		return fmt.Errorf("imageType: no image type enabled")
	}
	seenType := map[string]bool{}
	for i := range p.ImageTypes {
		it := &p.ImageTypes[i]
		if seenType[it.Name] {
			return fmt.Errorf("imageType %s: listed twice", it.Name)
		}
		seenType[it.Name] = true
		if err := checkImageTypeName(it.Name); err != nil {
			return err
		}
		for _, key := range it.Keys {
			k := keyByName(key)
			if k == nil {
				return fmt.Errorf("imageType %s: unknown setting %q", it.Name, key)
			}
			if !k.perType {
				return fmt.Errorf("imageType %s: setting %s cannot be set per image type; "+
					"it acts before images are derived, set it under setting:", it.Name, key)
			}
		}
		eff := it.Effective(&p.Settings)
		if err := eff.Validate(); err != nil {
			return fmt.Errorf("imageType %s: %w", it.Name, err)
		}
		if f, ok := filters[it.Name]; ok && f.check != nil {
			if err := f.check(&eff); err != nil {
				return fmt.Errorf("imageType %s: %w", it.Name, err)
			}
		}
	}
	seenClass := map[string]bool{}
	for _, c := range p.Classes {
		if seenClass[c.Name] {
			return fmt.Errorf("featureClass %s: listed twice", c.Name)
		}
		seenClass[c.Name] = true
		if err := checkFeatureList(c.Name, c.Features); err != nil {
			return err
		}
	}
	return nil
}

// checkImageTypeName accepts the PyRadiomics image types this build can compute.
func checkImageTypeName(name string) error {
	if name == "Original" {
		return nil
	}
	if name == "LBP3D" {
		return fmt.Errorf("imageType LBP3D: needs a 3-D volume; use LBP2D for 2-D images")
	}
	if !slices.Contains(imageTypeNames, name) {
		return fmt.Errorf("imageType %q: unknown image type; known: %v", name, imageTypeNames)
	}
	if _, ok := filters[name]; !ok {
		return fmt.Errorf("imageType %s: not available in this build", name)
	}
	return nil
}

// checkFeatureList accepts a known class and, if given, known features of it.
func checkFeatureList(class string, features []string) error {
	c := classByName(class)
	if c == nil {
		return fmt.Errorf("featureClass %q: unknown feature class; known: %s", class, classNames())
	}
	for _, f := range features {
		i := c.featureIndex(f)
		if i < 0 {
			return fmt.Errorf("featureClass %s: unknown feature %q", class, f)
		}
		if c.features[i].noValue != "" {
			return fmt.Errorf("featureClass %s: feature %s is deprecated and PyRadiomics "+
				"computes no value for it (%s)", class, f, c.features[i].noValue)
		}
	}
	return nil
}

// derivedNames returns the names of the images an image type yields under settings s, or nil
// if the type is not available.
func derivedNames(name string, s *Settings) []string {
	if name == "Original" {
		return []string{"original"}
	}
	f, ok := filters[name]
	if !ok {
		return nil
	}
	return f.names(s)
}

// FeatureNames returns the names Extract produces for these parameters, in the same order,
// without needing an image: "original_shape2D_*" first (if shape2D is enabled), then for each
// image type in order and each derived image, each non-shape class in order. Image types that
// are not available in this build are left out (Validate reports them).
func (p *Params) FeatureNames() []string {
	var out []string
	for _, c := range p.Classes {
		if c.Name == "shape2D" {
			ci := classByName(c.Name)
			for _, i := range ci.enabled(c.Features) {
				out = append(out, "original_shape2D_"+ci.features[i].name)
			}
		}
	}
	for i := range p.ImageTypes {
		it := &p.ImageTypes[i]
		eff := it.Effective(&p.Settings)
		for _, img := range derivedNames(it.Name, &eff) {
			for _, c := range p.Classes {
				ci := classByName(c.Name)
				if ci == nil || !ci.twoD || c.Name == "shape2D" {
					continue
				}
				for _, fi := range ci.enabled(c.Features) {
					out = append(out, img+"_"+c.Name+"_"+ci.features[fi].name)
				}
			}
		}
	}
	return out
}

// AvailableImageTypes returns the image types this build can compute, in PyRadiomics' order
// (Original always; the filter types once their filters are registered).
func AvailableImageTypes() []string {
	var out []string
	for _, n := range imageTypeNames {
		if _, ok := filters[n]; ok || n == "Original" {
			out = append(out, n)
		}
	}
	return out
}
