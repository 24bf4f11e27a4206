package radiomics

import (
	"math"
	"math/rand"
	"strings"
	"testing"
)

// There is no PyRadiomics reference output for resampling; these tests use hand-derived grids
// and properties of the interpolators.

func rsImage(w, h int, f func(x, y int) float64) *Image {
	img := &Image{Width: w, Height: h, Pix: make([]float64, w*h), Spacing: [2]float64{1, 1}}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Pix[y*w+x] = f(x, y)
		}
	}
	return img
}

func rsMask(w, h int, x0, y0, x1, y1 int, label uint32) *Mask {
	m := &Mask{Width: w, Height: h, Labels: make([]uint32, w*h), Spacing: [2]float64{1, 1}}
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			m.Labels[y*w+x] = label
		}
	}
	return m
}

// TestResampleSameSpacingCrops: with the current spacing requested (within numpy.allclose)
// nothing is interpolated, but image and mask are cropped to the ROI box ± padDistance.
func TestResampleSameSpacingCrops(t *testing.T) {
	img := rsImage(20, 15, func(x, y int) float64 { return float64(100*y + x) })
	mask := rsMask(20, 15, 2, 9, 6, 12, 1)
	s := &Settings{ResampledPixelSpacing: []float64{1.000001, 0}, PadDistance: 3,
		Interpolator: "sitkBSpline", Label: 1}
	ri, rm, err := resampleImageAndMask(img, mask, s)
	if err != nil {
		t.Fatal(err)
	}
	// x: 2−3 → 0 (clamped) … 6+3 = 9; y: 9−3 = 6 … 12+3 = 15 → 14 (clamped).
	if ri.Width != 10 || ri.Height != 9 || rm.Width != 10 || rm.Height != 9 {
		t.Fatalf("crop %d×%d / %d×%d, want 10×9", ri.Width, ri.Height, rm.Width, rm.Height)
	}
	for y := 0; y < 9; y++ {
		for x := 0; x < 10; x++ {
			if ri.At(x, y) != float64(100*(y+6)+x) {
				t.Fatalf("pixel (%d,%d) = %g", x, y, ri.At(x, y))
			}
			want := uint32(0)
			if x >= 2 && x <= 6 && y+6 >= 9 && y+6 <= 12 {
				want = 1
			}
			if rm.Labels[y*10+x] != want {
				t.Fatalf("mask (%d,%d) = %d, want %d", x, y, rm.Labels[y*10+x], want)
			}
		}
	}
	if ri.Spacing != img.Spacing {
		t.Errorf("spacing %v", ri.Spacing)
	}
}

// TestResampleGridByHand checks PyRadiomics' grid on a 10×8 image, ROI x 3…5, y 2…3,
// pad 1, new spacing 2 × 0.5: along x r = 0.5, lo = floor(2.5·0.5 − 1) = 0,
// hi = min(ceil(5.5·0.5 + 1), ceil(10·0.5) − 1) = 4, centres at x = 0.5 + 2i;
// along y r = 2, lo = floor(1.5·2 − 1) = 2, hi = ceil(3.5·2 + 1) = 8, centres at
// y = 0.5·(0.5 − 1) + 2/2 + 0.5j = 0.75 + 0.5j. Linear interpolation of a ramp shows
// the positions.
func TestResampleGridByHand(t *testing.T) {
	ramp := func(x, y float64) float64 { return 3*x + 2*y + 7.25 }
	img := rsImage(10, 8, func(x, y int) float64 { return ramp(float64(x), float64(y)) })
	mask := rsMask(10, 8, 3, 2, 5, 3, 1)
	s := &Settings{ResampledPixelSpacing: []float64{2, 0.5}, PadDistance: 1,
		Interpolator: "sitkLinear", Label: 1}
	ri, rm, err := resampleImageAndMask(img, mask, s)
	if err != nil {
		t.Fatal(err)
	}
	if ri.Width != 5 || ri.Height != 7 || ri.Spacing != [2]float64{2, 0.5} {
		t.Fatalf("grid %d×%d at %v, want 5×7 at [2 0.5]", ri.Width, ri.Height, ri.Spacing)
	}
	for j := 0; j < 7; j++ {
		for i := 0; i < 5; i++ {
			x, y := 0.5+2*float64(i), 0.75+0.5*float64(j)
			if got := ri.At(i, j); math.Abs(got-ramp(x, y)) > 1e-12 {
				t.Errorf("(%d,%d) = %g, want ramp(%g,%g) = %g", i, j, got, x, y, ramp(x, y))
			}
		}
		// Nearest neighbour mask: x = 0.5+2i rounds half up to 1, 3, 5, 7, 9; y rounds to
		// 1, 1, 2, 2, 3, 3, 4 (0.75 → 1, 1.25 → 1, 1.75 → 2, …).
		ny := int(math.Floor(0.75 + 0.5*float64(j) + 0.5))
		for i := 0; i < 5; i++ {
			nx := 1 + 2*i
			want := mask.Labels[ny*10+nx]
			if got := rm.Labels[j*5+i]; got != want {
				t.Errorf("mask (%d,%d) = %d, want %d (input %d,%d)", i, j, got, want, nx, ny)
			}
		}
	}
}

// TestResampleReproducesPolynomials: linear interpolation reproduces a linear ramp exactly and
// cubic B-spline interpolation reproduces a cubic polynomial exactly away from the borders
// (the mirror boundary's influence decays like 0.268^distance).
func TestResampleReproducesPolynomials(t *testing.T) {
	lin := func(x, y float64) float64 { return 1.5*x - 0.75*y + 10.125 }
	cub := func(x, y float64) float64 {
		return 0.001*x*x*x - 0.02*x*y + 0.5*y*y + 0.3*x + 0.1
	}
	w, h := 60, 50
	for _, tc := range []struct {
		interp string
		f      func(x, y float64) float64
		margin float64
	}{{"sitkLinear", lin, 1}, {"sitkBSpline", lin, 22}, {"sitkBSpline", cub, 22}} {
		img := rsImage(w, h, func(x, y int) float64 { return tc.f(float64(x), float64(y)) })
		img.Pix[0] += 1e-3 // make sure no pixel type is inferred (values are not integers)
		mask := rsMask(w, h, 10, 10, 49, 39, 1)
		s := &Settings{ResampledPixelSpacing: []float64{0.7, 1.3}, PadDistance: 0,
			Interpolator: tc.interp}
		ri, _, err := resampleImageAndMask(img, mask, s)
		if err != nil {
			t.Fatal(err)
		}
		// Recompute the positions by the documented grid.
		x0 := 0.5*(0.7-1)/1 + math.Floor((10-0.5)/0.7)*0.7
		y0 := 0.5*(1.3-1)/1 + math.Floor((10-0.5)/1.3)*1.3
		worst := 0.0
		for j := 0; j < ri.Height; j++ {
			for i := 0; i < ri.Width; i++ {
				x, y := x0+0.7*float64(i), y0+1.3*float64(j)
				if x < tc.margin || y < tc.margin || x > float64(w-1)-tc.margin ||
					y > float64(h-1)-tc.margin {
					continue
				}
				worst = math.Max(worst, math.Abs(ri.At(i, j)-tc.f(x, y)))
			}
		}
		if worst > 1e-9 {
			t.Errorf("%s: interior error %.3g", tc.interp, worst)
		}
	}
}

// TestBSplineInterpolatesSamples: the cubic spline through the prefiltered coefficients passes
// through every sample, borders included (mirror boundary), and resampling to a third of the
// spacing returns the original samples where the grids coincide. ITK truncates the causal
// initial sum at a relative tolerance of 1e-10, hence the tolerance of 1e-8 on values ≤ 200.
func TestBSplineInterpolatesSamples(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for _, size := range [][2]int{{23, 17}, {2, 5}, {1, 4}, {40, 30}} {
		img := rsImage(size[0], size[1], func(x, y int) float64 { return rng.Float64() * 200 })
		bs := newBSplineCoeffs(img)
		for y := 0; y < img.Height; y++ {
			for x := 0; x < img.Width; x++ {
				if got := bs.at(float64(x), float64(y)); math.Abs(got-img.At(x, y)) > 1e-8 {
					t.Fatalf("%v: spline(%d,%d) = %.15g, sample %.15g", size, x, y, got,
						img.At(x, y))
				}
			}
		}
	}
	img := rsImage(23, 17, func(x, y int) float64 { return rng.Float64() * 200 })
	mask := rsMask(23, 17, 4, 4, 18, 12, 1)
	s := &Settings{ResampledPixelSpacing: []float64{1.0 / 3, 1.0 / 3}, PadDistance: 2}
	ri, _, err := resampleImageAndMask(img, mask, s)
	if err != nil {
		t.Fatal(err)
	}
	// r = 3: lo = floor(3.5·3 − 2) = 8, centre i at −1/3 + 8/3 + i/3 = (7 + i)/3.
	for j := 0; j < ri.Height; j++ {
		for i := 0; i < ri.Width; i++ {
			if (7+i)%3 != 0 || (7+j)%3 != 0 {
				continue
			}
			x, y := (7+i)/3, (7+j)/3
			if math.Abs(ri.At(i, j)-img.At(x, y)) > 1e-8 {
				t.Errorf("resampled (%d,%d) = %g, sample (%d,%d) = %g", i, j, ri.At(i, j), x, y,
					img.At(x, y))
			}
		}
	}
}

// TestResamplePixelType: an integer image is written back as SimpleITK does for its pixel
// type: B-spline overshoot at a 0/255 step is clamped to 0…255 and values are truncated.
func TestResamplePixelType(t *testing.T) {
	img := rsImage(30, 20, func(x, y int) float64 {
		if x >= 15 {
			return 255
		}
		return 0
	})
	mask := rsMask(30, 20, 5, 5, 25, 15, 1)
	s := &Settings{ResampledPixelSpacing: []float64{0.45, 0.6}, PadDistance: 2}
	ri, _, err := resampleImageAndMask(img, mask, s)
	if err != nil {
		t.Fatal(err)
	}
	sawClamp := false
	for _, v := range ri.Pix {
		if v != math.Trunc(v) || v < 0 || v > 255 {
			t.Fatalf("value %g is not a uint8", v)
		}
		sawClamp = sawClamp || v == 255
	}
	if !sawClamp {
		t.Error("expected clamped values at 255")
	}
	// The same step as floats keeps the overshoot.
	img.Pix[0] = 0.5
	ri, _, _ = resampleImageAndMask(img, mask, s)
	over := 0.0
	for _, v := range ri.Pix {
		over = math.Max(over, v)
	}
	if over <= 255 {
		t.Errorf("float image: max %g, want a B-spline overshoot above 255", over)
	}
}

// TestResampleNearestKeepsLabels: the mask keeps its label values; nearest-neighbour image
// resampling only copies input values.
func TestResampleNearestKeepsLabels(t *testing.T) {
	img := rsImage(12, 12, func(x, y int) float64 { return float64(x*12 + y) })
	mask := rsMask(12, 12, 3, 3, 8, 8, 7)
	for y := 5; y <= 6; y++ {
		mask.Labels[y*12+5] = 3 // another label inside
	}
	s := &Settings{ResampledPixelSpacing: []float64{0.5, 0.5}, PadDistance: 1,
		Interpolator: "sitkNearestNeighbor", Label: 7}
	ri, rm, err := resampleImageAndMask(img, mask, s)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[uint32]bool{}
	for _, l := range rm.Labels {
		seen[l] = true
	}
	if !seen[7] || !seen[3] || !seen[0] || len(seen) != 3 {
		t.Errorf("labels %v, want {0, 3, 7}", seen)
	}
	vals := map[float64]bool{}
	for _, v := range img.Pix {
		vals[v] = true
	}
	for _, v := range ri.Pix {
		if !vals[v] {
			t.Fatalf("nearest produced %g, not an input value", v)
		}
	}
}

// TestResampleSingleRowROI: along an axis where the ROI is one pixel wide the spacing is not
// changed (PyRadiomics), so a one-row ROI resampled to 0.5 × 0.5 stays at spacing 1 in y.
func TestResampleSingleRowROI(t *testing.T) {
	img := rsImage(16, 10, func(x, y int) float64 { return float64(x) + 0.5 })
	mask := rsMask(16, 10, 4, 5, 9, 5, 1)
	s := &Settings{ResampledPixelSpacing: []float64{0.5, 0.5}, PadDistance: 0,
		Interpolator: "sitkLinear"}
	ri, _, err := resampleImageAndMask(img, mask, s)
	if err != nil {
		t.Fatal(err)
	}
	if ri.Spacing != [2]float64{0.5, 1} {
		t.Errorf("spacing %v, want [0.5 1]", ri.Spacing)
	}
}

// TestResampleErrors: bad settings and inputs give errors naming the problem.
func TestResampleErrors(t *testing.T) {
	img := rsImage(8, 8, func(x, y int) float64 { return 1 })
	mask := rsMask(8, 8, 2, 2, 4, 4, 1)
	cases := []struct {
		s    Settings
		m    *Mask
		want string
	}{
		{Settings{ResampledPixelSpacing: []float64{1}}, mask, "need 2 values"},
		{Settings{ResampledPixelSpacing: []float64{-1, 1}}, mask, "must be positive"},
		{Settings{ResampledPixelSpacing: []float64{2, 2}, Interpolator: "sitkGaussian"}, mask,
			"not supported"},
		{Settings{ResampledPixelSpacing: []float64{2, 2}, Label: 9}, mask, "no pixel"},
		{Settings{ResampledPixelSpacing: []float64{2, 2}}, rsMask(7, 8, 1, 1, 2, 2, 1),
			"size"},
	}
	for _, c := range cases {
		_, _, err := resampleImageAndMask(img, c.m, &c.s)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err %v, want %q", c.s, err, c.want)
		}
	}
}
