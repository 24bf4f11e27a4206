package radiomics

import (
	"testing"
)

// Benchmarks of the filters on BUSI-sized images (benign 409: 558×466 pixels, ROI 95k pixels;
// benign 388: 763×572 pixels, ROI 8k pixels). The whole extraction is timed in bench_test.go
// and by tools/radiomicsbench.

// BenchmarkFilter derives each image type's images from the whole BUSI benign 409 image with
// PyRadiomics' default settings (LoG: sigma 1, 2, 3 mm).
func BenchmarkFilter(b *testing.B) {
	img, _ := loadBUSI(b, "busi_benign_409")
	s := DefaultSettings()
	s.Sigma = []float64{1, 2, 3}
	for _, typ := range []string{"Wavelet", "LoG", "Square", "SquareRoot", "Logarithm",
		"Exponential", "Gradient", "LBP2D"} {
		b.Run(typ, func(b *testing.B) {
			f := filters[typ]
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := f.derive(img, &s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkResample resamples BUSI benign 409 (spacing 1 mm) to 0.7 × 0.7 mm with each
// interpolator, cropping to the ROI box + 5 pixels as PyRadiomics does.
func BenchmarkResample(b *testing.B) {
	img, mask := loadBUSI(b, "busi_benign_409")
	for _, interp := range []string{"sitkNearestNeighbor", "sitkLinear", "sitkBSpline"} {
		b.Run(interp, func(b *testing.B) {
			s := DefaultSettings()
			s.ResampledPixelSpacing = []float64{0.7, 0.7}
			s.Interpolator = interp
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, _, err := resampleImageAndMask(img, mask, &s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFilterBox derives each image type's images only inside the ROI bounding box, as the
// pipeline does when it uses filterBoxes, for a large ROI (benign 409, 95k pixels) and a small
// one (benign 388, 8k pixels, in a 763×572 image).
func BenchmarkFilterBox(b *testing.B) {
	for _, name := range []string{"busi_benign_409", "busi_benign_388"} {
		img, mask := loadBUSI(b, name)
		lo, size, _ := labelBounds(mask, 1)
		box := bbox{lo[0], lo[1], lo[0] + size[0], lo[1] + size[1]}
		s := DefaultSettings()
		s.Sigma = []float64{1, 2, 3}
		for _, typ := range []string{"Wavelet", "LoG", "Square", "SquareRoot", "Logarithm",
			"Exponential", "Gradient", "LBP2D"} {
			b.Run(name+"/"+typ, func(b *testing.B) {
				f := filterBoxes[typ]
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					if _, err := f(newSource(img), &s, box); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
