package radiomics

import "math"

func init() {
	register("Gradient", gradientBox, fixedNames("gradient"), nil)
}

// gradientBox yields "gradient", the gradient magnitude as ITK's GradientMagnitudeImageFilter
// computes it: per axis the central difference g = (x[i+1] − x[i−1]) / 2, divided by the pixel
// spacing of that axis when Settings.GradientUseSpacing is set, with zero-flux Neumann edges
// (the missing neighbour outside the image repeats the edge pixel, so an edge pixel gets
// (x[1] − x[0]) / 2); the result is √(g_x² + g_y²). An axis of length 1 has g = 0.
func gradientBox(src *source, s *Settings, b bbox) ([]Derived, error) {
	img := src.img
	if err := checkBox("gradient", img, b); err != nil {
		return nil, err
	}
	w, h := img.Width, img.Height
	cx, cy := 0.5, 0.5
	if s != nil && s.GradientUseSpacing {
		// ITK scales the operator coefficients ±0.5 by 1/spacing.
		cx = 0.5 * (1 / img.Spacing[0])
		cy = 0.5 * (1 / img.Spacing[1])
	}
	out := newBoxImage(src, b)
	p := img.Pix
	for y := b.y0; y < b.y1; y++ {
		row := p[y*w : (y+1)*w]
		up, down := row, row
		if y > 0 {
			up = p[(y-1)*w : y*w]
		}
		if y < h-1 {
			down = p[(y+1)*w : (y+2)*w]
		}
		o := out.Pix[(y-b.y0)*b.w() : (y-b.y0+1)*b.w()]
		for x := b.x0; x < b.x1; x++ {
			l, r := max(x-1, 0), min(x+1, w-1)
			gx := cx*row[r] - cx*row[l]
			gy := cy*down[x] - cy*up[x]
			o[x-b.x0] = math.Sqrt(gx*gx + gy*gy)
		}
	}
	return []Derived{{Name: "gradient", Image: out}}, nil
}
