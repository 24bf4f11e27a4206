package ui

import (
	"strings"
	"sync"
	"testing"

	"github.com/uran-browser/uran/wasm/api"
)

// cineHost decodes "cine.dcm" as a DICOM of 3 frames (grey level 10 × the frame everywhere)
// and records the frames it was asked for; anything else is fakeHost's.
type cineHost struct {
	fakeHost
	mu     sync.Mutex
	frames []int
}

func (h *cineHost) Decode(f File, as string) (*api.Decoded, error) {
	if as != "image" || f.Name != "cine.dcm" {
		return h.fakeHost.Decode(f, as)
	}
	h.mu.Lock()
	h.frames = append(h.frames, f.Frame)
	h.mu.Unlock()
	d, err := h.fakeHost.Decode(f, as)
	if err != nil {
		return nil, err
	}
	d.Summary.Format, d.Summary.Frames, d.Summary.Frame = "DICOM", 3, f.Frame
	for i := range d.Pixels {
		d.Pixels[i] = float32(10 * f.Frame)
	}
	return d, nil
}

// TestFrameOfCineLoop: a multi-frame image opens on frame 1 and the page offers a Frame field
// (1 to the number of frames, from the decode summary); the frame chosen is decoded, shown
// and passed to the prediction. A single-frame image has no such field.
func TestFrameOfCineLoop(t *testing.T) {
	h := &cineHost{}
	p := newPage(t, h)
	p.render()
	p.wait("model", func(a *App) bool { return a.Model != nil })
	a := p.root.App
	step := p.step

	html := step("single image", func() { a.OpenImage(smallFile{"case.png"}) },
		func(a *App) bool { return a.Image != nil })
	if strings.Contains(html, `id="image-frame"`) {
		t.Error("a single-frame image shows the frame field")
	}

	html = step("cine", func() { a.OpenImage(smallFile{"cine.dcm"}) },
		func(a *App) bool { return a.Image != nil && a.Image.File.Name == "cine.dcm" })
	for _, want := range []string{`id="image-frame"`, `type="number"`, `min="1"`, `max="3"`,
		`value="1"`, "Frame of the image (1 to <span>3</span>;"} {
		if !strings.Contains(html, want) {
			t.Errorf("cine: page lacks %q", want)
		}
	}
	if a.Image.File.Frame != 1 || a.Image.Decoded.Pixels[0] != 10 {
		t.Errorf("cine opened at frame %d (pixel %v), want 1", a.Image.File.Frame,
			a.Image.Decoded.Pixels[0])
	}

	step("mask", func() { a.OpenMask(smallFile{"m.png"}) },
		func(a *App) bool { return a.Mask != nil })
	html = step("frame 3", func() { a.SetFrame(3) },
		func(a *App) bool { return a.Image.File.Frame == 3 && !a.Busy["image"] })
	if !strings.Contains(html, `value="3"`) || a.Image.Decoded.Pixels[0] != 30 ||
		a.Mask == nil {
		t.Errorf("frame 3: pixel %v, mask %v, field value shown: %v",
			a.Image.Decoded.Pixels[0], a.Mask != nil, strings.Contains(html, `value="3"`))
	}
	// Out of range: ignored.
	p.ee.Lock()
	a.SetFrame(4)
	a.SetFrame(0)
	p.ee.Unlock()
	if a.Busy["image"] || a.Image.File.Frame != 3 {
		t.Errorf("frames 4 and 0 were not ignored: frame %d", a.Image.File.Frame)
	}

	step("result", func() { a.Run() }, func(a *App) bool { return a.Result != nil })
	h.fakeHost.mu.Lock()
	req := h.predicted[len(h.predicted)-1]
	h.fakeHost.mu.Unlock()
	if req.Image.Name != "cine.dcm" || req.Image.Frame != 3 {
		t.Errorf("predicted %s at frame %d, want cine.dcm at frame 3", req.Image.Name,
			req.Image.Frame)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.frames) != 2 || h.frames[0] != 1 || h.frames[1] != 3 {
		t.Errorf("frames decoded %v, want [1 3]", h.frames)
	}
}
