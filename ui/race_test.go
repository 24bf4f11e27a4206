package ui

import (
	"strings"
	"testing"

	"github.com/uran-browser/uran/wasm/api"
)

// slowHost decodes like fakeHost, but an image decode waits until release is closed.
type slowHost struct {
	fakeHost
	release chan struct{}
}

func (h *slowHost) Decode(f File, as string) (*api.Decoded, error) {
	if as == "image" {
		<-h.release
	}
	return h.fakeHost.Decode(f, as)
}

// TestMaskChosenWhileImageOpens: a mask chosen while its image is still being decoded is
// kept, the image is applied when it arrives, the mask is checked against that image (not
// against none), and nothing stays "opening".
func TestMaskChosenWhileImageOpens(t *testing.T) {
	h := &slowHost{release: make(chan struct{})}
	p := newPage(t, h)
	p.render()
	p.wait("model", func(a *App) bool { return a.Model != nil })
	a := p.root.App
	p.ee.Lock()
	a.OpenImage(smallFile{"case.png"})
	a.OpenMask(smallFile{"m.png"})
	p.ee.Unlock()
	p.wait("mask", func(a *App) bool { return a.Mask != nil && !a.Busy["mask"] })
	if a.Image != nil || !a.Busy["image"] {
		t.Fatalf("image applied before its decode finished")
	}
	close(h.release)
	html := p.step("image", func() {}, func(a *App) bool { return !a.Busy["image"] })
	if a.Image == nil || a.Mask == nil || a.Mask.File.Name != "m.png" {
		t.Fatalf("image %v, mask %v: want both", a.Image != nil, a.Mask != nil)
	}
	if len(a.Busy) != 0 || len(a.Errors) != 0 {
		t.Errorf("busy %v, errors %v after both opened", a.Busy, a.Errors)
	}
	if !a.CanRun() {
		t.Errorf("cannot run: %s", a.RunHint())
	}
	if want := "Opening"; strings.Contains(html, want) {
		t.Errorf("page still says %q", want)
	}
}
