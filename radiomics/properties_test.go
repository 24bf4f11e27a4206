package radiomics_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics"
)

// blob makes a w×h image of seeded noise (0…255, with some smooth structure so that texture
// matrices are not trivial) and an irregular, non-convex mask inside it.
func blob(seed uint64, w, h int) (*radiomics.Image, *radiomics.Mask) {
	r := rand.New(rand.NewPCG(seed, 7))
	img := &radiomics.Image{Width: w, Height: h, Spacing: [2]float64{1, 1},
		Pix: make([]float64, w*h)}
	m := &radiomics.Mask{Width: w, Height: h, Spacing: [2]float64{1, 1},
		Labels: make([]uint32, w*h)}
	cx, cy := float64(w)/2, float64(h)/2
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := 120 + 60*math.Sin(float64(x)/3)*math.Cos(float64(y)/4) + r.NormFloat64()*30
			img.Pix[y*w+x] = math.Round(math.Max(0, math.Min(255, v)))
			dx, dy := (float64(x)-cx)/(0.4*float64(w)), (float64(y)-cy)/(0.35*float64(h))
			ang := math.Atan2(dy, dx)
			if dx*dx+dy*dy < 0.8+0.25*math.Sin(3*ang) {
				m.Labels[y*w+x] = 255
			}
		}
	}
	return img, m
}

// transform returns img and m rotated by 90° clockwise (rot) or mirrored left-right.
func transform(img *radiomics.Image, m *radiomics.Mask, rot bool) (*radiomics.Image,
	*radiomics.Mask) {
	w, h := img.Width, img.Height
	ni := &radiomics.Image{Spacing: img.Spacing, Pix: make([]float64, w*h)}
	nm := &radiomics.Mask{Spacing: m.Spacing, Labels: make([]uint32, w*h)}
	if rot {
		ni.Width, ni.Height, nm.Width, nm.Height = h, w, h, w
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				// (x, y) → (h−1−y, x)
				j := x*h + (h - 1 - y)
				ni.Pix[j] = img.Pix[y*w+x]
				nm.Labels[j] = m.Labels[y*w+x]
			}
		}
		return ni, nm
	}
	ni.Width, ni.Height, nm.Width, nm.Height = w, h, w, h
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			ni.Pix[y*w+w-1-x] = img.Pix[y*w+x]
			nm.Labels[y*w+w-1-x] = m.Labels[y*w+x]
		}
	}
	return ni, nm
}

// TestRotationInvariance: rotating or mirroring the image and mask together permutes the four
// directions (so angle-averaged GLCM/GLRLM features are unchanged) and leaves zones,
// dependences, neighbourhoods, intensities and the contour unchanged. Differences are only
// summation order: 1e-10 relative.
func TestRotationInvariance(t *testing.T) {
	img, m := blob(1, 61, 47)
	p := radiomics.DefaultParams()
	p.Settings.Distances = []int{1, 2}
	base, err := radiomics.Extract(img, m, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, rot := range []bool{true, false} {
		ti, tm := transform(img, m, rot)
		res, err := radiomics.Extract(ti, tm, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range base.Features {
			g := res.Features[i]
			if g.Name != f.Name {
				t.Fatalf("order differs: %s vs %s", g.Name, f.Name)
			}
			if math.Abs(g.Value-f.Value) > 1e-10*math.Max(1, math.Abs(f.Value)) {
				t.Errorf("rot=%v %s: %.15g vs %.15g", rot, f.Name, g.Value, f.Value)
			}
		}
	}
}

// TestIntensityScaling: multiplying intensities and the bin width by the same factor keeps
// every bin, hence every texture feature; first-order values scale by the factor (its powers).
func TestIntensityScaling(t *testing.T) {
	img, m := blob(2, 40, 40)
	p := radiomics.DefaultParams()
	p.Settings.BinWidth = 10
	a, err := radiomics.Extract(img, m, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	scaled := &radiomics.Image{Width: img.Width, Height: img.Height, Spacing: img.Spacing}
	for _, v := range img.Pix {
		scaled.Pix = append(scaled.Pix, v*4)
	}
	p.Settings.BinWidth = 40
	b, err := radiomics.Extract(scaled, m, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	factor := map[string]float64{"Mean": 4, "Median": 4, "Minimum": 4, "Maximum": 4,
		"Range": 4, "10Percentile": 4, "90Percentile": 4, "InterquartileRange": 4,
		"MeanAbsoluteDeviation": 4, "RobustMeanAbsoluteDeviation": 4, "RootMeanSquared": 4,
		"Variance": 16, "Energy": 16, "TotalEnergy": 16}
	for i, f := range a.Features {
		want := f.Value
		if strings.Contains(f.Name, "_firstorder_") {
			name := f.Name[strings.LastIndex(f.Name, "_")+1:]
			if k, ok := factor[name]; ok {
				want *= k
			}
		}
		got := b.Features[i].Value
		if math.Abs(got-want) > 1e-10*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: %.15g, want %.15g", f.Name, got, want)
		}
	}
}

// TestLabelSelection: with two labels, label 0 (every non-zero pixel) takes their union,
// label k only that region; a mask written 0/255 equals the same mask written 0/1.
func TestLabelSelection(t *testing.T) {
	img, m := blob(3, 50, 30)
	one := &radiomics.Mask{Width: m.Width, Height: m.Height, Spacing: m.Spacing}
	for _, v := range m.Labels {
		one.Labels = append(one.Labels, v/255)
	}
	a := extractMap(t, img, m, nil)
	b := extractMap(t, img, one, nil)
	for k, v := range a {
		if b[k] != v {
			t.Errorf("0/255 vs 0/1 mask: %s %g vs %g", k, v, b[k])
		}
	}
	two := &radiomics.Mask{Width: m.Width, Height: m.Height, Spacing: m.Spacing,
		Labels: append([]uint32(nil), m.Labels...)}
	n2 := 0
	for i, v := range two.Labels {
		if v != 0 && i%m.Width < m.Width/2 {
			two.Labels[i] = 7
			n2++
		}
	}
	all := extractMap(t, img, two, nil)
	if all["original_shape2D_PixelSurface"] != a["original_shape2D_PixelSurface"] {
		t.Errorf("label 0 should select both labels")
	}
	seven := extractMap(t, img, two, func(p *radiomics.Params) { p.Settings.Label = 7 })
	if seven["original_shape2D_PixelSurface"] != float64(n2) {
		t.Errorf("label 7: PixelSurface %g, want %d", seven["original_shape2D_PixelSurface"], n2)
	}
}

// TestFeatureNamesMatchExtract: FeatureNames lists exactly what Extract returns, in order.
func TestFeatureNamesMatchExtract(t *testing.T) {
	img, m := blob(4, 30, 30)
	p, err := radiomics.ParseParams([]byte(`
featureClass:
  ngtdm: [Strength, Busyness]
  firstorder:
  shape2D: [Perimeter]
  glcm: [MCC, Contrast]
`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := radiomics.Extract(img, m, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	names := p.FeatureNames()
	if len(names) != len(res.Features) {
		t.Fatalf("FeatureNames %d, Extract %d", len(names), len(res.Features))
	}
	for i, f := range res.Features {
		if f.Name != names[i] {
			t.Errorf("%d: %s vs %s", i, f.Name, names[i])
		}
	}
	if names[0] != "original_shape2D_Perimeter" || names[1] != "original_ngtdm_Strength" {
		t.Errorf("order: %v", names[:3])
	}
}

// TestDefaultsCount: the default parameters give PyRadiomics' 102 2-D features for Original.
func TestDefaultsCount(t *testing.T) {
	if n := len(radiomics.DefaultParams().FeatureNames()); n != 102 {
		t.Errorf("%d default features, want 102 (9 shape2D + 93)", n)
	}
}

// TestPreCropAndIdentityResampling: cropping the image to the ROI box plus padDistance
// (preCrop), or "resampling" to the spacing the image already has (PyRadiomics then only
// crops), changes nothing for the Original image type, whose features see the ROI only.
func TestPreCropAndIdentityResampling(t *testing.T) {
	img, m := blob(6, 70, 50)
	base := extractMap(t, img, m, nil)
	for _, set := range []func(p *radiomics.Params){
		func(p *radiomics.Params) { p.Settings.PreCrop = true; p.Settings.PadDistance = 2 },
		func(p *radiomics.Params) { p.Settings.ResampledPixelSpacing = []float64{1, 1} },
		func(p *radiomics.Params) { p.Settings.ResampledPixelSpacing = []float64{0, 0} },
	} {
		got := extractMap(t, img, m, set)
		for k, v := range base {
			if got[k] != v {
				t.Errorf("%s: %g, without cropping %g", k, got[k], v)
			}
		}
	}
}

// TestResampling: an image at 0.5 × 0.5 mm resampled to 1 × 1 mm keeps the lesion's physical
// size (PixelSurface in mm², within the partial-pixel error of nearest-neighbour mask
// resampling) and reports the resampling in the diagnostics.
func TestResampling(t *testing.T) {
	img, m := blob(7, 80, 60)
	img.Spacing, m.Spacing = [2]float64{0.5, 0.5}, [2]float64{0.5, 0.5}
	before := extractMap(t, img, m, nil)
	p := radiomics.DefaultParams()
	p.Settings.ResampledPixelSpacing = []float64{1, 1}
	res, err := radiomics.Extract(img, m, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := res.Value("original_shape2D_PixelSurface")
	want := before["original_shape2D_PixelSurface"]
	if math.Abs(after-want) > 0.1*want {
		t.Errorf("PixelSurface %g mm² after resampling, %g before", after, want)
	}
	d := res.Diagnostics
	if !d.Resampled || d.WorkingSpacing != [2]float64{1, 1} || d.WorkingSize[0] >= 80 {
		t.Errorf("diagnostics %+v", d)
	}
}

// TestWorkersSameResult: computing image types concurrently gives exactly the sequential
// result, in the same order, with the same warnings and progress steps.
func TestWorkersSameResult(t *testing.T) {
	img, m := blob(8, 48, 40)
	p, err := radiomics.ParseParams([]byte(`
imageType: {Original: {}, Square: {}, LoG: {sigma: [1, 50]}, Wavelet: {}, Gradient: {}}
`))
	if err != nil {
		t.Fatal(err)
	}
	var runs [][]radiomics.Feature
	var steps [][]string
	var warns [][]string
	for _, w := range []int{1, 3} {
		var st []string
		res, err := radiomics.Extract(img, m, p, &radiomics.Options{Workers: w,
			Progress: func(p radiomics.Progress) { st = append(st, p.Step) }})
		if err != nil {
			t.Fatal(err)
		}
		runs, steps = append(runs, res.Features), append(steps, st)
		warns = append(warns, res.Warnings)
	}
	if len(runs[0]) != len(runs[1]) {
		t.Fatalf("%d vs %d features", len(runs[0]), len(runs[1]))
	}
	for i := range runs[0] {
		a, b := runs[0][i], runs[1][i]
		same := a.Value == b.Value || math.IsNaN(a.Value) && math.IsNaN(b.Value)
		if a.Name != b.Name || !same {
			t.Fatalf("feature %d: %v vs %v", i, a, b)
		}
	}
	if strings.Join(steps[0], ",") != strings.Join(steps[1], ",") ||
		strings.Join(warns[0], "|") != strings.Join(warns[1], "|") {
		t.Errorf("steps or warnings differ:\n%v\n%v\n%v\n%v", steps[0], steps[1], warns[0],
			warns[1])
	}
	// sigma 50 mm does not fit a 48×40 image: PyRadiomics skips it with a warning; its
	// features are NaN here and the warning is passed on.
	found := false
	for _, w := range warns[0] {
		if strings.Contains(w, "log-sigma-50") {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning for the skipped LoG sigma: %v", warns[0])
	}
}

// TestResegmentation: resegmenting to [lo, hi] gives the first-order and texture features of
// the mask restricted to lo ≤ x ≤ hi by hand; shape stays on the drawn mask unless
// resegmentShape is set.
func TestResegmentation(t *testing.T) {
	img, m := blob(9, 60, 44)
	lo, hi := 80.0, 170.0
	restricted := &radiomics.Mask{Width: m.Width, Height: m.Height, Spacing: m.Spacing,
		Labels: make([]uint32, len(m.Labels))}
	for i, v := range m.Labels {
		if v != 0 && img.Pix[i] >= lo && img.Pix[i] <= hi {
			restricted.Labels[i] = 1
		}
	}
	want := extractMap(t, img, restricted, nil)
	got := extractMap(t, img, m, func(p *radiomics.Params) {
		p.Settings.ResegmentRange = []float64{hi, lo} // order does not matter
	})
	for k, v := range want {
		if strings.Contains(k, "_shape2D_") {
			continue
		}
		if got[k] != v {
			t.Errorf("%s: %g, restricted mask %g", k, got[k], v)
		}
	}
	drawn := extractMap(t, img, m, nil)
	if got["original_shape2D_PixelSurface"] == want["original_shape2D_PixelSurface"] ||
		got["original_shape2D_PixelSurface"] > drawn["original_shape2D_PixelSurface"] {
		t.Errorf("shape should use the drawn mask (cropped to the resegmented box): %g",
			got["original_shape2D_PixelSurface"])
	}
	withShape := extractMap(t, img, m, func(p *radiomics.Params) {
		p.Settings.ResegmentRange = []float64{lo, hi}
		p.Settings.ResegmentShape = true
	})
	if withShape["original_shape2D_PixelSurface"] != want["original_shape2D_PixelSurface"] {
		t.Errorf("resegmentShape: PixelSurface %g, want %g",
			withShape["original_shape2D_PixelSurface"], want["original_shape2D_PixelSurface"])
	}
}

// TestResegmentationModes: the relative and sigma modes are the absolute mode with thresholds
// computed from the ROI (relative: t × ROI maximum; sigma: ROI mean + t × ROI population
// standard deviation), worked out here from the ROI's pixels.
func TestResegmentationModes(t *testing.T) {
	img, m := blob(11, 50, 40)
	var vals []float64
	for i, v := range m.Labels {
		if v != 0 {
			vals = append(vals, img.Pix[i])
		}
	}
	mx, mean := vals[0], 0.0
	for _, v := range vals {
		mx = math.Max(mx, v)
		mean += v
	}
	mean /= float64(len(vals))
	ss := 0.0
	for _, v := range vals {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / float64(len(vals)))
	for _, c := range []struct {
		mode   string
		t      []float64
		lo, hi float64
	}{
		{"relative", []float64{0.4, 0.9}, 0.4 * mx, 0.9 * mx},
		{"sigma", []float64{-1, 1.5}, mean - sd, mean + 1.5*sd},
	} {
		abs := extractMap(t, img, m, func(p *radiomics.Params) {
			p.Settings.ResegmentRange = []float64{c.lo, c.hi}
		})
		got := extractMap(t, img, m, func(p *radiomics.Params) {
			p.Settings.ResegmentRange, p.Settings.ResegmentMode = c.t, c.mode
		})
		for k, v := range abs {
			if math.Abs(got[k]-v) > 1e-12*math.Max(1, math.Abs(v)) {
				t.Errorf("%s %v: %s = %g, absolute [%g, %g] gives %g", c.mode, c.t, k,
					got[k], c.lo, c.hi, v)
			}
		}
		if got["original_firstorder_Maximum"] > c.hi || got["original_firstorder_Minimum"] < c.lo {
			t.Errorf("%s: ROI range [%g, %g] outside [%g, %g]", c.mode,
				got["original_firstorder_Minimum"], got["original_firstorder_Maximum"], c.lo, c.hi)
		}
	}
}

// TestGeometryTolerance: a mask whose spacing differs from the image's by less than
// geometryTolerance × the image's x spacing is accepted; a larger difference is refused
// unless correctMask is set.
func TestGeometryTolerance(t *testing.T) {
	img, m := blob(12, 30, 20)
	img.Spacing = [2]float64{0.5, 0.5}
	for _, c := range []struct {
		dy float64
		ok bool
	}{{0.4e-6, true}, {0.6e-6, false}} { // tolerance 1e-6 × 0.5 mm = 0.5e-6 mm
		m.Spacing = [2]float64{0.5, 0.5 + c.dy}
		p := radiomics.DefaultParams()
		p.Settings.GeometryTolerance = 1e-6
		_, err := radiomics.Extract(img, m, p, nil)
		if (err == nil) != c.ok {
			t.Errorf("spacing difference %g mm: err %v, want accepted %v", c.dy, err, c.ok)
		}
	}
}
