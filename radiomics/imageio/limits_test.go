package imageio

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
)

// allocated runs f and returns the bytes it allocated.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// setTIFFSize rewrites the ImageWidth (0x100) and ImageLength (0x101) entries of the first
// IFD of a little-endian TIFF: header "II", 42, IFD offset; IFD: count, 12-byte entries
// (tag, type, count, value).
func setTIFFSize(data []byte, w, h uint32) []byte {
	out := append([]byte{}, data...)
	ifd := binary.LittleEndian.Uint32(out[4:])
	n := binary.LittleEndian.Uint16(out[ifd:])
	for i := uint32(0); i < uint32(n); i++ {
		e := out[ifd+2+12*i:]
		v := map[uint16]uint32{0x100: w, 0x101: h}[binary.LittleEndian.Uint16(e)]
		if v == 0 {
			continue
		}
		if binary.LittleEndian.Uint16(e[2:]) == 3 { // SHORT
			binary.LittleEndian.PutUint16(e[8:], uint16(v))
		} else {
			binary.LittleEndian.PutUint32(e[8:], v)
		}
	}
	return out
}

// setJPEGSize rewrites the height and width of the first SOF segment.
func setJPEGSize(data []byte, w, h uint16) []byte {
	out := append([]byte{}, data...)
	i := bytes.Index(out, []byte{0xff, 0xc0})
	binary.BigEndian.PutUint16(out[i+5:], h)
	binary.BigEndian.PutUint16(out[i+7:], w)
	return out
}

// setBMPSize rewrites the width and height of a BITMAPINFOHEADER (offsets 18 and 22).
func setBMPSize(data []byte, w, h int32) []byte {
	out := append([]byte{}, data...)
	binary.LittleEndian.PutUint32(out[18:], uint32(w))
	binary.LittleEndian.PutUint32(out[22:], uint32(h))
	return out
}

// TestHugeDeclaredSize: headers that claim 60000 × 60000 pixels are refused before any pixel
// buffer exists, in every format, with a message naming the file, the size and the limit.
func TestHugeDeclaredSize(t *testing.T) {
	small := imageiotest.Gray(8, 8, func(x, y int) uint8 { return 1 })
	dcm := mono8(2, 2, []byte{1, 2, 3, 4})
	dcm.Rows, dcm.Cols = 60000, 60000
	cases := map[string][]byte{
		"bomb.png": imageiotest.PNGBomb(60000, 60000, 1<<20),
		"big.jpg":  setJPEGSize(imageiotest.JPEG(small, 90), 60000, 60000),
		"big.bmp":  setBMPSize(imageiotest.BMP(small), 60000, 60000),
		"big.tif":  setTIFFSize(imageiotest.TIFF(small, false), 60000, 60000),
		"big.npy":  imageiotest.RawNPY("<f8", false, "(60000, 60000)", nil),
		"big.dcm":  dcm.Encode(),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			var err error
			n := allocated(func() { _, _, err = DecodeImage(data, name, nil) })
			wantErr(t, err, ErrTooLarge, "decode image "+name, "60000 × 60000 pixels "+
				"(3600000000), over the limit of 40000000 pixels (Options.MaxPixels)")
			if n > 8<<20 {
				t.Errorf("allocated %d bytes before refusing", n)
			}
		})
	}
	if len(cases["bomb.png"]) > 4096 {
		t.Errorf("the bomb is %d bytes; it should be tiny", len(cases["bomb.png"]))
	}
}

func TestConfigurableLimits(t *testing.T) {
	data := imageiotest.PNG(imageiotest.Gray(100, 100, func(x, y int) uint8 { return 0 }))
	_, _, err := DecodeImage(data, "a.png", &Options{MaxPixels: 5000})
	wantErr(t, err, ErrTooLarge, "100 × 100 pixels (10000), over the limit of 5000 pixels")
	if _, _, err := DecodeImage(data, "a.png", &Options{MaxPixels: 10000}); err != nil {
		t.Errorf("at the limit: %v", err)
	}

	_, _, err = DecodeImage(data, "a.png", &Options{MaxBytes: 100})
	wantErr(t, err, ErrTooLarge, "decode image a.png: file has", "over the limit of 100 bytes")

	path := filepath.Join(t.TempDir(), "a.png")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = ReadImage(path, &Options{MaxBytes: 100})
	wantErr(t, err, ErrTooLarge, "read image "+path, "over the limit of 100 bytes")
	if _, _, err := ReadImage(path, nil); err != nil {
		t.Error(err)
	}
	if _, _, err := ReadImage(filepath.Join(t.TempDir(), "missing.png"), nil); !os.IsNotExist(
		unwrapAll(err)) {
		t.Errorf("missing file: %v", err)
	}
}

func unwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return err
		}
		err = u.Unwrap()
	}
}

// TestTruncatedAndCorrupt: every format answers a cut or damaged file with ErrCorrupt (or
// ErrUnsupported for a damaged field that names an unknown feature), never a panic.
func TestTruncatedAndCorrupt(t *testing.T) {
	g := imageiotest.Gray(16, 16, func(x, y int) uint8 { return uint8(x * y) })
	valid := map[Format][]byte{
		PNG:   imageiotest.PNG(g),
		JPEG:  imageiotest.JPEG(g, 90),
		BMP:   imageiotest.BMP(g),
		TIFF:  imageiotest.TIFF(g, true),
		NPY:   imageiotest.NPY([][]uint16{{1, 2}, {3, 4}}),
		DICOM: mono8(16, 16, g.Pix).Encode(),
	}
	for f, data := range valid {
		t.Run(string(f)+"/truncated", func(t *testing.T) {
			for _, n := range []int{len(data) * 2 / 3, len(data) / 2} {
				_, _, err := DecodeImage(data[:n], "cut", nil)
				// Every format says so; NPY and DICOM also say how much is missing.
				wantErr(t, err, ErrCorrupt, "decode image cut: "+string(f)+" is truncated")
			}
		})
	}

	flip := func(data []byte, i int, b byte) []byte {
		out := append([]byte{}, data...)
		out[i] = b
		return out
	}
	corrupt := []struct {
		name, want string
		data       []byte
		kind       error
	}{
		{"png-crc", "PNG is corrupt: png: invalid format: invalid checksum",
			flip(valid[PNG], 20, 0x7f), ErrCorrupt},
		{"jpeg-dht", "JPEG is corrupt: invalid JPEG format: DHT has wrong length",
			flip(valid[JPEG], bytes.Index(valid[JPEG], []byte{0xff, 0xc4})+3, 3), ErrCorrupt},
		{"bmp-depth", "BMP uses a feature that is not supported",
			flip(valid[BMP], 28, 7), ErrUnsupported},
		{"tiff-ifd", "TIFF is truncated or its header is damaged: the first IFD (the image's " +
			"directory) is at byte 2130706696, past the end of the file (430 bytes)",
			flip(valid[TIFF], 7, 0x7f), ErrCorrupt},
		{"npy-header", "NPY header is not a NumPy header dictionary", flip(valid[NPY], 8, 30),
			ErrCorrupt},
		{"dicom-meta", "decode image bad: DICOM file meta information does not start with " +
			"its group length (0002,0000): the file is damaged, or is not a DICOM Part 10 file",
			flip(valid[DICOM], 132, 0x08), ErrCorrupt},
	}
	for _, c := range corrupt {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := DecodeImage(c.data, "bad", nil)
			wantErr(t, err, c.kind, c.want)
		})
	}
}

func TestUnknownAndEmpty(t *testing.T) {
	_, _, err := DecodeImage([]byte("hello world"), "notes.txt", nil)
	wantErr(t, err, ErrUnknownFormat, "decode image notes.txt: content is not a supported "+
		"format (first bytes 68 65 6c 6c 6f 20 77 6f; supported: PNG, JPEG, BMP, TIFF, NPY, "+
		"DICOM)")

	_, _, err = DecodeImage([]byte("GIF89a\x01\x00\x01\x00"), "a.gif", nil)
	wantErr(t, err, ErrUnsupported, "decode image a.gif: is a GIF file, which is not supported")

	_, _, err = DecodeMask(nil, "zero.png", nil)
	wantErr(t, err, ErrEmpty, "decode mask zero.png: file is empty (0 bytes)")
}

func TestNameMismatchWarning(t *testing.T) {
	data := imageiotest.PNG(imageiotest.Gray(1, 1, func(x, y int) uint8 { return 0 }))
	_, info, err := DecodeImage(data, "photo.JPG", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !hasWarning(info, "the name ends in .jpg but the content is PNG") {
		t.Errorf("warnings %q", info.Warnings)
	}
}

func TestFrameOptionOnSingleFrameFormat(t *testing.T) {
	data := imageiotest.PNG(imageiotest.Gray(1, 1, func(x, y int) uint8 { return 0 }))
	_, _, err := DecodeImage(data, "one.png", &Options{Frame: 2})
	wantErr(t, err, ErrFrame, "PNG file has a single frame; frame 2 was requested")
	if _, _, err := DecodeImage(data, "one.png", &Options{Frame: 1}); err != nil {
		t.Error(err)
	}
}

func TestBadSpacingOption(t *testing.T) {
	data := imageiotest.PNG(imageiotest.Gray(1, 1, func(x, y int) uint8 { return 0 }))
	_, _, err := DecodeImage(data, "one.png", &Options{Spacing: [2]float64{0.5, 0}})
	if err == nil || !contains(err.Error(), "Options.Spacing") {
		t.Errorf("err %v", err)
	}
}

// TestDICOMHugeElement: a 300-byte DICOM whose first data element declares 4 GB is refused
// by the guard before the library allocates that length.
func TestDICOMHugeElement(t *testing.T) {
	data := mono8(1, 2, []byte{1, 2}).Encode()
	// Find Samples per Pixel (0028,0002), a US element, and turn it into an OB element of
	// length 0xFFFFFFF0: tag, "OB", 2 reserved bytes, 4-byte length.
	i := bytes.Index(data, []byte{0x28, 0x00, 0x02, 0x00, 'U', 'S'})
	huge := append(append([]byte{}, data[:i+4]...), 'O', 'B', 0, 0, 0xf0, 0xff, 0xff, 0xff)
	huge = append(huge, data[i+10:]...)
	var err error
	n := allocated(func() { _, _, err = DecodeImage(huge, "huge.dcm", nil) })
	wantErr(t, err, ErrCorrupt, "element (0028,0002) declares 4294967280 bytes but only")
	if n > 1<<20 {
		t.Errorf("allocated %d bytes", n)
	}
}

// TestDICOMDeepNesting: sequences nested a thousand deep are refused (the library recurses).
func TestDICOMDeepNesting(t *testing.T) {
	data := mono8(1, 2, []byte{1, 2}).Encode()
	i := bytes.Index(data, []byte{0x28, 0x00, 0x02, 0x00, 'U', 'S'})
	var nest []byte
	// Each level: (0008,1115) SQ of undefined length, then an item of undefined length.
	for k := 0; k < 1000; k++ {
		nest = append(nest, 0x08, 0x00, 0x15, 0x11, 'S', 'Q', 0, 0, 0xff, 0xff, 0xff, 0xff)
		nest = append(nest, 0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff)
	}
	deep := append(append(append([]byte{}, data[:i]...), nest...), data[i:]...)
	_, _, err := DecodeImage(deep, "deep.dcm", nil)
	wantErr(t, err, ErrUnsupported, "sequences are nested more than 32 deep")
}

// TestFrameOptionOnSingleFrameMask: a mask drawn on the chosen frame of a cine loop is a
// single-frame file; with that frame chosen it is used as it is, while an image must hold the
// frame.
func TestFrameOptionOnSingleFrameMask(t *testing.T) {
	data := imageiotest.PNG(imageiotest.Gray(2, 1, func(x, y int) uint8 {
		return uint8(255 * x)
	}))
	m, info, err := DecodeMask(data, "m.png", &Options{Frame: 3})
	if err != nil || m.Labels[1] != 255 || info.Frames != 1 {
		t.Errorf("single-frame mask at frame 3: %v, info %+v", err, info)
	}
}
