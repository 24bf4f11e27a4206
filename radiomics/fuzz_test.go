package radiomics_test

import (
	"math"
	"reflect"
	"testing"

	"github.com/uran-browser/uran/radiomics"
)

// FuzzParseParams: any text either fails with an error or gives parameters whose canonical
// YAML reads back to the same parameters. Never a panic.
func FuzzParseParams(f *testing.F) {
	for _, s := range []string{
		"", "setting: {binWidth: 25}", "imageType: {Original: {binWidth: 5}}",
		"featureClass: {glcm: [Contrast, MCC], shape2D:}",
		"setting:\n  distances: [1, 2]\n  resegmentRange: [-3, 3]\n  resegmentMode: sigma\n",
		"setting: {binCount: 0}", "a: &x [1]\nb: *x", "setting: {sigma: 2}",
		"imageType:\n  Original: {}\nfeatureClass:\n  firstorder: [StandardDeviation]\n" +
			"setting:\n  label: 255\n  normalize: true\n  removeOutliers: 3\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := radiomics.ParseParams(data)
		if err != nil {
			return
		}
		y, err := p.YAML()
		if err != nil {
			t.Fatalf("valid params but YAML failed: %v", err)
		}
		q, err := radiomics.ParseParams(y)
		if err != nil {
			t.Fatalf("canonical text rejected: %v\n%s", err, y)
		}
		if !reflect.DeepEqual(p, q) {
			t.Fatalf("round trip differs:\n%s", y)
		}
		_ = p.FeatureNames()
	})
}

// FuzzExtract runs the extractor on small images built from the fuzz input: the first bytes
// choose the size and settings, the rest are pixel values and mask bits; an odd-length input's
// last byte chooses derived images (every filter), resampling or pre-cropping. Errors are
// fine; panics, hangs and results that disagree with FeatureNames are not.
func FuzzExtract(f *testing.F) {
	f.Add([]byte{4, 4, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 0xff, 0xff})
	f.Add([]byte{3, 3, 1, 0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 0xff, 0x01})
	f.Add([]byte{8, 2, 2, 3, 0, 255, 0, 255, 0, 255, 0, 255, 1, 1, 1, 1, 1, 1, 1, 1, 0xaa, 0x55})
	f.Add([]byte{5, 5, 7, 1, 200, 3, 50, 7, 90, 1, 2, 3, 250, 4, 8, 15, 16, 23, 42, 0x0f, 0xf0, 1})
	f.Add([]byte{5, 4, 0, 4, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150,
		160, 170, 180, 190, 200, 210, 220, 230, 240, 250, 5, 15, 25, 35, 45, 0xff, 0xff,
		0xff, 0xff, 0xfe}) // every derived image, pre-cropped
	f.Add([]byte{5, 4, 1, 2, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150,
		160, 170, 180, 190, 200, 210, 220, 230, 240, 250, 5, 15, 25, 35, 45, 0x3c, 0x3c,
		0x3c, 0x3c, 0xfd}) // every derived image, resampled
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 4 {
			return
		}
		w, h := int(data[0]%9)+1, int(data[1]%9)+1
		mode, extra := data[2], data[3]
		types := byte(0)
		if len(data)%2 == 1 { // an odd length gives one more byte: the derived images
			types, data = data[len(data)-1], data[:len(data)-1]
		}
		data = data[4:]
		n := w * h
		if len(data) < n+(n+7)/8 {
			return
		}
		img := &radiomics.Image{Width: w, Height: h, Pix: make([]float64, n),
			Spacing: [2]float64{1 + float64(mode%3)*0.5, 1}}
		m := &radiomics.Mask{Width: w, Height: h, Labels: make([]uint32, n),
			Spacing: img.Spacing}
		for i := 0; i < n; i++ {
			v := float64(data[i])
			if mode&8 != 0 {
				v = v*0.37 - 40 // negative, non-integer values
			}
			img.Pix[i] = v
			if data[n+i/8]>>(i%8)&1 == 1 {
				m.Labels[i] = uint32(1 + extra%3)
			}
		}
		p := fuzzParams(t, types)
		s := &p.Settings
		s.BinWidth = []float64{25, 1, 0.5, 7}[mode>>4&3]
		if mode&16 != 0 {
			s.BinCount = int(extra%40) + 1
		}
		s.Distances = [][]int{{1}, {1, 2}, {3}, {2}}[extra>>2&3]
		s.MinimumROIDimensions = 1 + int(mode>>6&1)
		s.SymmetricalGLCM = mode&4 == 0
		if extra&0x40 != 0 {
			s.WeightingNorm = []string{"manhattan", "euclidean", "infinity", "no_weighting"}[extra&3]
		}
		s.GLDMAlpha = float64(extra >> 7)
		if mode&2 != 0 {
			s.Label = uint32(1 + extra%3)
		}
		if mode&0x80 != 0 {
			s.Normalize = true
			s.RemoveOutliers = 2
			s.ResegmentRange = []float64{-1, 1}
			s.ResegmentMode = "sigma"
		}
		if types&1 != 0 {
			s.ResampledPixelSpacing = []float64{1, 0.75}
			s.Interpolator = []string{"sitkNearestNeighbor", "sitkLinear", "sitkBSpline"}[extra%3]
		} else if types&2 != 0 {
			s.PreCrop, s.PadDistance = true, int(extra%3)
		}
		res, err := radiomics.Extract(img, m, p, nil)
		if err != nil {
			return
		}
		names := p.FeatureNames()
		if len(names) != len(res.Features) {
			t.Fatalf("%d features, FeatureNames %d", len(res.Features), len(names))
		}
		for i, f := range res.Features {
			if f.Name != names[i] {
				t.Fatalf("feature %d is %s, FeatureNames says %s", i, f.Name, names[i])
			}
			if math.IsInf(f.Value, 0) && f.Name != "original_shape2D_PerimeterSurfaceRatio" {
				t.Errorf("%s is infinite", f.Name)
			}
		}
	})
}

// fuzzParams enables the original image and the derived images chosen by the bits 2–7 of
// types (wavelet, LoG, square and square root, logarithm and exponential, gradient, LBP2D).
func fuzzParams(t *testing.T, types byte) *radiomics.Params {
	text := "imageType:\n  Original: {}\n"
	for bit, it := range []string{"Wavelet: {wavelet: haar}", "LoG: {sigma: [1.0, 2.5]}",
		"Square: {}\n  SquareRoot: {}", "Logarithm: {}\n  Exponential: {}", "Gradient: {}",
		"LBP2D: {lbp2DRadius: 1.5, lbp2DMethod: var}"} {
		if types>>(bit+2)&1 != 0 {
			text += "  " + it + "\n"
		}
	}
	text += "featureClass: {shape2D: , firstorder: , glcm: , glrlm: , glszm: , gldm: , ngtdm: }\n"
	p, err := radiomics.ParseParams([]byte(text))
	if err != nil {
		t.Fatalf("fuzz parameters %q: %v", text, err)
	}
	return p
}
