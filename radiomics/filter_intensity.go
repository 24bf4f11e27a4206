package radiomics

import (
	"fmt"
	"math"
)

// The four intensity filters of PyRadiomics map every pixel x through a function scaled by
// M = max |x| over the whole image (not the ROI), so that the output keeps roughly the input's
// range. The arithmetic follows PyRadiomics' numpy expressions operation by operation, so
// results agree to the last bit wherever the elementary functions do.

func init() {
	register("Square", intensityBox("square", squareMap), fixedNames("square"), nil)
	register("SquareRoot", intensityBox("squareroot", squareRootMap),
		fixedNames("squareroot"), nil)
	register("Logarithm", intensityBox("logarithm", logarithmMap),
		fixedNames("logarithm"), nil)
	register("Exponential", intensityBox("exponential", exponentialMap),
		fixedNames("exponential"), nil)
}

// fixedNames returns a names function for a filter that always yields one image called name.
func fixedNames(name string) func(*Settings) []string {
	return func(*Settings) []string { return []string{name} }
}

// intensityMap prepares a pixel map from M = max |x| over the whole image: it returns a
// function that maps the pixels of src into dst, or an error when the map is undefined.
type intensityMap func(m float64) (func(dst, src []float64), error)

// intensityBox turns a pixel map into a box filter yielding one image called name.
func intensityBox(name string, m intensityMap) boxFilter {
	return func(in *source, _ *Settings, b bbox) ([]Derived, error) {
		img := in.img
		if err := checkBox(name, img, b); err != nil {
			return nil, err
		}
		f, err := m(in.maxAbs)
		if err != nil {
			return nil, fmt.Errorf("%s filter: %w", name, err)
		}
		out := newBoxImage(in, b)
		for y := b.y0; y < b.y1; y++ {
			src := img.Pix[y*img.Width+b.x0 : y*img.Width+b.x1]
			dst := out.Pix[(y-b.y0)*b.w() : (y-b.y0+1)*b.w()]
			f(dst, src)
		}
		return []Derived{{Name: name, Image: out}}, nil
	}
}

// errZeroImage is returned by the filters whose scale is undefined when every pixel is 0
// (PyRadiomics would produce NaN everywhere).
var errZeroImage = fmt.Errorf(
	"every pixel is 0, so the scale max|x| is 0 and the filter is undefined")

// squareMap is f(x) = (c·x)², c = 1/√M.
// An all-zero image is an error (PyRadiomics divides by √0 and gets NaN).
func squareMap(m float64) (func(dst, src []float64), error) {
	if m == 0 {
		return nil, errZeroImage
	}
	c := 1 / math.Sqrt(m)
	return func(dst, src []float64) {
		for i, x := range src {
			v := c * x
			dst[i] = v * v
		}
	}, nil
}

// squareRootMap is f(x) = √(M·x) for x > 0, −√(−M·x) for x < 0 and 0 for x = 0.
// An all-zero image gives an all-zero result, as in PyRadiomics.
func squareRootMap(m float64) (func(dst, src []float64), error) {
	return func(dst, src []float64) {
		for i, x := range src {
			switch {
			case x > 0:
				dst[i] = math.Sqrt(x * m)
			case x < 0:
				dst[i] = -math.Sqrt(-x * m)
			default:
				dst[i] = 0
			}
		}
	}, nil
}

// logarithmMap is g(x) = ln(x+1) for x > 0, −ln(1−x) for x < 0, 0 for x = 0, then
// f = g · (M / max|g|) with the maximum over the whole image, so that max|f| = M. An all-zero
// image is an error (0/0 in PyRadiomics).
func logarithmMap(m float64) (func(dst, src []float64), error) {
	if m == 0 {
		return nil, errZeroImage
	}
	// |g| = ln(1 + |x|) in both branches, computed from the same rounded 1 + |x|, so its
	// maximum over the image is ln(M + 1).
	gmax := math.Log(m + 1)
	scale := m / gmax
	return func(dst, src []float64) {
		for i, x := range src {
			var g float64
			switch {
			case x > 0:
				g = math.Log(x + 1)
			case x < 0:
				g = -math.Log(-(x - 1))
			}
			dst[i] = g * scale
		}
	}, nil
}

// exponentialMap is f(x) = exp(c·x), c = ln(M)/M; for x in [0, M] the result spans [1, M].
// An all-zero image is an error (ln 0 / 0 in PyRadiomics).
func exponentialMap(m float64) (func(dst, src []float64), error) {
	if m == 0 {
		return nil, errZeroImage
	}
	c := math.Log(m) / m
	return func(dst, src []float64) {
		for i, x := range src {
			dst[i] = math.Exp(c * x)
		}
	}, nil
}
