//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/uran-browser/uran/ui"
	"github.com/uran-browser/uran/wasm/api"
	"github.com/uran-browser/uran/wasm/engine"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/domrender"
)

// runPage mounts the vugu UI. It expects app.js to have started the engine and left the
// client in globalThis.uranPage.client.
func runPage() error {
	page := js.Global().Get("uranPage")
	if !page.Truthy() || !page.Get("client").Truthy() {
		return errors.New("the page bootstrap (app.js) did not start the engine")
	}
	h := &host{client: page.Get("client"), doc: js.Global().Get("document")}

	renderer, err := newRenderer("#vugu_mount_point")
	if err != nil {
		return err
	}
	defer renderer.Release()
	env, err := vugu.NewBuildEnv(renderer.EventEnv())
	if err != nil {
		return err
	}
	h.env = renderer.EventEnv()
	root := &ui.Root{App: ui.NewApp(h), EngineVersion: version}
	h.app = root.App
	first := true
	for ok := true; ok; ok = renderer.EventWait() {
		if err := renderer.Render(env.RunBuild(root)); err != nil {
			return fmt.Errorf("render: %w", err)
		}
		if first {
			first = false
			js.Global().Get("document").Get("documentElement").Call("setAttribute",
				"data-uran-ready", "1")
		}
	}
	return nil
}

// newRenderer creates vugu's DOM renderer without eval. domrender.New installs its helper
// functions by calling window.eval on a script; the page's Content-Security-Policy forbids
// eval, so the identical script is served as vugu-helpers.js (extracted from the vugu module
// at build time) and loaded by index.html, and eval is replaced by a no-op for that one call.
func newRenderer(mount string) (*domrender.JSRenderer, error) {
	w := js.Global().Get("window")
	if w.Get("vuguRender").Type() != js.TypeFunction {
		return nil, errors.New("vugu-helpers.js is not loaded")
	}
	orig := w.Get("eval")
	noop := js.FuncOf(func(js.Value, []js.Value) any { return js.Undefined() })
	w.Set("eval", noop)
	defer func() {
		w.Set("eval", orig)
		noop.Release()
	}()
	return domrender.New(mount)
}

// host implements ui.Host in the browser.
type host struct {
	client js.Value // the URAN JavaScript client (uran.js)
	doc    js.Value
	env    vugu.EventEnv
	app    *ui.App

	painted   int      // Scene.Version on the offscreen canvas
	offscreen js.Value // the image at full resolution, after window/level
}

// pageLimitWords rewrite the JavaScript API's advice on size limits ("raise the limit with the
// maxPixels option") into advice a user of the page can follow.
var pageLimitWords = strings.NewReplacer(engine.JSLimitNames.Pixels, ui.PageLimitNames.Pixels,
	engine.JSLimitNames.Bytes, ui.PageLimitNames.Bytes)

// await waits for a JavaScript promise. It must not run on the goroutine of a JavaScript
// callback (vugu event handlers), which would stop the event loop that settles the promise.
func await(p js.Value) (js.Value, error) {
	type outcome struct {
		v   js.Value
		err error
	}
	ch := make(chan outcome, 1)
	ok := js.FuncOf(func(_ js.Value, a []js.Value) any {
		ch <- outcome{v: arg0(a)}
		return nil
	})
	fail := js.FuncOf(func(_ js.Value, a []js.Value) any {
		e := arg0(a)
		msg := e.String()
		if e.Type() == js.TypeObject && e.Get("message").Type() == js.TypeString {
			msg = e.Get("message").String()
		}
		ch <- outcome{err: errors.New(pageLimitWords.Replace(msg))}
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	p.Call("then", ok, fail)
	o := <-ch
	return o.v, o.err
}

func arg0(a []js.Value) js.Value {
	if len(a) == 0 {
		return js.Undefined()
	}
	return a[0]
}

func bytesToJS(b []byte) js.Value {
	a := jsUint8Array.New(len(b))
	js.CopyBytesToJS(a, b)
	return a
}

// LoadModel loads the default model (data nil) or a weights file.
func (h *host) LoadModel(data []byte, name string) (*api.ModelInfo, error) {
	var p js.Value
	if data == nil {
		p = h.client.Call("loadModel")
	} else {
		p = h.client.Call("loadModel", bytesToJS(data), name)
	}
	v, err := await(p)
	if err != nil {
		return nil, err
	}
	var info api.ModelInfo
	return &info, api.FromValue(fromJS(v), &info)
}

// Decode decodes an image or mask file in the engine, at f.Frame.
func (h *host) Decode(f ui.File, as string) (*api.Decoded, error) {
	opts := js.Global().Get("Object").New()
	opts.Set("frame", f.Frame)
	v, err := await(h.client.Call("decode", bytesToJS(f.Data), as, f.Name, opts))
	if err != nil {
		return nil, err
	}
	var d api.Decoded
	return &d, api.FromValue(fromJS(v), &d)
}

// Predict runs a prediction; progress is called on its own goroutine, in order.
func (h *host) Predict(req ui.PredictRequest, progress func(api.Progress)) (*api.Result,
	error) {
	r := js.Global().Get("Object").New()
	r.Set("image", bytesToJS(req.Image.Data))
	r.Set("imageName", req.Image.Name)
	r.Set("frame", req.Image.Frame)
	switch {
	case req.Mask != nil:
		r.Set("mask", bytesToJS(req.Mask.Data))
		r.Set("maskName", req.Mask.Name)
	case req.Drawn != nil:
		m := js.Global().Get("Object").New()
		m.Set("data", bytesToJS(req.Drawn.Labels))
		m.Set("width", req.Drawn.Width)
		m.Set("height", req.Drawn.Height)
		r.Set("mask", m)
		r.Set("maskName", "drawn outline")
	default:
		return nil, errors.New("no mask and no drawn outline")
	}
	r.Set("label", req.Label)

	// Progress arrives in a JavaScript callback, which must not block: hand it to a
	// goroutine that applies it in order.
	updates := make(chan api.Progress, 256)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for p := range updates {
			progress(p)
		}
	}()
	onProgress := js.FuncOf(func(_ js.Value, a []js.Value) any {
		var p api.Progress
		if api.FromValue(fromJS(arg0(a)), &p) == nil {
			select {
			case updates <- p:
			default: // a slow page skips intermediate steps
			}
		}
		return nil
	})
	defer onProgress.Release()
	r.Set("onProgress", onProgress)

	v, err := await(h.client.Call("predict", r))
	close(updates)
	<-done
	if err != nil {
		return nil, err
	}
	var res api.Result
	return &res, api.FromValue(fromJS(v), &res)
}

// Cancel stops the engine's current work.
func (h *host) Cancel() { h.client.Call("cancel") }

// jsFile is a File object chosen or dropped by the user.
type jsFile struct{ v js.Value }

func (f jsFile) Name() string { return f.v.Get("name").String() }
func (f jsFile) Size() int64  { return int64(f.v.Get("size").Float()) }
func (f jsFile) Read() ([]byte, error) {
	buf, err := await(f.v.Call("arrayBuffer"))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", f.Name(), err)
	}
	return typedBytes(buf), nil
}

// EventFiles returns the files of a change event on <input type=file> or of a drop event.
func (h *host) EventFiles(ev vugu.DOMEvent) []ui.FileRef {
	var list js.Value
	if dt := js.Value(ev.JSEvent()).Get("dataTransfer"); dt.Truthy() {
		list = dt.Get("files")
	} else {
		list = js.Value(ev.JSEventTarget()).Get("files")
	}
	if !list.Truthy() {
		return nil
	}
	out := make([]ui.FileRef, list.Length())
	for i := range out {
		out[i] = jsFile{list.Index(i)}
	}
	return out
}

// Fetch reads a file of the page's own origin.
func (h *host) Fetch(path string) ([]byte, error) {
	res, err := await(js.Global().Call("fetch", path))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", path, err)
	}
	if !res.Get("ok").Bool() {
		return nil, fmt.Errorf("fetch %s: HTTP %d", path, res.Get("status").Int())
	}
	buf, err := await(res.Call("arrayBuffer"))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", path, err)
	}
	return typedBytes(buf), nil
}

// Paint draws the scene: the windowed image scaled by the zoom, the mask outline in yellow,
// the drawn outline in cyan with its vertices, and the keyboard cross.
func (h *host) Paint(id string, s *ui.Scene) {
	cv := h.doc.Call("getElementById", id)
	if !cv.Truthy() || s == nil {
		return
	}
	if h.painted != s.Version || !h.offscreen.Truthy() {
		off := h.doc.Call("createElement", "canvas")
		off.Set("width", s.Width)
		off.Set("height", s.Height)
		octx := off.Call("getContext", "2d")
		img := octx.Call("createImageData", s.Width, s.Height)
		js.CopyBytesToJS(img.Get("data"), s.RGBA)
		octx.Call("putImageData", img, 0, 0)
		h.offscreen, h.painted = off, s.Version
	}
	ctx := cv.Call("getContext", "2d")
	w, hgt := cv.Get("width").Float(), cv.Get("height").Float()
	ctx.Set("imageSmoothingEnabled", s.Zoom < 1)
	ctx.Call("clearRect", 0, 0, w, hgt)
	ctx.Call("drawImage", h.offscreen, 0, 0, w, hgt)
	z := s.Zoom
	path2D := js.Global().Get("Path2D")

	if len(s.MaskEdges) > 0 {
		var b strings.Builder
		for i := 0; i+3 < len(s.MaskEdges); i += 4 {
			fmt.Fprintf(&b, "M%.2f %.2fL%.2f %.2f", float64(s.MaskEdges[i])*z,
				float64(s.MaskEdges[i+1])*z, float64(s.MaskEdges[i+2])*z,
				float64(s.MaskEdges[i+3])*z)
		}
		ctx.Set("lineWidth", 2)
		ctx.Set("strokeStyle", "#ffd400")
		ctx.Call("stroke", path2D.New(b.String()))
	}
	if len(s.Outline) > 0 {
		var b strings.Builder
		for i, p := range s.Outline {
			cmd := "L"
			if i == 0 {
				cmd = "M"
			}
			fmt.Fprintf(&b, "%s%.2f %.2f", cmd, p.X*z, p.Y*z)
		}
		if s.Closed {
			b.WriteString("Z")
		}
		ctx.Set("lineWidth", 2)
		ctx.Set("strokeStyle", "#00e5ff")
		ctx.Call("stroke", path2D.New(b.String()))
		for i, p := range s.Outline {
			r := 3.0
			ctx.Set("fillStyle", "#00e5ff")
			if i == s.Selected {
				r = 5
				ctx.Set("fillStyle", "#ff4081")
			}
			ctx.Call("fillRect", p.X*z-r, p.Y*z-r, 2*r, 2*r)
		}
	}
	if s.Cursor != nil {
		x, y := s.Cursor.X*z, s.Cursor.Y*z
		ctx.Set("lineWidth", 1)
		ctx.Set("strokeStyle", "#ff4081")
		ctx.Call("stroke", path2D.New(fmt.Sprintf("M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f",
			x-10, y, x+10, y, x, y-10, x, y+10)))
	}
}

// ElementWidth returns an element's inner width.
func (h *host) ElementWidth(id string) float64 {
	el := h.doc.Call("getElementById", id)
	if !el.Truthy() {
		return 0
	}
	return el.Get("clientWidth").Float()
}

// Download saves data through a temporary object URL; nothing leaves the browser.
func (h *host) Download(name, mime string, data []byte) {
	parts := js.Global().Get("Array").New(bytesToJS(data))
	opts := js.Global().Get("Object").New()
	opts.Set("type", mime)
	blob := js.Global().Get("Blob").New(parts, opts)
	url := js.Global().Get("URL").Call("createObjectURL", blob)
	a := h.doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	a.Set("hidden", true)
	h.doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	var revoke js.Func
	revoke = js.FuncOf(func(js.Value, []js.Value) any {
		js.Global().Get("URL").Call("revokeObjectURL", url)
		revoke.Release()
		return nil
	})
	js.Global().Call("setTimeout", revoke, 60000)
}

// Print opens the print dialog; the style sheet's print rules show the summary only.
func (h *host) Print() { js.Global().Call("print") }

// Focus moves keyboard focus to an element.
func (h *host) Focus(id string) {
	if el := h.doc.Call("getElementById", id); el.Truthy() {
		el.Call("focus")
	}
}

// SetValue sets a form control's live value when it differs.
func (h *host) SetValue(id, value string) {
	el := h.doc.Call("getElementById", id)
	if el.Truthy() && el.Get("value").String() != value {
		if f, err := strconv.ParseFloat(value, 64); err == nil &&
			el.Get("type").String() == "range" {
			if cur, err := strconv.ParseFloat(el.Get("value").String(), 64); err == nil &&
				abs(cur-f) < 1e-9*(1+abs(f)) {
				return
			}
		}
		el.Set("value", value)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// CapturePointer keeps pointer events on the canvas during a drag.
func (h *host) CapturePointer(ev vugu.DOMEvent) {
	e := js.Value(ev.JSEvent())
	if t := js.Value(ev.JSEventTarget()); t.Truthy() && e.Get("pointerId").Truthy() {
		t.Call("setPointerCapture", e.Get("pointerId"))
	}
}
