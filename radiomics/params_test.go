package radiomics_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics"
)

func TestParseParamsEmptyIsDefault(t *testing.T) {
	for _, text := range []string{"", "\n", "# only a comment\n", "null"} {
		p, err := radiomics.ParseParams([]byte(text))
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if !reflect.DeepEqual(p, radiomics.DefaultParams()) {
			t.Errorf("%q: got %+v, want DefaultParams", text, p)
		}
	}
}

func TestParseParamsValues(t *testing.T) {
	text := `
imageType:
  Original: {}
featureClass:
  firstorder: [Mean, StandardDeviation, Mean]
  glcm:
  shape2D: []
setting:
  binCount: 32
  label: 255
  distances: [1, 2]
  resegmentRange: [-10, 300]
  resegmentMode: sigma
  normalize: true
  normalizeScale: 100
  removeOutliers: 3
  voxelArrayShift: 300
  weightingNorm: euclidean
  gldm_a: 1
  symmetricalGLCM: false
  minimumROISize: 10
  geometryTolerance: 0.001
  force2D: false
`
	p, err := radiomics.ParseParams([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	s := p.Settings
	if s.BinCount != 32 || s.Label != 255 || !reflect.DeepEqual(s.Distances, []int{1, 2}) ||
		!reflect.DeepEqual(s.ResegmentRange, []float64{-10, 300}) || s.ResegmentMode != "sigma" ||
		!s.Normalize || s.NormalizeScale != 100 || s.RemoveOutliers != 3 ||
		s.VoxelArrayShift != 300 || s.WeightingNorm != "euclidean" || s.GLDMAlpha != 1 ||
		s.SymmetricalGLCM || s.MinimumROISize != 10 || s.GeometryTolerance != 0.001 {
		t.Errorf("settings not read as written: %+v", s)
	}
	if s.BinWidth != 25 || s.PadDistance != 5 || s.Interpolator != "sitkBSpline" {
		t.Errorf("defaults of unset keys lost: %+v", s)
	}
	want := []radiomics.FeatureClass{
		{Name: "firstorder", Features: []string{"Mean", "StandardDeviation", "Mean"}},
		{Name: "glcm"}, {Name: "shape2D"}}
	if !reflect.DeepEqual(p.Classes, want) {
		t.Errorf("classes %+v, want %+v", p.Classes, want)
	}
	// Explicit lists keep their order, drop repeats and may name deprecated features that
	// PyRadiomics computes; shape2D comes first whatever the class order.
	names := p.FeatureNames()
	if names[0] != "original_shape2D_Elongation" {
		t.Errorf("shape2D not first: %v", names[:3])
	}
	i := 0
	for names[i] != "original_firstorder_Mean" {
		i++
	}
	if names[i+1] != "original_firstorder_StandardDeviation" ||
		!strings.HasPrefix(names[i+2], "original_glcm_") {
		t.Errorf("firstorder list order not kept: %v", names[i:i+3])
	}
	if len(names) != 9+2+24 {
		t.Errorf("%d names, want 35", len(names))
	}
}

func TestParseParamsImageTypeOverrides(t *testing.T) {
	p, err := radiomics.ParseParams([]byte(`
imageType:
  Original:
    binWidth: 10
    distances: [2]
setting:
  binWidth: 5
`))
	if err != nil {
		t.Fatal(err)
	}
	it := p.ImageTypes[0]
	eff := it.Effective(&p.Settings)
	if eff.BinWidth != 10 || !reflect.DeepEqual(eff.Distances, []int{2}) ||
		p.Settings.BinWidth != 5 {
		t.Errorf("override: effective %v %v, global %v", eff.BinWidth, eff.Distances,
			p.Settings.BinWidth)
	}
}

// TestParseParamsErrors: every invalid parameter file is an error naming the key and value.
func TestParseParamsErrors(t *testing.T) {
	cases := []struct{ text, want string }{
		{"bogus: 1", `unknown top-level key "bogus"`},
		{"setting: {binwidth: 25}", `unknown setting "binwidth"`},
		{"setting: {binWidth: -5}", "binWidth: must be a finite number > 0, got -5"},
		{"setting: {binWidth: 0}", "binWidth: must be a finite number > 0, got 0"},
		{"setting: {binWidth: abc}", `binWidth: must be a number, got "abc"`},
		{"setting: {binCount: 0}", "binCount: must be an integer >= 1, got 0"},
		{"setting: {binCount: 32.5}", `binCount: must be an integer, got "32.5"`},
		{"setting: {binCount: [3]}", "binCount: must be an integer, got a list"},
		{"setting: {normalize: 1}", `normalize: must be true or false, got "1"`},
		{"setting: {distances: [0]}", "every distance must be an integer >= 1, got 0"},
		{"setting: {distances: []}", "needs at least one distance"},
		{"setting: {resegmentMode: foo}",
			`resegmentMode: must be one of absolute, relative, sigma, got "foo"`},
		{"setting: {resegmentRange: [1, 2, 3]}", "resegmentRange: needs 1 value"},
		{"setting: {label: -1}", "label: must be an integer from 0"},
		{"setting: {weightingNorm: l2}", `weightingNorm: must be one of`},
		{"setting: {minimumROIDimensions: 4}", "must be an integer from 1 to 2, got 4"},
		{"setting: {minimumROIDimensions: 3}", "3 cannot be met by a 2-D image"},
		{"setting: {interpolator: sitkGaussian}", "interpolator: must be one of"},
		{"setting: {resampledPixelSpacing: [1, 1, 1]}", "needs 2 values"},
		{"setting: {resampledPixelSpacing: [-1, 1]}", "spacings must be finite and >= 0"},
		{"setting: {label_channel: 1}", "label_channel (line 1) is not supported"},
		{"setting: {sigma: [1, 0]}", "every sigma must be a finite number > 0, got 0"},
		{"setting: {sigma: [-2]}", "every sigma must be a finite number > 0, got -2"},
		{"setting: {gldm_a: 0.5}", `gldm_a: must be an integer, got "0.5"`},
		{"setting: {binWidth: .nan}", "binWidth: must be a finite number > 0, got .nan"},
		{"setting: {binWidth: 1, binWidth: 2}", `key "binWidth" given twice`},
		{"setting: [1, 2]", "setting must be a mapping"},
		{"imageType: {Foo: {}}", `imageType "Foo": unknown image type`},
		{"imageType: {LBP3D: {}}", "imageType LBP3D: needs a 3-D volume"},
		{"imageType:", "imageType (line 1): must be a mapping of image types"},
		{"imageType: {Original: {label: 2}}",
			"setting label (line 1) cannot be set per image type"},
		{"imageType: {Original: {binWidth: -1}}",
			"imageType Original: setting binWidth: must be a finite number > 0, got -1"},
		{"featureClass: {glcm2: }", `featureClass "glcm2" (line 1): unknown feature class`},
		{"featureClass: {glcm: [Contrst]}", `featureClass glcm: unknown feature "Contrst"`},
		{"featureClass: {glcm: Contrast}", "featureClass glcm: must be empty or a list"},
		{"featureClass: {glcm: [SumVariance]}", "SumVariance is deprecated and PyRadiomics " +
			"computes no value for it (it equals glcm ClusterTendency)"},
		{"featureClass:", "featureClass (line 1): must be a mapping"},
		{"voxelSetting: {kernelRadius: 1}", "voxel-based extraction is not supported"},
		{"[1, 2]", "the top level must be a mapping"},
		{"setting: {binWidth: 25", "parameter file: yaml:"},
	}
	for _, c := range cases {
		_, err := radiomics.ParseParams([]byte(c.text))
		if err == nil {
			t.Errorf("%q: no error, want %q", c.text, c.want)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q:\n got  %v\n want …%s…", c.text, err, c.want)
		}
	}
}

// TestParamsYAMLRoundTrip: the canonical text parses back to the same parameters, and is
// stable (writing the re-read parameters gives the same bytes).
func TestParamsYAMLRoundTrip(t *testing.T) {
	texts := []string{"", `
imageType:
  Original:
    binWidth: 10
    sigma: [1.5, 3]
featureClass:
  glrlm: [ShortRunEmphasis]
  shape2D: [Perimeter, SphericalDisproportion]
  firstorder:
setting:
  binCount: 16
  label: 3
  resegmentRange: [0.5]
  resegmentMode: relative
  removeOutliers: 2.5
  resampledPixelSpacing: [0, 0.1]
  interpolator: sitkLinear
  weightingNorm: no_weighting
  geometryTolerance: 1e-9
`}
	for _, text := range texts {
		p, err := radiomics.ParseParams([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		y, err := p.YAML()
		if err != nil {
			t.Fatal(err)
		}
		q, err := radiomics.ParseParams(y)
		if err != nil {
			t.Fatalf("re-reading canonical text: %v\n%s", err, y)
		}
		if !reflect.DeepEqual(p, q) {
			t.Errorf("round trip changed the parameters:\n%+v\n%+v\n%s", p, q, y)
		}
		y2, _ := q.YAML()
		if string(y) != string(y2) {
			t.Errorf("canonical text not stable:\n%s\n%s", y, y2)
		}
		if strings.Contains(string(y), "e-09") && !strings.Contains(string(y), "1.0e-09") {
			t.Errorf("float exponent without a dot (PyYAML would read a string):\n%s", y)
		}
	}
}

func TestParamsValidateProgrammatic(t *testing.T) {
	p := radiomics.DefaultParams()
	p.Settings.BinWidth = -1
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "binWidth") {
		t.Errorf("negative BinWidth: %v", err)
	}
	p = radiomics.DefaultParams()
	p.ImageTypes = nil
	if err := p.Validate(); err == nil {
		t.Error("no image type accepted")
	}
	p = radiomics.DefaultParams()
	p.Classes = append(p.Classes, radiomics.FeatureClass{Name: "glcm"})
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "listed twice") {
		t.Errorf("duplicate class: %v", err)
	}
	p = radiomics.DefaultParams()
	p.ImageTypes[0].Keys = []string{"normalize"}
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "per image type") {
		t.Errorf("global key per type: %v", err)
	}
}

// TestIgnoredSettingsWarn checks that settings without effect on a 2-D image say so: LoG with
// no sigma, and force2D whether global or under an image type.
func TestIgnoredSettingsWarn(t *testing.T) {
	img, m := grid([][]float64{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, nil, [2]float64{1, 1})
	for _, tc := range []struct{ yaml, want string }{
		{"imageType: {LoG: {}}", "LoG has no sigma"},
		{"imageType: {Original: {force2D: true}}", "force2D is ignored"},
		{"imageType: {Original: {}}\nsetting: {force2D: true}", "force2D is ignored"},
	} {
		p, err := radiomics.ParseParams([]byte(tc.yaml))
		if err != nil {
			t.Fatalf("%q: %v", tc.yaml, err)
		}
		res, err := radiomics.Extract(img, m, p, nil)
		if err != nil {
			t.Fatalf("%q: %v", tc.yaml, err)
		}
		if !strings.Contains(strings.Join(res.Warnings, "\n"), tc.want) {
			t.Errorf("%q: warnings %q lack %q", tc.yaml, res.Warnings, tc.want)
		}
	}
}
