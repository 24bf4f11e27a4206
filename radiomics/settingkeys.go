package radiomics

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// SettingError reports a setting whose value is invalid. Key is the parameter-file name
// (binWidth, sigma, ...).
type SettingError struct {
	Key string
	Err error
}

func (e *SettingError) Error() string { return "setting " + e.Key + ": " + e.Err.Error() }
func (e *SettingError) Unwrap() error { return e.Err }

// settingKey describes one parameter-file setting: how to read it from YAML, write it back, copy
// it between Settings and check its range. The table drives ParseParams, Params.YAML, the
// per-image-type overrides and Settings.Validate, so a setting is described in one place only.
type settingKey struct {
	name    string
	perType bool // may be overridden under imageType: {<Type>: {<key>: value}}
	decode  func(n *yaml.Node, s *Settings) error
	encode  func(s *Settings) (text string, set bool) // YAML flow text; set false = leave out
	copy    func(dst, src *Settings)
	check   func(s *Settings) error
}

// unsupportedKeys are PyRadiomics settings that exist only for 3-D volumes, vector masks or
// voxel-based extraction; a parameter file naming them gets an error that says so.
var unsupportedKeys = map[string]string{
	"label_channel": "selects a channel of a vector (multi-channel) mask; 2-D masks here " +
		"have one channel, select the ROI with label",
	"lbp3DLevels":               "belongs to the 3-D LBP filter (LBP3D), which needs a volume",
	"lbp3DIcosphereRadius":      "belongs to the 3-D LBP filter (LBP3D), which needs a volume",
	"lbp3DIcosphereSubdivision": "belongs to the 3-D LBP filter (LBP3D), which needs a volume",
	"kernelRadius":              "belongs to voxel-based extraction, which is not supported",
	"maskedKernel":              "belongs to voxel-based extraction, which is not supported",
	"initValue":                 "belongs to voxel-based extraction, which is not supported",
}

var settingKeys = []settingKey{
	intKey("minimumROIDimensions", false, func(s *Settings) *int { return &s.MinimumROIDimensions },
		checkROIDimensions, false),
	intKey("minimumROISize", false, func(s *Settings) *int { return &s.MinimumROISize },
		minInt(1), true),
	floatKey("geometryTolerance", false, func(s *Settings) *float64 { return &s.GeometryTolerance },
		positive, false),
	boolKey("correctMask", false, func(s *Settings) *bool { return &s.CorrectMask }),
	boolKey("additionalInfo", false, func(s *Settings) *bool { return &s.AdditionalInfo }),
	labelKey(),
	floatKey("binWidth", true, func(s *Settings) *float64 { return &s.BinWidth }, positive, false),
	intKey("binCount", true, func(s *Settings) *int { return &s.BinCount }, minInt(1), true),
	boolKey("normalize", false, func(s *Settings) *bool { return &s.Normalize }),
	floatKey("normalizeScale", false, func(s *Settings) *float64 { return &s.NormalizeScale },
		positive, false),
	floatKey("removeOutliers", false, func(s *Settings) *float64 { return &s.RemoveOutliers },
		positive, true),
	floatListKey("resampledPixelSpacing", false,
		func(s *Settings) *[]float64 { return &s.ResampledPixelSpacing }, checkSpacingList, true),
	enumKey("interpolator", false, func(s *Settings) *string { return &s.Interpolator },
		[]string{"sitkNearestNeighbor", "sitkLinear", "sitkBSpline"}, false),
	intKey("padDistance", false, func(s *Settings) *int { return &s.PadDistance }, minInt(0), false),
	intListKey("distances", true, func(s *Settings) *[]int { return &s.Distances }),
	boolKey("force2D", true, func(s *Settings) *bool { return &s.Force2D }),
	intKey("force2Ddimension", true, func(s *Settings) *int { return &s.Force2DDimension },
		rangeInt(0, 2), false),
	floatListKey("resegmentRange", false, func(s *Settings) *[]float64 { return &s.ResegmentRange },
		checkResegmentRange, true),
	enumKey("resegmentMode", false, func(s *Settings) *string { return &s.ResegmentMode },
		[]string{"absolute", "relative", "sigma"}, false),
	boolKey("resegmentShape", false, func(s *Settings) *bool { return &s.ResegmentShape }),
	boolKey("preCrop", false, func(s *Settings) *bool { return &s.PreCrop }),
	sigmaKey(),
	intKey("start_level", true, func(s *Settings) *int { return &s.StartLevel }, minInt(0), false),
	intKey("level", true, func(s *Settings) *int { return &s.Level }, minInt(1), false),
	stringKey("wavelet", true, func(s *Settings) *string { return &s.Wavelet }),
	boolKey("gradientUseSpacing", true, func(s *Settings) *bool { return &s.GradientUseSpacing }),
	floatKey("lbp2DRadius", true, func(s *Settings) *float64 { return &s.LBP2DRadius },
		positive, false),
	intKey("lbp2DSamples", true, func(s *Settings) *int { return &s.LBP2DSamples }, minInt(1),
		false),
	enumKey("lbp2DMethod", true, func(s *Settings) *string { return &s.LBP2DMethod },
		[]string{"default", "ror", "uniform", "var"}, false),
	floatKey("voxelArrayShift", true, func(s *Settings) *float64 { return &s.VoxelArrayShift },
		finite, false),
	boolKey("symmetricalGLCM", true, func(s *Settings) *bool { return &s.SymmetricalGLCM }),
	enumKey("weightingNorm", true, func(s *Settings) *string { return &s.WeightingNorm },
		[]string{"manhattan", "euclidean", "infinity", "no_weighting"}, true),
	gldmAlphaKey(),
}

// keyByName returns the table entry for a parameter-file key, or nil.
func keyByName(name string) *settingKey {
	for i := range settingKeys {
		if settingKeys[i].name == name {
			return &settingKeys[i]
		}
	}
	return nil
}

// ---- value checks ----

func positive(v float64) error {
	if !(v > 0) || math.IsInf(v, 0) {
		return fmt.Errorf("must be a finite number > 0, got %s", fmtFloat(v))
	}
	return nil
}

func finite(v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("must be a finite number, got %s", fmtFloat(v))
	}
	return nil
}

func minInt(lo int) func(int) error {
	return func(v int) error {
		if v < lo {
			return fmt.Errorf("must be an integer >= %d, got %d", lo, v)
		}
		return nil
	}
}

func rangeInt(lo, hi int) func(int) error {
	return func(v int) error {
		if v < lo || v > hi {
			return fmt.Errorf("must be an integer from %d to %d, got %d", lo, hi, v)
		}
		return nil
	}
}

// checkROIDimensions accepts 1 or 2: PyRadiomics allows 3, which no 2-D ROI can meet.
func checkROIDimensions(v int) error {
	if v == 3 {
		return errors.New("3 cannot be met by a 2-D image, whose region of interest spans at " +
			"most 2 dimensions (use 1 or 2)")
	}
	return rangeInt(1, 2)(v)
}

func checkSpacingList(v []float64) error {
	if len(v) != 2 {
		return fmt.Errorf("needs 2 values (x, y spacing in mm) for a 2-D image, got %d", len(v))
	}
	for _, x := range v {
		if !(x >= 0) || math.IsInf(x, 0) {
			return fmt.Errorf("spacings must be finite and >= 0 (0 keeps the input spacing), got %s",
				fmtFloat(x))
		}
	}
	return nil
}

func checkResegmentRange(v []float64) error {
	if len(v) < 1 || len(v) > 2 {
		return fmt.Errorf("needs 1 value (lower threshold) or 2 (lower, upper), got %d", len(v))
	}
	for _, x := range v {
		if err := finite(x); err != nil {
			return err
		}
	}
	return nil
}

func checkSigma(v []float64) error {
	for _, x := range v {
		if err := positive(x); err != nil {
			return fmt.Errorf("every sigma %w", err)
		}
	}
	return nil
}

// sigmaInt reports whether sigma i of s was written as an integer.
func sigmaInt(s *Settings, i int) bool { return i < len(s.SigmaInt) && s.SigmaInt[i] }

// sigmaKey reads the LoG sigmas and records which were written as integers (YAML !!int), since
// PyRadiomics' image names depend on it (see Settings.SigmaInt); YAML() writes them back the
// same way, floats always with a '.' or an exponent.
func sigmaKey() settingKey {
	return settingKey{
		name: "sigma", perType: true,
		decode: func(n *yaml.Node, s *Settings) error {
			items, err := readList(n)
			if err != nil {
				return err
			}
			var v []float64 // nil when empty, like an unset list
			var isInt []bool
			for _, it := range items {
				x, err := readFloat(it)
				if err != nil {
					return fmt.Errorf("every entry %w", err)
				}
				v = append(v, x)
				isInt = append(isInt, it.ShortTag() == "!!int")
			}
			if err := checkSigma(v); err != nil {
				return fmt.Errorf("%w%s", err, nodeLoc(n))
			}
			s.Sigma, s.SigmaInt = v, isInt
			return nil
		},
		encode: func(s *Settings) (string, bool) {
			parts := make([]string, len(s.Sigma))
			for i, x := range s.Sigma {
				if sigmaInt(s, i) {
					parts[i] = strconv.FormatFloat(x, 'f', -1, 64)
					continue
				}
				parts[i] = fmtFloat(x)
				if !strings.ContainsAny(parts[i], ".en") { // integral: 1 → 1.0
					parts[i] += ".0"
				}
			}
			return "[" + strings.Join(parts, ", ") + "]", true
		},
		copy: func(dst, src *Settings) {
			dst.Sigma = append([]float64(nil), src.Sigma...)
			dst.SigmaInt = append([]bool(nil), src.SigmaInt...)
		},
		check: func(s *Settings) error {
			if err := checkSigma(s.Sigma); err != nil {
				return err
			}
			if len(s.SigmaInt) > len(s.Sigma) {
				return fmt.Errorf("SigmaInt has %d entries for %d sigmas", len(s.SigmaInt),
					len(s.Sigma))
			}
			for i := range s.SigmaInt {
				if x := s.Sigma[i]; sigmaInt(s, i) && (x != math.Trunc(x) || x > 1<<53) {
					return fmt.Errorf("sigma %s is marked as an integer but is not one",
						fmtFloat(x))
				}
			}
			return nil
		},
	}
}

// ---- YAML scalar readers (strict types, as PyRadiomics' schema) ----

func nodeLoc(n *yaml.Node) string {
	if n == nil || n.Line == 0 {
		return ""
	}
	return fmt.Sprintf(" (line %d)", n.Line)
}

func nodeText(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		return strconv.Quote(n.Value)
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	return "an unknown node"
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func readInt(n *yaml.Node) (int, error) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
		return 0, fmt.Errorf("must be an integer, got %s%s", nodeText(n), nodeLoc(n))
	}
	var v int
	if err := n.Decode(&v); err != nil {
		return 0, fmt.Errorf("must be an integer, got %s%s", nodeText(n), nodeLoc(n))
	}
	return v, nil
}

func readFloat(n *yaml.Node) (float64, error) {
	tag := n.ShortTag()
	if n.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") {
		return 0, fmt.Errorf("must be a number, got %s%s", nodeText(n), nodeLoc(n))
	}
	var v float64
	if err := n.Decode(&v); err != nil {
		return 0, fmt.Errorf("must be a number, got %s%s", nodeText(n), nodeLoc(n))
	}
	return v, nil
}

func readBool(n *yaml.Node) (bool, error) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
		return false, fmt.Errorf("must be true or false, got %s%s", nodeText(n), nodeLoc(n))
	}
	var v bool
	if err := n.Decode(&v); err != nil {
		return false, fmt.Errorf("must be true or false, got %s%s", nodeText(n), nodeLoc(n))
	}
	return v, nil
}

func readString(n *yaml.Node) (string, error) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		return "", fmt.Errorf("must be a string, got %s%s", nodeText(n), nodeLoc(n))
	}
	return n.Value, nil
}

// readList returns the items of a sequence; a single scalar counts as a one-item list, as
// PyRadiomics users often write sigma: 2.
func readList(n *yaml.Node) ([]*yaml.Node, error) {
	switch n.Kind {
	case yaml.SequenceNode:
		return n.Content, nil
	case yaml.ScalarNode:
		return []*yaml.Node{n}, nil
	}
	return nil, fmt.Errorf("must be a list, got %s%s", nodeText(n), nodeLoc(n))
}

// ---- key constructors ----

func floatKey(name string, perType bool, f func(*Settings) *float64, check func(float64) error,
	nullable bool) settingKey {
	return numberKey(name, perType, f, readFloat, fmtFloat, check, nullable)
}

func intKey(name string, perType bool, f func(*Settings) *int, check func(int) error,
	nullable bool) settingKey {
	return numberKey(name, perType, f, readInt, strconv.Itoa, check, nullable)
}

// numberKey describes a numeric setting read by read, written by format and checked by check;
// a nullable setting may be null, which (like 0) means unset.
func numberKey[T int | float64](name string, perType bool, f func(*Settings) *T,
	read func(*yaml.Node) (T, error), format func(T) string, check func(T) error,
	nullable bool) settingKey {
	return settingKey{
		name: name, perType: perType,
		decode: func(n *yaml.Node, s *Settings) error {
			if nullable && isNull(n) {
				*f(s) = 0
				return nil
			}
			v, err := read(n)
			if err != nil {
				return err
			}
			if err := check(v); err != nil {
				return fmt.Errorf("%w%s", err, nodeLoc(n))
			}
			*f(s) = v
			return nil
		},
		encode: func(s *Settings) (string, bool) {
			v := *f(s)
			if nullable && v == 0 {
				return "", false
			}
			return format(v), true
		},
		copy: func(dst, src *Settings) { *f(dst) = *f(src) },
		check: func(s *Settings) error {
			v := *f(s)
			if nullable && v == 0 {
				return nil
			}
			return check(v)
		},
	}
}

func boolKey(name string, perType bool, f func(*Settings) *bool) settingKey {
	return settingKey{
		name: name, perType: perType,
		decode: func(n *yaml.Node, s *Settings) error {
			v, err := readBool(n)
			if err != nil {
				return err
			}
			*f(s) = v
			return nil
		},
		encode: func(s *Settings) (string, bool) { return strconv.FormatBool(*f(s)), true },
		copy:   func(dst, src *Settings) { *f(dst) = *f(src) },
	}
}

func stringKey(name string, perType bool, f func(*Settings) *string) settingKey {
	return settingKey{
		name: name, perType: perType,
		decode: func(n *yaml.Node, s *Settings) error {
			v, err := readString(n)
			if err != nil {
				return err
			}
			if strings.TrimSpace(v) == "" {
				return fmt.Errorf("must not be empty%s", nodeLoc(n))
			}
			*f(s) = v
			return nil
		},
		encode: func(s *Settings) (string, bool) { return strconv.Quote(*f(s)), true },
		copy:   func(dst, src *Settings) { *f(dst) = *f(src) },
		check: func(s *Settings) error {
			if strings.TrimSpace(*f(s)) == "" {
				return errors.New("must not be empty")
			}
			return nil
		},
	}
}

func enumKey(name string, perType bool, f func(*Settings) *string, values []string,
	nullable bool) settingKey {
	check := func(v string) error {
		for _, ok := range values {
			if v == ok {
				return nil
			}
		}
		return fmt.Errorf("must be one of %s, got %q", strings.Join(values, ", "), v)
	}
	return settingKey{
		name: name, perType: perType,
		decode: func(n *yaml.Node, s *Settings) error {
			if nullable && isNull(n) {
				*f(s) = ""
				return nil
			}
			v, err := readString(n)
			if err != nil {
				return err
			}
			if err := check(v); err != nil {
				return fmt.Errorf("%w%s", err, nodeLoc(n))
			}
			*f(s) = v
			return nil
		},
		encode: func(s *Settings) (string, bool) {
			v := *f(s)
			if nullable && v == "" {
				return "", false
			}
			return strconv.Quote(v), true
		},
		copy: func(dst, src *Settings) { *f(dst) = *f(src) },
		check: func(s *Settings) error {
			v := *f(s)
			if nullable && v == "" {
				return nil
			}
			return check(v)
		},
	}
}

func floatListKey(name string, perType bool, f func(*Settings) *[]float64,
	check func([]float64) error, nullable bool) settingKey {
	return settingKey{
		name: name, perType: perType,
		decode: func(n *yaml.Node, s *Settings) error {
			if nullable && isNull(n) {
				*f(s) = nil
				return nil
			}
			items, err := readList(n)
			if err != nil {
				return err
			}
			var v []float64 // nil when empty, like an unset list
			for _, it := range items {
				x, err := readFloat(it)
				if err != nil {
					return fmt.Errorf("every entry %w", err)
				}
				v = append(v, x)
			}
			if err := check(v); err != nil {
				return fmt.Errorf("%w%s", err, nodeLoc(n))
			}
			*f(s) = v
			return nil
		},
		encode: func(s *Settings) (string, bool) {
			v := *f(s)
			if nullable && v == nil {
				return "", false
			}
			parts := make([]string, len(v))
			for i, x := range v {
				parts[i] = fmtFloat(x)
			}
			return "[" + strings.Join(parts, ", ") + "]", true
		},
		copy: func(dst, src *Settings) { *f(dst) = append([]float64(nil), *f(src)...) },
		check: func(s *Settings) error {
			v := *f(s)
			if nullable && v == nil {
				return nil
			}
			return check(v)
		},
	}
}

func intListKey(name string, perType bool, f func(*Settings) *[]int) settingKey {
	check := func(v []int) error {
		if len(v) == 0 {
			return errors.New("needs at least one distance")
		}
		for _, d := range v {
			if d < 1 {
				return fmt.Errorf("every distance must be an integer >= 1, got %d", d)
			}
		}
		return nil
	}
	return settingKey{
		name: name, perType: perType,
		decode: func(n *yaml.Node, s *Settings) error {
			items, err := readList(n)
			if err != nil {
				return err
			}
			v := make([]int, 0, len(items))
			for _, it := range items {
				x, err := readInt(it)
				if err != nil {
					return fmt.Errorf("every entry %w", err)
				}
				v = append(v, x)
			}
			if err := check(v); err != nil {
				return fmt.Errorf("%w%s", err, nodeLoc(n))
			}
			*f(s) = v
			return nil
		},
		encode: func(s *Settings) (string, bool) {
			v := *f(s)
			parts := make([]string, len(v))
			for i, x := range v {
				parts[i] = strconv.Itoa(x)
			}
			return "[" + strings.Join(parts, ", ") + "]", true
		},
		copy:  func(dst, src *Settings) { *f(dst) = append([]int(nil), *f(src)...) },
		check: func(s *Settings) error { return check(*f(s)) },
	}
}

// labelKey: PyRadiomics requires label > 0; we also accept 0, meaning every non-zero pixel.
func labelKey() settingKey {
	return settingKey{
		name: "label",
		decode: func(n *yaml.Node, s *Settings) error {
			v, err := readInt(n)
			if err != nil {
				return err
			}
			if v < 0 || v > math.MaxUint32 {
				return fmt.Errorf("must be an integer from 0 (every non-zero pixel) to %d, got %d%s",
					uint32(math.MaxUint32), v, nodeLoc(n))
			}
			s.Label = uint32(v)
			return nil
		},
		encode: func(s *Settings) (string, bool) {
			return strconv.FormatUint(uint64(s.Label), 10), true
		},
		copy: func(dst, src *Settings) { dst.Label = src.Label },
	}
}

// gldmAlphaKey: gldm_a is an integer >= 0 in PyRadiomics' schema (it is compared with
// differences of integer bin indices).
func gldmAlphaKey() settingKey {
	return settingKey{
		name: "gldm_a", perType: true,
		decode: func(n *yaml.Node, s *Settings) error {
			v, err := readInt(n)
			if err != nil {
				return err
			}
			if v < 0 {
				return fmt.Errorf("must be an integer >= 0, got %d%s", v, nodeLoc(n))
			}
			s.GLDMAlpha = float64(v)
			return nil
		},
		encode: func(s *Settings) (string, bool) { return fmtFloat(s.GLDMAlpha), true },
		copy:   func(dst, src *Settings) { dst.GLDMAlpha = src.GLDMAlpha },
		check: func(s *Settings) error {
			if !(s.GLDMAlpha >= 0) || math.IsInf(s.GLDMAlpha, 0) {
				return fmt.Errorf("must be >= 0, got %s", fmtFloat(s.GLDMAlpha))
			}
			return nil
		},
	}
}

// fmtFloat formats v so that both YAML 1.2 (Go) and YAML 1.1 (PyYAML, used by PyRadiomics)
// read it back as the same float: shortest round-trip digits, with a '.' before any exponent.
func fmtFloat(v float64) string {
	if math.IsNaN(v) {
		return ".nan"
	}
	if math.IsInf(v, 1) {
		return ".inf"
	}
	if math.IsInf(v, -1) {
		return "-.inf"
	}
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if i := strings.IndexByte(s, 'e'); i >= 0 && !strings.Contains(s[:i], ".") {
		s = s[:i] + ".0" + s[i:]
	}
	return s
}
