package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
)

// TestSizeLimitFlags: -max-pixels and -max-bytes set the decoders' limits; the messages name
// the flag to raise, and the header of a huge image is refused with the same hint.
func TestSizeLimitFlags(t *testing.T) {
	dir := t.TempDir()
	img, mask := writeCase(t, dir)
	huge := filepath.Join(dir, "huge.png")
	write(t, huge, imageiotest.PNGBomb(60000, 60000, 1<<10))
	runRobust(t, []robustCase{
		{"-max-pixels", []string{"-image", img, "-mask", mask, "-max-pixels", "700"}, 1,
			[]string{"extract: read image " + img + ": PNG header declares 32 × 24 pixels " +
				"(768), over the limit of 700 pixels; if the file is genuine, raise the " +
				"limit with -max-pixels"}},
		{"default limit", []string{"-image", huge, "-mask", mask}, 1,
			[]string{"extract: read image " + huge + ": PNG header declares 60000 × 60000 " +
				"pixels (3600000000), over the limit of 40000000 pixels; if the file is " +
				"genuine, raise the limit with -max-pixels"}},
		{"-max-bytes", []string{"-image", img, "-mask", mask, "-max-bytes", "50"}, 1,
			nil},
		{"-max-pixels 0", []string{"-image", img, "-mask", mask, "-max-pixels", "0"}, 2,
			[]string{"extract: -max-pixels 0: want at least 1 pixel"}},
		{"-max-bytes -1", []string{"-image", img, "-mask", mask, "-max-bytes", "-1"}, 2,
			[]string{"extract: -max-bytes -1: want at least 1 byte"}},
	})
	code, _, errs := runCmd("-image", img, "-mask", mask, "-max-bytes", "50")
	if code != 1 || !strings.HasPrefix(errs, "extract: read image "+img+": file has ") ||
		!strings.HasSuffix(errs, " bytes, over the limit of 50 bytes; if the file is genuine, "+
			"raise the limit with -max-bytes\n") {
		t.Errorf("-max-bytes 50: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := runCmd("-image", img, "-mask", mask, "-max-pixels", "768"); code != 0 {
		t.Errorf("-max-pixels at the image's size: exit %d: %s", code, errs)
	}
}

// TestImageGivenAsMask: the image given as the mask (swapped arguments) is refused with the
// file named; an empty mask gives its error alone, without a warning saying the same.
func TestImageGivenAsMask(t *testing.T) {
	dir := t.TempDir()
	img, mask := writeCase(t, dir)
	code, _, errs := runCmd("-image", mask, "-mask", img)
	want := "extract: find lesion in " + img + ": the mask holds 200 distinct non-zero " +
		"values, more than the 64 a lesion mask has, so it looks like a grey image, not a " +
		"mask: check that the image and the mask were not given in each other's place, or " +
		"choose the lesion's label if the mask really holds that many labels\n"
	if code != 1 || !strings.HasSuffix(errs, want) {
		t.Errorf("swapped: exit %d, stderr %q; want it to end\n%s", code, errs, want)
	}

	empty := filepath.Join(dir, "empty.png")
	write(t, empty, imageiotest.PNG(imageiotest.Gray(W, H, func(x, y int) uint8 { return 0 })))
	code, _, errs = runCmd("-image", img, "-mask", empty)
	want = "extract: find lesion in " + empty + ": the mask is empty (every pixel is 0), so " +
		"there is no lesion to measure\n"
	if code != 1 || errs != want {
		t.Errorf("empty mask: exit %d, stderr %q; want only\n%s", code, errs, want)
	}
}
