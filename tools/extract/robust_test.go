package main

import (
	"image"
	"image/color"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
)

// robustCase is one bad input listed in the README's bad-input table given to the command, with the
// exact line it must print on standard error (and nothing else there but warnings).
type robustCase struct {
	name  string
	args  []string
	code  int
	lines []string // each must be a whole line of standard error
}

func runRobust(t *testing.T, cases []robustCase) {
	t.Helper()
	for _, c := range cases {
		code, _, errs := runCmd(c.args...)
		got := strings.Split(strings.TrimRight(errs, "\n"), "\n")
		if code != c.code {
			t.Errorf("%s: exit %d, want %d; stderr:\n%s", c.name, code, c.code, errs)
		}
		for _, want := range c.lines {
			found := false
			for _, g := range got {
				found = found || g == want
			}
			if !found {
				t.Errorf("%s: stderr lacks the line\n  %s\ngot:\n  %s", c.name, want,
					strings.Join(got, "\n  "))
			}
		}
		if strings.Contains(errs, "usage:") && c.code != 2 {
			t.Errorf("%s: usage text printed for an input problem", c.name)
		}
	}
}

// TestParameterFileErrors: parameter-file problems through -params name the file and the
// problem in one line, without the usage text, exit status 2.
func TestParameterFileErrors(t *testing.T) {
	dir := t.TempDir()
	img, mask := writeCase(t, dir)
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		write(t, p, []byte(text))
		return p
	}
	cases := []struct{ name, yaml, want string }{
		{"unknown.yaml", "setting:\n  binWidht: 5\n", `unknown setting "binWidht" (line 2)`},
		{"type.yaml", "setting:\n  binWidth: wide\n",
			`setting binWidth: must be a number, got "wide" (line 2)`},
		{"negative.yaml", "setting:\n  binWidth: -5\n",
			"setting binWidth: must be a finite number > 0, got -5 (line 2)"},
		{"bincount.yaml", "setting:\n  binCount: 0\n",
			"setting binCount: must be an integer >= 1, got 0 (line 2)"},
		{"sigma.yaml", "imageType:\n  LoG:\n    sigma: [0]\n",
			"imageType LoG: setting sigma: every sigma must be a finite number > 0, got 0 " +
				"(line 3)"},
		{"sigmaneg.yaml", "imageType:\n  LoG:\n    sigma: [1, -2]\n",
			"imageType LoG: setting sigma: every sigma must be a finite number > 0, got -2 " +
				"(line 3)"},
	}
	var rc []robustCase
	for _, c := range cases {
		p := file(c.name, c.yaml)
		rc = append(rc, robustCase{c.name, []string{"-image", img, "-mask", mask, "-params", p},
			2, []string{"extract: parameter file " + p + ": " + c.want}})
	}
	runRobust(t, rc)
	if code, _, errs := runCmd("-image", img, "-mask", mask, "-params",
		filepath.Join(dir, "unknown.yaml")); code != 2 || strings.Contains(errs, "usage:") {
		t.Errorf("parameter file error printed the usage text: %s", errs)
	}
}

// TestInputErrors: each bad image or mask file names the file and the problem.
func TestInputErrors(t *testing.T) {
	dir := t.TempDir()
	img, mask := writeCase(t, dir)
	put := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		write(t, p, data)
		return p
	}
	gray := func(w, h int, f func(x, y int) uint8) []byte {
		return imageiotest.PNG(imageiotest.Gray(w, h, f))
	}
	only := func(v uint8) func(x, y int) uint8 {
		return func(x, y int) uint8 {
			if maskValue(x, y) == 255 {
				return v
			}
			return 0
		}
	}
	m255 := put("m255.png", gray(W, H, only(255)))
	m120 := put("m120.png", gray(W, H, only(120)))
	empty := put("empty.png", gray(W, H, func(x, y int) uint8 { return 0 }))
	small := put("small.png", gray(4, 3, func(x, y int) uint8 { return 1 }))
	good := imageiotest.PNG(imageiotest.Gray(W, H, level))
	trunc := put("trunc.png", good[:len(good)/2])
	huge := put("huge.png", imageiotest.PNGBomb(60000, 60000, 1<<10))
	vol := put("vol.npy", imageiotest.RawNPY("|u1", false, "(3, 24, 32)", make([]byte, 3*W*H)))
	cine := put("cine.dcm", imageiotest.DICOM{Rows: H, Cols: W, Frames: 3, Samples: 1,
		BitsAllocated: 8, Photometric: "MONOCHROME2", Pixels: make([]byte, 3*W*H)}.Encode())
	empty0 := put("nothing.png", nil)

	runRobust(t, []robustCase{
		{"label 1 on a 0/255 mask", []string{"-image", img, "-mask", m255, "-label", "1"}, 1,
			[]string{"extract: find lesion in " + m255 + ": label 1 is not in the mask; the " +
				"mask's labels are 255 (96 pixels, 1 region). Choose one of them, or 0 for " +
				"every non-zero pixel"}},
		{"label 1 on a 0/120 mask", []string{"-image", img, "-mask", m120, "-label", "1"}, 1,
			[]string{"extract: find lesion in " + m120 + ": label 1 is not in the mask; the " +
				"mask's labels are 120 (96 pixels, 1 region). Choose one of them, or 0 for " +
				"every non-zero pixel"}},
		{"empty mask", []string{"-image", img, "-mask", empty}, 1,
			[]string{"extract: find lesion in " + empty + ": the mask is empty (every pixel " +
				"is 0), so there is no lesion to measure"}},
		{"size mismatch", []string{"-image", img, "-mask", small}, 1,
			[]string{"extract: match mask " + small + ": PNG mask is 4 × 3 pixels but image " +
				img + " is 32 × 24; a mask must have its image's size"}},
		{"truncated PNG", []string{"-image", trunc, "-mask", mask}, 1,
			[]string{"extract: read image " + trunc + ": PNG is truncated: unexpected EOF"}},
		{"60000 × 60000 header", []string{"-image", huge, "-mask", mask}, 1,
			[]string{"extract: read image " + huge + ": PNG header declares 60000 × 60000 " +
				"pixels (3600000000), over the limit of 40000000 pixels; if the file is " +
				"genuine, raise the limit with -max-pixels"}},
		{"3-D npy", []string{"-image", vol, "-mask", mask}, 1,
			[]string{"extract: read image " + vol + ": NPY array has shape (3, 24, 32), a 3-D " +
				"volume or a stack of 3 images: save one slice, arr[k]; only 2-D arrays " +
				"(rows, columns) are supported: squeeze or select one slice, and convert " +
				"colour to grey"}},
		{"multi-frame DICOM", []string{"-image", cine, "-mask", mask}, 1,
			[]string{"extract: read image " + cine + ": DICOM has 3 frames (a cine loop or a " +
				"volume) but URAN measures one 2-D image: choose one with the frame option " +
				"(1 to 3; -frame in the commands, frame in the JavaScript API) or export " +
				"that frame as a single image"}},
		{"empty file", []string{"-image", empty0, "-mask", mask}, 1,
			[]string{"extract: read image " + empty0 + ": file is empty (0 bytes)"}},
	})
	// The multi-frame file with -frame: extracted.
	if code, _, errs := runCmd("-image", cine, "-mask", mask, "-frame", "2"); code != 0 {
		t.Errorf("-frame 2: exit %d: %s", code, errs)
	}
}

// TestLesionWarnings: several lesions, coloured (Doppler) and pure-white lesion pixels are
// reported on standard error with the file named, and the features are still extracted.
func TestLesionWarnings(t *testing.T) {
	dir := t.TempDir()
	img, mask := writeCase(t, dir)
	// The test mask has labels 255 (x 4–15, y 4–11) and 7 (x 20–27, y 14–19): two lesions.
	runRobust(t, []robustCase{{"two lesions", []string{"-image", img, "-mask", mask}, 0,
		[]string{
			"warning: lesion in " + mask + ": the lesion (every non-zero pixel) has 2 " +
				"separate regions (8-connected) of 96 and 48 pixels; they are measured " +
				"together as one region of interest",
			"warning: lesion in " + mask + ": the mask has 2 labels, 7 (48 pixels, 1 region) " +
				"and 255 (96 pixels, 1 region); with label 0 every non-zero pixel is one " +
				"lesion: choose a label to measure one of them",
		}}})

	// A colour image: the grey test image with a red block x 8–11, y 6–9 (16 pixels, all in
	// label 255's rectangle) and a white row x 4–9 at y 4 (6 pixels): 768 pixels in all,
	// 16 coloured (2.08 %); of the 96 lesion pixels 16 are coloured and 6 white (6.25 %).
	rgb := image.NewRGBA(image.Rect(0, 0, W, H))
	for y := 0; y < H; y++ {
		for x := 0; x < W; x++ {
			v := level(x, y)
			c := color.RGBA{v, v, v, 255}
			if x >= 8 && x < 12 && y >= 6 && y < 10 {
				c = color.RGBA{200, 30, 30, 255}
			}
			if y == 4 && x >= 4 && x < 10 {
				c = color.RGBA{255, 255, 255, 255}
			}
			rgb.Set(x, y, c)
		}
	}
	dop := filepath.Join(dir, "doppler.png")
	write(t, dop, imageiotest.PNG(rgb))
	runRobust(t, []robustCase{{"Doppler", []string{"-image", dop, "-mask", mask, "-label",
		"255"}, 0, []string{
		"warning: image " + dop + ": 16 of 768 pixels (2.08%) are coloured (R, G, B not all " +
			"equal: colour Doppler or annotations?); they were converted to grey with the " +
			"BT.601 luma weights",
		"warning: lesion in " + mask + ": 16 of the lesion's 96 pixels (16.7%) are coloured " +
			"(R, G, B not all equal): colour Doppler or annotations inside the lesion; their " +
			"grey values come from the overlay, not from the B-mode echo, and change the " +
			"features",
		"warning: lesion in " + mask + ": 6 of the lesion's 96 pixels (6.2%) are pure white " +
			"(255, the largest value the file holds): clipped echoes, or text or calipers " +
			"burnt into the image; their true intensity is unknown",
	}}})
}
