package radiomics

import (
	"fmt"
	"math"
	"math/bits"
	"strings"
)

func init() {
	register("LBP2D", lbpBox, fixedNames("lbp-2D"), lbpCheck)
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

// lbpBox computes the lbp-2D image inside box b.
func lbpBox(src *source, s *Settings, b bbox) ([]Derived, error) {
	img := src.img
	if err := checkBox("LBP2D", img, b); err != nil {
		return nil, err
	}
	out, err := localBinaryPattern(src, b, s.LBP2DSamples, s.LBP2DRadius, s.LBP2DMethod)
	if err != nil {
		return nil, fmt.Errorf("LBP2D filter: %w", err)
	}
	return []Derived{{Name: "lbp-2D", Image: out}}, nil
}

// lbpCheck validates the LBP2D settings (method, number of samples, radius).
func lbpCheck(s *Settings) error {
	_, err := lbpParams(s.LBP2DSamples, s.LBP2DRadius, s.LBP2DMethod)
	return err
}

// lbpParams validates the settings and returns the method code.
func lbpParams(P int, R float64, method string) (int, error) {
	m, ok := lbpMethods[strings.ToLower(method)]
	if !ok {
		return 0, fmt.Errorf("lbp2DMethod %q is not one of default, ror, uniform, "+
			"nri_uniform, var", method)
	}
	if P < 1 || P > 64 {
		return 0, fmt.Errorf("lbp2DSamples %d must be between 1 and 64", P)
	}
	if (m == lbpDefault || m == lbpROR) && P > 31 {
		return 0, fmt.Errorf("lbp2DSamples %d: method %s needs at most 31 samples (the code "+
			"is a 32-bit integer)", P, method)
	}
	if !(R > 0) || math.IsInf(R, 0) {
		return 0, fmt.Errorf("lbp2DRadius %g must be positive", R)
	}
	return m, nil
}

// lbpAxis is one neighbour's sampling geometry along one axis, precomputed for the positions
// i0…i0+n−1: the sample coordinate i + d has integer parts lo ≤ hi and fraction
// f = (i + d) − lo.
type lbpAxis struct {
	lo, hi []int
	f      []float64
}

func newLBPAxis(i0, n int, d float64) lbpAxis {
	a := lbpAxis{lo: make([]int, n), hi: make([]int, n), f: make([]float64, n)}
	for i := 0; i < n; i++ {
		p := float64(i0+i) + d
		fl := math.Floor(p)
		a.lo[i], a.hi[i] = int(fl), int(math.Ceil(p))
		a.f[i] = p - fl
	}
	return a
}

// localBinaryPattern computes scikit-image's local binary pattern (see the file comment) at
// the pixels of box b of src.img; the result has b's size.
func localBinaryPattern(src *source, b bbox, P int, R float64, method string) (*Image, error) {
	img := src.img
	m, err := lbpParams(P, R, method)
	if err != nil {
		return nil, err
	}
	r32 := float64(float32(R))

	w, h := img.Width, img.Height
	rows := make([]lbpAxis, P)
	cols := make([]lbpAxis, P)
	for k := 0; k < P; k++ {
		ang := 2 * math.Pi * float64(k) / float64(P)
		rows[k] = newLBPAxis(b.y0, b.h(), roundDecimals(-r32*math.Sin(ang), 5))
		cols[k] = newLBPAxis(b.x0, b.w(), roundDecimals(r32*math.Cos(ang), 5))
	}

	// Columns whose every sample lies inside the image (a contiguous middle range) take the
	// fast path without bounds tests in rows whose samples do too.
	cLo, cHi := 0, b.w()
	for cLo < cHi && !lbpInside(cols, cLo, w) {
		cLo++
	}
	for cHi > cLo && !lbpInside(cols, cHi-1, w) {
		cHi--
	}

	// Neighbours at whole-pixel offsets (fraction 0 at every position) read one pixel.
	whole := make([]bool, P)
	for k := range whole {
		whole[k] = true
		for _, f := range rows[k].f {
			whole[k] = whole[k] && f == 0
		}
		for _, f := range cols[k].f {
			whole[k] = whole[k] && f == 0
		}
	}

	pix := img.Pix
	at := func(r, c int) float64 {
		if r < 0 || r >= h || c < 0 || c >= w {
			return 0
		}
		return pix[r*w+c]
	}
	out := newBoxImage(src, b)
	bw := b.w()
	// Neighbour values of the row being computed (neighbour k at tex[k·bw + c]) and the
	// thresholded bits of each pixel.
	tex := make([]float64, P*bw)
	code := make([]uint64, bw)
	texture := make([]float64, P)
	dev := make([]float64, P)
	for r := 0; r < b.h(); r++ {
		centre := pix[(r+b.y0)*w+b.x0 : (r+b.y0)*w+b.x1]
		clear(code)
		rowInside := true
		for k := range rows {
			rowInside = rowInside && rows[k].lo[r] >= 0 && rows[k].hi[r] < h
		}
		// Neighbour by neighbour along the row, so that each inner loop has its sampling
		// constants in registers.
		for k := 0; k < P; k++ {
			ra, ca := &rows[k], &cols[k]
			r0, r1, fr := ra.lo[r], ra.hi[r], ra.f[r]
			tk := tex[k*bw : (k+1)*bw]
			c0s, c1s, fcs := ca.lo[:bw], ca.hi[:bw], ca.f[:bw]
			lo, hi := cLo, cHi
			if !rowInside {
				lo, hi = 0, 0
			}
			// Pixels near the image border, with samples outside it (value 0).
			border := func(from, to int) {
				for c := from; c < to; c++ {
					fc := fcs[c]
					c0, c1 := c0s[c], c1s[c]
					// float64() conversions forbid fused multiply-add, which would change
					// the rounding that decides ties with the centre.
					top := float64((1-fc)*at(r0, c0)) + float64(fc*at(r0, c1))
					bottom := float64((1-fc)*at(r1, c0)) + float64(fc*at(r1, c1))
					tk[c] = float64((1-fr)*top) + float64(fr*bottom)
				}
			}
			if lo >= hi {
				border(0, bw)
			} else {
				border(0, lo)
				border(hi, bw)
				lbpRow(tk[lo:hi], pix[r0*w:(r0+1)*w], pix[r1*w:(r1+1)*w], c0s[lo:hi],
					c1s[lo:hi], fcs[lo:hi], fr, whole[k])
			}
			cb := code[:len(tk)]
			ce := centre[:len(tk)]
			bit := uint64(1) << uint(k&63)
			for c, t := range tk {
				if t-ce[c] >= 0 {
					cb[c] |= bit
				}
			}
		}
		o := out.Pix[r*bw : (r+1)*bw]
		for c := range o {
			if m == lbpVar {
				for k := range texture {
					texture[k] = tex[k*bw+c]
				}
			}
			o[c] = lbpCode(m, P, code[c], texture, dev)
		}
	}
	return out, nil
}

// lbpInside reports whether every neighbour's samples of column c lie inside the w columns.
func lbpInside(cols []lbpAxis, c, w int) bool {
	for k := range cols {
		if cols[k].lo[c] < 0 || cols[k].hi[c] >= w {
			return false
		}
	}
	return true
}

// lbpRow samples one neighbour for a run of pixels whose samples all lie inside the image:
// dst[i] interpolates bilinearly between rows top and bottom (weights 1−fr, fr) at columns
// c0[i], c1[i] (weights 1−fc[i], fc[i]); whole means every fraction is 0, so the sample is
// top[c0[i]], which the formula gives exactly.
func lbpRow(dst, top, bottom []float64, c0, c1 []int, fc []float64, fr float64, whole bool) {
	c0, c1, fc = c0[:len(dst)], c1[:len(dst)], fc[:len(dst)]
	if whole {
		for i := range dst {
			dst[i] = top[c0[i]]
		}
		return
	}
	omfr := 1 - fr
	for i := range dst {
		f := fc[i]
		omf := 1 - f
		a, b := top[c0[i]], top[c1[i]]
		c, d := bottom[c0[i]], bottom[c1[i]]
		t := float64(omf*a) + float64(f*b)
		u := float64(omf*c) + float64(f*d)
		dst[i] = float64(omfr*t) + float64(fr*u)
	}
}

// LBP methods.
const (
	lbpDefault = iota
	lbpROR
	lbpUniform
	lbpNRIUniform
	lbpVar
)

var lbpMethods = map[string]int{"default": lbpDefault, "ror": lbpROR, "uniform": lbpUniform,
	"nri_uniform": lbpNRIUniform, "var": lbpVar}

// lbpCode turns the thresholded neighbours (bit k = s_k) into the code of the method.
func lbpCode(method, P int, s uint64, texture, dev []float64) float64 {
	switch method {
	case lbpDefault:
		return float64(s)
	case lbpROR:
		code, best := s, s
		for k := 1; k < P; k++ {
			code = code>>1 | (code&1)<<(P-1)
			best = min(best, code)
		}
		return float64(best)
	}
	// Changes between neighbours k and k+1 for k < P−1 (no comparison of the last with the
	// first, as in scikit-image).
	changes := bits.OnesCount64((s ^ s>>1) & (1<<(P-1) - 1))
	ones := bits.OnesCount64(s)
	if method == lbpNRIUniform {
		switch {
		case changes > 2:
			return float64(P*(P-1) + 2)
		case ones == 0:
			return 0
		case ones == P:
			return float64(P*(P-1) + 1)
		}
		firstOne := bits.TrailingZeros64(s)
		rot := P - firstOne
		if firstOne == 0 {
			rot = ones - bits.TrailingZeros64(^s)
		}
		return float64(1 + (ones-1)*P + rot)
	}
	code := float64(P + 1)
	if changes <= 2 {
		code = float64(ones)
	}
	if method == lbpVar {
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
