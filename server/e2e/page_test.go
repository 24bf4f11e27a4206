package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/radiomics/imageio"
	"github.com/uran-browser/uran/weights"

	"github.com/uran-browser/uran/radiomics/pyref"
)

const (
	startTimeout = 90 * time.Second  // compile uran.wasm, start the worker, load the model
	runTimeout   = 240 * time.Second // a full extraction on a shared 2-core machine
)

// openPage navigates to the page and waits until the UI is mounted and the model is loaded.
func openPage(t testing.TB, b *browser, url string) {
	t.Helper()
	b.do(t, 30*time.Second, chromedp.Navigate(url))
	b.waitFor(t, startTimeout, `document.documentElement.dataset.uranReady === "1" && `+
		`!!document.getElementById("model-task")`)
}

// chooseSample selects a bundled sample and waits for its image and mask.
func chooseSample(t testing.TB, b *browser, id string) {
	t.Helper()
	b.waitFor(t, 30*time.Second, `document.querySelectorAll("#sample option").length > 1`)
	b.do(t, 10*time.Second, chromedp.SetValue(chromedp.ID("sample"), id))
	eval[bool](t, b, 5*time.Second, `document.getElementById("sample").dispatchEvent(`+
		`new Event("change", {bubbles: true}))`)
	b.waitFor(t, 60*time.Second, `!!document.getElementById("mask-summary") && `+
		`document.getElementById("image-summary").textContent.includes("`+id+`")`)
}

// runAndWait presses Run and waits until that run has finished (the run panel counts
// finished runs in data-runs), failing on an error message.
func runAndWait(t testing.TB, b *browser) {
	t.Helper()
	b.waitFor(t, 30*time.Second, `!document.getElementById("run").disabled`)
	runs := `+document.getElementById("run-panel").dataset.runs`
	before := eval[int](t, b, 5*time.Second, runs)
	b.do(t, 10*time.Second, chromedp.Click(chromedp.ID("run")))
	b.waitFor(t, runTimeout, fmt.Sprintf("%s > %d", runs, before))
	if msg := eval[string](t, b, 5*time.Second, `(document.getElementById("run-error") || `+
		`{}).textContent || ""`); msg != "" {
		t.Fatalf("the page reported: %s", msg)
	}
}

// shownProbabilities reads the probabilities the page displays (exact values from the
// data-probability attributes of the result table).
func shownProbabilities(t testing.TB, b *browser) map[string]float64 {
	t.Helper()
	raw := eval[map[string]string](t, b, 5*time.Second, `Object.fromEntries([...document.`+
		`querySelectorAll("#probabilities td[data-class]")].map(td => [td.dataset.class, `+
		`td.dataset.probability]))`)
	out := map[string]float64{}
	for c, s := range raw {
		var v float64
		if _, err := fmt.Sscan(s, &v); err != nil {
			t.Fatalf("probability %q of %s: %v", s, c, err)
		}
		out[c] = v
	}
	return out
}

// nativePredict runs the default model natively on files, as tools/predict does.
func nativePredict(t testing.TB, m *weights.Model, image, mask string) *weights.Prediction {
	t.Helper()
	pred, _ := nativeRun(t, m, image, mask)
	return pred
}

// nativeRun is nativePredict that also returns the features the prediction was made from.
func nativeRun(t testing.TB, m *weights.Model, image, mask string) (*weights.Prediction,
	*radiomics.Result) {
	t.Helper()
	img, _, err := imageio.ReadImage(image, nil)
	if err != nil {
		t.Fatal(err)
	}
	msk, _, err := imageio.ReadMask(mask, nil)
	if err != nil {
		t.Fatal(err)
	}
	pred, res, err := modelPredict(m, img, msk)
	if err != nil {
		t.Fatal(err)
	}
	return pred, res
}

func sameProbabilities(t testing.TB, what string, shown map[string]float64,
	pred *weights.Prediction) {
	t.Helper()
	if len(shown) != len(pred.Classes) {
		t.Fatalf("%s: page shows %v, native gives classes %v", what, shown, pred.Classes)
	}
	for i, c := range pred.Classes {
		got, ok := shown[c]
		// wasm and amd64 may differ in the last bits of math.Exp and math.Log.
		if !ok || math.Abs(got-pred.Probabilities[i]) > 1e-9 {
			t.Errorf("%s: P(%s) page %v, native %v", what, c, got, pred.Probabilities[i])
		}
	}
}

// busiCase returns a BUSI image and its first mask, skipping without the data.
func busiCase(t testing.TB, image string) (string, string) {
	t.Helper()
	shared := sharedDir(t)
	if shared == "" {
		pyref.Unavailable(t, "shared data folder not found (set URAN_SHARED)")
	}
	dir := filepath.Join(shared, "data", "busi")
	img := filepath.Join(dir, image)
	mask := strings.Replace(strings.Replace(img, "/images/", "/mask/", 1), ".png", "_mask.png", 1)
	for _, p := range []string{img, mask} {
		if _, err := os.Stat(p); err != nil {
			pyref.Unavailable(t, "BUSI case missing: %v", err)
		}
	}
	return img, mask
}

// TestBrowserBUSICase is the end-to-end test of a real case: a real BUSI image and mask uploaded
// into the page, measured and classified in the browser, with the displayed probabilities equal to
// the native prediction for the same files and the exported features equal to the native
// extraction. During the run the page keeps painting and answering keys, and the progress bar names
// the image types; the model card shows what the weights file says; no Content-Security-Policy
// violation occurs.
func TestBrowserBUSICase(t *testing.T) {
	img, mask := busiCase(t, "malignant/images/malignant (1).png")
	model, err := defaultModel()
	if err != nil {
		t.Fatal(err)
	}
	s := startSite(t, distDir(t))
	b := newBrowser(t)
	csp := watchCSP(t, b)
	downloads := t.TempDir()
	enableDownloads(t, b, downloads)
	openPage(t, b, s.URL+"/")
	checkModelCard(t, b, model)
	w := uploadAndRunBUSI(t, b, downloads, img, mask, model)
	checkRunWatch(t, w, imageTypes(model.Features))
	// The model card shows the task and the training data from the weights file.
	task := eval[string](t, b, 5*time.Second, `document.getElementById("model-task").textContent`)
	data := eval[string](t, b, 5*time.Second, `document.getElementById("model-data").textContent`)
	if task != model.Task || !strings.Contains(data, model.Training.Dataset) {
		t.Errorf("model card: task %q data %q; weights file: %q, %q", task, data, model.Task,
			model.Training.Dataset)
	}
	gates := eval[int](t, b, 5*time.Second,
		`document.querySelectorAll("#gates tbody tr").length`)
	if gates == 0 && model.MAAE != nil {
		t.Errorf("no gates shown")
	}
	csp.check(t, "BUSI run")
}

// uploadAndRunBUSI uploads a BUSI image and its mask with the file pickers, runs the
// prediction with a runWatch, and checks the probabilities and the class against the native
// prediction; with downloads set, it also exports the CSV (every value equal to the native
// extraction) and the JSON report (typed fields).
func uploadAndRunBUSI(t testing.TB, b *browser, downloads, img, mask string,
	model *weights.Model) runWatch {
	t.Helper()
	b.do(t, 10*time.Second, chromedp.SetUploadFiles(chromedp.ID("image-file"), []string{img}))
	b.waitFor(t, 60*time.Second, `!!document.getElementById("image-summary") && `+
		`document.getElementById("image-summary").textContent.includes(`+
		jsString(filepath.Base(img))+`)`)
	b.do(t, 10*time.Second, chromedp.SetUploadFiles(chromedp.ID("mask-file"), []string{mask}))
	b.waitFor(t, 60*time.Second, `!!document.getElementById("mask-summary") && `+
		`document.getElementById("mask-summary").textContent.includes(`+
		jsString(filepath.Base(mask))+`)`)
	w := watchedRun(t, b)
	shown := shownProbabilities(t, b)
	pred, native := nativeRun(t, model, img, mask)
	sameProbabilities(t, filepath.Base(img), shown, pred)
	cls := eval[string](t, b, 5*time.Second,
		`document.getElementById("predicted-class").textContent`)
	if cls != pred.Class {
		t.Errorf("page shows class %q, native %q", cls, pred.Class)
	}
	if downloads != "" {
		stem := strings.TrimSuffix(filepath.Base(img), filepath.Ext(img))
		csvData, jsonData := exportFiles(t, b, downloads, stem)
		checkCSVMatchesNative(t, csvData, filepath.Base(img), filepath.Base(mask), native)
		checkReport(t, jsonData, cls, shown, filepath.Base(mask))
	}
	return w
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// canvasPoint converts image coordinates to page coordinates on the viewer canvas.
func canvasPoint(t testing.TB, b *browser, x, y float64) (float64, float64) {
	t.Helper()
	r := eval[[]float64](t, b, 5*time.Second, `(() => { const c = document.getElementById(`+
		`"viewer-canvas"); c.scrollIntoView({block: "center"}); const r = c.`+
		`getBoundingClientRect(); return [r.left, r.top, r.width / c.width]; })()`)
	zoom := eval[float64](t, b, 5*time.Second, `parseFloat(document.getElementById(`+
		`"zoom-level").textContent) / 100`)
	return r[0] + x*zoom*r[2], r[1] + y*zoom*r[2]
}

// enableDownloads lets the page save files into dir.
func enableDownloads(t testing.TB, b *browser, dir string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	_, err := cdp.Call(ctx, chromedp.FromContext(b.ctx).Browser, cdpbrowser.SetDownloadBehavior,
		cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow,
			DownloadPath: dir})
	if err != nil {
		t.Fatal(err)
	}
}

func waitFile(t testing.TB, path string) []byte {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return b
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("download %s did not appear", filepath.Base(path))
	return nil
}

// drawAndPredict opens a sample, draws the lesion outline as a polygon with the mouse,
// predicts, and exports CSV and JSON. It returns the probabilities shown.
func drawAndPredict(t testing.TB, b *browser, downloads string) map[string]float64 {
	chooseSample(t, b, "phantom-oval")
	b.do(t, 10*time.Second, chromedp.Click(chromedp.ID("mode-draw")))
	b.waitFor(t, 10*time.Second, `document.getElementById("mode-draw").getAttribute(`+
		`"aria-pressed") === "true"`)
	// An octagon around the oval lesion (centre 290, 215; semi-axes 78 × 46 pixels).
	var pts [][2]float64
	for k := 0; k < 8; k++ {
		a := 2 * math.Pi * float64(k) / 8
		pts = append(pts, [2]float64{290 + 70*math.Cos(a), 215 + 40*math.Sin(a)})
	}
	pts = append(pts, pts[0]) // clicking the first point closes the outline
	for _, p := range pts {
		x, y := canvasPoint(t, b, p[0], p[1])
		b.do(t, 10*time.Second, chromedp.MouseClickXY(x, y))
	}
	state := `document.getElementById("outline-state").textContent`
	if !b.poll(t, 15*time.Second, state+`.startsWith("closed outline, 8 points")`) {
		t.Fatalf("after 9 clicks the outline is %q", eval[string](t, b, 5*time.Second, state))
	}
	runAndWait(t, b)
	probs := shownProbabilities(t, b)
	if downloads != "" {
		csvData, jsonData := exportFiles(t, b, downloads, "phantom-oval")
		head, row := readCSV(t, csvData)
		if !strings.HasPrefix(head[2], "original_shape2D_") {
			t.Errorf("features CSV: third column %q", head[2])
		}
		shownClass := eval[string](t, b, 5*time.Second,
			`document.getElementById("predicted-class").textContent`)
		rep := checkReport(t, jsonData, shownClass, probs, "drawn outline")
		// The drawn outline became the mask at the image's resolution: the lesion area
		// measured (pixel count × 1 mm² on the phantom's 1 × 1 mm grid) is the octagon's
		// area up to rasterisation along its boundary.
		want := polygonArea(pts[:8])
		got := csvValue(t, head, row, "original_shape2D_PixelSurface")
		if math.Abs(got-want) > 0.015*want {
			t.Errorf("drawn octagon: PixelSurface %v in the CSV, polygon area %.1f", got, want)
		}
		if j := reportFeature(t, rep, "original_shape2D_PixelSurface"); j != got {
			t.Errorf("PixelSurface: JSON report %v, CSV %v", j, got)
		}
		if n, _ := rep["lesionPixels"].(float64); n != got {
			t.Errorf("JSON report lesionPixels %v, PixelSurface %v", rep["lesionPixels"], got)
		}
		t.Logf("drawn octagon: %v lesion pixels, polygon area %.1f", got, want)
		// Print: the summary goes to window.print (stubbed: headless has no dialog).
		eval[bool](t, b, 5*time.Second, `(window.print = () => { window.__printed = true; }, true)`)
		b.do(t, 10*time.Second, chromedp.Click(chromedp.ID("print")))
		b.waitFor(t, 5*time.Second, `window.__printed === true`)
	}
	return probs
}

// TestBrowserDrawPredictExport: open a sample, draw an outline, predict, export; then load a
// second weights file and predict again with it.
func TestBrowserDrawPredictExport(t *testing.T) {
	s := startSite(t, distDir(t))
	b := newBrowser(t)
	downloads := t.TempDir()
	enableDownloads(t, b, downloads)
	openPage(t, b, s.URL+"/")
	probs := drawAndPredict(t, b, downloads)
	if len(probs) < 2 {
		t.Fatalf("probabilities %v", probs)
	}
	var sum float64
	for _, p := range probs {
		sum += p
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("probabilities sum to %v", sum)
	}

	secondModelRun(t, b)
}

// secondModelRun loads a second weights file from disk (a three-class model on the Original
// image), checks its model card, predicts a sample with its mask file and compares the
// probabilities with the native prediction of the same model on the same files. It returns
// the weights file's path.
func secondModelRun(t testing.TB, b *browser) string {
	t.Helper()
	m := syntheticModel(t)
	file := filepath.Join(t.TempDir(), "second.uranw")
	data, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	b.do(t, 10*time.Second, chromedp.SetUploadFiles(chromedp.ID("weights-file"), []string{file}))
	b.waitFor(t, 60*time.Second, `document.getElementById("model-task").textContent === `+
		`"`+m.Task+`"`)
	checkModelCard(t, b, m)
	// Predict the sample with its mask file under the second model and compare with the
	// native prediction of the same model on the same files.
	chooseSample(t, b, "phantom-small")
	runAndWait(t, b)
	shown := shownProbabilities(t, b)
	dist := distDir(t)
	pred := nativePredict(t, m, filepath.Join(dist, "samples", "phantom-small.png"),
		filepath.Join(dist, "samples", "phantom-small_mask.png"))
	sameProbabilities(t, "second model on phantom-small", shown, pred)
	return file
}

// syntheticModel builds a valid three-class URAN model on the Original image type with fixed
// pseudo-random weights: a second weights file for the page, independent of the trainer.
func syntheticModel(t testing.TB) *weights.Model {
	t.Helper()
	p := radiomics.DefaultParams()
	yaml, err := p.YAML()
	if err != nil {
		t.Fatal(err)
	}
	names := p.FeatureNames()
	rng := rand.New(rand.NewPCG(7, 11))
	var kept []string
	for _, n := range names {
		if strings.Contains(n, "firstorder_") || strings.Contains(n, "shape2D_") {
			kept = append(kept, n)
		}
	}
	kept = kept[:12]
	k, r, hidden, classes := len(kept), 3, 8, 3
	mat := func(rows, cols int) [][]float64 {
		w := make([][]float64, rows)
		for i := range w {
			w[i] = make([]float64, cols)
			for j := range w[i] {
				w[i][j] = rng.NormFloat64() * 0.5
			}
		}
		return w
	}
	vec := func(n int) []float64 { return mat(1, n)[0] }
	m := &weights.Model{
		Task:        "synthetic three-class test model",
		Description: "Fixed pseudo-random weights, for testing the page only.",
		Classes:     []string{"class A", "class B", "class C"},
		ParamsYAML:  string(yaml), Features: names,
		Scaler: weights.Scaler{Mean: make([]float64, len(names)), SD: make([]float64, len(names))},
		HKFS:   weights.HKFS{Method: weights.HKFSNone, Kept: kept, Gates: make([]float64, k)},
		MAAE: &weights.MAAE{Reduction: 4, W1: mat(r, k), B1: vec(r), W2: mat(k, r),
			B2: vec(k)},
		Classifier: weights.Classifier{Hidden: weights.Dense{W: mat(hidden, k), B: vec(hidden)},
			Output: weights.Dense{W: mat(classes, hidden), B: vec(classes)}},
		Training: weights.Provenance{Dataset: "none (synthetic)"},
		// Made-up figures, for the model card only.
		Evaluation: &weights.Evaluation{Scheme: "synthetic, not cross-validated",
			URAN: weights.Metrics{AUC: 0.7771, AUCCI: [2]float64{0.7013, 0.8529},
				Accuracy: 0.61, Sensitivity: 0.52, Specificity: 0.73}},
	}
	for i := range names {
		m.Scaler.SD[i] = 1000
	}
	for i := range m.HKFS.Gates {
		m.HKFS.Gates[i] = 1
	}
	if err := m.Check(); err != nil {
		t.Fatalf("synthetic model: %v", err)
	}
	return m
}

// TestBrowserCancel stops a running prediction (the engine's worker is terminated) and runs
// again: the engine restarts, reloads the model and answers.
func TestBrowserCancel(t *testing.T) {
	s := startSite(t, distDir(t))
	b := newBrowser(t)
	openPage(t, b, s.URL+"/")
	chooseSample(t, b, "phantom-irregular")
	b.do(t, 10*time.Second, chromedp.Click(chromedp.ID("run")))
	b.waitFor(t, 10*time.Second, `!!document.getElementById("cancel")`)
	b.do(t, 10*time.Second, chromedp.Click(chromedp.ID("cancel")))
	b.waitFor(t, 10*time.Second, `!!document.getElementById("run-error") && `+
		`/cancel/i.test(document.getElementById("run-error").textContent)`)
	runAndWait(t, b)
	if p := shownProbabilities(t, b); len(p) < 2 {
		t.Errorf("after cancel and rerun the page shows %v", p)
	}
}

// TestBrowserDropFiles drops an image and its mask on the drop zone together (as a user
// dragging two files from the desktop): the file named "…mask…" becomes the mask.
func TestBrowserDropFiles(t *testing.T) {
	s := startSite(t, distDir(t))
	b := newBrowser(t)
	openPage(t, b, s.URL+"/")
	eval[bool](t, b, 30*time.Second, `(async () => {
		const file = async (src, name) => new File([await (await fetch(src)).blob()], name,
			{type: "image/png"});
		const dt = new DataTransfer();
		dt.items.add(await file("samples/phantom-small_mask.png", "case 7_mask.png"));
		dt.items.add(await file("samples/phantom-small.png", "case 7.png"));
		const zone = document.getElementById("dropzone");
		zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true,
			cancelable: true}));
		zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true,
			cancelable: true}));
		return true;
	})()`)
	b.waitFor(t, 60*time.Second, `!!document.getElementById("mask-summary")`)
	img := eval[string](t, b, 5*time.Second, `document.getElementById("image-summary").textContent`)
	mask := eval[string](t, b, 5*time.Second, `document.getElementById("mask-summary").textContent`)
	if !strings.HasPrefix(img, "case 7.png") || !strings.HasPrefix(mask, "case 7_mask.png") {
		t.Errorf("dropped files: image %q, mask %q", img, mask)
	}
	runAndWait(t, b)
}
