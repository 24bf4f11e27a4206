package radiomics

import (
	"math"
	"testing"
)

// TestLBPReference compares lbp-2D (P 8, R 1, uniform) with PyRadiomics' configuration-A
// reference values (first-order ROI features, 1e-9 relative).
func TestLBPReference(t *testing.T) {
	cases := frefLoadCases(t)
	s := &Settings{LBP2DSamples: 8, LBP2DRadius: 1, LBP2DMethod: "uniform"}
	worst := 0.0
	for _, c := range cases {
		d, err := lbpImages(c.Image, s)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		w, bad := frefCompareFirstOrder(c, d, 1e-9)
		for _, b := range bad {
			t.Error(b)
		}
		worst = math.Max(worst, w["lbp-2D"])
	}
	t.Logf("lbp-2D worst relative error over %d cases: %.3g", len(cases), worst)
}

// TestLBPMethodsByHand: P = 4, R = 1 samples right, up, left, down without interpolation.
// Around the centre 10 the neighbours 11, 3, 10, 20 give bits 1, 0, 1, 1 (equal counts as 1):
// default 1+4+8 = 13; ror = min over rotations {13, 14, 7, 11} = 7; two changes (no wrap
// comparison) so uniform = 3 ones; nri_uniform = 1 + (3−1)·4 + (3 − first zero 1) = 11;
// var = 3 / var(11, 3, 10, 20) = 3 / 36.5.
func TestLBPMethodsByHand(t *testing.T) {
	img := &Image{Width: 5, Height: 5, Pix: make([]float64, 25), Spacing: [2]float64{1, 1}}
	for i := range img.Pix {
		img.Pix[i] = 7
	}
	set := func(x, y int, v float64) { img.Pix[y*5+x] = v }
	set(2, 2, 10)
	set(3, 2, 11) // right
	set(2, 1, 3)  // up
	set(1, 2, 10) // left
	set(2, 3, 20) // down
	want := map[string]float64{"default": 13, "ror": 7, "uniform": 3, "nri_uniform": 11,
		"var": 3 / 36.5}
	for m, w := range want {
		out, err := localBinaryPattern(&source{img: img}, fullBox(img), 4, 1, m)
		if err != nil {
			t.Fatal(err)
		}
		if got := out.At(2, 2); math.Abs(got-w) > 1e-15 {
			t.Errorf("%s: %g, want %g", m, got, w)
		}
	}
	// Bits 1, 0, 1, 0: three changes, non-uniform.
	set(2, 3, 4)
	for m, w := range map[string]float64{"uniform": 5, "nri_uniform": 14, "default": 5} {
		out, _ := localBinaryPattern(&source{img: img}, fullBox(img), 4, 1, m)
		if got := out.At(2, 2); got != w {
			t.Errorf("non-uniform %s: %g, want %g", m, got, w)
		}
	}
	// Corner pixel: up and left fall outside and count as 0; right/down are 7 ≥ 7.
	out, _ := localBinaryPattern(&source{img: img}, fullBox(img), 4, 1, "default")
	if got := out.At(0, 0); got != 1+8 {
		t.Errorf("corner code %g, want 9", got)
	}
}

// TestLBPInterpolation: on the ramp f = 2·x + 3·y bilinear interpolation is exact, so the
// eight R = 1 neighbours compare as the ramp's directional derivative: neighbour k lies at
// (x + cos θ, y − sin θ), θ = 2πk/8, and its bit is 1 when 2·cos θ − 3·sin θ ≥ 0.
func TestLBPInterpolation(t *testing.T) {
	w, h := 6, 6
	img := &Image{Width: w, Height: h, Pix: make([]float64, w*h), Spacing: [2]float64{1, 1}}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Pix[y*w+x] = 2*float64(x) + 3*float64(y)
		}
	}
	out, err := localBinaryPattern(&source{img: img}, fullBox(img), 8, 1, "default")
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for k := 0; k < 8; k++ {
		th := 2 * math.Pi * float64(k) / 8
		if 2*math.Cos(th)-3*math.Sin(th) >= -1e-9 {
			want |= 1 << k
		}
	}
	if got := out.At(2, 3); got != float64(want) {
		t.Errorf("ramp code %g, want %d", got, want)
	}
}

// TestLBPErrors: bad methods, sample counts and radii are refused.
func TestLBPErrors(t *testing.T) {
	img := &Image{Width: 4, Height: 4, Pix: make([]float64, 16), Spacing: [2]float64{1, 1}}
	bad := []Settings{
		{LBP2DSamples: 8, LBP2DRadius: 1, LBP2DMethod: "median"},
		{LBP2DSamples: 0, LBP2DRadius: 1, LBP2DMethod: "uniform"},
		{LBP2DSamples: 40, LBP2DRadius: 1, LBP2DMethod: "default"},
		{LBP2DSamples: 8, LBP2DRadius: 0, LBP2DMethod: "uniform"},
		{LBP2DSamples: 8, LBP2DRadius: math.NaN(), LBP2DMethod: "uniform"},
	}
	for i := range bad {
		if _, err := lbpImages(img, &bad[i]); err == nil {
			t.Errorf("settings %+v accepted", bad[i])
		}
	}
}
