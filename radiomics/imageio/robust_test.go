package imageio

import (
	"errors"
	"testing"
	"time"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
)

// TestLimitNamesInMessages: a caller that names the limits (the commands' -max-pixels and
// -max-bytes) gets messages that say how to raise them; without names they name the Go field.
func TestLimitNamesInMessages(t *testing.T) {
	data := imageiotest.PNG(imageiotest.Gray(100, 100, func(x, y int) uint8 { return 0 }))
	opt := &Options{MaxPixels: 5000, LimitNames: CommandLimitNames}
	_, _, err := DecodeImage(data, "a.png", opt)
	wantErr(t, err, ErrTooLarge, "decode image a.png: PNG header declares 100 × 100 pixels "+
		"(10000), over the limit of 5000 pixels; if the file is genuine, raise the limit with "+
		"-max-pixels")
	_, _, err = DecodeMask(data, "a.png", &Options{MaxPixels: 5000})
	wantErr(t, err, ErrTooLarge, "over the limit of 5000 pixels (Options.MaxPixels)")

	opt = &Options{MaxBytes: 100, LimitNames: LimitNames{Bytes: "the maxBytes option"}}
	_, _, err = DecodeImage(data, "a.png", opt)
	wantErr(t, err, ErrTooLarge, "decode image a.png: file has", "over the limit of 100 "+
		"bytes; if the file is genuine, raise the limit with the maxBytes option")
	err = CheckFileSize("mask", "m.png", 101, &Options{MaxBytes: 100,
		LimitNames: CommandLimitNames})
	wantErr(t, err, ErrTooLarge, "decode mask m.png: file has 101 bytes, over the limit of "+
		"100 bytes; if the file is genuine, raise the limit with -max-bytes")
}

// TestPNGBombs: zip-bomb PNGs are refused quickly and without allocating what they inflate
// to. One declares 8000 × 8000 pixels in a 61-kilobyte file (refused at the header); the
// other declares a legal 32 × 24 but its IDAT inflates to 200 MB of zeros (refused once the
// declared rows are full, without inflating the rest).
func TestPNGBombs(t *testing.T) {
	cases := []struct {
		name, want string
		data       []byte
		kind       error
	}{
		{"big_header.png", "decode image big_header.png: PNG header declares 8000 × 8000 " +
			"pixels (64000000), over the limit of 40000000 pixels (Options.MaxPixels)",
			imageiotest.PNGBomb(8000, 8000, 64_000_000+8000), ErrTooLarge},
		{"small_header.png", "decode image small_header.png: PNG is corrupt: its compressed " +
			"image data holds more than the 32 × 24 pixels its header declares (a " +
			"decompression bomb?)", imageiotest.PNGBomb(32, 24, 200<<20), ErrCorrupt},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if len(c.data) > 256<<10 {
				t.Fatalf("the bomb is %d bytes; it should be small", len(c.data))
			}
			var err error
			start := time.Now()
			n := allocated(func() { _, _, err = DecodeImage(c.data, c.name, nil) })
			wantErr(t, err, c.kind, c.want)
			if n > 8<<20 {
				t.Errorf("allocated %d bytes before refusing", n)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestDICOMTruncatedSaysSo: a DICOM cut inside its pixel data says that it is truncated,
// with the tag written as DICOM writes it.
func TestDICOMTruncatedSaysSo(t *testing.T) {
	data := mono8(24, 32, make([]byte, 24*32)).Encode()
	_, _, err := DecodeImage(data[:len(data)-552], "trunc.dcm", nil)
	wantErr(t, err, ErrCorrupt, "decode image trunc.dcm: DICOM is truncated: element "+
		"(7FE0,0010) declares 768 bytes but only 216 remain in the file")
}

// TestCheckLesionImageAsMask: a grey image given as the mask (swapped arguments) is refused
// with label 0, while masks of up to ImageLikeLabels labels, and a label chosen explicitly,
// are accepted.
func TestCheckLesionImageAsMask(t *testing.T) {
	grey := func(levels int) *radiomics.Mask {
		m := &radiomics.Mask{Width: 32, Height: 24, Labels: make([]uint32, 32*24)}
		for i := range m.Labels {
			m.Labels[i] = uint32(1 + i%levels)
		}
		return m
	}
	_, err := CheckLesion(grey(200), "busi.png", 0, nil, nil)
	wantErr(t, err, ErrImageLikeMask, "find lesion in busi.png: the mask holds 200 distinct "+
		"non-zero values, more than the 64 a lesion mask has, so it looks like a grey image, "+
		"not a mask: check that the image and the mask were not given in each other's "+
		"place, or choose the lesion's label if the mask really holds that many labels")
	if errors.Is(err, ErrNoLesion) {
		t.Error("kind is also ErrNoLesion")
	}

	if _, err := CheckLesion(grey(200), "busi.png", 7, nil, nil); err != nil {
		t.Errorf("explicit label: %v", err)
	}
	if _, err := CheckLesion(grey(ImageLikeLabels), "labels.png", 0, nil, nil); err != nil {
		t.Errorf("%d labels: %v", ImageLikeLabels, err)
	}
	_, err = CheckLesion(grey(ImageLikeLabels+1), "labels.png", 0, nil, nil)
	wantErr(t, err, ErrImageLikeMask, "the mask holds 65 distinct non-zero values")
}
