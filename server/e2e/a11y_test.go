package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserKeyboardAndZoom uses the page the way a keyboard user at 200 % zoom does: the
// viewport is 640 × 500 CSS pixels (a 1280 × 1000 window at 200 %), every control has an
// accessible name, the page does not scroll sideways, and a sample is opened, its outline
// drawn and the prediction run with the keyboard alone.
func TestBrowserKeyboardAndZoom(t *testing.T) {
	s := startSite(t, distDir(t))
	b := newBrowser(t)
	b.do(t, 10*time.Second, chromedp.EmulateViewport(640, 500, chromedp.EmulateScale(2)))
	openPage(t, b, s.URL+"/")
	eval[bool](t, b, 5*time.Second, `(() => { window.__status = []; const el = document.`+
		`querySelector("[role=status][aria-live]"); new MutationObserver(() => window.`+
		`__status.push(el.textContent)).observe(el, {childList: true, characterData: true, `+
		`subtree: true}); return true; })()`)
	chooseSample(t, b, "phantom-small")

	unlabelled := eval[[]string](t, b, 5*time.Second, `[...document.querySelectorAll(
		"input, select, button, canvas, progress, meter")].filter(el => {
			if (el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")) return false;
			if (el.labels && el.labels.length) return false;
			if (el.tagName === "BUTTON") return el.textContent.trim() === "";
			return true;
		}).map(el => el.outerHTML.slice(0, 80))`)
	if len(unlabelled) > 0 {
		t.Errorf("controls without an accessible name: %v", unlabelled)
	}
	overflow := eval[float64](t, b, 5*time.Second,
		`document.documentElement.scrollWidth - document.documentElement.clientWidth`)
	if overflow > 1 {
		t.Errorf("the page scrolls sideways by %v px at 200 %% zoom", overflow)
	}

	key := func(k string, mods ...chromedp.Modifier) {
		t.Helper()
		var opts []chromedp.KeyOption
		if len(mods) > 0 {
			opts = append(opts, chromedp.KeyModifiers(mods...))
		}
		b.do(t, 10*time.Second, chromedp.KeyEvent(k, opts...))
	}
	// Switch to drawing with the keyboard: focus the button, press Enter.
	b.do(t, 10*time.Second, chromedp.Focus(chromedp.ID("mode-draw")))
	key(kb.Enter)
	b.waitFor(t, 10*time.Second, `document.getElementById("mode-draw").getAttribute(`+
		`"aria-pressed") === "true"`)
	// Draw a square around the small lesion (centre 300, 270, radius about 30) with the
	// cursor keys: the cross starts at the image centre (250, 210).
	b.do(t, 10*time.Second, chromedp.Focus(chromedp.ID("viewer-canvas")))
	move := func(k string, n int) {
		for i := 0; i < n; i++ {
			key(k, kb.ModifierShift) // 10 pixels per press
		}
	}
	move(kbRight, 1) // (260, 210)
	key(" ")
	move(kbRight, 8) // (340, 210)
	key(" ")
	move(kbDown, 11) // (340, 320)
	key(" ")
	move(kbLeft, 8) // (260, 320)
	key(" ")
	key(kb.Enter)
	state := `document.getElementById("outline-state").textContent`
	if !b.poll(t, 10*time.Second, state+` === "closed outline, 4 points"`) {
		t.Fatalf("after the keys the outline is %q (focus on %q); announcements: %q",
			eval[string](t, b, 5*time.Second, state),
			eval[string](t, b, 5*time.Second, `document.activeElement.id`),
			eval[[]string](t, b, 5*time.Second, `window.__status`))
	}
	b.do(t, 10*time.Second, chromedp.Focus(chromedp.ID("run")))
	key(kb.Enter)
	b.waitFor(t, runTimeout, `!!document.getElementById("predicted-class")`)
	// Focus moves to the result for screen readers.
	active := eval[string](t, b, 5*time.Second, `document.activeElement.id`)
	if active != "results" {
		t.Errorf("focus after the run is on %q, want the results", active)
	}
	status := eval[string](t, b, 5*time.Second,
		`document.querySelector("[role=status][aria-live]").textContent`)
	if !strings.HasPrefix(status, "Result: ") {
		t.Errorf("live region says %q", status)
	}
}

// Arrow keys for chromedp.KeyEvent.
const (
	kbRight = kb.ArrowRight
	kbLeft  = kb.ArrowLeft
	kbDown  = kb.ArrowDown
)
