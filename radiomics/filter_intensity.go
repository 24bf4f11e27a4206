package radiomics

import (
	"fmt"
	"math"
)

// The four intensity filters of PyRadiomics map every pixel x of the whole image through a
// function scaled by M = max |x| over the whole image (not the ROI), so that the output keeps
// roughly the input's range. The arithmetic follows PyRadiomics' numpy expressions operation by
// operation, so results agree to the last bit wherever the elementary functions do.

func init() {
	filters["Square"] = filter{derive: intensityDerive("square", squareImage),
		names: fixedNames("square")}
	filters["SquareRoot"] = filter{derive: intensityDerive("squareroot", squareRootImage),
		names: fixedNames("squareroot")}
	filters["Logarithm"] = filter{derive: intensityDerive("logarithm", logarithmImage),
		names: fixedNames("logarithm")}
	filters["Exponential"] = filter{derive: intensityDerive("exponential", exponentialImage),
		names: fixedNames("exponential")}
}

// deriveFunc is the type of filter.derive.
type deriveFunc = func(*Image, *Settings) ([]Derived, error)

// fixedNames returns a names function for a filter that always yields one image called name.
func fixedNames(name string) func(*Settings) []string {
	return func(*Settings) []string { return []string{name} }
}

// intensityDerive wraps a pixel-wise filter into a derive function yielding one image.
func intensityDerive(name string, f func(*Image) (*Image, error)) deriveFunc {
	return func(img *Image, _ *Settings) ([]Derived, error) {
		if err := checkFilterInput(img); err != nil {
			return nil, fmt.Errorf("%s filter: %w", name, err)
		}
		if err := checkFinite(img); err != nil {
			return nil, fmt.Errorf("%s filter: %w", name, err)
		}
		out, err := f(img)
		if err != nil {
			return nil, fmt.Errorf("%s filter: %w", name, err)
		}
		return []Derived{{Name: name, Image: out}}, nil
	}
}

// errZeroImage is returned by the filters whose scale is undefined when every pixel is 0
// (PyRadiomics would produce NaN everywhere).
var errZeroImage = fmt.Errorf(
	"every pixel is 0, so the scale max|x| is 0 and the filter is undefined")

// squareImage computes f(x) = (c·x)², c = 1/√M.
// An all-zero image is an error (PyRadiomics divides by √0 and gets NaN).
func squareImage(img *Image) (*Image, error) {
	m := maxAbs(img.Pix)
	if m == 0 {
		return nil, errZeroImage
	}
	c := 1 / math.Sqrt(m)
	out := newImageLike(img)
	for i, x := range img.Pix {
		v := c * x
		out.Pix[i] = v * v
	}
	return out, nil
}

// squareRootImage computes f(x) = √(M·x) for x > 0, −√(−M·x) for x < 0 and 0 for x = 0.
// An all-zero image gives an all-zero result, as in PyRadiomics.
func squareRootImage(img *Image) (*Image, error) {
	m := maxAbs(img.Pix)
	out := newImageLike(img)
	for i, x := range img.Pix {
		switch {
		case x > 0:
			out.Pix[i] = math.Sqrt(x * m)
		case x < 0:
			out.Pix[i] = -math.Sqrt(-x * m)
		}
	}
	return out, nil
}

// logarithmImage computes g(x) = ln(x+1) for x > 0, −ln(1−x) for x < 0, 0 for x = 0, then
// f = g · (M / max|g|), so that max|f| = M. An all-zero image is an error (0/0 in PyRadiomics).
func logarithmImage(img *Image) (*Image, error) {
	m := maxAbs(img.Pix)
	if m == 0 {
		return nil, errZeroImage
	}
	out := newImageLike(img)
	gmax := 0.0
	for i, x := range img.Pix {
		var g float64
		switch {
		case x > 0:
			g = math.Log(x + 1)
		case x < 0:
			g = -math.Log(-(x - 1))
		}
		out.Pix[i] = g
		gmax = math.Max(gmax, math.Abs(g))
	}
	scale := m / gmax
	for i, g := range out.Pix {
		out.Pix[i] = g * scale
	}
	return out, nil
}

// exponentialImage computes f(x) = exp(c·x), c = ln(M)/M; for x in [0, M] the result spans
// [1, M]. An all-zero image is an error (ln 0 / 0 in PyRadiomics).
func exponentialImage(img *Image) (*Image, error) {
	m := maxAbs(img.Pix)
	if m == 0 {
		return nil, errZeroImage
	}
	c := math.Log(m) / m
	out := newImageLike(img)
	for i, x := range img.Pix {
		out.Pix[i] = math.Exp(c * x)
	}
	return out, nil
}
