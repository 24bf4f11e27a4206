package radiomics

import (
	"fmt"
	"math"
	"strings"
)

func init() {
	filters["LBP2D"] = filter{derive: lbpImages, names: fixedNames("lbp-2D")}
}

// The LBP2D image type ("lbp-2D") is scikit-image's local_binary_pattern(image, P, R, method)
// as PyRadiomics calls it (scikit-image 0.19), with P = lbp2DSamples, R = lbp2DRadius and
// method = lbp2DMethod:
//
//   - neighbour k = 0…P−1 of pixel (row r, column c) sits at (r − R·sin(2πk/P),
//     c + R·cos(2πk/P)), both offsets rounded to 5 decimals (R passes through a float32 first);
//     its value is the bilinear interpolation of the image, pixels outside the image being 0;
//   - s_k = 1 if value_k − centre ≥ 0, else 0; "changes" counts s_k ≠ s_{k+1} for k < P−1
//     (scikit-image does not compare the last neighbour with the first);
//   - default: Σ s_k·2^k; ror: the smallest value over the P circular bit rotations of the
//     default code; uniform: Σ s_k if changes ≤ 2, else P + 1; nri_uniform: scikit-image's
//     non-rotation-invariant uniform code (0 … P(P−1)+2); var: the uniform code divided by the
//     population variance of the P neighbour values, NaN where that variance is 0.
//
// The arithmetic follows scikit-image's C code operation by operation, so thresholds decided by
// rounding (a neighbour equal to the centre up to the last bit) come out the same.

// lbpImages computes the lbp-2D image.
func lbpImages(img *Image, s *Settings) ([]Derived, error) {
	if err := checkFilterInput(img); err != nil {
		return nil, fmt.Errorf("LBP2D filter: %w", err)
	}
	if err := checkFinite(img); err != nil {
		return nil, fmt.Errorf("LBP2D filter: %w", err)
	}
	out, err := localBinaryPattern(img, s.LBP2DSamples, s.LBP2DRadius, s.LBP2DMethod)
	if err != nil {
		return nil, fmt.Errorf("LBP2D filter: %w", err)
	}
	return []Derived{{Name: "lbp-2D", Image: out}}, nil
}

// lbpOffset is one neighbour's sampling geometry, precomputed per row and per column: for a row
// r the sample row is r + dr with integer parts lo ≤ hi and fraction f = (r + dr) − lo.
type lbpAxis struct {
	lo, hi []int
	f      []float64
}

func newLBPAxis(n int, d float64) lbpAxis {
	a := lbpAxis{lo: make([]int, n), hi: make([]int, n), f: make([]float64, n)}
	for i := 0; i < n; i++ {
		p := float64(i) + d
		fl := math.Floor(p)
		a.lo[i], a.hi[i] = int(fl), int(math.Ceil(p))
		a.f[i] = p - fl
	}
	return a
}

// localBinaryPattern computes scikit-image's local binary pattern (see the file comment).
func localBinaryPattern(img *Image, P int, R float64, method string) (*Image, error) {
	m := strings.ToLower(method)
	switch m {
	case "default", "ror", "uniform", "nri_uniform", "var":
	default:
		return nil, fmt.Errorf("lbp2DMethod %q is not one of default, ror, uniform, "+
			"nri_uniform, var", method)
	}
	if P < 1 {
		return nil, fmt.Errorf("lbp2DSamples %d must be at least 1", P)
	}
	if (m == "default" || m == "ror") && P > 31 {
		return nil, fmt.Errorf("lbp2DSamples %d: method %s needs at most 31 samples (the code "+
			"is a 32-bit integer)", P, m)
	}
	if !(R > 0) || math.IsInf(R, 0) {
		return nil, fmt.Errorf("lbp2DRadius %g must be positive", R)
	}
	r32 := float64(float32(R))

	w, h := img.Width, img.Height
	rows := make([]lbpAxis, P)
	cols := make([]lbpAxis, P)
	for k := 0; k < P; k++ {
		ang := 2 * math.Pi * float64(k) / float64(P)
		rows[k] = newLBPAxis(h, roundDecimals(-r32*math.Sin(ang), 5))
		cols[k] = newLBPAxis(w, roundDecimals(r32*math.Cos(ang), 5))
	}

	pix := img.Pix
	at := func(r, c int) float64 {
		if r < 0 || r >= h || c < 0 || c >= w {
			return 0
		}
		return pix[r*w+c]
	}
	out := newImageLike(img)
	texture := make([]float64, P)
	signed := make([]int, P)
	dev := make([]float64, P)
	for r := 0; r < h; r++ {
		for c := 0; c < w; c++ {
			centre := pix[r*w+c]
			for k := 0; k < P; k++ {
				ra, ca := &rows[k], &cols[k]
				r0, r1, fr := ra.lo[r], ra.hi[r], ra.f[r]
				c0, c1, fc := ca.lo[c], ca.hi[c], ca.f[c]
				// float64() conversions forbid fused multiply-add, which would change
				// the rounding that decides ties with the centre.
				top := float64((1-fc)*at(r0, c0)) + float64(fc*at(r0, c1))
				bottom := float64((1-fc)*at(r1, c0)) + float64(fc*at(r1, c1))
				texture[k] = float64((1-fr)*top) + float64(fr*bottom)
				signed[k] = 0
				if texture[k]-centre >= 0 {
					signed[k] = 1
				}
			}
			out.Pix[r*w+c] = lbpCode(m, signed, texture, dev)
		}
	}
	return out, nil
}

// lbpCode turns the thresholded neighbours into the code of the method.
func lbpCode(method string, s []int, texture, dev []float64) float64 {
	P := len(s)
	if method == "default" || method == "ror" {
		code := 0
		for k, v := range s {
			code += v << k
		}
		if method == "ror" {
			best := code
			for k := 1; k < P; k++ {
				code = code>>1 | (code&1)<<(P-1)
				best = min(best, code)
			}
			code = best
		}
		return float64(code)
	}
	changes := 0
	for k := 0; k < P-1; k++ {
		if s[k] != s[k+1] {
			changes++
		}
	}
	if method == "nri_uniform" {
		if changes > 2 {
			return float64(P*(P-1) + 2)
		}
		ones, firstOne, firstZero := 0, -1, -1
		for k, v := range s {
			if v == 1 {
				ones++
				if firstOne < 0 {
					firstOne = k
				}
			} else if firstZero < 0 {
				firstZero = k
			}
		}
		switch {
		case ones == 0:
			return 0
		case ones == P:
			return float64(P*(P-1) + 1)
		}
		rot := P - firstOne
		if firstOne == 0 {
			rot = ones - firstZero
		}
		return float64(1 + (ones-1)*P + rot)
	}
	code := float64(P + 1)
	if changes <= 2 {
		code = 0
		for _, v := range s {
			code += float64(v)
		}
	}
	if method == "var" {
		// numpy.var: mean, squared deviations, mean again (NumPy's summation order).
		mean := (texture[0] + pairwiseSum(texture[1:])) / float64(P)
		for k, v := range texture {
			d := v - mean
			dev[k] = d * d
		}
		v := (dev[0] + pairwiseSum(dev[1:])) / float64(P)
		if v == 0 {
			return math.NaN()
		}
		return code / v
	}
	return code
}

// roundDecimals is numpy.round(x, n): x·10ⁿ rounded half to even, divided by 10ⁿ.
func roundDecimals(x float64, n int) float64 {
	p := math.Pow(10, float64(n))
	return math.RoundToEven(x*p) / p
}
