package imageio

import (
	"image"
	"image/color"
	"testing"

	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
)

func TestPNGGray8(t *testing.T) {
	g := imageiotest.Gray(2, 2, func(x, y int) uint8 { return uint8(10*x + 100*y) })
	data := imageiotest.PNG(g)
	img, info, err := DecodeImage(data, "g.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, []float64{0, 10, 100, 110}, 0)
	if img.Width != 2 || img.Height != 2 || img.Spacing != [2]float64{1, 1} {
		t.Errorf("geometry %d×%d %v", img.Width, img.Height, img.Spacing)
	}
	if info.Format != PNG || info.ColorModel != "Gray" || info.BitDepth != 8 ||
		len(info.Warnings) != 0 {
		t.Errorf("info %+v", info)
	}
}

func TestPNGGray16KeepsRange(t *testing.T) {
	m := image.NewGray16(image.Rect(0, 0, 3, 1))
	for i, v := range []uint16{0, 1000, 65535} {
		m.SetGray16(i, 0, color.Gray16{Y: v})
	}
	img, info, err := DecodeImage(imageiotest.PNG(m), "g16.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, []float64{0, 1000, 65535}, 0)
	if info.ColorModel != "Gray16" || info.BitDepth != 16 {
		t.Errorf("info %+v", info)
	}
}

// TestPNGRGBLuma checks the BT.601 rule on hand-computed values:
// (255,0,0) → 0.299·255 = 76.245, (0,255,0) → 0.587·255 = 149.685,
// (0,0,255) → 0.114·255 = 29.07, (10,10,10) → 10.
func TestPNGRGBLuma(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 2, 2))
	m.Set(0, 0, color.RGBA{255, 0, 0, 255})
	m.Set(1, 0, color.RGBA{0, 255, 0, 255})
	m.Set(0, 1, color.RGBA{0, 0, 255, 255})
	m.Set(1, 1, color.RGBA{10, 10, 10, 255})
	img, info, err := DecodeImage(imageiotest.PNG(m), "rgb.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, []float64{76.245, 149.685, 29.07, 10}, 1e-12)
	if img.Pix[3] != 10 {
		t.Errorf("R = G = B = 10 gave %v, want exactly 10", img.Pix[3])
	}
	if info.ColorModel != "RGB" || info.ColoredPixels != 3 {
		t.Errorf("info %+v", info)
	}
	if !hasWarning(info, "3 of 4 pixels (75.00%) are coloured") {
		t.Errorf("warnings %q", info.Warnings)
	}
}

// TestPNGGreyRGBIsExact: an RGB image with R = G = B gives exactly the stored values (bin
// edges such as 100 = 4 × 25 must not move), and no colour warning.
func TestPNGGreyRGBIsExact(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 256, 1))
	for x := 0; x < 256; x++ {
		m.Set(x, 0, color.RGBA{uint8(x), uint8(x), uint8(x), 255})
	}
	img, info, err := DecodeImage(imageiotest.PNG(m), "grey-rgb.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	for x := 0; x < 256; x++ {
		if img.Pix[x] != float64(x) {
			t.Fatalf("pixel %d = %v", x, img.Pix[x])
		}
	}
	if info.ColoredPixels != 0 || len(info.Warnings) != 0 {
		t.Errorf("info %+v", info)
	}
}

// TestPNGRGBAIgnoresAlpha: (100,150,200) at alpha 0 → (29900 + 88050 + 22800)/1000 = 140.75.
func TestPNGRGBAIgnoresAlpha(t *testing.T) {
	m := image.NewNRGBA(image.Rect(0, 0, 2, 1))
	m.Set(0, 0, color.NRGBA{100, 150, 200, 0})
	m.Set(1, 0, color.NRGBA{50, 50, 50, 255})
	img, info, err := DecodeImage(imageiotest.PNG(m), "rgba.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, []float64{140.75, 50}, 1e-12)
	if info.ColorModel != "RGBA" || !hasWarning(info, "alpha channel ignored: 1 of 2") {
		t.Errorf("info %+v", info)
	}
}

// TestPNGRGB16: (65535, 0, 0) → 0.299 · 65535 = 19594.965; (0, 0, 1000) → 114.
func TestPNGRGB16(t *testing.T) {
	m := image.NewNRGBA64(image.Rect(0, 0, 2, 1))
	m.Set(0, 0, color.NRGBA64{65535, 0, 0, 65535})
	m.Set(1, 0, color.NRGBA64{0, 0, 1000, 65535})
	img, info, err := DecodeImage(imageiotest.PNG(m), "rgb16.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, []float64{19594.965, 114}, 1e-9)
	if info.ColorModel != "RGB16" || info.BitDepth != 16 {
		t.Errorf("info %+v", info)
	}
}

func TestPNGPalette(t *testing.T) {
	pal := color.Palette{color.RGBA{0, 0, 0, 255}, color.RGBA{255, 0, 0, 255},
		color.RGBA{50, 50, 50, 255}}
	m := image.NewPaletted(image.Rect(0, 0, 3, 1), pal)
	m.Pix = []uint8{0, 1, 2}
	data := imageiotest.PNG(m)

	img, info, err := DecodeImage(data, "pal.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, []float64{0, 76.245, 50}, 1e-12)
	if info.ColorModel != "Palette" || info.ColoredPixels != 1 {
		t.Errorf("info %+v", info)
	}

	mask, minfo, err := DecodeMask(data, "pal.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := mask.Labels; got[0] != 0 || got[1] != 1 || got[2] != 2 {
		t.Errorf("palette mask labels %v, want indices 0 1 2", got)
	}
	if len(minfo.Labels) != 2 || minfo.Labels[0].Value != 1 || minfo.Labels[1].Value != 2 {
		t.Errorf("labels %+v", minfo.Labels)
	}
}

func TestPNG1Bit(t *testing.T) {
	on := func(x, y int) bool { return x >= 3 && x < 7 && y >= 1 && y < 3 }
	data := imageiotest.Gray1PNG(10, 4, on)

	img, info, err := DecodeImage(data, "bits.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	if info.BitDepth != 1 || info.ColorModel != "Gray" {
		t.Errorf("info %+v", info)
	}
	mask, minfo, err := DecodeMask(data, "bits.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	for y := 0; y < 4; y++ {
		for x := 0; x < 10; x++ {
			want := 0.0
			if on(x, y) {
				want = 255
			}
			if img.Pix[y*10+x] != want || float64(mask.Labels[y*10+x]) != want {
				t.Fatalf("(%d,%d): image %v mask %v, want %v", x, y, img.Pix[y*10+x],
					mask.Labels[y*10+x], want)
			}
		}
	}
	if len(minfo.Labels) != 1 || minfo.Labels[0] != (Label{Value: 255, Pixels: 8,
		Components: 1}) || minfo.Components != 1 {
		t.Errorf("labels %+v components %d", minfo.Labels, minfo.Components)
	}
}

func TestPNGInterlaced(t *testing.T) {
	f := func(x, y int) uint8 { return uint8(20*x + y) }
	img, info, err := DecodeImage(imageiotest.InterlacedGrayPNG(9, 7, f), "adam7.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	for y := 0; y < 7; y++ {
		for x := 0; x < 9; x++ {
			if img.Pix[y*9+x] != float64(f(x, y)) {
				t.Fatalf("(%d,%d) = %v, want %d", x, y, img.Pix[y*9+x], f(x, y))
			}
		}
	}
	if info.Conversion[:5] != "Adam7" {
		t.Errorf("conversion %q", info.Conversion)
	}
}
