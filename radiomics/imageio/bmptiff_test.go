package imageio

import (
	"image"
	"image/color"
	"testing"

	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
)

func rgbTestImage() *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, 2, 2))
	m.Set(0, 0, color.RGBA{255, 0, 0, 255})
	m.Set(1, 0, color.RGBA{0, 255, 0, 255})
	m.Set(0, 1, color.RGBA{0, 0, 255, 255})
	m.Set(1, 1, color.RGBA{10, 10, 10, 255})
	return m
}

var rgbTestGrey = []float64{76.245, 149.685, 29.07, 10}

func TestBMP(t *testing.T) {
	img, info, err := DecodeImage(imageiotest.BMP(rgbTestImage()), "rgb.bmp", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, rgbTestGrey, 1e-12)
	if info.Format != BMP || info.ColoredPixels != 3 {
		t.Errorf("info %+v", info)
	}

	g := imageiotest.Gray(3, 2, func(x, y int) uint8 { return uint8(x + 3*y) })
	img, _, err = DecodeImage(imageiotest.BMP(g), "g.bmp", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, []float64{0, 1, 2, 3, 4, 5}, 0)
}

func TestTIFF(t *testing.T) {
	for _, compress := range []bool{false, true} {
		img, info, err := DecodeImage(imageiotest.TIFF(rgbTestImage(), compress), "rgb.tif", nil)
		if err != nil {
			t.Fatal(err)
		}
		wantPix(t, img.Pix, rgbTestGrey, 1e-12)
		if info.Format != TIFF {
			t.Errorf("info %+v", info)
		}

		m := image.NewGray16(image.Rect(0, 0, 2, 1))
		m.SetGray16(0, 0, color.Gray16{Y: 40000})
		m.SetGray16(1, 0, color.Gray16{Y: 7})
		img, info, err = DecodeImage(imageiotest.TIFF(m, compress), "g16.tiff", nil)
		if err != nil {
			t.Fatal(err)
		}
		wantPix(t, img.Pix, []float64{40000, 7}, 0)
		if info.ColorModel != "Gray16" {
			t.Errorf("info %+v", info)
		}
	}
}
