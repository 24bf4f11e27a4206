package imageio

import (
	"encoding/binary"
	"fmt"
	"math"
	"testing"

	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
)

func TestNPYTypes(t *testing.T) {
	cases := []struct {
		name  string
		rows  any
		model string
		want  []float64
	}{
		{"uint8", [][]uint8{{0, 1, 2}, {253, 254, 255}}, "uint8",
			[]float64{0, 1, 2, 253, 254, 255}},
		{"uint16", [][]uint16{{0, 1000, 65535}}, "uint16", []float64{0, 1000, 65535}},
		{"int16", [][]int16{{-32768, -1}, {0, 32767}}, "int16", []float64{-32768, -1, 0, 32767}},
		{"int32", [][]int32{{-2147483648, 7}}, "int32", []float64{-2147483648, 7}},
		{"float32", [][]float32{{0.5, -1.25}}, "float32", []float64{0.5, -1.25}},
		{"float64", [][]float64{{1e-300, math.Pi}}, "float64", []float64{1e-300, math.Pi}},
		{"int8", [][]int8{{-128, 127}}, "int8", []float64{-128, 127}},
		{"bool", [][]bool{{true, false}}, "bool", []float64{1, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			img, info, err := DecodeImage(imageiotest.NPY(c.rows), c.name+".npy", nil)
			if err != nil {
				t.Fatal(err)
			}
			wantPix(t, img.Pix, c.want, 0)
			if info.ColorModel != c.model || info.Format != NPY {
				t.Errorf("info %+v", info)
			}
		})
	}
}

// TestNPYShape: rows are the first axis, so a (2, 3) array is 3 wide and 2 high.
func TestNPYShape(t *testing.T) {
	img, _, err := DecodeImage(imageiotest.NPY([][]uint8{{1, 2, 3}, {4, 5, 6}}), "s.npy", nil)
	if err != nil {
		t.Fatal(err)
	}
	if img.Width != 3 || img.Height != 2 || img.At(2, 1) != 6 {
		t.Errorf("%d×%d, At(2,1) = %v", img.Width, img.Height, img.At(2, 1))
	}
}

// TestNPYFortran: a Fortran-order (2, 3) array stores column by column: 1 4 2 5 3 6 holds
// the rows (1 2 3) and (4 5 6).
func TestNPYFortran(t *testing.T) {
	data := imageiotest.RawNPY("|u1", true, "(2, 3)", []byte{1, 4, 2, 5, 3, 6})
	img, _, err := DecodeImage(data, "f.npy", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, []float64{1, 2, 3, 4, 5, 6}, 0)
}

func TestNPYBigEndian(t *testing.T) {
	raw := make([]byte, 4)
	binary.BigEndian.PutUint16(raw, 300)
	binary.BigEndian.PutUint16(raw[2:], 2)
	img, _, err := DecodeImage(imageiotest.RawNPY(">u2", false, "(1, 2)", raw), "be.npy", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPix(t, img.Pix, []float64{300, 2}, 0)
}

func TestNPYNotFinite(t *testing.T) {
	rows := [][]float32{{1, 2, 3}, {4, float32(math.NaN()), 6}}
	_, _, err := DecodeImage(imageiotest.NPY(rows), "nan.npy", nil)
	wantErr(t, err, ErrNotFinite, "decode image nan.npy", "NPY", "pixel (row 1, column 1) is NaN")

	rows64 := [][]float64{{math.Inf(-1), 0}}
	_, _, err = DecodeImage(imageiotest.NPY(rows64), "inf.npy", nil)
	wantErr(t, err, ErrNotFinite, "pixel (row 0, column 0) is -Inf")
}

func TestNPYBadShapesAndTypes(t *testing.T) {
	_, _, err := DecodeImage(imageiotest.RawNPY("|u1", false, "(2, 2, 3)", make([]byte, 12)),
		"rgb.npy", nil)
	wantErr(t, err, ErrUnsupported, "array has shape (2, 2, 3)", "only 2-D arrays")

	// 2-D inputs read as 3-D: a singleton axis, and a true volume.
	_, _, err = DecodeImage(imageiotest.RawNPY("|u1", false, "(1, 4, 5)", make([]byte, 20)),
		"slice.npy", nil)
	wantErr(t, err, ErrUnsupported, "decode image slice.npy: NPY array has shape (1, 4, 5), "+
		"a 2-D image stored as 3-D (an axis of length 1): save arr.squeeze(); only 2-D arrays")
	_, _, err = DecodeMask(imageiotest.RawNPY("|u1", false, "(7, 4, 5)", make([]byte, 140)),
		"vol.npy", nil)
	wantErr(t, err, ErrUnsupported, "decode mask vol.npy: NPY array has shape (7, 4, 5), a 3-D "+
		"volume or a stack of 7 images: save one slice, arr[k]")

	_, _, err = DecodeImage(imageiotest.NPY([]uint8{1, 2, 3}), "vec.npy", nil)
	wantErr(t, err, ErrUnsupported, "array has shape (3,)")

	_, _, err = DecodeImage(imageiotest.RawNPY("<c16", false, "(1, 1)", make([]byte, 16)),
		"c.npy", nil)
	wantErr(t, err, ErrUnsupported, `dtype "<c16" is not supported`)

	_, _, err = DecodeImage(imageiotest.RawNPY("<u2", false, "(0, 5)", nil), "empty.npy", nil)
	wantErr(t, err, ErrCorrupt, "header declares an empty image")

	big := make([]byte, 8)
	binary.LittleEndian.PutUint64(big, 1<<60)
	_, _, err = DecodeImage(imageiotest.RawNPY("<u8", false, "(1, 1)", big), "u8.npy", nil)
	wantErr(t, err, ErrUnsupported, "beyond ±2^53")
}

func TestNPYTruncated(t *testing.T) {
	data := imageiotest.NPY([][]uint16{{1, 2, 3}, {4, 5, 6}})
	_, _, err := DecodeImage(data[:len(data)-1], "cut.npy", nil)
	wantErr(t, err, ErrCorrupt, "NPY is truncated", "needs 12 bytes of data, the file has 11")

	_, _, err = DecodeImage(data[:9], "cut.npy", nil)
	wantErr(t, err, ErrCorrupt, "truncated inside its preamble")

	// npyio writes format version 2: a 4-byte header length at bytes 8–11, so 40 bytes leave
	// 28 for the header.
	if data[6] != 2 {
		t.Fatalf("npyio wrote version %d", data[6])
	}
	hlen := binary.LittleEndian.Uint32(data[8:])
	_, _, err = DecodeImage(data[:40], "cut.npy", nil)
	wantErr(t, err, ErrCorrupt, fmt.Sprintf("header declares %d bytes but the file has 28", hlen))
}

func TestNPYMask(t *testing.T) {
	mask, info, err := DecodeMask(imageiotest.NPY([][]float64{{0, 1}, {2, 0}}), "m.npy", nil)
	if err != nil {
		t.Fatal(err)
	}
	if mask.Labels[1] != 1 || mask.Labels[2] != 2 || len(info.Labels) != 2 {
		t.Errorf("labels %v info %+v", mask.Labels, info.Labels)
	}
	_, _, err = DecodeMask(imageiotest.NPY([][]float64{{0, 0.5}}), "half.npy", nil)
	wantErr(t, err, ErrBadLabel, "mask pixel (row 0, column 1) is 0.5")
	_, _, err = DecodeMask(imageiotest.NPY([][]int16{{0}, {-3}}), "neg.npy", nil)
	wantErr(t, err, ErrBadLabel, "mask pixel (row 1, column 0) is -3")
	_, _, err = DecodeMask(imageiotest.NPY([][]float32{{float32(math.NaN())}}), "nan.npy", nil)
	wantErr(t, err, ErrBadLabel, "is NaN")

	mask, _, err = DecodeMask(imageiotest.NPY([][]bool{{false, true}}), "b.npy", nil)
	if err != nil || mask.Labels[1] != 1 {
		t.Errorf("bool mask %v %v", mask, err)
	}
}
