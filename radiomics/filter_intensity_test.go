package radiomics

import (
	"math"
	"strings"
	"testing"
)

// TestIntensityFiltersReference compares Square, SquareRoot, Logarithm, Exponential and Gradient
// with PyRadiomics' configuration-A reference values (first-order ROI features, 1e-9 relative).
func TestIntensityFiltersReference(t *testing.T) {
	cases := frefLoadCases(t)
	s := &Settings{GradientUseSpacing: true}
	for _, typ := range []string{"Square", "SquareRoot", "Logarithm", "Exponential", "Gradient"} {
		worstAll := 0.0
		for _, c := range cases {
			d, err := filters[typ].derive(c.Image, s)
			if err != nil {
				t.Fatalf("%s %s: %v", typ, c.Name, err)
			}
			worst, bad := frefCompareFirstOrder(c, d, 1e-9)
			for _, b := range bad {
				t.Error(b)
			}
			for _, w := range worst {
				worstAll = math.Max(worstAll, w)
			}
		}
		t.Logf("%-11s worst relative error over %d cases: %.3g", typ, len(cases), worstAll)
	}
}

// TestIntensityFiltersHandValues checks each formula on a small image with negative values,
// values computed by hand from the definitions (M = 4).
func TestIntensityFiltersHandValues(t *testing.T) {
	img := &Image{Width: 4, Height: 1, Pix: []float64{-4, 0, 1, 3}, Spacing: [2]float64{1, 1}}
	ln := math.Log
	want := map[string][]float64{
		"square":      {4, 0, 0.25, 2.25},
		"squareroot":  {-4, 0, 2, math.Sqrt(12)},
		"logarithm":   {-4, 0, 4 * ln(2) / ln(5), 4 * ln(4) / ln(5)},
		"exponential": {0.25, 1, math.Pow(4, 0.25), math.Pow(4, 0.75)},
	}
	for _, typ := range []string{"Square", "SquareRoot", "Logarithm", "Exponential"} {
		d, err := filters[typ].derive(img, &Settings{})
		if err != nil {
			t.Fatal(err)
		}
		w := want[d[0].Name]
		for i, v := range d[0].Image.Pix {
			if math.Abs(v-w[i]) > 1e-14*math.Max(1, math.Abs(w[i])) {
				t.Errorf("%s pixel %d = %.17g, want %.17g", d[0].Name, i, v, w[i])
			}
		}
		if got := filters[typ].names(&Settings{}); len(got) != 1 || got[0] != d[0].Name {
			t.Errorf("%s names %v, derived %q", typ, got, d[0].Name)
		}
	}
}

// TestIntensityFiltersErrors: an all-zero image has no scale; bad geometry and NaN are refused.
func TestIntensityFiltersErrors(t *testing.T) {
	zero := &Image{Width: 2, Height: 2, Pix: make([]float64, 4), Spacing: [2]float64{1, 1}}
	for _, typ := range []string{"Square", "Logarithm", "Exponential"} {
		if _, err := filters[typ].derive(zero, &Settings{}); err == nil ||
			!strings.Contains(err.Error(), "every pixel is 0") {
			t.Errorf("%s on a zero image: err = %v", typ, err)
		}
	}
	d, err := filters["SquareRoot"].derive(zero, &Settings{})
	if err != nil || d[0].Image.Pix[0] != 0 {
		t.Errorf("SquareRoot of a zero image: %v %v", d, err)
	}
	bad := []*Image{
		nil,
		{Width: 0, Height: 3, Spacing: [2]float64{1, 1}},
		{Width: 2, Height: 2, Pix: make([]float64, 3), Spacing: [2]float64{1, 1}},
		{Width: 1, Height: 1, Pix: []float64{math.NaN()}, Spacing: [2]float64{1, 1}},
		{Width: 1, Height: 1, Pix: []float64{1}, Spacing: [2]float64{0, 1}},
	}
	for _, typ := range []string{"Square", "SquareRoot", "Logarithm", "Exponential", "Gradient"} {
		for i, b := range bad {
			if _, err := filters[typ].derive(b, &Settings{}); err == nil {
				t.Errorf("%s accepted bad image %d", typ, i)
			}
		}
	}
}

// TestGradientRamp: the gradient of a ramp a·x + b·y is √(a²+b²)/spacing-scaled everywhere
// inside, and half of it across an edge (zero-flux Neumann boundary).
func TestGradientRamp(t *testing.T) {
	w, h := 7, 5
	img := &Image{Width: w, Height: h, Pix: make([]float64, w*h), Spacing: [2]float64{0.5, 2}}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Pix[y*w+x] = 3*float64(x) - 4*float64(y)
		}
	}
	for _, use := range []bool{true, false} {
		d, err := gradientImages(img, &Settings{GradientUseSpacing: use})
		if err != nil {
			t.Fatal(err)
		}
		gx, gy := 3.0, -4.0
		if use {
			gx, gy = gx/0.5, gy/2
		}
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				ex, ey := gx, gy
				if x == 0 || x == w-1 {
					ex /= 2
				}
				if y == 0 || y == h-1 {
					ey /= 2
				}
				want := math.Hypot(ex, ey)
				if got := d[0].Image.At(x, y); math.Abs(got-want) > 1e-12 {
					t.Fatalf("spacing %v: gradient(%d,%d) = %g, want %g", use, x, y, got, want)
				}
			}
		}
	}
}
