package radiomics_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics"
)

// maskFrom builds a w×h mask whose listed pixels (x, y pairs) have label v.
func maskFrom(w, h int, v uint32, xy ...int) *radiomics.Mask {
	m := &radiomics.Mask{Width: w, Height: h, Labels: make([]uint32, w*h)}
	for i := 0; i+1 < len(xy); i += 2 {
		m.Labels[xy[i+1]*w+xy[i]] = v
	}
	return m
}

func ramp(w, h int) *radiomics.Image {
	img := &radiomics.Image{Width: w, Height: h, Pix: make([]float64, w*h)}
	for i := range img.Pix {
		img.Pix[i] = float64((i * 37) % 251)
	}
	return img
}

// TestExtractBadInput: every bad input listed in the README's bad-input table gives an error naming
// the problem.
func TestExtractBadInput(t *testing.T) {
	img := ramp(8, 6)
	full := maskFrom(8, 6, 1, 2, 2, 3, 2, 2, 3, 3, 3)
	nan := ramp(8, 6)
	nan.Pix[13] = math.NaN()
	inf := ramp(8, 6)
	inf.Pix[5] = math.Inf(-1)
	row := maskFrom(8, 6, 1, 1, 2, 2, 2, 3, 2, 4, 2)
	col := maskFrom(8, 6, 1, 3, 1, 3, 2, 3, 3)
	cases := []struct {
		name string
		img  *radiomics.Image
		mask *radiomics.Mask
		set  func(*radiomics.Settings)
		want string
	}{
		{"nil image", nil, full, nil, "image: nil"},
		{"nil mask", img, nil, nil, "mask: nil"},
		{"short pixels", &radiomics.Image{Width: 3, Height: 3, Pix: make([]float64, 8)}, full,
			nil, "image: 3×3 needs 9 pixel values, got 8"},
		{"zero size", &radiomics.Image{}, full, nil, "image: size 0×0"},
		{"negative spacing", &radiomics.Image{Width: 8, Height: 6, Pix: img.Pix,
			Spacing: [2]float64{-1, 1}}, full, nil, "image: spacing -1×1 mm"},
		{"NaN pixel", nan, full, nil, "image: 1 NaN and 0 infinite pixel values (first at x 5, y 1)"},
		{"Inf pixel", inf, full, nil, "image: 0 NaN and 1 infinite pixel values (first at x 5, y 0)"},
		{"size mismatch", img, maskFrom(7, 6, 1, 2, 2, 3, 3), nil,
			"image and mask geometry differ: image 8×6 pixels at 1×1 mm, mask 7×6"},
		{"spacing mismatch", img, &radiomics.Mask{Width: 8, Height: 6, Labels: full.Labels,
			Spacing: [2]float64{1, 1.5}}, nil, "mask 8×6 at 1×1.5 mm"},
		{"empty mask", img, maskFrom(8, 6, 1), nil,
			"the mask is empty (no non-zero pixel)"},
		{"label absent", img, full, func(s *radiomics.Settings) { s.Label = 3 },
			"label 3 is not present in the mask; labels present: 1"},
		{"one pixel", img, maskFrom(8, 6, 1, 4, 4), nil,
			"the region of interest is a single pixel (x 4, y 4)"},
		{"one row", img, row, nil,
			"the region of interest is a single row (4×1 pixels): it spans 1 dimension(s), " +
				"minimumROIDimensions requires 2"},
		{"one column", img, col, nil, "a single column (1×3 pixels)"},
		{"minimum size", img, full, func(s *radiomics.Settings) { s.MinimumROISize = 4 },
			"has 4 pixels; minimumROISize 4 requires more than 4"},
		{"resegment removes all", img, full, func(s *radiomics.Settings) {
			s.ResegmentRange = []float64{1000}
		}, "keeps 0 pixel(s) of the region of interest"},
		{"bad settings", img, full, func(s *radiomics.Settings) { s.BinCount = -2 },
			"setting binCount: must be an integer >= 1, got -2"},
		{"normalize flat", &radiomics.Image{Width: 8, Height: 6, Pix: make([]float64, 48)},
			full, func(s *radiomics.Settings) { s.Normalize = true },
			"normalize: the image is constant"},
		{"too many bins", img, full, func(s *radiomics.Settings) { s.BinWidth = 1e-9 },
			"gives more than 65536 bins"},
		{"distances beyond the ROI", img, full, func(s *radiomics.Settings) {
			s.Distances = []int{2, 5}
		}, "original: distances [2 5]: no neighbour offset fits the region of interest's 2×2"},
	}
	for _, c := range cases {
		p := radiomics.DefaultParams()
		if c.set != nil {
			c.set(&p.Settings)
		}
		res, err := radiomics.Extract(c.img, c.mask, p, nil)
		if err == nil {
			t.Errorf("%s: no error (%d features)", c.name, len(res.Features))
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s:\n got  %v\n want …%s…", c.name, err, c.want)
		}
	}
	_, err := radiomics.Extract(img, maskFrom(8, 6, 1), nil, nil)
	if !errors.Is(err, radiomics.ErrMask) {
		t.Errorf("empty mask error does not wrap ErrMask: %v", err)
	}
}

// TestExtractEdgeROIs: ROIs that are legal but unusual give values, not errors.
func TestExtractEdgeROIs(t *testing.T) {
	img := ramp(8, 6)

	// One row is accepted with minimumROIDimensions 1: GLCM/GLRLM use the x direction only.
	row := maskFrom(8, 6, 1, 1, 2, 2, 2, 3, 2, 4, 2)
	got := extractMap(t, img, row, func(p *radiomics.Params) {
		p.Settings.MinimumROIDimensions = 1
	})
	if got["original_shape2D_PixelSurface"] != 4 {
		t.Errorf("row PixelSurface %g", got["original_shape2D_PixelSurface"])
	}
	if v := got["original_glrlm_RunPercentage"]; math.IsNaN(v) {
		t.Errorf("row RunPercentage NaN")
	}

	// A lesion touching the image border (a corner block).
	corner := maskFrom(8, 6, 1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 0)
	got = extractMap(t, img, corner, nil)
	if got["original_shape2D_PixelSurface"] != 5 {
		t.Errorf("corner PixelSurface %g", got["original_shape2D_PixelSurface"])
	}

	// A flat ROI: PyRadiomics' conventions (Correlation 1, Coarseness 10⁶, Contrast 0, …).
	flat := &radiomics.Image{Width: 8, Height: 6, Pix: make([]float64, 48)}
	for i := range flat.Pix {
		flat.Pix[i] = 100
	}
	res, err := radiomics.Extract(flat, maskFrom(8, 6, 1, 2, 2, 3, 2, 2, 3, 3, 3), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	vals := map[string]float64{}
	for _, f := range res.Features {
		vals[f.Name] = f.Value
	}
	for name, want := range map[string]float64{
		"original_glcm_Correlation": 1, "original_glcm_MCC": 1, "original_glcm_Imc1": 0,
		"original_glcm_Imc2": 0, "original_ngtdm_Coarseness": 1e6, "original_ngtdm_Contrast": 0,
		"original_ngtdm_Busyness": 0, "original_ngtdm_Strength": 0,
		"original_firstorder_Skewness": 0, "original_firstorder_Kurtosis": 0,
		"original_firstorder_Variance": 0, "original_glszm_ZonePercentage": 0.25,
	} {
		if vals[name] != want {
			t.Errorf("flat %s = %g, want %g", name, vals[name], want)
		}
	}
	for _, w := range res.Warnings {
		t.Errorf("flat ROI warned: %s", w)
	}

	// Two grey levels and two separate lesions: components reported.
	two := maskFrom(8, 6, 1, 0, 0, 1, 0, 5, 4, 6, 4, 5, 5)
	res, err = radiomics.Extract(img, two, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Diagnostics.ConnectedComponents != 2 || res.Diagnostics.ROIPixels != 5 {
		t.Errorf("components %d pixels %d, want 2 and 5", res.Diagnostics.ConnectedComponents,
			res.Diagnostics.ROIPixels)
	}
}

// TestUndefinedFeatureWarned: a texture that has no neighbour pairs (pixels scattered
// diagonally… at distance 2 only) is NaN with a warning naming the feature.
func TestUndefinedFeatureWarned(t *testing.T) {
	img := ramp(9, 9)
	// A one-row ROI with a gap: along x the two pixels are 2 apart, so with distance 1 and
	// minimumROIDimensions 1 no GLCM pair exists.
	m := maskFrom(9, 9, 1, 2, 4, 4, 4)
	p := radiomics.DefaultParams()
	p.Settings.MinimumROIDimensions = 1
	res, err := radiomics.Extract(img, m, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	var nan []string
	for _, f := range res.Features {
		if math.IsNaN(f.Value) {
			nan = append(nan, f.Name)
		}
	}
	if len(nan) == 0 {
		t.Fatal("expected NaN glcm features")
	}
	found := false
	for _, w := range res.Warnings {
		if strings.HasPrefix(w, "original_glcm_Contrast is NaN: no pair of neighbouring") {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning for glcm Contrast; warnings: %v", res.Warnings)
	}
}

// TestProgress: one call per step, in order, ending at Total.
func TestProgress(t *testing.T) {
	img, m := blob(5, 20, 20)
	var steps []radiomics.Progress
	_, err := radiomics.Extract(img, m, nil, &radiomics.Options{
		Progress: func(p radiomics.Progress) { steps = append(steps, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 2 || steps[0].Step != "shape2D" || steps[1].Step != "original" ||
		steps[1].Done != 2 || steps[1].Total != 2 {
		t.Errorf("progress %+v", steps)
	}
}

// TestCorrectMask: a mask on a coarser grid covering the same area is resampled onto the
// image grid by nearest neighbour when correctMask is set.
func TestCorrectMask(t *testing.T) {
	img := ramp(8, 6)
	img.Spacing = [2]float64{1, 1}
	coarse := &radiomics.Mask{Width: 4, Height: 3, Spacing: [2]float64{2, 2},
		Labels: []uint32{0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0}}
	p := radiomics.DefaultParams()
	if _, err := radiomics.Extract(img, coarse, p, nil); err == nil {
		t.Fatal("geometry mismatch accepted without correctMask")
	}
	p.Settings.CorrectMask = true
	res, err := radiomics.Extract(img, coarse, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Image pixel x maps to mask column round(x/2): columns 1, 2 cover x = 1…4 (x = 1 → 0.5
	// rounds up to 1), rows 1 → y = 1, 2.
	d := res.Diagnostics
	if !d.CorrectedMask || d.BoundingBox != [4]int{1, 1, 4, 2} || d.ROIPixels != 8 {
		t.Errorf("corrected ROI: %+v", d)
	}
}

// TestMaskWithoutSpacing: a mask without spacing (a PNG over a calibrated image) takes the
// image's spacing; shape is measured in the image's millimetres.
func TestMaskWithoutSpacing(t *testing.T) {
	img := ramp(8, 6)
	img.Spacing = [2]float64{0.1, 0.2}
	m := maskFrom(8, 6, 255, 2, 2, 3, 2, 2, 3, 3, 3)
	got := extractMap(t, img, m, nil)
	if v := got["original_shape2D_PixelSurface"]; math.Abs(v-4*0.02) > 1e-15 {
		t.Errorf("PixelSurface %g mm², want 0.08", v)
	}
}
