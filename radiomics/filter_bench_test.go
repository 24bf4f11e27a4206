package radiomics

import (
	"os"
	"path/filepath"
	"testing"
)

// Benchmarks of the filters on a BUSI-sized image (benign 409: 558×466 pixels, ROI 95k
// pixels) and of the whole configuration A (1311 features) on every BUSI reference case.
// PyRadiomics' own times for the same cases are in
// shared/reference/pyradiomics2d/busi/summary_busi_timings.json.

// benchBUSI loads a BUSI reference case (image and mask), or skips the benchmark.
func benchBUSI(b *testing.B, name string) (*Image, *Mask) {
	b.Helper()
	dir := filepath.Join(frefSharedDir(b), "reference", "pyradiomics2d", "busi", "inputs")
	h, w, pix, err := frefReadNPY(filepath.Join(dir, name+"_image.npy"))
	if err != nil {
		b.Skipf("BUSI reference input not available: %v", err)
	}
	_, _, m, err := frefReadNPY(filepath.Join(dir, name+"_mask.npy"))
	if err != nil {
		b.Skipf("BUSI reference mask not available: %v", err)
	}
	labels := make([]uint32, len(m))
	for i, v := range m {
		labels[i] = uint32(v)
	}
	sp := [2]float64{1, 1}
	return &Image{Width: w, Height: h, Pix: pix, Spacing: sp},
		&Mask{Width: w, Height: h, Labels: labels, Spacing: sp}
}

// BenchmarkFilter derives each image type's images from the whole BUSI benign 409 image with
// PyRadiomics' default settings (LoG: sigma 1, 2, 3 mm).
func BenchmarkFilter(b *testing.B) {
	img, _ := benchBUSI(b, "busi_benign_409")
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
	img, mask := benchBUSI(b, "busi_benign_409")
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

// BenchmarkExtractConfigA extracts configuration A (every 2-D image type, 1311 features) from
// each BUSI reference case.
func BenchmarkExtractConfigA(b *testing.B) {
	path := filepath.Join(frefSharedDir(b), "reference", "pyradiomics2d", "params",
		"A_default_allfilters.yaml")
	text, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("configuration A not available: %v", err)
	}
	p, err := ParseParams(text)
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"busi_benign_388", "busi_benign_409", "busi_malignant_155",
		"busi_malignant_156", "busi_malignant_176"} {
		b.Run(name, func(b *testing.B) {
			img, mask := benchBUSI(b, name)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				res, err := Extract(img, mask, p, nil)
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Features) != 1311 {
					b.Fatalf("%d features, want 1311", len(res.Features))
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
		img, mask := benchBUSI(b, name)
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
