package radiomics

import (
	"fmt"
	"math"
	"strings"
)

// skippedImages reports derived images that a filter could not make, for example a LoG sigma
// that is too large for the image. PyRadiomics logs a warning and goes on in that case, so a
// filter's derive function returns the images it did make together with a *skippedImages
// error; the pipeline adds Warnings to the result instead of failing (errors.As).
type skippedImages struct {
	Warnings []string
}

func (e *skippedImages) Error() string {
	return strings.Join(e.Warnings, "; ")
}

// checkFilterInput rejects an image that no filter can work on: nil, empty, a pixel slice
// whose length is not Width×Height, or a non-positive or non-finite spacing.
func checkFilterInput(img *Image) error {
	if img == nil {
		return fmt.Errorf("no image")
	}
	if img.Width <= 0 || img.Height <= 0 {
		return fmt.Errorf("image size %d×%d is empty", img.Width, img.Height)
	}
	if len(img.Pix) != img.Width*img.Height {
		return fmt.Errorf("image has %d pixels, want %d×%d = %d",
			len(img.Pix), img.Width, img.Height, img.Width*img.Height)
	}
	for i, s := range img.Spacing {
		if !(s > 0) || math.IsInf(s, 0) {
			return fmt.Errorf("image spacing %v: component %d must be positive and finite",
				img.Spacing, i)
		}
	}
	return nil
}

// checkFinite returns an error naming the first pixel that is NaN or infinite.
func checkFinite(img *Image) error {
	acc := 0.0
	for _, v := range img.Pix {
		acc += v - v // NaN as soon as one value is NaN or ±Inf, else 0
	}
	if acc == 0 {
		return nil
	}
	for i, v := range img.Pix {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("image pixel (x %d, y %d) is %v", i%img.Width, i/img.Width, v)
		}
	}
	return nil
}

// maxAbs returns M = max |x| over every pixel of the image (the pixels are finite).
func maxAbs(pix []float64) float64 {
	lo, hi := 0.0, 0.0
	for _, v := range pix {
		if v > hi {
			hi = v
		}
		if v < lo {
			lo = v
		}
	}
	return max(hi, -lo)
}
