package ui

import (
	"bytes"
	"errors"
	"math"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uran-browser/uran/wasm/api"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/staticrender"
)

// fakeHost stands in for the browser and the engine. Decode produces a 40×30 image (values
// 0..255 by column) and masks with a 10×10 square of label 255.
type fakeHost struct {
	mu        sync.Mutex
	predicted []PredictRequest
	downloads map[string][]byte
	failModel bool
}

func (h *fakeHost) LoadModel(data []byte, name string) (*api.ModelInfo, error) {
	if h.failModel {
		return nil, errors.New("weights file bad.uranw: checksum mismatch")
	}
	src := "default"
	if data != nil {
		src = "file"
	}
	return &api.ModelInfo{Source: src, Name: name, Task: "benign vs malignant <lesion>",
		Classes: []string{"benign", "malignant"}, PositiveClass: "malignant", Threshold: 0.5,
		Features: 100, KeyFeatures: []string{"a", "b"}, Attention: true,
		Training: api.Training{Dataset: "BUSI", Rows: 400, Groups: 300,
			ClassCounts: []api.ClassCount{{Class: "benign", N: 270},
				{Class: "malignant", N: 130}}},
		Evaluation: &api.Evaluation{AUC: 0.9, AUCLow: 0.85, AUCHigh: 0.95, Accuracy: 0.8}}, nil
}

func (h *fakeHost) Decode(f File, as string) (*api.Decoded, error) {
	const w, hgt = 40, 30
	s := api.InputSummary{Name: f.Name, Format: "PNG", Width: w, Height: hgt,
		Spacing: [2]float64{1, 1}}
	if as == "mask" {
		l := make([]uint32, w*hgt)
		for y := 10; y < 20; y++ {
			for x := 10; x < 20; x++ {
				l[y*w+x] = 255
			}
		}
		return &api.Decoded{Summary: s, Labels: l, LabelValues: []uint32{255}}, nil
	}
	p := make([]float32, w*hgt)
	for i := range p {
		p[i] = float32(i % w * 255 / (w - 1))
	}
	return &api.Decoded{Summary: s, Pixels: p, Min: 0, Max: 255}, nil
}

func (h *fakeHost) Predict(req PredictRequest, progress func(api.Progress)) (*api.Result, error) {
	h.mu.Lock()
	h.predicted = append(h.predicted, req)
	h.mu.Unlock()
	progress(api.Progress{Step: "original", Done: 1, Total: 2})
	return sampleResult(), nil
}

func sampleResult() *api.Result {
	gates := []api.Gate{
		{Feature: "wavelet-LH_glcm_Contrast", ImageType: "wavelet-LH", Value: 0.8},
		{Feature: "original_shape2D_Elongation<script>", ImageType: "original", Value: 0.2}}
	return &api.Result{Classes: []string{"benign", "malignant"},
		Probabilities: []float64{0.3, 0.7}, Class: "malignant", PositiveClass: "malignant",
		Threshold: 0.5, Gates: gates, Attention: api.AttentionShares(gates),
		Features: []api.Feature{{Name: "original_shape2D_Elongation", Value: 0.5},
			{Name: "original_glcm_Correlation", Value: math.NaN()}},
		Image: api.InputSummary{Name: "case 1.png"}, Mask: api.InputSummary{Name: "m.png"}}
}

func (h *fakeHost) Cancel()                            {}
func (h *fakeHost) EventFiles(vugu.DOMEvent) []FileRef { return nil }
func (h *fakeHost) Fetch(path string) ([]byte, error) {
	if path == "samples/samples.json" {
		return []byte(`[{"id":"p1","title":"Phantom 1","image":"p1.png","mask":"p1_mask.png"}]`), nil
	}
	return []byte("png bytes of " + path), nil
}
func (h *fakeHost) Paint(string, *Scene)        {}
func (h *fakeHost) ElementWidth(string) float64 { return 0 }
func (h *fakeHost) Download(name, mime string, data []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.downloads == nil {
		h.downloads = map[string][]byte{}
	}
	h.downloads[name] = data
}
func (h *fakeHost) Print()                       {}
func (h *fakeHost) Focus(string)                 {}
func (h *fakeHost) SetValue(string, string)      {}
func (h *fakeHost) CapturePointer(vugu.DOMEvent) {}

// page renders the root component with staticrender.
type page struct {
	t    *testing.T
	r    *staticrender.StaticRenderer
	ee   *staticrender.RWMutexEventEnv
	env  *vugu.BuildEnv
	root *Root
	buf  bytes.Buffer
}

func newPage(t *testing.T, h Host) *page {
	p := &page{t: t}
	p.r = staticrender.New(&p.buf)
	p.ee = p.r.EventEnv() // a new one on each call: keep this one
	env, err := vugu.NewBuildEnv(p.ee)
	if err != nil {
		t.Fatal(err)
	}
	p.env = env
	p.root = &Root{App: NewApp(h), EngineVersion: "test"}
	return p
}

func (p *page) render() string {
	p.t.Helper()
	ee := p.ee
	ee.Lock()
	defer ee.Unlock()
	p.buf.Reset()
	if err := p.r.Render(p.env.RunBuild(p.root)); err != nil {
		p.t.Fatal(err)
	}
	return p.buf.String()
}

// wait polls cond under the event lock until it holds.
func (p *page) wait(what string, cond func(a *App) bool) {
	p.t.Helper()
	ee := p.ee
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		ee.RLock()
		ok := cond(p.root.App)
		ee.RUnlock()
		if ok {
			return
		}
		// Yield rather than sleep: under js/wasm (Go 1.26, Node) a short sleep while another
		// goroutine finishes was seen to wake only seconds later.
		runtime.Gosched()
	}
	p.t.Fatalf("timed out waiting for %s", what)
}

// step runs f under the event lock (as an event handler would), waits until cond holds and
// returns the page rendered then.
func (p *page) step(what string, f func(), cond func(a *App) bool) string {
	p.t.Helper()
	p.ee.Lock()
	f()
	p.ee.Unlock()
	p.wait(what, cond)
	return p.render()
}

func TestPageRendersModelAndSamples(t *testing.T) {
	p := newPage(t, &fakeHost{})
	html := p.render() // Init starts loading
	if !strings.Contains(html, api.Disclaimer) {
		t.Errorf("disclaimer missing")
	}
	p.wait("model", func(a *App) bool { return a.Model != nil && len(a.Samples) == 1 })
	html = p.render()
	for _, want := range []string{
		"benign vs malignant &lt;lesion&gt;", // text is escaped
		"AUC 0.900 (95% CI 0.850–0.950)",
		"BUSI: 400 cases (270 benign, 130 malignant) in 300 groups (a group is never split",
		`<option value="p1">Phantom 1</option>`,
		"Open an image or choose a sample.",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(html, "<lesion>") {
		t.Errorf("model task was not escaped")
	}
	if strings.Contains(html, ` style="`) || strings.Contains(html, "<script") {
		t.Errorf("inline style or script in the page (forbidden by the CSP)")
	}
}

func TestSampleRunAndExports(t *testing.T) {
	h := &fakeHost{}
	p := newPage(t, h)
	p.render()
	p.wait("samples", func(a *App) bool { return len(a.Samples) == 1 && a.Model != nil })
	a := p.root.App
	p.ee.Lock()
	a.OpenSample("p1")
	p.ee.Unlock()
	p.wait("sample", func(a *App) bool { return a.Mask != nil && a.Image != nil })
	if a.Mask.Pixels != 100 || len(a.Mask.Edges) != 4*40 {
		t.Errorf("mask: %d pixels, %d edges; want 100 and 40", a.Mask.Pixels,
			len(a.Mask.Edges)/4)
	}
	if !a.CanRun() {
		t.Fatalf("cannot run: %s", a.RunHint())
	}
	p.ee.Lock()
	a.Run()
	p.ee.Unlock()
	p.wait("result", func(a *App) bool { return a.Result != nil })
	html := p.render()
	for _, want := range []string{`data-probability="0.7"`, "70.0 %", "malignant",
		"original_shape2D_Elongation&lt;script&gt;", "wavelet-LH (1 feature)", "80.0 %"} {
		if !strings.Contains(html, want) {
			t.Errorf("result lacks %q", want)
		}
	}
	req := h.predicted[0]
	if req.Mask == nil || req.Mask.Name != "p1_mask.png" || req.Image.Name != "p1.png" {
		t.Errorf("request %+v", req)
	}
	a.ExportCSV()
	a.ExportJSON()
	csv := string(h.downloads["uran-case 1-features.csv"])
	if !strings.HasPrefix(csv, "Image,Mask,original_shape2D_Elongation,original_glcm_Correlation\n") ||
		!strings.Contains(csv, ",0.5,nan") {
		t.Errorf("CSV download %q", csv)
	}
	if !bytes.Contains(h.downloads["uran-case 1-report.json"], []byte(`"predictedClass": "malignant"`)) {
		t.Errorf("JSON report %s", h.downloads["uran-case 1-report.json"])
	}
}

func TestDrawnOutlineBecomesMask(t *testing.T) {
	h := &fakeHost{}
	p := newPage(t, h)
	p.render()
	p.wait("model", func(a *App) bool { return a.Model != nil })
	a := p.root.App
	ee := p.ee
	ee.Lock()
	a.open(&source{"img.png", -1, func() ([]byte, error) { return []byte("x"), nil }}, nil)
	ee.Unlock()
	p.wait("image", func(a *App) bool { return a.Image != nil })
	ee.Lock()
	a.SetMaskMode(MaskDrawn)
	a.Tool = ToolPolygon
	for _, q := range []Pt{{5, 5}, {25, 5}, {25, 15}, {5, 15}} {
		a.PointerDown(q, 1)
	}
	if a.CanRun() {
		t.Error("can run with an open outline")
	}
	a.PointerDown(Pt{5.5, 5.2}, 1) // on the first vertex: closes
	if !a.Editor.Outline.Closed || !a.CanRun() {
		t.Fatalf("outline %+v not closed / runnable (%s)", a.Editor.Outline, a.RunHint())
	}
	a.Run()
	ee.Unlock()
	p.wait("result", func(a *App) bool { return a.Result != nil })
	d := h.predicted[0].Drawn
	if d == nil || d.Width != 40 || d.Height != 30 {
		t.Fatalf("drawn mask %+v", d)
	}
	n := 0
	for _, v := range d.Labels {
		n += int(v)
	}
	if n != 200 { // pixel centres inside [5, 25] × [5, 15]: 20 × 10
		t.Errorf("drawn mask has %d pixels, want 200", n)
	}
	html := p.render()
	if !strings.Contains(html, "closed outline, 4 points") {
		t.Errorf("outline state not shown")
	}
}

func TestKeyboardDrawing(t *testing.T) {
	a := NewApp(&fakeHost{})
	d, _ := (&fakeHost{}).Decode(File{Name: "i.png"}, "image")
	a.setImage(File{Name: "i.png"}, d)
	a.SetMaskMode(MaskDrawn)
	a.Cursor = Pt{10, 10}
	press := func(keys ...string) {
		for _, k := range keys {
			if !a.Key(k, false, false) {
				t.Fatalf("key %q not handled", k)
			}
		}
	}
	press(" ", "ArrowRight", "ArrowRight", " ", "ArrowDown", " ")
	if !a.Key("ArrowLeft", true, false) { // Shift: 10 pixels
		t.Fatal("shift-arrow")
	}
	press(" ", "Enter")
	o := a.Editor.Outline
	want := []Pt{{10, 10}, {12, 10}, {12, 11}, {2, 11}}
	if !o.Closed || len(o.Points) != 4 {
		t.Fatalf("outline %+v", o)
	}
	for i := range want {
		if o.Points[i] != want[i] {
			t.Errorf("point %d = %v, want %v", i, o.Points[i], want[i])
		}
	}
	press("]", "ArrowUp")
	if a.Editor.Selected != 0 || a.Editor.Outline.Points[0] != (Pt{10, 9}) {
		t.Errorf("edit with keys: sel %d, %v", a.Editor.Selected, a.Editor.Outline.Points[0])
	}
	if !a.Key("z", false, true) || a.Editor.Outline.Points[0] != (Pt{10, 10}) {
		t.Errorf("Ctrl+Z did not undo the move")
	}
	if a.Key("q", false, false) {
		t.Errorf("unused key reported as handled")
	}
}

func TestModelErrorShown(t *testing.T) {
	p := newPage(t, &fakeHost{failModel: true})
	p.render()
	p.wait("model error", func(a *App) bool { return a.Errors["model"] != "" })
	html := p.render()
	if !strings.Contains(html, `role="alert"`) || !strings.Contains(html, "checksum mismatch") {
		t.Errorf("model error not shown")
	}
	if !strings.Contains(html, "Waiting for the model.") {
		t.Errorf("run hint missing")
	}
}
