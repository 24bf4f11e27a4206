package radiomics

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/uran-browser/uran/radiomics/pyref"
)

// busiBenchCases are the BUSI reference cases (ROI sizes 8k to 109k pixels).
var busiBenchCases = []string{"busi_benign_388", "busi_benign_409", "busi_malignant_155",
	"busi_malignant_156", "busi_malignant_176"}

// loadBUSI reads a BUSI reference case's image and mask, or skips the benchmark.
func loadBUSI(b *testing.B, name string) (*Image, *Mask) {
	b.Helper()
	shared, err := pyref.SharedDir()
	if err != nil {
		b.Skipf("reference data not available: %v", err)
	}
	dir := filepath.Join(shared, "reference", "pyradiomics2d", "busi", "inputs")
	pix, h, w, err := pyref.LoadNPY(filepath.Join(dir, name+"_image.npy"))
	if err != nil {
		b.Fatal(err)
	}
	m, _, _, err := pyref.LoadNPY(filepath.Join(dir, name+"_mask.npy"))
	if err != nil {
		b.Fatal(err)
	}
	labels := make([]uint32, len(m))
	for i, v := range m {
		labels[i] = uint32(v)
	}
	return &Image{Width: w, Height: h, Pix: pix, Spacing: [2]float64{1, 1}},
		&Mask{Width: w, Height: h, Labels: labels, Spacing: [2]float64{1, 1}}
}

// BenchmarkExtractOriginal runs the whole default extraction (image type Original, shape2D and
// every texture class, 102 features) on each BUSI case.
func BenchmarkExtractOriginal(b *testing.B) {
	for _, name := range busiBenchCases {
		b.Run(name, func(b *testing.B) {
			img, mask := loadBUSI(b, name)
			p := DefaultParams()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := Extract(img, mask, p, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchTexture prepares the discretised Original image of a BUSI case.
func benchTexture(b *testing.B, name string) (*texture, *roiValues) {
	img, mask := loadBUSI(b, name)
	s := DefaultSettings()
	in, _, _, _ := selectROI(mask, 0)
	box, _, err := checkROI(in, img.Width, &s)
	if err != nil {
		b.Fatal(err)
	}
	roi := cropROI(in, img.Width, box)
	crop := cropImage(img, box)
	rv := &roiValues{lo: math.Inf(1), hi: math.Inf(-1)}
	for i, ok := range roi {
		if ok {
			rv.x = append(rv.x, crop.Pix[i])
			rv.lo, rv.hi = min(rv.lo, crop.Pix[i]), max(rv.hi, crop.Pix[i])
		}
	}
	if err := rv.discretize(&s); err != nil {
		b.Fatal(err)
	}
	all := classSet{glcm: true, glrlm: true, glszm: true, gldm: true, ngtdm: true}
	t := newLayout(roi, box.w(), box.h(), 1).texture(rv.bins, rv.ng, rv.hist, img.Spacing, &s,
		all)
	return t, rv
}

func allWanted(n int) []bool {
	w := make([]bool, n)
	for i := range w {
		w[i] = true
	}
	return w
}

// BenchmarkClass times each feature class alone on the largest BUSI ROI (malignant 156,
// 109k pixels).
func BenchmarkClass(b *testing.B) {
	const name = "busi_malignant_156"
	b.Run("firstorder", func(b *testing.B) {
		t, rv := benchTexture(b, name)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			firstOrderFeatures(rv, t.spacing, 0, allWanted(foCount))
		}
	})
	b.Run("discretize+grid", func(b *testing.B) {
		t, rv := benchTexture(b, name)
		s := DefaultSettings()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := rv.discretize(&s); err != nil {
				b.Fatal(err)
			}
			_ = t.layout.texture(rv.bins, rv.ng, rv.hist, t.spacing, &s, t.need)
		}
	})
	classes := []struct {
		name string
		n    int
		f    func(*texture, []bool) []float64
	}{
		{"glcm", glcmCount, glcmFeatures}, {"glrlm", glrlmCount, glrlmFeatures},
		{"glszm", glszmCount, glszmFeatures}, {"gldm", gldmCount, gldmFeatures},
		{"ngtdm", ngtdmCount, ngtdmFeatures},
	}
	for _, c := range classes {
		b.Run(c.name, func(b *testing.B) {
			t, _ := benchTexture(b, name)
			want := allWanted(c.n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t.sc, t.nb = nil, nil // the distance-1 scan is shared; time it in each class
				c.f(t, want)
			}
		})
	}
	b.Run("shape2D", func(b *testing.B) {
		img, mask := loadBUSI(b, name)
		s := DefaultSettings()
		in, _, _, _ := selectROI(mask, 0)
		box, _, _ := checkROI(in, img.Width, &s)
		roi := cropROI(in, img.Width, box)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			shape2DFeatures(roi, box.w(), box.h(), img.Spacing, allWanted(shCount))
		}
	})
}

// configA is configuration A of the PyRadiomics reference: every 2-D image type, 1311 features.
const configA = `
imageType:
  Original: {}
  Wavelet: {}
  Square: {}
  SquareRoot: {}
  Logarithm: {}
  Exponential: {}
  Gradient: {}
  LoG: {sigma: [1.0, 2.0, 3.0]}
  LBP2D: {}
featureClass: {shape2D: , firstorder: , glcm: , glrlm: , glszm: , gldm: , ngtdm: }
`

// BenchmarkExtractAll runs configuration A (Original, 4 wavelet bands, Square, SquareRoot,
// Logarithm, Exponential, Gradient, LoG σ 1, 2, 3 mm, LBP2D; 1311 features) on each BUSI case,
// on one goroutine (workers=1) and on GOMAXPROCS goroutines (workers=max).
func BenchmarkExtractAll(b *testing.B) {
	p, err := ParseParams([]byte(configA))
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range busiBenchCases {
		for _, w := range []int{1, 0} {
			label := "workers=1"
			if w == 0 {
				label = "workers=max"
			}
			b.Run(name+"/"+label, func(b *testing.B) {
				img, mask := loadBUSI(b, name)
				opt := &Options{Workers: w}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if _, err := Extract(img, mask, p, opt); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkImageType times each image type alone (its filter and the six non-shape classes
// on each of its derived images, one goroutine) on each BUSI case, to set beside PyRadiomics'
// per-image-type timings (pyradiomics2d/busi/summary_busi_timings.json).
func BenchmarkImageType(b *testing.B) {
	types := map[string]string{"Original": "{}", "Wavelet": "{}", "Square": "{}",
		"SquareRoot": "{}", "Logarithm": "{}", "Exponential": "{}", "Gradient": "{}",
		"LoG": "{sigma: [1.0, 2.0, 3.0]}", "LBP2D": "{}"}
	for _, it := range imageTypeNames {
		p, err := ParseParams([]byte("imageType: {" + it + ": " + types[it] + "}\n" +
			"featureClass: {firstorder: , glcm: , glrlm: , glszm: , gldm: , ngtdm: }\n"))
		if err != nil {
			b.Fatal(err)
		}
		for _, name := range busiBenchCases {
			b.Run(it+"/"+name, func(b *testing.B) {
				img, mask := loadBUSI(b, name)
				opt := &Options{Workers: 1}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if _, err := Extract(img, mask, p, opt); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
