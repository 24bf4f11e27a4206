package imageio

import (
	"fmt"
	"image"
	"image/color"
	"testing"

	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
)

// blocks24x16 is a 3 × 2 grid of flat 8 × 8 blocks with distinct grey levels, row-major.
var blocks24x16 = []uint8{10, 60, 110, 160, 210, 250}

func blockImage(levels []uint8, bw int) *image.Gray {
	return imageiotest.Gray(8*bw, 8*len(levels)/bw, func(x, y int) uint8 {
		return levels[(y/8)*bw+x/8]
	})
}

// blockLevels samples the centre of each 8 × 8 block of a decoded image.
func blockLevels(pix []float64, w, h int) []float64 {
	var out []float64
	for by := 0; by < h/8; by++ {
		for bx := 0; bx < w/8; bx++ {
			out = append(out, pix[(8*by+4)*w+8*bx+4])
		}
	}
	return out
}

func TestJPEGGrayBaseline(t *testing.T) {
	data := imageiotest.JPEG(blockImage(blocks24x16, 3), 100)
	img, info, err := DecodeImage(data, "g.jpg", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{10, 60, 110, 160, 210, 250}
	wantPix(t, blockLevels(img.Pix, 24, 16), want, 1)
	if info.Format != JPEG || info.ColorModel != "Gray" || info.Orientation != 0 {
		t.Errorf("info %+v", info)
	}
}

// TestJPEGDopplerOverlay: a colour JPEG (YCbCr) whose grey image carries a red patch gets
// the coloured-pixel warning.
func TestJPEGDopplerOverlay(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 32, 32))
	for y := 0; y < 32; y++ {
		for x := 0; x < 32; x++ {
			v := uint8(4 * x)
			c := color.RGBA{v, v, v, 255}
			if x >= 16 && y >= 16 {
				c = color.RGBA{230, 20, 20, 255}
			}
			m.Set(x, y, c)
		}
	}
	_, info, err := DecodeImage(imageiotest.JPEG(m, 95), "doppler.jpg", nil)
	if err != nil {
		t.Fatal(err)
	}
	if info.ColorModel != "YCbCr" || info.ColoredPixels < 256 || !hasWarning(info, "coloured") {
		t.Errorf("info %+v", info)
	}
}

// Ink patches (C, M, Y, K) and their grey levels from the naive conversion
// R = (255 − C)(255 − K)/255 (likewise G with M, B with Y), then BT.601 luma:
// no ink → 255; full black → 0; full cyan → RGB (0, 255, 255) → (587 + 114)·255/1000
// = 178.755; half black K = 128 → 127·255/255 = 127.
var (
	inks      = [4][4]uint8{{0, 0, 0, 0}, {0, 0, 0, 255}, {255, 0, 0, 0}, {0, 0, 0, 128}}
	inkGreys  = []float64{255, 0, 178.755, 127}
	inkBlocks = 2 // a 2 × 2 grid of patches
)

// TestJPEGCMYK: Adobe CMYK JPEGs store inverted ink (255 − C, …), as Photoshop writes them.
func TestJPEGCMYK(t *testing.T) {
	comps := make([][]uint8, 4)
	for _, ink := range inks {
		for c := 0; c < 4; c++ {
			comps[c] = append(comps[c], 255-ink[c])
		}
	}
	data := imageiotest.FlatJPEG{Width: 16, Height: 16, Components: comps, Adobe: 0}.Encode()
	img, info, err := DecodeImage(data, "cmyk.jpg", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, blockLevels(img.Pix, 16, 16), inkGreys, 1.5)
	if info.ColorModel != "CMYK" || info.ColoredPixels != 64 {
		t.Errorf("info %+v", info)
	}
}

// TestJPEGYCCK: Adobe YCCK stores the JFIF YCbCr transform of the ink C, M, Y (libjpeg's
// cmyk_ycck_convert inverts the already-inverted samples) and the inverted K.
func TestJPEGYCCK(t *testing.T) {
	comps := make([][]uint8, 4)
	for _, ink := range inks {
		y, cb, cr := color.RGBToYCbCr(ink[0], ink[1], ink[2])
		comps[0] = append(comps[0], y)
		comps[1] = append(comps[1], cb)
		comps[2] = append(comps[2], cr)
		comps[3] = append(comps[3], 255-ink[3])
	}
	data := imageiotest.FlatJPEG{Width: 16, Height: 16, Components: comps, Adobe: 2}.Encode()
	img, _, err := DecodeImage(data, "ycck.jpg", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, blockLevels(img.Pix, 16, 16), inkGreys, 2.5)
}

// TestJPEGProgressive: a progressive file (DC with successive approximation, then AC scans)
// decodes to the same flat levels as its definition.
func TestJPEGProgressive(t *testing.T) {
	data := imageiotest.FlatJPEG{Width: 24, Height: 16, Components: [][]uint8{blocks24x16},
		Adobe: -1, Progressive: true}.Encode()
	img, _, err := DecodeImage(data, "prog.jpg", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, blockImagePix(blocks24x16, 3), 0)

	base := imageiotest.FlatJPEG{Width: 24, Height: 16, Components: [][]uint8{blocks24x16},
		Adobe: -1}.Encode()
	bimg, _, err := DecodeImage(base, "base.jpg", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, bimg.Pix, img.Pix, 0)
}

func blockImagePix(levels []uint8, bw int) []float64 {
	m := blockImage(levels, bw)
	out := make([]float64, len(m.Pix))
	for i, v := range m.Pix {
		out[i] = float64(v)
	}
	return out
}

// TestJPEGEXIFOrientation: the stored 3 × 2 grid of blocks
//
//	a b c
//	d e f
//
// is displayed, per the EXIF definition of each orientation, as the grids below.
func TestJPEGEXIFOrientation(t *testing.T) {
	a, b, c, d, e, f := 10.0, 60.0, 110.0, 160.0, 210.0, 250.0
	want := map[uint16]struct {
		w, h int
		grid []float64
	}{
		1: {3, 2, []float64{a, b, c, d, e, f}},
		2: {3, 2, []float64{c, b, a, f, e, d}}, // mirrored left-right
		3: {3, 2, []float64{f, e, d, c, b, a}}, // rotated 180°
		4: {3, 2, []float64{d, e, f, a, b, c}}, // mirrored top-bottom
		5: {2, 3, []float64{a, d, b, e, c, f}}, // transposed
		6: {2, 3, []float64{d, a, e, b, f, c}}, // rotated 90° clockwise
		7: {2, 3, []float64{f, c, e, b, d, a}}, // transverse
		8: {2, 3, []float64{c, f, b, e, a, d}}, // rotated 90° counter-clockwise
		0: {3, 2, []float64{a, b, c, d, e, f}}, // invalid value: ignored
		9: {3, 2, []float64{a, b, c, d, e, f}}, // invalid value: ignored
	}
	base := imageiotest.JPEG(blockImage(blocks24x16, 3), 100)
	for o, wnt := range want {
		for _, big := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d-bigendian=%v", o, big), func(t *testing.T) {
				data := imageiotest.WithEXIFOrientation(base, o, big)
				img, info, err := DecodeImage(data, "exif.jpg", nil)
				if err != nil {
					t.Fatal(err)
				}
				if img.Width != 8*wnt.w || img.Height != 8*wnt.h {
					t.Fatalf("size %d×%d, want %d×%d", img.Width, img.Height, 8*wnt.w, 8*wnt.h)
				}
				wantPix(t, blockLevels(img.Pix, img.Width, img.Height), wnt.grid, 1)
				switch {
				case o >= 2 && o <= 8 && info.Orientation != int(o):
					t.Errorf("Info.Orientation %d", info.Orientation)
				case (o == 0 || o == 9) && !hasWarning(info, "EXIF block ignored"):
					t.Errorf("no warning for orientation %d: %q", o, info.Warnings)
				}
			})
		}
	}
}

// TestJPEGEXIFMask: a mask JPEG with an orientation is turned like its image.
func TestJPEGEXIFMask(t *testing.T) {
	m := imageiotest.Gray(16, 8, func(x, y int) uint8 {
		if x < 8 {
			return 255
		}
		return 0
	})
	data := imageiotest.WithEXIFOrientation(imageiotest.JPEG(m, 100), 6, false)
	mask, info, err := DecodeMask(data, "mask.jpg", nil)
	if err != nil {
		t.Fatal(err)
	}
	// Rotated clockwise, the stored left half (white) becomes the top half.
	if mask.Width != 8 || mask.Height != 16 || mask.Labels[2*8+4] < 250 ||
		mask.Labels[12*8+4] > 5 {
		t.Errorf("mask %d×%d top %d bottom %d", mask.Width, mask.Height, mask.Labels[2*8+4],
			mask.Labels[12*8+4])
	}
	if info.Orientation != 6 {
		t.Errorf("orientation %d", info.Orientation)
	}
}
