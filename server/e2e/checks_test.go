package e2e

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/weights"
)

// cspWatch collects the securitypolicyviolation events of every document the tab loads
// (the page, the example portal), across navigations: a script installed before each
// document's own scripts forwards them to the test through a CDP binding.
type cspWatch struct {
	mu         sync.Mutex
	violations []string
}

func (w *cspWatch) list() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.violations...)
}

// check fails the test on any violation seen so far.
func (w *cspWatch) check(t testing.TB, what string) {
	t.Helper()
	for _, v := range w.list() {
		t.Errorf("%s: Content-Security-Policy violation: %s", what, v)
	}
}

const cspBinding = "__uranCSPViolation"

func watchCSP(t testing.TB, b *browser) *cspWatch {
	t.Helper()
	w := &cspWatch{}
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	err := chromedp.Listen(b.ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventBindingCalled); ok && e.Name == cspBinding {
			w.mu.Lock()
			w.violations = append(w.violations, e.Payload)
			w.mu.Unlock()
		}
	})
	if err == nil {
		_, err = chromedp.Call(ctx, runtime.AddBinding, runtime.AddBindingParams{Name: cspBinding})
	}
	if err == nil {
		script := `document.addEventListener("securitypolicyviolation", (e) => {
			globalThis.` + cspBinding + `(JSON.stringify({directive: e.effectiveDirective,
				blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber,
				sample: e.sample, disposition: e.disposition}));
		}, true);`
		_, err = chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: script})
	}
	if err != nil {
		t.Fatalf("install the CSP listener: %v", err)
	}
	return w
}

// checkModelCard asserts that the model card shows the model's task, every class, the
// cross-validated AUC (and its CI) read from the weights file, and the research-software
// disclaimer.
func checkModelCard(t testing.TB, b *browser, m *weights.Model) {
	t.Helper()
	card := eval[map[string]string](t, b, 5*time.Second, `(() => {
		const txt = id => (document.getElementById(id) || {}).textContent || "";
		const panel = document.getElementById("model-title").closest(".panel");
		return {task: txt("model-task"), classes: txt("model-classes"),
			metrics: txt("model-metrics"), panel: panel ? panel.textContent : ""};
	})()`)
	if card["task"] != m.Task {
		t.Errorf("model card task %q, weights file %q", card["task"], m.Task)
	}
	if got, want := card["classes"], strings.Join(m.Classes, ", "); !strings.HasPrefix(got,
		want) {
		t.Errorf("model card classes %q, weights file %q", got, want)
	}
	if e := m.Evaluation; e != nil {
		want := fmt.Sprintf("AUC %.3f", e.URAN.AUC)
		if e.URAN.AUCCI[1] > e.URAN.AUCCI[0] {
			want += fmt.Sprintf(" (95%% CI %.3f–%.3f)", e.URAN.AUCCI[0], e.URAN.AUCCI[1])
		}
		if !strings.HasPrefix(card["metrics"], want) {
			t.Errorf("model card metrics %q, want them to start with %q", card["metrics"], want)
		}
	} else if !strings.Contains(card["metrics"], "none recorded") {
		t.Errorf("model without evaluation: card metrics %q", card["metrics"])
	}
	if !strings.Contains(card["panel"], "Research software, not a diagnosis") {
		t.Errorf("model card without the research-software disclaimer: %q", card["panel"])
	}
}

// runWatch records, from requestAnimationFrame callbacks, what the page shows while a run
// is going: the frames painted, the longest gap between two frames, the step names of the
// progress bar and its values.
type runWatch struct {
	Frames    int       `json:"frames"`    // frames while the run panel showed progress
	MaxGap    float64   `json:"maxGap"`    // ms, longest gap between two such frames
	RunMs     float64   `json:"runMs"`     // ms during which progress was shown
	Steps     []string  `json:"steps"`     // #run-step texts, in order
	Values    []float64 `json:"values"`    // #run-progress values, in order
	Responses []float64 `json:"responses"` // ms between a key press and its handler
}

const installRunWatch = `(() => {
	const w = {frames: 0, maxGap: 0, runMs: 0, steps: [], values: [], responses: [],
		last: -1, first: -1, stop: false};
	window.__runWatch = w;
	const tick = (now) => {
		const step = document.getElementById("run-step");
		if (step) {
			if (w.last >= 0) w.maxGap = Math.max(w.maxGap, now - w.last);
			if (w.first < 0) w.first = now;
			w.last = now;
			w.runMs = now - w.first;
			w.frames++;
		} else {
			w.last = -1;
		}
		if (!w.stop) requestAnimationFrame(tick);
	};
	requestAnimationFrame(tick);
	// Every text and value the progress bar takes, as the page renders it.
	const panel = document.getElementById("run-panel");
	new MutationObserver(() => {
		const step = document.getElementById("run-step");
		if (!step || w.stop) return;
		const s = step.textContent;
		if (w.steps[w.steps.length - 1] !== s) w.steps.push(s);
		const v = +document.getElementById("run-progress").value;
		if (w.values[w.values.length - 1] !== v) w.values.push(v);
	}).observe(panel, {subtree: true, childList: true, characterData: true, attributes: true});
	// A key press while the engine computes: the handler records how long it waited.
	window.addEventListener("keydown", (e) => {
		if (e.key === "F9" && document.getElementById("run-step")) {
			w.responses.push(performance.now() - e.timeStamp);
		}
	});
	return true;
})()`

// watchedRun presses Run with a runWatch installed, presses a key while the run is going,
// and returns what the watch saw.
func watchedRun(t testing.TB, b *browser) runWatch {
	t.Helper()
	eval[bool](t, b, 5*time.Second, installRunWatch)
	done := make(chan struct{})
	go func() {
		defer close(done)
		ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
		defer cancel()
		chromedp.Run(ctx, chromedp.Poll[bool](`!!document.getElementById("run-step") && `+
			`window.__runWatch.frames > 3`, chromedp.WithPollingInterval(20*time.Millisecond)))
		for i := 0; i < 3; i++ {
			chromedp.Run(ctx, chromedp.KeyEvent(kb.F9))
		}
	}()
	runAndWait(t, b)
	<-done
	w := eval[runWatch](t, b, 5*time.Second, `(window.__runWatch.stop = true, window.__runWatch)`)
	return w
}

var stepText = regexp.MustCompile(`^Measured: (\S+) \((\d+) of (\d+) steps\)$`)

// checkRunWatch asserts that the page kept painting frames during the run (the engine runs in
// a Web Worker, so the page's thread stays free), answered key presses promptly, and that the
// progress bar named the image types being measured and only moved forward.
func checkRunWatch(t testing.TB, w runWatch, imageTypes map[string]bool) {
	t.Helper()
	t.Logf("run: %.0f ms with progress shown, %d frames, longest gap %.0f ms, key handled "+
		"after %v ms; steps %q", w.RunMs, w.Frames, w.MaxGap, w.Responses, w.Steps)
	// A frozen page paints no frame for the length of the extraction (seconds); the limits
	// leave room for a machine shared with other jobs.
	if w.Frames < 5 || w.MaxGap > 1000 || float64(w.Frames) < w.RunMs/250 {
		t.Errorf("the page froze during the run: %d frames in %.0f ms, longest gap %.0f ms",
			w.Frames, w.RunMs, w.MaxGap)
	}
	if len(w.Responses) == 0 {
		t.Errorf("no key press was handled while the run was going")
	}
	for _, r := range w.Responses {
		if r > 1000 {
			t.Errorf("a key press waited %.0f ms for its handler during the run", r)
		}
	}
	// The bar names each image type once it is measured, counting the steps done.
	seen := map[string]bool{}
	lastDone, total := 0, 0
	for _, s := range w.Steps {
		m := stepText.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		if !imageTypes[m[1]] && m[1] != "shape2D" {
			t.Errorf("the progress bar shows %q: not an image type of the model", s)
		}
		seen[m[1]] = true
		done, _ := strconv.Atoi(m[2])
		n, _ := strconv.Atoi(m[3])
		if done < lastDone || done > n || (total != 0 && n != total) {
			t.Errorf("the progress bar counts %q after %d of %d steps", s, lastDone, total)
		}
		lastDone, total = done, n
	}
	wavelet := false
	for it := range seen {
		wavelet = wavelet || strings.HasPrefix(it, "wavelet-")
	}
	if !seen["original"] || !wavelet || lastDone != total {
		t.Errorf("the progress bar named the image types %v and ended at %d of %d steps "+
			"(want original and a wavelet sub-band, all steps); it showed %q", seen, lastDone,
			total, w.Steps)
	}
	for i := 1; i < len(w.Values); i++ {
		if w.Values[i] < w.Values[i-1] {
			t.Errorf("the progress bar went back from %v to %v", w.Values[i-1], w.Values[i])
			break
		}
	}
}

// imageTypes are the image types of feature names (original_shape2D_Elongation → original).
func imageTypes(features []string) map[string]bool {
	out := map[string]bool{}
	for _, f := range features {
		if i := strings.Index(f, "_"); i > 0 {
			out[f[:i]] = true
		}
	}
	return out
}

// readCSV parses a downloaded features CSV into its header and row.
func readCSV(t testing.TB, data []byte) (head, row []string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil || len(rows) != 2 || len(rows[0]) != len(rows[1]) || len(rows[0]) < 3 ||
		rows[0][0] != "Image" || rows[0][1] != "Mask" {
		t.Fatalf("features CSV: %v, %d rows", err, len(rows))
	}
	return rows[0], rows[1]
}

// csvValue is the value of the named column of the CSV.
func csvValue(t testing.TB, head, row []string, name string) float64 {
	t.Helper()
	for i, h := range head {
		if h == name {
			v, err := strconv.ParseFloat(row[i], 64)
			if err != nil {
				t.Fatalf("CSV %s = %q: %v", name, row[i], err)
			}
			return v
		}
	}
	t.Fatalf("CSV has no column %s", name)
	return 0
}

// sameFeature reports whether a browser value equals the native one: NaN for NaN, else
// within 1e-9 relative (math.Exp and math.Log differ in the last bits between wasm and
// amd64 assembly).
func sameFeature(got, want float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want))
}

// checkCSVMatchesNative compares every column of a features CSV with the native extraction:
// the same names in the same order and the same values.
func checkCSVMatchesNative(t testing.TB, data []byte, image, mask string,
	native *radiomics.Result) {
	t.Helper()
	head, row := readCSV(t, data)
	if row[0] != image || row[1] != mask {
		t.Errorf("CSV Image, Mask = %q, %q; want %q, %q", row[0], row[1], image, mask)
	}
	if len(head)-2 != len(native.Features) {
		t.Fatalf("CSV has %d features, the native extraction %d", len(head)-2,
			len(native.Features))
	}
	bad := 0
	for i, f := range native.Features {
		name, s := head[i+2], row[i+2]
		v, err := strconv.ParseFloat(s, 64)
		if name != f.Name || err != nil || !sameFeature(v, f.Value) {
			if bad++; bad <= 10 {
				t.Errorf("CSV column %d: %s = %q; native %s = %v", i+2, name, s, f.Name, f.Value)
			}
		}
	}
	if bad > 10 {
		t.Errorf("… %d CSV columns differ from the native extraction in all", bad)
	}
}

// reportFeature is the value of a feature in the JSON report (NaN when null).
func reportFeature(t testing.TB, rep map[string]any, name string) float64 {
	t.Helper()
	fs, _ := rep["features"].([]any)
	for _, f := range fs {
		m, _ := f.(map[string]any)
		if m["name"] == name {
			if v, ok := m["value"].(float64); ok {
				return v
			}
			return math.NaN()
		}
	}
	t.Fatalf("JSON report has no feature %s (%d features)", name, len(fs))
	return 0
}

// checkReport checks the typed fields of a downloaded JSON report: the predicted class as a
// non-empty string equal to the class the page displays, the settings as a parameter file,
// the probabilities per class and the mask's name.
func checkReport(t testing.TB, data []byte, shownClass string, shown map[string]float64,
	maskName string) map[string]any {
	t.Helper()
	var rep map[string]any
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("JSON report: %v", err)
	}
	cls, ok := rep["predictedClass"].(string)
	if !ok || cls == "" || cls != shownClass {
		t.Errorf("JSON report predictedClass %#v; the page shows %q", rep["predictedClass"],
			shownClass)
	}
	if s, ok := rep["settings"].(string); !ok || !strings.Contains(s, "imageType") {
		t.Errorf("JSON report settings %#v", rep["settings"])
	}
	if d, ok := rep["disclaimer"].(string); !ok || !strings.Contains(d, "Research software") {
		t.Errorf("JSON report disclaimer %#v", rep["disclaimer"])
	}
	probs, _ := rep["probabilities"].([]any)
	if len(probs) != len(shown) {
		t.Errorf("JSON report probabilities %v; the page shows %v", rep["probabilities"], shown)
	}
	for _, p := range probs {
		m, _ := p.(map[string]any)
		c, _ := m["class"].(string)
		v, ok := m["probability"].(float64)
		if want, found := shown[c]; !ok || !found || v != want {
			t.Errorf("JSON report P(%s) = %#v; the page shows %v", c, m["probability"], want)
		}
	}
	mask, _ := rep["mask"].(map[string]any)
	if name, _ := mask["name"].(string); name != maskName {
		t.Errorf("JSON report mask name %#v, want %q", mask["name"], maskName)
	}
	return rep
}

// polygonArea is the area enclosed by a closed polygon (shoelace formula).
func polygonArea(pts [][2]float64) float64 {
	var a float64
	for i := range pts {
		p, q := pts[i], pts[(i+1)%len(pts)]
		a += p[0]*q[1] - q[0]*p[1]
	}
	return math.Abs(a) / 2
}

// exportFiles clicks the CSV and JSON export buttons and returns both downloads; the page
// names them after the image ("uran-<image>-features.csv", "uran-<image>-report.json").
func exportFiles(t testing.TB, b *browser, downloads, stem string) (csvData, jsonData []byte) {
	t.Helper()
	for _, f := range []string{"features.csv", "report.json"} {
		os.Remove(filepath.Join(downloads, "uran-"+stem+"-"+f))
	}
	b.do(t, 10*time.Second, chromedp.Click(chromedp.ID("export-csv")))
	b.do(t, 10*time.Second, chromedp.Click(chromedp.ID("export-json")))
	return waitFile(t, filepath.Join(downloads, "uran-"+stem+"-features.csv")),
		waitFile(t, filepath.Join(downloads, "uran-"+stem+"-report.json"))
}
