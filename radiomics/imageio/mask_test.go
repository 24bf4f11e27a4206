package imageio

import (
	"image"
	"image/color"
	"testing"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
)

func grayMask(rows [][]uint8) []byte {
	return imageiotest.PNG(imageiotest.Gray(len(rows[0]), len(rows), func(x, y int) uint8 {
		return rows[y][x]
	}))
}

func TestMaskValuesAreLabels(t *testing.T) {
	for _, v := range []uint8{255, 1, 120} {
		mask, info, err := DecodeMask(grayMask([][]uint8{{0, v}, {v, 0}}), "m.png", nil)
		if err != nil {
			t.Fatal(err)
		}
		if mask.Labels[1] != uint32(v) || mask.Labels[0] != 0 || len(info.Labels) != 1 ||
			info.Labels[0] != (Label{Value: uint32(v), Pixels: 2, Components: 1}) {
			t.Errorf("value %d: labels %v info %+v", v, mask.Labels, info.Labels)
		}
	}
}

// componentMap is a hand-made label map; by hand, with 8-connectivity:
//
//	label 1: {(0,0) (1,0) (0,1) (1,2)} and {(7,4) (6,5) (7,5)}: 2 components, 7 pixels
//	label 2: {(4,0) (5,0) (5,1)}, {(4,3) (5,4)}, {(0,5)}: 3 components, 6 pixels
//	label 3: {(7,1) (7,2)}: 1 component, 2 pixels
//	all non-zero: label 2's {(4,3) (5,4)} touches label 1's (6,5), so 6 − 1 = 5 components.
var componentMap = [][]uint8{
	{1, 1, 0, 0, 2, 2, 0, 0},
	{1, 0, 0, 0, 0, 2, 0, 3},
	{0, 1, 0, 0, 0, 0, 0, 3},
	{0, 0, 0, 0, 2, 0, 0, 0},
	{0, 0, 0, 0, 0, 2, 0, 1},
	{2, 0, 0, 0, 0, 0, 1, 1},
}

func TestMaskComponents(t *testing.T) {
	_, info, err := DecodeMask(grayMask(componentMap), "multi.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Label{{1, 7, 2, ""}, {2, 6, 3, ""}, {3, 2, 1, ""}}
	if len(info.Labels) != 3 {
		t.Fatalf("labels %+v", info.Labels)
	}
	for i := range want {
		if info.Labels[i] != want[i] {
			t.Errorf("label %+v, want %+v", info.Labels[i], want[i])
		}
	}
	if info.Components != 5 {
		t.Errorf("components %d, want 5", info.Components)
	}
}

// TestMaskShapes: one pixel, one row, one column, a lesion on the border, an empty mask.
func TestMaskShapes(t *testing.T) {
	cases := []struct {
		name   string
		rows   [][]uint8
		pixels int
	}{
		{"one pixel", [][]uint8{{0, 0, 0}, {0, 255, 0}, {0, 0, 0}}, 1},
		{"one row", [][]uint8{{0, 0, 0}, {255, 255, 255}, {0, 0, 0}}, 3},
		{"one column", [][]uint8{{0, 255, 0}, {0, 255, 0}, {0, 255, 0}}, 3},
		{"border", [][]uint8{{255, 255, 0}, {255, 0, 0}, {0, 0, 0}}, 3},
	}
	for _, c := range cases {
		_, info, err := DecodeMask(grayMask(c.rows), c.name+".png", nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(info.Labels) != 1 || info.Labels[0].Pixels != c.pixels || info.Components != 1 {
			t.Errorf("%s: %+v", c.name, info)
		}
	}
	_, info, err := DecodeMask(grayMask([][]uint8{{0, 0}, {0, 0}}), "empty.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	// The emptiness is CheckLesion's error; decoding does not warn about it as well.
	if len(info.Labels) != 0 || info.Components != 0 || len(info.Warnings) != 0 {
		t.Errorf("empty mask info %+v", info)
	}
}

// TestMaskColourCoded: green (#00ff00) and red (#ff0000) classes as in BUS-UCLM get labels
// 1 and 2 (increasing RGB value); black is background.
func TestMaskColourCoded(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 4, 1))
	m.Set(0, 0, color.RGBA{0, 0, 0, 255})
	m.Set(1, 0, color.RGBA{255, 0, 0, 255})
	m.Set(2, 0, color.RGBA{0, 255, 0, 255})
	m.Set(3, 0, color.RGBA{255, 0, 0, 255})
	mask, info, err := DecodeMask(imageiotest.PNG(m), "uclm.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []uint32{0, 2, 1, 2}
	for i := range want {
		if mask.Labels[i] != want[i] {
			t.Fatalf("labels %v, want %v", mask.Labels, want)
		}
	}
	if len(info.Labels) != 2 || info.Labels[0] != (Label{1, 1, 1, "#00ff00"}) ||
		info.Labels[1] != (Label{2, 2, 2, "#ff0000"}) {
		t.Errorf("labels %+v", info.Labels)
	}
	if !contains(info.Conversion, "colour-coded mask") {
		t.Errorf("conversion %q", info.Conversion)
	}
}

// TestMaskRGBAGrey: an RGBA mask with R = G = B (as BUSI's benign (4)_mask_1.png) is a grey
// mask: label 255.
func TestMaskRGBAGrey(t *testing.T) {
	// Colour type 6 (RGBA, 8-bit), every alpha 255; image/png would write such an image as
	// RGB, so the file is assembled.
	data := imageiotest.RawPNG(2, 1, 8, 6, 0, [][]byte{{0, 0, 0, 255, 255, 255, 255, 255}})
	mask, info, err := DecodeMask(data, "rgba_mask.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	if mask.Labels[1] != 255 || info.ColorModel != "RGBA" || len(info.Warnings) != 0 {
		t.Errorf("labels %v info %+v", mask.Labels, info)
	}
}

func TestMaskPaletteBackgroundWarning(t *testing.T) {
	pal := color.Palette{color.RGBA{255, 255, 255, 255}, color.RGBA{0, 0, 0, 255}}
	m := image.NewPaletted(image.Rect(0, 0, 2, 1), pal)
	m.Pix = []uint8{0, 1}
	mask, info, err := DecodeMask(imageiotest.PNG(m), "inv.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	if mask.Labels[0] != 0 || mask.Labels[1] != 1 ||
		!hasWarning(info, "palette index 0 (the background label) is not black (#ffffff)") {
		t.Errorf("labels %v info %+v", mask.Labels, info)
	}
}

func TestMaskJPEGIsLossy(t *testing.T) {
	m := imageiotest.Gray(16, 16, func(x, y int) uint8 {
		if (x-8)*(x-8)+(y-8)*(y-8) < 20 {
			return 255
		}
		return 0
	})
	_, info, err := DecodeMask(imageiotest.JPEG(m, 75), "mask.jpg", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !hasWarning(info, "JPEG is lossy") {
		t.Errorf("warnings %q", info.Warnings)
	}
}

func TestMatchPair(t *testing.T) {
	img := &radiomics.Image{Width: 4, Height: 3, Spacing: [2]float64{0.1, 0.2}}
	imgInfo := &Info{Name: "us.dcm", SpacingSource: "DICOM Pixel Spacing (0028,0030)"}
	mask := &radiomics.Mask{Width: 3, Height: 4, Spacing: [2]float64{1, 1}}
	maskInfo := &Info{Name: "m.png", Format: PNG, SpacingSource: spacingAssumed}

	err := MatchPair(img, imgInfo, mask, maskInfo)
	if err == nil {
		t.Fatal("no error")
	}
	wantErr(t, err, ErrSizeMismatch, "match mask m.png: PNG mask is 3 × 4 pixels but image "+
		"us.dcm is 4 × 3; a mask must have its image's size")

	mask.Width, mask.Height = 4, 3
	if err := MatchPair(img, imgInfo, mask, maskInfo); err != nil {
		t.Fatal(err)
	}
	if mask.Spacing != img.Spacing || maskInfo.SpacingSource != "taken from the image us.dcm" {
		t.Errorf("mask spacing %v from %q", mask.Spacing, maskInfo.SpacingSource)
	}
}
