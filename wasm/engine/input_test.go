package engine

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"
)

func le(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := binary.Write(&b, binary.LittleEndian, v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestArrayValues(t *testing.T) {
	cases := []struct {
		dtype string
		raw   []byte
		want  []float64
	}{
		{"uint8", []byte{0, 200, 255}, []float64{0, 200, 255}},
		{"int8", []byte{0x80, 0x7f}, []float64{-128, 127}},
		{"uint16", le(t, []uint16{65535, 3}), []float64{65535, 3}},
		{"int16", le(t, []int16{-32768, 12}), []float64{-32768, 12}},
		{"uint32", le(t, []uint32{4294967295}), []float64{4294967295}},
		{"int32", le(t, []int32{-7}), []float64{-7}},
		{"float32", le(t, []float32{0.5, -1.25}), []float64{0.5, -1.25}},
		{"float64", le(t, []float64{math.Pi}), []float64{math.Pi}},
	}
	for _, c := range cases {
		got, err := ArrayValues(c.raw, c.dtype)
		if err != nil {
			t.Errorf("%s: %v", c.dtype, err)
			continue
		}
		for i := range c.want {
			if got[i] != c.want[i] {
				t.Errorf("%s[%d] = %v, want %v", c.dtype, i, got[i], c.want[i])
			}
		}
	}
	if _, err := ArrayValues([]byte{1, 2, 3}, "uint16"); err == nil {
		t.Error("odd byte count accepted for uint16")
	}
	if _, err := ArrayValues(nil, "complex64"); err == nil {
		t.Error("unknown dtype accepted")
	}
}

func TestArrayImageAndMask(t *testing.T) {
	in := &Input{Kind: KindArray, Name: "raw", DType: "float32", Width: 3, Height: 2,
		Bytes: le(t, []float32{1, 2, 3, 4, 5, 6})}
	img, info, err := in.Image()
	if err != nil {
		t.Fatal(err)
	}
	if img.At(2, 1) != 6 || img.Spacing != [2]float64{1, 1} || info.Width != 3 {
		t.Errorf("image %+v spacing %v", img.Pix, img.Spacing)
	}
	in.Spacing = [2]float64{0.1, 0.2}
	img, _, _ = in.Image()
	if img.Spacing != [2]float64{0.1, 0.2} {
		t.Errorf("spacing override lost: %v", img.Spacing)
	}

	bad := &Input{Kind: KindArray, Name: "nan", DType: "float64", Width: 2, Height: 1,
		Bytes: le(t, []float64{1, math.NaN()})}
	if _, _, err := bad.Image(); err == nil || !strings.Contains(err.Error(), "(1, 0)") {
		t.Errorf("NaN pixel: %v", err)
	}
	short := &Input{Kind: KindArray, Name: "short", DType: "uint8", Width: 3, Height: 3,
		Bytes: []byte{1, 2}}
	if _, _, err := short.Image(); err == nil || !strings.Contains(err.Error(), "2 bytes") {
		t.Errorf("short array: %v", err)
	}

	m := &Input{Kind: KindArray, Name: "m", DType: "int16", Width: 2, Height: 1,
		Bytes: le(t, []int16{0, -1})}
	if _, _, err := m.Mask(); err == nil || !strings.Contains(err.Error(), "not a label") {
		t.Errorf("negative label: %v", err)
	}
	m.Bytes = le(t, []int16{0, 255})
	mask, _, err := m.Mask()
	if err != nil || mask.Labels[1] != 255 {
		t.Errorf("mask %v %v", mask, err)
	}
}

// TestRGBAUsesFileRules checks that ImageData goes through the same grey conversion as a PNG
// of the same pixels: ITU-R 601 luma Y = 0.299 R + 0.587 G + 0.114 B.
func TestRGBAUsesFileRules(t *testing.T) {
	rgba := []byte{
		255, 0, 0, 255, 0, 255, 0, 255,
		0, 0, 255, 255, 10, 10, 10, 128, // alpha is ignored
	}
	in := &Input{Kind: KindRGBA, Name: "canvas", Bytes: rgba, Width: 2, Height: 2}
	img, _, err := in.Image()
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.299 * 255, 0.587 * 255, 0.114 * 255, 10}
	for i, w := range want {
		if math.Abs(img.Pix[i]-w) > 1e-9 {
			t.Errorf("pixel %d = %v, want %v", i, img.Pix[i], w)
		}
	}
	// The same pixels as a PNG file give the same values.
	nrgba := image.NewNRGBA(image.Rect(0, 0, 2, 2))
	copy(nrgba.Pix, rgba)
	var b bytes.Buffer
	png.Encode(&b, nrgba)
	file := &Input{Kind: KindFile, Name: "x.png", Bytes: b.Bytes()}
	img2, _, err := file.Image()
	if err != nil {
		t.Fatal(err)
	}
	for i := range img.Pix {
		if img.Pix[i] != img2.Pix[i] {
			t.Errorf("pixel %d: ImageData %v, PNG %v", i, img.Pix[i], img2.Pix[i])
		}
	}
	if _, _, err := (&Input{Kind: KindRGBA, Name: "c", Bytes: rgba, Width: 3, Height: 2}).Image(); err == nil {
		t.Error("wrong RGBA length accepted")
	}
}

func TestDecodeForDisplay(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 4, 3))
	g.Set(1, 1, color.Gray{Y: 255})
	g.Set(2, 1, color.Gray{Y: 120})
	var b bytes.Buffer
	png.Encode(&b, g)
	in := &Input{Kind: KindFile, Name: "m.png", Bytes: b.Bytes()}
	d, err := DecodeForDisplay(in, "mask")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.LabelValues) != 2 || d.LabelValues[0] != 120 || d.LabelValues[1] != 255 {
		t.Errorf("label values %v, want [120 255]", d.LabelValues)
	}
	if d.Summary.Width != 4 || d.Summary.Format != "PNG" {
		t.Errorf("summary %+v", d.Summary)
	}
	d, err = DecodeForDisplay(in, "image")
	if err != nil || d.Min != 0 || d.Max != 255 || d.Pixels[5] != 255 {
		t.Errorf("image display: %+v %v", d, err)
	}
	if _, err := DecodeForDisplay(&Input{Kind: KindFile, Name: "junk.png",
		Bytes: []byte("not an image")}, "image"); err == nil ||
		!strings.Contains(err.Error(), "junk.png") {
		t.Errorf("junk: %v", err)
	}
	if _, err := DecodeForDisplay(in, "volume"); err == nil {
		t.Error("unknown role accepted")
	}
}
