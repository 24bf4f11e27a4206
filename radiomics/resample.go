package radiomics

import (
	"fmt"
	"math"
)

// resampleImageAndMask resamples image and mask to s.ResampledPixelSpacing and crops them to
// the ROI bounding box plus s.PadDistance, as PyRadiomics' resampleImage does with SimpleITK's
// ResampleImageFilter. The image and mask must have the same size and spacing (the pipeline
// corrects the mask first); the image origin is taken as 0 and the axes as unrotated.
//
// Grid (PyRadiomics' convention, per axis, all in pixel units of the input):
//
//   - a requested spacing of 0 keeps the mask's spacing, and so does an axis along which the
//     ROI is one pixel wide;
//   - if the new spacing equals the old one (numpy.allclose: |old − new| ≤ 1e-8 + 1e-5·|new|)
//     nothing is interpolated: image and mask are only cropped to the ROI bounding box
//     widened by padDistance pixels (clamped to the image);
//   - otherwise, with r = old/new spacing and the ROI bounding box [L, L+S−1]:
//     lo = floor((L − 0.5)·r − pad), hi = ceil((L + S − 0.5)·r + pad), clamped to
//     [0, ceil(size·r) − 1]; the new image has hi − lo + 1 pixels, and its pixel i sits at the
//     input continuous index c(i) = 0.5·(new − old)/old + lo/r + i·new/old (the corner of the
//     first new pixel coincides with the corner of the first old pixel).
//
// Interpolation (s.Interpolator, ITK semantics): "sitkNearestNeighbor" (round half up),
// "sitkLinear" (bilinear, edge pixels repeated within half a pixel of the border) or
// "sitkBSpline"/"sitkBSpline3" (cubic B-spline: prefilter to spline coefficients with mirror
// boundaries, evaluation with mirrored indices). A position more than half a pixel outside the
// input gives 0. The mask is always resampled by nearest neighbour and keeps its labels.
//
// SimpleITK writes the resampled image in the input's pixel type, clamping to its range and
// truncating toward zero. Image carries no pixel type, so it is inferred: an image whose
// pixels are all whole numbers is treated as the smallest of uint8, uint16, uint32 (no
// negative values) or int16, int32 that holds its range; any other image as float64 (no
// rounding).
//
// Limitation: the pixel type is inferred from the values, so a 16-bit image whose values all
// fit in 0…255 is rounded and clamped like an 8-bit one (this only matters where the B-spline
// overshoots above 255).
func resampleImageAndMask(img *Image, mask *Mask, s *Settings) (*Image, *Mask, error) {
	if err := checkFilterInput(img); err != nil {
		return nil, nil, fmt.Errorf("resample: %w", err)
	}
	if mask == nil || mask.Width != img.Width || mask.Height != img.Height ||
		len(mask.Labels) != img.Width*img.Height {
		return nil, nil, fmt.Errorf("resample: the mask must have the image's size %d×%d",
			img.Width, img.Height)
	}
	if mask.Spacing != img.Spacing {
		return nil, nil, fmt.Errorf("resample: mask spacing %v differs from image spacing %v",
			mask.Spacing, img.Spacing)
	}
	if len(s.ResampledPixelSpacing) != 2 {
		return nil, nil, fmt.Errorf("resampledPixelSpacing %v: need 2 values (x, y) for a "+
			"2-D image", s.ResampledPixelSpacing)
	}
	interp := s.Interpolator
	switch interp {
	case "":
		interp = "sitkBSpline"
	case "sitkNearestNeighbor", "sitkLinear", "sitkBSpline", "sitkBSpline3":
	default:
		return nil, nil, fmt.Errorf("interpolator %q is not supported (use sitkNearestNeighbor, "+
			"sitkLinear or sitkBSpline)", s.Interpolator)
	}

	old := img.Spacing
	var sp [2]float64
	for k, v := range s.ResampledPixelSpacing {
		switch {
		case v == 0:
			sp[k] = old[k]
		case v > 0 && !math.IsInf(v, 0):
			sp[k] = v
		default:
			return nil, nil, fmt.Errorf("resampledPixelSpacing %v: value %g must be positive "+
				"(or 0 to keep the spacing)", s.ResampledPixelSpacing, v)
		}
	}

	lo, size, n := labelBounds(mask, s.Label)
	if n == 0 {
		return nil, nil, fmt.Errorf("resample: the mask has no pixel with label %s",
			labelText(s.Label))
	}
	for k := 0; k < 2; k++ {
		if size[k] == 1 {
			sp[k] = old[k]
		}
	}

	if allClose(old, sp) {
		return cropForResample(img, mask, lo, size, s.PadDistance)
	}

	// Output grid: physical origin of the first new pixel centre, and size.
	var origin [2]float64
	var outSize [2]int
	full := [2]int{img.Width, img.Height}
	for k := 0; k < 2; k++ {
		r := old[k] / sp[k]
		newLo := math.Floor((float64(lo[k])-0.5)*r - float64(s.PadDistance))
		newHi := math.Ceil((float64(lo[k]+size[k])-0.5)*r + float64(s.PadDistance))
		maxHi := math.Ceil(float64(full[k])*r) - 1
		newLo = math.Max(newLo, 0)
		newHi = math.Min(newHi, maxHi)
		outSize[k] = int(newHi - newLo + 1)
		originIndex := 0.5*(sp[k]-old[k])/old[k] + newLo/r
		origin[k] = old[k] * originIndex
	}
	if outSize[0] < 1 || outSize[1] < 1 {
		return nil, nil, fmt.Errorf("resample: empty output grid %d×%d", outSize[0], outSize[1])
	}
	ow, oh := outSize[0], outSize[1]
	outImg := &Image{Width: ow, Height: oh, Pix: make([]float64, ow*oh), Spacing: sp}
	outMask := &Mask{Width: ow, Height: oh, Labels: make([]uint32, ow*oh), Spacing: sp}

	var bs *bsplineCoeffs
	if interp == "sitkBSpline" || interp == "sitkBSpline3" {
		bs = newBSplineCoeffs(img)
	}
	cast := inferPixelCast(img.Pix)
	w, h := img.Width, img.Height
	for j := 0; j < oh; j++ {
		// ITK maps output index → physical point → input continuous index, and along a scan
		// line interpolates between its first pixel and the pixel one past its end.
		y := (1 / old[1]) * (origin[1] + sp[1]*float64(j))
		xs := (1 / old[0]) * (origin[0] + sp[0]*0)
		xe := (1 / old[0]) * (origin[0] + sp[0]*float64(ow))
		for i := 0; i < ow; i++ {
			alpha := float64(i) / float64(ow)
			x := xs + alpha*(xe-xs)
			if !(x >= -0.5 && x < float64(w)-0.5 && y >= -0.5 && y < float64(h)-0.5) {
				continue // outside: image and mask 0
			}
			nx, ny := int(math.Floor(x+0.5)), int(math.Floor(y+0.5))
			outMask.Labels[j*ow+i] = mask.Labels[ny*w+nx]
			var v float64
			switch interp {
			case "sitkNearestNeighbor":
				outImg.Pix[j*ow+i] = img.Pix[ny*w+nx]
				continue
			case "sitkLinear":
				v = linearAt(img, x, y)
			default:
				v = bs.at(x, y)
			}
			outImg.Pix[j*ow+i] = cast(v)
		}
	}
	return outImg, outMask, nil
}

// labelText describes a Settings.Label value for messages.
func labelText(l uint32) string {
	if l == 0 {
		return "≠ 0"
	}
	return fmt.Sprint(l)
}

// labelBounds returns the bounding box (lower index and size, x then y) of the pixels that
// belong to the ROI (label == l, or ≠ 0 when l is 0) and their count.
func labelBounds(m *Mask, l uint32) (lo, size [2]int, n int) {
	x0, y0, x1, y1 := m.Width, m.Height, -1, -1
	for y := 0; y < m.Height; y++ {
		for x, v := range m.Labels[y*m.Width : (y+1)*m.Width] {
			if (l == 0 && v != 0) || (l != 0 && v == l) {
				n++
				x0, x1 = min(x0, x), max(x1, x)
				y0, y1 = min(y0, y), max(y1, y)
			}
		}
	}
	return [2]int{x0, y0}, [2]int{x1 - x0 + 1, y1 - y0 + 1}, n
}

// allClose is numpy.allclose(a, b) with its default tolerances (b is the reference).
func allClose(a, b [2]float64) bool {
	for k := range a {
		if math.Abs(a[k]-b[k]) > 1e-8+1e-5*math.Abs(b[k]) {
			return false
		}
	}
	return true
}

// cropForResample crops image and mask to the ROI bounding box widened by pad pixels.
func cropForResample(img *Image, m *Mask, lo, size [2]int, pad int) (*Image, *Mask, error) {
	x0, y0 := max(lo[0]-pad, 0), max(lo[1]-pad, 0)
	x1, y1 := min(lo[0]+size[0]+pad, img.Width), min(lo[1]+size[1]+pad, img.Height)
	ow, oh := x1-x0, y1-y0
	outImg := &Image{Width: ow, Height: oh, Pix: make([]float64, ow*oh), Spacing: img.Spacing}
	outMask := &Mask{Width: ow, Height: oh, Labels: make([]uint32, ow*oh), Spacing: m.Spacing}
	for y := y0; y < y1; y++ {
		copy(outImg.Pix[(y-y0)*ow:(y-y0+1)*ow], img.Pix[y*img.Width+x0:y*img.Width+x1])
		copy(outMask.Labels[(y-y0)*ow:(y-y0+1)*ow], m.Labels[y*m.Width+x0:y*m.Width+x1])
	}
	return outImg, outMask, nil
}

// inferPixelCast returns the conversion SimpleITK applies when it stores an interpolated value
// in the input's pixel type (see resampleImageAndMask).
func inferPixelCast(pix []float64) func(float64) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range pix {
		if v != math.Trunc(v) {
			return func(v float64) float64 { return v }
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	var tmin, tmax float64
	switch {
	case lo >= 0 && hi <= math.MaxUint8:
		tmin, tmax = 0, math.MaxUint8
	case lo >= 0 && hi <= math.MaxUint16:
		tmin, tmax = 0, math.MaxUint16
	case lo >= 0 && hi <= math.MaxUint32:
		tmin, tmax = 0, math.MaxUint32
	case lo >= math.MinInt16 && hi <= math.MaxInt16:
		tmin, tmax = math.MinInt16, math.MaxInt16
	case lo >= math.MinInt32 && hi <= math.MaxInt32:
		tmin, tmax = math.MinInt32, math.MaxInt32
	default:
		return func(v float64) float64 { return v }
	}
	return func(v float64) float64 {
		switch {
		case v < tmin:
			return tmin
		case v > tmax:
			return tmax
		}
		return math.Trunc(v)
	}
}

// linearAt is ITK's LinearInterpolateImageFunction at continuous index (x, y), which must be
// inside [−0.5, size−0.5): the lower neighbour index is clamped to 0 and a missing upper
// neighbour falls back to the lower one.
func linearAt(img *Image, x, y float64) float64 {
	w, h := img.Width, img.Height
	bx, by := int(math.Floor(x)), int(math.Floor(y))
	bx, by = max(bx, 0), max(by, 0)
	dx, dy := x-float64(bx), y-float64(by)
	p := img.Pix
	v00 := p[by*w+bx]
	switch {
	case dx <= 0 && dy <= 0:
		return v00
	case dy <= 0:
		if bx+1 > w-1 {
			return v00
		}
		return v00 + (p[by*w+bx+1]-v00)*dx
	case dx <= 0:
		if by+1 > h-1 {
			return v00
		}
		return v00 + (p[(by+1)*w+bx]-v00)*dy
	}
	if bx+1 > w-1 {
		if by+1 > h-1 {
			return v00
		}
		return v00 + (p[(by+1)*w+bx]-v00)*dy
	}
	v10 := p[by*w+bx+1]
	vx0 := v00 + (v10-v00)*dx
	if by+1 > h-1 {
		return vx0
	}
	v11 := p[(by+1)*w+bx+1]
	v01 := p[(by+1)*w+bx]
	vx1 := v01 + (v11-v01)*dx
	return vx0 + (vx1-vx0)*dy
}

// bsplineCoeffs holds the cubic B-spline coefficients of an image (ITK's
// BSplineDecompositionImageFilter: one causal and one anti-causal pass with the pole
// z = √3 − 2 along x, then along y, mirror boundaries).
type bsplineCoeffs struct {
	w, h int
	c    []float64
}

func newBSplineCoeffs(img *Image) *bsplineCoeffs {
	w, h := img.Width, img.Height
	b := &bsplineCoeffs{w: w, h: h, c: append([]float64(nil), img.Pix...)}
	line := make([]float64, max(w, h))
	for y := 0; y < h; y++ {
		l := line[:w]
		copy(l, b.c[y*w:(y+1)*w])
		bsplinePrefilter(l)
		copy(b.c[y*w:(y+1)*w], l)
	}
	for x := 0; x < w; x++ {
		l := line[:h]
		for y := 0; y < h; y++ {
			l[y] = b.c[y*w+x]
		}
		bsplinePrefilter(l)
		for y := 0; y < h; y++ {
			b.c[y*w+x] = l[y]
		}
	}
	return b
}

// bsplinePrefilter turns samples into cubic B-spline coefficients in place (ITK's
// DataToCoefficients1D with its default tolerance 1e-10 for the causal initialisation).
func bsplinePrefilter(c []float64) {
	n := len(c)
	if n == 1 {
		return
	}
	z := math.Sqrt(3.0) - 2.0
	gain := 1.0 * (1.0 - z) * (1.0 - 1.0/z)
	for i := range c {
		c[i] *= gain
	}
	// Causal initialisation (mirror boundary).
	horizon := int(math.Ceil(math.Log(1e-10) / math.Log(math.Abs(z))))
	zn := z
	if horizon < n {
		sum := c[0]
		for i := 1; i < horizon; i++ {
			sum += zn * c[i]
			zn *= z
		}
		c[0] = sum
	} else {
		iz := 1.0 / z
		z2n := math.Pow(z, float64(n-1))
		sum := c[0] + z2n*c[n-1]
		z2n *= z2n * iz
		for i := 1; i <= n-2; i++ {
			sum += (zn + z2n) * c[i]
			zn *= z
			z2n *= iz
		}
		c[0] = sum / (1.0 - zn*zn)
	}
	for i := 1; i < n; i++ {
		c[i] += z * c[i-1]
	}
	c[n-1] = (z / (z*z - 1.0)) * (z*c[n-2] + c[n-1])
	for i := n - 2; i >= 0; i-- {
		c[i] = z * (c[i+1] - c[i])
	}
}

// at evaluates the cubic spline at continuous index (x, y) (ITK's
// BSplineInterpolateImageFunction: support from floor(float32(x)) − 1, mirrored indices).
func (b *bsplineCoeffs) at(x, y float64) float64 {
	var wx, wy [4]float64
	var ix, iy [4]int
	bsplineWeights(x, b.w, &wx, &ix)
	bsplineWeights(y, b.h, &wy, &iy)
	sum := 0.0
	for q := 0; q < 4; q++ {
		row := b.c[iy[q]*b.w : (iy[q]+1)*b.w]
		for p := 0; p < 4; p++ {
			w := 1.0
			w *= wx[p]
			w *= wy[q]
			sum += w * row[ix[p]]
		}
	}
	return sum
}

// bsplineWeights fills the four cubic weights and mirrored indices for position x on an axis
// of n samples.
func bsplineWeights(x float64, n int, w *[4]float64, idx *[4]int) {
	start := int(math.Floor(float64(float32(x)))) - 1
	t := x - float64(start+1)
	w[3] = (1.0 / 6.0) * t * t * t
	w[0] = (1.0 / 6.0) + 0.5*t*(t-1.0) - w[3]
	w[2] = t + w[0] - 2.0*w[3]
	w[1] = 1.0 - w[0] - w[2] - w[3]
	for k := 0; k < 4; k++ {
		i := start + k
		switch {
		case n == 1:
			i = 0
		case i < 0:
			i = -i
		}
		if n > 1 && i >= n-1 {
			i = (n - 1) - (i - (n - 1))
		}
		idx[k] = min(max(i, 0), n-1) // only a 2-pixel axis can mirror past its ends
	}
}
