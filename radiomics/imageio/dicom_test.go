package imageio

import (
	"encoding/binary"
	"image/color"
	"testing"

	"github.com/suyashkumar/dicom/pkg/uid"
	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
)

func mono8(rows, cols int, pix []byte) imageiotest.DICOM {
	return imageiotest.DICOM{Rows: rows, Cols: cols, Samples: 1, BitsAllocated: 8,
		Photometric: "MONOCHROME2", Pixels: pix}
}

func TestDICOMMonochrome2(t *testing.T) {
	d := mono8(2, 3, []byte{0, 1, 2, 100, 200, 255})
	d.PixelSpacing = []string{"0.5", "0.25"} // row spacing (y), column spacing (x)
	img, info, err := DecodeImage(d.Encode(), "m2.dcm", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, []float64{0, 1, 2, 100, 200, 255}, 0)
	if img.Width != 3 || img.Height != 2 || img.Spacing != [2]float64{0.25, 0.5} {
		t.Errorf("%d×%d spacing %v", img.Width, img.Height, img.Spacing)
	}
	if info.Format != DICOM || info.ColorModel != "MONOCHROME2" ||
		info.SpacingSource != "DICOM Pixel Spacing (0028,0030)" {
		t.Errorf("info %+v", info)
	}
}

// TestDICOMMonochrome1: 16 bits allocated, 12 stored; stored values 0, 1, 4095 invert to
// 4095, 4094, 0. The bits above Bits Stored (0xF000 here) are not part of the value.
func TestDICOMMonochrome1(t *testing.T) {
	raw := make([]byte, 6)
	for i, v := range []uint16{0, 1, 0xF000 | 4095} {
		binary.LittleEndian.PutUint16(raw[2*i:], v)
	}
	d := imageiotest.DICOM{Rows: 1, Cols: 3, Samples: 1, BitsAllocated: 16, BitsStored: 12,
		Photometric: "MONOCHROME1", Pixels: raw}
	img, info, err := DecodeImage(d.Encode(), "m1.dcm", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, []float64{4095, 4094, 0}, 0)
	if !contains(info.Conversion, "MONOCHROME1 inverted") {
		t.Errorf("conversion %q", info.Conversion)
	}

	// A mask keeps the stored values.
	mask, _, err := DecodeMask(d.Encode(), "m1.dcm", nil)
	if err != nil {
		t.Fatal(err)
	}
	if mask.Labels[0] != 0 || mask.Labels[1] != 1 || mask.Labels[2] != 4095 {
		t.Errorf("mask labels %v", mask.Labels)
	}
}

// TestDICOMSignedRescale: int16 −5 and 300, slope 2, intercept −1000 → −1010 and −400.
func TestDICOMSignedRescale(t *testing.T) {
	raw := make([]byte, 4)
	binary.LittleEndian.PutUint16(raw, uint16(0xFFFB)) // −5
	binary.LittleEndian.PutUint16(raw[2:], 300)
	d := imageiotest.DICOM{Rows: 1, Cols: 2, Samples: 1, BitsAllocated: 16, Signed: true,
		Photometric: "MONOCHROME2", Pixels: raw, RescaleSlope: "2", RescaleIntcpt: "-1000"}
	img, info, err := DecodeImage(d.Encode(), "ct.dcm", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, []float64{-1010, -400}, 0)
	if !contains(info.Conversion, "Rescale Slope 2 and Intercept -1000") {
		t.Errorf("conversion %q", info.Conversion)
	}
}

func TestDICOMBigEndianAndImplicit(t *testing.T) {
	raw := make([]byte, 4)
	binary.BigEndian.PutUint16(raw, 513)
	binary.BigEndian.PutUint16(raw[2:], 7)
	d := imageiotest.DICOM{Rows: 1, Cols: 2, Samples: 1, BitsAllocated: 16,
		Photometric: "MONOCHROME2", Pixels: raw, TransferSyntax: uid.ExplicitVRBigEndian}
	img, _, err := DecodeImage(d.Encode(), "be.dcm", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, []float64{513, 7}, 0)

	d = mono8(1, 2, []byte{9, 8})
	d.TransferSyntax = uid.ImplicitVRLittleEndian
	img, _, err = DecodeImage(d.Encode(), "implicit.dcm", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, []float64{9, 8}, 0)
}

// TestDICOMRGB: the 2 × 2 RGB test image, interleaved and planar, gives the hand-computed
// luma values.
func TestDICOMRGB(t *testing.T) {
	px := [][3]byte{{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {10, 10, 10}}
	var inter, planar []byte
	for _, p := range px {
		inter = append(inter, p[:]...)
	}
	for c := 0; c < 3; c++ {
		for _, p := range px {
			planar = append(planar, p[c])
		}
	}
	for i, raw := range [][]byte{inter, planar} {
		d := imageiotest.DICOM{Rows: 2, Cols: 2, Samples: 3, BitsAllocated: 8, Planar: i,
			Photometric: "RGB", Pixels: raw}
		img, info, err := DecodeImage(d.Encode(), "rgb.dcm", nil)
		if err != nil {
			t.Fatal(err)
		}
		wantPix(t, img.Pix, rgbTestGrey, 1e-12)
		if info.ColoredPixels != 3 {
			t.Errorf("planar %d: info %+v", i, info)
		}
	}
}

// TestDICOMYBR: Y with neutral chroma (128) is the grey level; a coloured pixel goes through
// the JFIF equations R = Y + 1.402 (Cr − 128), G = Y − 0.344136 (Cb − 128) − 0.714136 (Cr − 128),
// B = Y + 1.772 (Cb − 128): Y 100, Cb 90, Cr 200 → (200.9, 74.9, 32.7) → luma 110.3 ± 0.5.
func TestDICOMYBR(t *testing.T) {
	full := imageiotest.DICOM{Rows: 1, Cols: 2, Samples: 3, BitsAllocated: 8,
		Photometric: "YBR_FULL", Pixels: []byte{77, 128, 128, 100, 90, 200}}
	img, info, err := DecodeImage(full.Encode(), "ybr.dcm", nil)
	if err != nil {
		t.Fatal(err)
	}
	r, g, b := 100+1.402*72, 100-0.344136*-38-0.714136*72, 100+1.772*-38
	wantPix(t, img.Pix, []float64{77, 0.299*r + 0.587*g + 0.114*b}, 0.6)
	if !contains(info.Conversion, "YBR_FULL converted") || info.ColoredPixels != 1 {
		t.Errorf("info %+v", info)
	}

	// 422: Y1 Y2 Cb Cr for each pair; neutral chroma keeps the Y values.
	half := imageiotest.DICOM{Rows: 1, Cols: 4, Samples: 3, BitsAllocated: 8,
		Photometric: "YBR_FULL_422", Pixels: []byte{10, 20, 128, 128, 30, 40, 128, 128}}
	img, _, err = DecodeImage(half.Encode(), "ybr422.dcm", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, []float64{10, 20, 30, 40}, 0)
}

func TestDICOMMultiFrame(t *testing.T) {
	d := mono8(1, 2, []byte{1, 2, 3, 4, 5, 6})
	d.Frames = 3
	data := d.Encode()

	_, _, err := DecodeImage(data, "cine.dcm", nil)
	wantErr(t, err, ErrFrame, "decode image cine.dcm: DICOM has 3 frames",
		"has 3 frames (a cine loop or a volume)",
		"choose one with the frame option (1 to 3;")

	img, info, err := DecodeImage(data, "cine.dcm", &Options{Frame: 2})
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, []float64{3, 4}, 0)
	if info.Frames != 3 || info.Frame != 2 {
		t.Errorf("info %+v", info)
	}

	_, _, err = DecodeImage(data, "cine.dcm", &Options{Frame: 4})
	wantErr(t, err, ErrFrame, "frame 4 was requested but the file has 3 frame(s)")
}

func TestDICOMNoPixelData(t *testing.T) {
	d := mono8(2, 2, nil)
	d.OmitPixelData = true
	_, _, err := DecodeImage(d.Encode(), "sr.dcm", nil)
	wantErr(t, err, ErrNoPixelData, "decode image sr.dcm: DICOM has no Pixel Data element "+
		"(7FE0,0010)")
}

// TestDICOMUltrasoundRegions: Physical Delta X/Y in cm (unit code 3) become mm; the 2-D
// tissue region wins over a larger Doppler region (spatial format 3) with another scale.
func TestDICOMUltrasoundRegions(t *testing.T) {
	d := mono8(1, 1, []byte{5})
	d.Regions = []imageiotest.Region{
		{SpatialFormat: 3, UnitsX: 3, UnitsY: 3, DeltaX: 0.5, DeltaY: 0.5, X1: 999, Y1: 999},
		{SpatialFormat: 1, UnitsX: 3, UnitsY: 3, DeltaX: 0.0125, DeltaY: 0.02, X1: 100, Y1: 80},
		{SpatialFormat: 1, UnitsX: 4, UnitsY: 5, DeltaX: 0.1, DeltaY: 0.1, X1: 500, Y1: 500},
	}
	img, info, err := DecodeImage(d.Encode(), "us.dcm", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !near(img.Spacing[0], 0.125, 1e-12) || !near(img.Spacing[1], 0.2, 1e-12) {
		t.Errorf("spacing %v, want [0.125 0.2]", img.Spacing)
	}
	if !contains(info.SpacingSource, "ultrasound region calibration") ||
		!contains(info.SpacingSource, "region 2 of 3") || !hasWarning(info, "2 calibrated") {
		t.Errorf("info %+v", info)
	}

	// Pixel Spacing takes precedence; the caller's spacing over both.
	d.PixelSpacing = []string{"0.3", "0.3"}
	img, _, _ = DecodeImage(d.Encode(), "us.dcm", nil)
	if img.Spacing != [2]float64{0.3, 0.3} {
		t.Errorf("spacing %v", img.Spacing)
	}
	img, info, _ = DecodeImage(d.Encode(), "us.dcm", &Options{Spacing: [2]float64{0.1, 0.2}})
	if img.Spacing != [2]float64{0.1, 0.2} || info.SpacingSource != "given by the caller" {
		t.Errorf("spacing %v from %q", img.Spacing, info.SpacingSource)
	}
}

// TestDICOMOneBitMask: 1-bit pixels are packed least significant bit first (PS3.5 8.1.1):
// the byte 0b0000_0110 holds the pixels 0 1 1 0 0 0 0 0.
func TestDICOMOneBitMask(t *testing.T) {
	d := imageiotest.DICOM{Rows: 2, Cols: 4, Samples: 1, BitsAllocated: 1,
		Photometric: "MONOCHROME2", Pixels: []byte{0b0000_0110, 0}}
	mask, info, err := DecodeMask(d.Encode(), "seg.dcm", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []uint32{0, 1, 1, 0, 0, 0, 0, 0}
	for i := range want {
		if mask.Labels[i] != want[i] {
			t.Fatalf("labels %v, want %v", mask.Labels, want)
		}
	}
	if info.Components != 1 || info.Labels[0].Pixels != 2 {
		t.Errorf("info %+v", info)
	}
}

func TestDICOMJPEGBaseline(t *testing.T) {
	frame := imageiotest.JPEG(blockImage(blocks24x16, 3), 100)
	d := imageiotest.DICOM{Rows: 16, Cols: 24, Samples: 1, BitsAllocated: 8,
		Photometric: "MONOCHROME2", TransferSyntax: "1.2.840.10008.1.2.4.50",
		Fragments: [][]byte{frame[:100], frame[100:]}} // one frame over two fragments
	img, info, err := DecodeImage(d.Encode(), "jpeg.dcm", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, blockLevels(img.Pix, 24, 16), []float64{10, 60, 110, 160, 210, 250}, 1)
	if !contains(info.Conversion, "JPEG-compressed frame") {
		t.Errorf("info %+v", info)
	}

	d.TransferSyntax = "1.2.840.10008.1.2.4.90"
	_, _, err = DecodeImage(d.Encode(), "j2k.dcm", nil)
	wantErr(t, err, ErrUnsupported, "compressed transfer syntax 1.2.840.10008.1.2.4.90",
		"JPEG 2000")
}

func TestDICOMUnsupportedPhotometric(t *testing.T) {
	d := mono8(1, 1, []byte{3})
	d.Photometric = "PALETTE COLOR"
	_, _, err := DecodeImage(d.Encode(), "pal.dcm", nil)
	wantErr(t, err, ErrUnsupported, "pixel format is not supported: PALETTE COLOR")
}

func TestDICOMTruncatedPixels(t *testing.T) {
	d := mono8(4, 4, []byte{1, 2, 3, 4})
	_, _, err := DecodeImage(d.Encode(), "short.dcm", nil)
	wantErr(t, err, ErrCorrupt, "pixel data holds 4 bytes", "need 16")
}

func TestDICOMColourMask(t *testing.T) {
	// Red and green classes in an RGB DICOM mask.
	d := imageiotest.DICOM{Rows: 1, Cols: 3, Samples: 3, BitsAllocated: 8, Photometric: "RGB",
		Pixels: []byte{0, 0, 0, 255, 0, 0, 0, 255, 0}}
	mask, info, err := DecodeMask(d.Encode(), "rg.dcm", nil)
	if err != nil {
		t.Fatal(err)
	}
	if mask.Labels[1] != 2 || mask.Labels[2] != 1 || info.Labels[0].Color != "#00ff00" {
		t.Errorf("labels %v info %+v", mask.Labels, info.Labels)
	}
	_ = color.RGBA{}
}
