package radiomics

import (
	"errors"
	"math"
	"math/rand"
	"strings"
	"testing"
)

// TestLoGReference compares LoG sigma 1, 2, 3 mm with PyRadiomics' configuration-A reference
// values (first-order ROI features, 1e-6 relative, the tolerance for ITK's single precision).
func TestLoGReference(t *testing.T) {
	cases := frefLoadCases(t)
	s := &Settings{Sigma: []float64{1, 2, 3}}
	worst := map[string]float64{}
	for _, c := range cases {
		d, err := logImages(c.Image, s)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		w, bad := frefCompareFirstOrder(c, d, 1e-6)
		for _, b := range bad {
			t.Error(b)
		}
		for k, v := range w {
			worst[k] = math.Max(worst[k], v)
		}
	}
	for k, v := range worst {
		t.Logf("%-20s worst relative error over %d cases: %.3g", k, len(cases), v)
	}
}

// TestLoGQuadratic: for f = a·x² + b·y² + c·x (x, y in mm) the normalised LoG is
// σ²·(2a + 2b) away from the borders (the recursive filters reproduce quadratics exactly; the
// border extension and float32 storage perturb only what is checked with a margin).
func TestLoGQuadratic(t *testing.T) {
	w, h := 90, 80
	sp := [2]float64{0.8, 1.2}
	a, b, c := 0.01, 0.02, 0.3
	img := &Image{Width: w, Height: h, Pix: make([]float64, w*h), Spacing: sp}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			px, py := float64(x-w/2)*sp[0], float64(y-h/2)*sp[1]
			img.Pix[y*w+x] = a*px*px + b*py*py + c*px
		}
	}
	for _, sigma := range []float64{1, 2.5} {
		d, err := logImages(img, &Settings{Sigma: []float64{sigma}})
		if err != nil {
			t.Fatal(err)
		}
		want := sigma * sigma * (2*a + 2*b)
		mx := int(math.Ceil(10 * sigma / sp[0]))
		my := int(math.Ceil(10 * sigma / sp[1]))
		worst := 0.0
		for y := my; y < h-my; y++ {
			for x := mx; x < w-mx; x++ {
				worst = math.Max(worst, math.Abs(d[0].Image.At(x, y)-want)/want)
			}
		}
		t.Logf("sigma %g: worst interior relative error %.3g", sigma, worst)
		if worst > 2e-4 {
			t.Errorf("sigma %g: interior LoG off by %.3g relative (want %g)", sigma, worst, want)
		}
	}
}

// TestLoGConstantAndBlob: a constant image gives 0 everywhere (the borders repeat the edge
// value); a bright Gaussian blob gives a negative centre and a positive ring.
func TestLoGConstantAndBlob(t *testing.T) {
	w, h := 40, 30
	img := &Image{Width: w, Height: h, Pix: make([]float64, w*h), Spacing: [2]float64{1, 1}}
	for i := range img.Pix {
		img.Pix[i] = 120
	}
	d, err := logImages(img, &Settings{Sigma: []float64{2}})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range d[0].Image.Pix {
		if math.Abs(v) > 1e-4 {
			t.Fatalf("constant image: LoG[%d] = %g", i, v)
		}
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r2 := float64((x-20)*(x-20) + (y-15)*(y-15))
			img.Pix[y*w+x] = 100 * math.Exp(-r2/8)
		}
	}
	d, _ = logImages(img, &Settings{Sigma: []float64{2}})
	if c, r := d[0].Image.At(20, 15), d[0].Image.At(20+6, 15); !(c < 0 && r > 0) {
		t.Errorf("blob: centre %g (want < 0), ring %g (want > 0)", c, r)
	}
}

// TestLoGSkips: PyRadiomics skips every sigma on an image smaller than 4 pixels along an axis,
// and a sigma larger than the image allows; the remaining images are still returned.
func TestLoGSkips(t *testing.T) {
	small := &Image{Width: 3, Height: 10, Pix: make([]float64, 30), Spacing: [2]float64{1, 1}}
	d, err := logImages(small, &Settings{Sigma: []float64{1}})
	var sk *skippedImages
	if len(d) != 0 || !errors.As(err, &sk) || !strings.Contains(sk.Error(), "too small") {
		t.Errorf("3×10 image: %v, %v", d, err)
	}
	img := &Image{Width: 6, Height: 6, Pix: make([]float64, 36), Spacing: [2]float64{1, 1}}
	d, err = logImages(img, &Settings{Sigma: []float64{1, 5.5, 5, 0}})
	if !errors.As(err, &sk) || len(sk.Warnings) != 2 {
		t.Fatalf("sigma 5.5 and 0 should be skipped: %v", err)
	}
	if len(d) != 2 || d[0].Name != "log-sigma-1-0-mm-3D" || d[1].Name != "log-sigma-5-0-mm-3D" {
		t.Errorf("derived %v", d)
	}
	names := logNames(&Settings{Sigma: []float64{1, 5.5, 0}})
	if strings.Join(names, ",") != "log-sigma-1-0-mm-3D,log-sigma-5-5-mm-3D" {
		t.Errorf("names %v", names)
	}
	if d, err := logImages(img, &Settings{}); d != nil || err != nil {
		t.Errorf("no sigma: %v %v", d, err)
	}
}

// TestPythonFloat checks Python's str(float) text, which PyRadiomics puts in LoG names.
func TestPythonFloat(t *testing.T) {
	for v, want := range map[float64]string{1: "1.0", 0.5: "0.5", 2.5: "2.5", 1e-5: "1e-05",
		1e-4: "0.0001", 1e16: "1e+16", 123456: "123456.0", 0.1: "0.1", 1.5e-7: "1.5e-07",
		3.25: "3.25", 1e15: "1000000000000000.0", 1.2345678901234568e22: "1.2345678901234568e+22"} {
		if got := pythonFloat(v); got != want {
			t.Errorf("pythonFloat(%v) = %q, want %q", v, got, want)
		}
	}
}

// TestLoGBoxTruncation: for a box far from the borders the recursions start logMargin pixels
// before the box instead of at the border. The result must equal the whole-image filter (it
// could differ by one float32 step only at an exact rounding tie).
func TestLoGBoxTruncation(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	w, h := 420, 380
	img := &Image{Width: w, Height: h, Pix: make([]float64, w*h), Spacing: [2]float64{0.9, 1.2}}
	for i := range img.Pix {
		img.Pix[i] = float64(rng.Intn(4096)) - 1000
	}
	s := &Settings{Sigma: []float64{0.5, 1, 2}}
	full, err := logImages(img, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []bbox{{180, 170, 210, 200}, {150, 20, 300, 90}, {5, 300, 60, 330}} {
		part, err := filterBoxes["LoG"](newSource(img), s, b)
		if err != nil {
			t.Fatal(err)
		}
		diff := 0
		for k := range full {
			for y := b.y0; y < b.y1; y++ {
				for x := b.x0; x < b.x1; x++ {
					a := full[k].Image.At(x, y)
					c := part[k].Image.At(x-b.x0, y-b.y0)
					if a != c {
						diff++
						ulp := math.Abs(float64(math.Nextafter32(float32(a), 0)) - a)
						if math.Abs(a-c) > ulp {
							t.Fatalf("%s box %v (%d,%d): %g vs %g", full[k].Name, b, x, y, c, a)
						}
					}
				}
			}
		}
		if diff > 0 {
			t.Logf("box %v: %d pixels differ by one float32 step", b, diff)
		}
	}
}

// TestLoGSigmaIntegerNames checks that LoG image names follow Python's text of each sigma as
// the parameter file wrote it: str(1) is "1" (→ log-sigma-1-mm-3D), str(3.0) is "3.0"
// (→ log-sigma-3-0-mm-3D), and that Params.YAML keeps the distinction.
func TestLoGSigmaIntegerNames(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"imageType: {LoG: {sigma: [1, 2.5, 3.0]}}\nfeatureClass: {firstorder: [Mean]}\n",
			[]string{"log-sigma-1-mm-3D_firstorder_Mean", "log-sigma-2-5-mm-3D_firstorder_Mean",
				"log-sigma-3-0-mm-3D_firstorder_Mean"}},
		{"setting: {sigma: [1, 2]}\nimageType: {LoG: {}}\nfeatureClass: {firstorder: [Mean]}\n",
			[]string{"log-sigma-1-mm-3D_firstorder_Mean", "log-sigma-2-mm-3D_firstorder_Mean"}},
		{"imageType: {LoG: {sigma: 2}}\nfeatureClass: {firstorder: [Mean]}\n",
			[]string{"log-sigma-2-mm-3D_firstorder_Mean"}},
		{"imageType: {LoG: {sigma: [2.0, 1.0e1]}}\nfeatureClass: {firstorder: [Mean]}\n",
			[]string{"log-sigma-2-0-mm-3D_firstorder_Mean", "log-sigma-10-0-mm-3D_firstorder_Mean"}},
	}
	img := &Image{Width: 40, Height: 40, Pix: make([]float64, 1600)}
	mask := &Mask{Width: 40, Height: 40, Labels: make([]uint32, 1600)}
	for i := range img.Pix {
		img.Pix[i] = float64((i*7 + i/40*3) % 50)
		if x, y := i%40, i/40; x >= 10 && x < 30 && y >= 12 && y < 28 {
			mask.Labels[i] = 1
		}
	}
	for _, c := range cases {
		p, err := ParseParams([]byte(c.text))
		if err != nil {
			t.Fatalf("%q: %v", c.text, err)
		}
		if got := p.FeatureNames(); strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%q: names %v, want %v", c.text, got, c.want)
		}
		res, err := Extract(img, mask, p, nil)
		if err != nil {
			t.Fatalf("%q: %v", c.text, err)
		}
		for k, f := range res.Features {
			if f.Name != c.want[k] {
				t.Errorf("%q: Extract gave %s, want %s", c.text, f.Name, c.want[k])
			}
		}
		// Round trip through the canonical text.
		y, err := p.YAML()
		if err != nil {
			t.Fatal(err)
		}
		q, err := ParseParams(y)
		if err != nil {
			t.Fatalf("re-parse %s: %v", y, err)
		}
		if got := q.FeatureNames(); strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%q: after YAML round trip names %v, want %v\n%s", c.text, got, c.want, y)
		}
	}

	// Programmatic settings: no SigmaInt means floats; an integer flag on 1.5 is invalid.
	if got := logNames(&Settings{Sigma: []float64{1, 2}, SigmaInt: []bool{true}}); strings.Join(
		got, ",") != "log-sigma-1-mm-3D,log-sigma-2-0-mm-3D" {
		t.Errorf("programmatic names %v", got)
	}
	s := DefaultSettings()
	s.Sigma, s.SigmaInt = []float64{1.5}, []bool{true}
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "sigma") {
		t.Errorf("sigma 1.5 marked integer: %v", err)
	}
}
