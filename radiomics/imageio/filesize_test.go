package imageio

import (
	"testing"

	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
)

// TestCheckFileSize: the size check callers run before reading a file gives the very error
// DecodeImage and DecodeMask give for the bytes.
func TestCheckFileSize(t *testing.T) {
	err := CheckFileSize("image", "big.png", DefaultMaxBytes+1, nil)
	wantErr(t, err, ErrTooLarge, "decode image big.png: file has 268435457 bytes, over the "+
		"limit of 268435456 bytes (Options.MaxBytes)")
	if err := CheckFileSize("mask", "ok.png", DefaultMaxBytes, nil); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	data := imageiotest.PNG(imageiotest.Gray(8, 8, func(x, y int) uint8 { return 1 }))
	opt := &Options{MaxBytes: int64(len(data)) - 1}
	_, _, derr := DecodeMask(data, "m.png", opt)
	cerr := CheckFileSize("mask", "m.png", int64(len(data)), opt)
	if derr == nil || cerr == nil || derr.Error() != cerr.Error() {
		t.Errorf("DecodeMask %v\nCheckFileSize %v", derr, cerr)
	}
}
