package radiomics

import (
	"errors"
	"math/rand"
	"strings"
	"testing"
)

// Whole-image versions of the filters, for tests.
func waveletImages(img *Image, s *Settings) ([]Derived, error) {
	return filters["Wavelet"].derive(img, s)
}
func logImages(img *Image, s *Settings) ([]Derived, error) { return filters["LoG"].derive(img, s) }
func lbpImages(img *Image, s *Settings) ([]Derived, error) {
	return filters["LBP2D"].derive(img, s)
}
func gradientImages(img *Image, s *Settings) ([]Derived, error) {
	return filters["Gradient"].derive(img, s)
}

func fullBox(img *Image) bbox { return bbox{0, 0, img.Width, img.Height} }

// TestBoxFiltersEqualCroppedWholeImage: every filter restricted to a box gives, bit for bit,
// the whole-image result cropped to that box: boxes in the middle, on every border and corner,
// one pixel wide, and the whole image; odd and even sizes; wavelets in window and periodic
// mode with several levels.
func TestBoxFiltersEqualCroppedWholeImage(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	settings := []Settings{
		{Wavelet: "coif1", Level: 1, Sigma: []float64{1, 2.5}, LBP2DSamples: 8,
			LBP2DRadius: 1, LBP2DMethod: "uniform", GradientUseSpacing: true},
		{Wavelet: "db3", StartLevel: 1, Level: 2, Sigma: []float64{0.7}, LBP2DSamples: 12,
			LBP2DRadius: 2.5, LBP2DMethod: "var"},
		{Wavelet: "sym8", Level: 3, Sigma: []float64{4}, LBP2DSamples: 6, LBP2DRadius: 1.3,
			LBP2DMethod: "ror"},
	}
	for _, size := range [][2]int{{37, 29}, {64, 48}, {9, 70}} {
		img := &Image{Width: size[0], Height: size[1], Pix: make([]float64, size[0]*size[1]),
			Spacing: [2]float64{0.8, 1.1}}
		for i := range img.Pix {
			img.Pix[i] = float64(rng.Intn(256))
		}
		w, h := size[0], size[1]
		boxes := []bbox{fullBox(img), {w / 3, h / 4, w/3 + w/4, h/4 + h/3}, {0, 0, 3, 2},
			{w - 1, h - 5, w, h}, {0, h / 2, w, h/2 + 1}, {w / 2, 0, w/2 + 1, h},
			{2, 3, w - 1, h - 2}}
		for si := range settings {
			s := &settings[si]
			for name, bf := range filterBoxes {
				full, errFull := filters[name].derive(img, s)
				for _, b := range boxes {
					part, errPart := bf(newSource(img), s, b)
					var sk *skippedImages
					if (errFull == nil) != (errPart == nil) ||
						(errFull != nil && !errors.As(errFull, &sk)) {
						t.Fatalf("%s %v box %v: errors %v / %v", name, size, b, errFull, errPart)
					}
					if len(part) != len(full) {
						t.Fatalf("%s: %d images in box, %d whole", name, len(part), len(full))
					}
					for k := range full {
						if part[k].Name != full[k].Name || part[k].Image.Width != b.w() ||
							part[k].Image.Height != b.h() {
							t.Fatalf("%s: image %d is %q %d×%d", name, k, part[k].Name,
								part[k].Image.Width, part[k].Image.Height)
						}
						for y := b.y0; y < b.y1; y++ {
							for x := b.x0; x < b.x1; x++ {
								a := full[k].Image.At(x, y)
								c := part[k].Image.At(x-b.x0, y-b.y0)
								if a != c && !(a != a && c != c) {
									t.Fatalf("%s %s %v box %v (%d,%d): box %.17g, whole %.17g",
										name, full[k].Name, size, b, x, y, c, a)
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestBoxFilterBadBox: a box outside the image is an error.
func TestBoxFilterBadBox(t *testing.T) {
	img := &Image{Width: 8, Height: 8, Pix: make([]float64, 64), Spacing: [2]float64{1, 1}}
	for name, bf := range filterBoxes {
		for _, b := range []bbox{{0, 0, 9, 8}, {-1, 0, 4, 4}, {3, 3, 3, 5}} {
			if _, err := bf(newSource(img), &Settings{Wavelet: "haar", Level: 1}, b); err == nil {
				t.Errorf("%s accepted box %v", name, b)
			}
		}
	}
}

// TestFilterChecks: the settings checks reject what the filters cannot do, when the parameter
// file is read.
func TestFilterChecks(t *testing.T) {
	bad := map[string]Settings{
		"Wavelet": {Wavelet: "bior2.2", Level: 1},
		"LBP2D":   {LBP2DSamples: 40, LBP2DRadius: 1, LBP2DMethod: "ror"},
	}
	for name, s := range bad {
		if err := filters[name].check(&s); err == nil {
			t.Errorf("%s: %+v accepted", name, s)
		}
	}
	good := map[string]Settings{
		"Wavelet": {Wavelet: "sym20", StartLevel: 1, Level: 2},
		"LBP2D":   {LBP2DSamples: 40, LBP2DRadius: 2, LBP2DMethod: "uniform"},
	}
	for name, s := range good {
		if err := filters[name].check(&s); err != nil {
			t.Errorf("%s: %+v rejected: %v", name, s, err)
		}
	}
	text := "imageType:\n  Wavelet: {wavelet: dmey}\nfeatureClass:\n  firstorder:\n"
	if _, err := ParseParams([]byte(text)); err == nil ||
		!strings.Contains(err.Error(), "dmey") {
		t.Errorf("ParseParams accepted wavelet dmey: %v", err)
	}
}
