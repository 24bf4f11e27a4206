package ui

import (
	"errors"
	"strings"
	"testing"

	"github.com/uran-browser/uran/wasm/api"
)

// badHost decodes masks by name: "small.png" is 20 × 10, "empty.png" has no lesion pixel,
// "two.png" holds two 5 × 5 squares of label 255 and "labels.png" a square of label 1 and one
// of label 2; anything else is fakeHost's 40 × 30 mask.
type badHost struct{ fakeHost }

func (h *badHost) Decode(f File, as string) (*api.Decoded, error) {
	if as != "mask" || f.Name == "m.png" {
		return h.fakeHost.Decode(f, as)
	}
	w, hgt := 40, 30
	if f.Name == "small.png" {
		w, hgt = 20, 10
	}
	l := make([]uint32, w*hgt)
	set := func(x0, y0 int, v uint32) {
		for y := y0; y < y0+5; y++ {
			for x := x0; x < x0+5; x++ {
				l[y*w+x] = v
			}
		}
	}
	var values []uint32
	switch f.Name {
	case "two.png":
		set(5, 5, 255)
		set(25, 15, 255)
		values = []uint32{255}
	case "labels.png":
		set(5, 5, 1)
		set(25, 15, 2)
		values = []uint32{1, 2}
	case "small.png":
		set(2, 2, 255)
		values = []uint32{255}
	}
	return &api.Decoded{Summary: api.InputSummary{Name: f.Name, Format: "PNG", Width: w,
		Height: hgt}, Labels: l, LabelValues: values}, nil
}

// sizedFile is a picked file that fails the test if it is read.
type sizedFile struct {
	name string
	size int64
	t    *testing.T
}

func (f sizedFile) Name() string { return f.name }
func (f sizedFile) Size() int64  { return f.size }
func (f sizedFile) Read() ([]byte, error) {
	f.t.Errorf("%s (%d bytes) was read", f.name, f.size)
	return nil, errors.New("read")
}

type smallFile struct{ name string }

func (f smallFile) Name() string          { return f.name }
func (f smallFile) Size() int64           { return 3 }
func (f smallFile) Read() ([]byte, error) { return []byte("abc"), nil }

// TestPageShowsInputErrors: a mask of another size, an empty mask and oversized files get the
// messages of imageio and weights (as in the commands and the JavaScript API) in the page's
// alert areas; several lesions are reported under the mask.
func TestPageShowsInputErrors(t *testing.T) {
	p := newPage(t, &badHost{})
	p.render()
	p.wait("model", func(a *App) bool { return a.Model != nil })
	a := p.root.App
	step := p.step
	step("image", func() { a.OpenImage(smallFile{"case.png"}) },
		func(a *App) bool { return a.Image != nil })

	html := step("small mask", func() { a.OpenMask(smallFile{"small.png"}) },
		func(a *App) bool { return a.Errors["mask"] != "" })
	want := "match mask small.png: PNG mask is 20 × 10 pixels but image case.png is 40 × 30; " +
		"a mask must have its image&#39;s size"
	if !strings.Contains(html, want) || a.Mask != nil {
		t.Errorf("size mismatch: mask %v, page lacks %q", a.Mask, want)
	}

	html = step("empty mask", func() { a.OpenMask(smallFile{"empty.png"}) },
		func(a *App) bool { return a.Mask != nil && a.Errors["mask"] != "" })
	want = "find lesion in empty.png: the mask is empty (every pixel is 0), so there is no " +
		"lesion to measure"
	if !strings.Contains(html, want) || a.CanRun() {
		t.Errorf("empty mask: can run %v, page lacks %q", a.CanRun(), want)
	}

	html = step("two lesions", func() { a.OpenMask(smallFile{"two.png"}) },
		func(a *App) bool { return a.Mask != nil && a.Mask.File.Name == "two.png" })
	for _, w := range []string{"two.png — PNG, 50 lesion pixels in 2 separate regions",
		"the lesion (every non-zero pixel) has 2 separate regions (8-connected) of 25 and 25 " +
			"pixels; they are measured together as one region of interest"} {
		if !strings.Contains(html, w) {
			t.Errorf("two lesions: page lacks %q", w)
		}
	}
	if a.Errors["mask"] != "" || !a.CanRun() {
		t.Errorf("two lesions: error %q, can run %v", a.Errors["mask"], a.CanRun())
	}

	// Two labels: choosing label 2 measures one square and drops the warnings.
	html = step("labels", func() { a.OpenMask(smallFile{"labels.png"}) },
		func(a *App) bool { return a.Mask != nil && a.Mask.File.Name == "labels.png" })
	if !strings.Contains(html, "the mask has 2 labels, 1 (25 pixels, 1 region) and 2 (25 "+
		"pixels, 1 region); with label 0 every non-zero pixel is one lesion") {
		t.Errorf("two labels: no warning")
	}
	html = step("label 2", func() { a.SetLabel(2) },
		func(a *App) bool { return a.Label == 2 })
	if strings.Contains(html, `id="mask-warnings"`) || a.Mask.Pixels != 25 {
		t.Errorf("label 2: %d pixels, warnings shown", a.Mask.Pixels)
	}
	html = step("label 3", func() { a.SetLabel(3) },
		func(a *App) bool { return a.Label == 3 })
	if !strings.Contains(html, "find lesion in labels.png: label 3 is not in the mask; the "+
		"mask&#39;s labels are 1 (25 pixels, 1 region) and 2 (25 pixels, 1 region)") {
		t.Errorf("label 3: no error shown")
	}

	html = step("huge image", func() {
		a.OpenImage(sizedFile{"huge.tif", 300 << 20, t})
	}, func(a *App) bool { return a.Errors["image"] != "" })
	want = "decode image huge.tif: file has 314572800 bytes, over the limit of 268435456 " +
		"bytes; if the file is genuine, raise the limit with the -max-bytes flag of the " +
		"command-line tools (the page keeps the default)"
	if !strings.Contains(html, want) {
		t.Errorf("huge image: page lacks %q", want)
	}

	html = step("huge weights", func() {
		a.LoadModelFile(sizedFile{"big.uranw", 100 << 20, t})
	}, func(a *App) bool { return a.Errors["model"] != "" })
	want = "weights file big.uranw: not a valid URAN weights file: file is 104857600 bytes, " +
		"more than the 67108864 allowed"
	if !strings.Contains(html, want) {
		t.Errorf("huge weights: page lacks %q", want)
	}
}

// TestResultShowsLesion: the result panel describes the lesion measured.
func TestResultShowsLesion(t *testing.T) {
	c := &Results{App: &App{Result: &api.Result{Lesion: api.Lesion{Label: 0, Pixels: 600,
		Regions: []int{500, 100}, ColoredPixels: 100, SaturatedPixels: 10}}}}
	want := "Lesion: 600 pixels (every non-zero mask pixel) in 2 separate regions; 100 " +
		"coloured and 10 pure white in the image."
	if got := c.LesionText(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	c.App.Result.Lesion = api.Lesion{Label: 255, Pixels: 40, Regions: []int{40}}
	if got := c.LesionText(); got != "Lesion: 40 pixels (mask label 255)." {
		t.Errorf("one region: %q", got)
	}
}
