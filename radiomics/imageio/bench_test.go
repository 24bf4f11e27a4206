package imageio

import (
	"image"
	"testing"

	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
)

// A typical BUSI frame: 560 × 470 RGB with R = G = B, and its 1-bit mask.
func benchData() ([]byte, []byte) {
	m := image.NewRGBA(image.Rect(0, 0, 560, 470))
	for i := 0; i < len(m.Pix); i += 4 {
		v := uint8((i / 4) * 7 % 251)
		m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = v, v, v, 255
	}
	mask := imageiotest.Gray1PNG(560, 470, func(x, y int) bool {
		return (x-280)*(x-280)+(y-235)*(y-235) < 100*100
	})
	return imageiotest.PNG(m), mask
}

func BenchmarkDecodeImagePNG(b *testing.B) {
	data, _ := benchData()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := DecodeImage(data, "bench.png", nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeMaskPNG(b *testing.B) {
	_, data := benchData()
	for b.Loop() {
		if _, _, err := DecodeMask(data, "bench_mask.png", nil); err != nil {
			b.Fatal(err)
		}
	}
}
