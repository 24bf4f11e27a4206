package radiomics

import (
	"fmt"
	"math"
)

func init() {
	filters["Gradient"] = filter{derive: gradientImages, names: fixedNames("gradient")}
}

// gradientImages yields "gradient", the gradient magnitude as ITK's GradientMagnitudeImageFilter
// computes it: per axis the central difference g = (x[i+1] − x[i−1]) / 2, divided by the pixel
// spacing of that axis when Settings.GradientUseSpacing is set, with zero-flux Neumann edges (the
// missing neighbour outside the image repeats the edge pixel, so an edge pixel gets
// (x[1] − x[0]) / 2); the result is √(g_x² + g_y²). An axis of length 1 has g = 0.
func gradientImages(img *Image, s *Settings) ([]Derived, error) {
	if err := checkFilterInput(img); err != nil {
		return nil, fmt.Errorf("gradient filter: %w", err)
	}
	if err := checkFinite(img); err != nil {
		return nil, fmt.Errorf("gradient filter: %w", err)
	}
	useSpacing := s != nil && s.GradientUseSpacing
	return []Derived{{Name: "gradient", Image: gradientMagnitude(img, useSpacing)}}, nil
}

// gradientMagnitude computes the ITK gradient magnitude of img (see gradientImages).
func gradientMagnitude(img *Image, useSpacing bool) *Image {
	w, h := img.Width, img.Height
	cx, cy := 0.5, 0.5
	if useSpacing {
		// ITK scales the operator coefficients ±0.5 by 1/spacing.
		cx = 0.5 * (1 / img.Spacing[0])
		cy = 0.5 * (1 / img.Spacing[1])
	}
	out := newImageLike(img)
	p := img.Pix
	for y := 0; y < h; y++ {
		row := p[y*w : (y+1)*w]
		up, down := row, row
		if y > 0 {
			up = p[(y-1)*w : y*w]
		}
		if y < h-1 {
			down = p[(y+1)*w : (y+2)*w]
		}
		o := out.Pix[y*w : (y+1)*w]
		for x := 0; x < w; x++ {
			l, r := x-1, x+1
			if l < 0 {
				l = 0
			}
			if r >= w {
				r = w - 1
			}
			gx := cx*row[r] - cx*row[l]
			gy := cy*down[x] - cy*up[x]
			o[x] = math.Sqrt(gx*gx + gy*gy)
		}
	}
	return out
}
