package radiomics

import (
	"fmt"
	"math"
	"slices"
)

// normalizeImage returns f(x) = s · clip((x − μ)/σ, −n, n) over the whole image, as
// PyRadiomics' normalizeImage (SimpleITK Normalize, then outlier removal, then scale): μ is the
// mean of all pixels and σ their sample standard deviation (divisor N − 1, as ITK computes it),
// n is removeOutliers (no clipping when unset) and s is normalizeScale.
func normalizeImage(img *Image, s *Settings) (*Image, error) {
	n := len(img.Pix)
	if n < 2 {
		return nil, fmt.Errorf("normalize: the image has %d pixel(s); at least 2 are needed", n)
	}
	mean := pairwiseSum(img.Pix) / float64(n)
	tmp := make([]float64, n)
	for i, v := range img.Pix {
		d := v - mean
		tmp[i] = d * d
	}
	sigma := math.Sqrt(pairwiseSum(tmp) / float64(n-1))
	if sigma == 0 {
		return nil, fmt.Errorf("normalize: the image is constant (every pixel is %s), its "+
			"standard deviation is 0", fmtFloat(img.Pix[0]))
	}
	out := &Image{Width: img.Width, Height: img.Height, Spacing: img.Spacing, Pix: tmp}
	lim := s.RemoveOutliers
	for i, v := range img.Pix {
		f := (v - mean) / sigma
		if lim > 0 {
			if f > lim {
				f = lim
			}
			if f < -lim {
				f = -lim
			}
		}
		out.Pix[i] = f * s.NormalizeScale
	}
	return out, nil
}

// resegment keeps the ROI pixels whose intensity lies in the resegmentRange thresholds
// (PyRadiomics' resegmentMask): one threshold keeps x ≥ t₀, two keep t₀ ≤ x ≤ t₁. The range is
// sorted first; in relative mode a threshold t means t · max(ROI), in sigma mode μ + t·σ
// (population σ of the ROI). At least two pixels must remain.
func resegment(img *Image, in []bool, s *Settings) ([]bool, error) {
	r := slices.Clone(s.ResegmentRange)
	slices.Sort(r)
	var vals []float64
	for i, ok := range in {
		if ok {
			vals = append(vals, img.Pix[i])
		}
	}
	switch s.ResegmentMode {
	case "relative":
		mx := vals[0]
		for _, v := range vals {
			mx = math.Max(mx, v)
		}
		for i := range r {
			r[i] = mx * r[i]
		}
	case "sigma":
		mean := pairwiseSum(vals) / float64(len(vals))
		tmp := make([]float64, len(vals))
		for i, v := range vals {
			d := v - mean
			tmp[i] = d * d
		}
		sd := math.Sqrt(pairwiseSum(tmp) / float64(len(vals)))
		for i := range r {
			r[i] = mean + sd*r[i]
		}
	}
	out := make([]bool, len(in))
	n := 0
	for i, ok := range in {
		if !ok {
			continue
		}
		v := img.Pix[i]
		if v >= r[0] && (len(r) < 2 || v <= r[1]) {
			out[i] = true
			n++
		}
	}
	if n <= 1 {
		return nil, maskErr("resegmentRange %v (%s mode) keeps %d pixel(s) of the region of "+
			"interest; at least 2 are needed", s.ResegmentRange, s.ResegmentMode, n)
	}
	return out, nil
}

// cropImage returns the part of img inside b.
func cropImage(img *Image, b bbox) *Image {
	out := &Image{Width: b.w(), Height: b.h(), Spacing: img.Spacing,
		Pix: make([]float64, b.w()*b.h())}
	for y := b.y0; y < b.y1; y++ {
		copy(out.Pix[(y-b.y0)*b.w():(y-b.y0+1)*b.w()], img.Pix[y*img.Width+b.x0:y*img.Width+b.x1])
	}
	return out
}

// cropROI returns the part of an ROI (w wide) inside b.
func cropROI(in []bool, w int, b bbox) []bool {
	out := make([]bool, b.w()*b.h())
	for y := b.y0; y < b.y1; y++ {
		copy(out[(y-b.y0)*b.w():(y-b.y0+1)*b.w()], in[y*w+b.x0:y*w+b.x1])
	}
	return out
}

// padBox grows b by pad pixels on every side, within a w×h image.
func padBox(b bbox, pad, w, h int) bbox {
	return bbox{x0: max(b.x0-pad, 0), y0: max(b.y0-pad, 0), x1: min(b.x1+pad, w),
		y1: min(b.y1+pad, h)}
}
