package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/weights"
)

const testParams = `imageType:
  Original: {}
featureClass:
  shape2D: [PixelSurface, Elongation]
  firstorder: [Mean, Variance]
  glcm: [Contrast]
setting:
  label: 0
  binWidth: 10
`

// fixture writes a test model and a phantom image with masks to a temporary folder.
type fixture struct {
	dir, weights, image, mask, maskA, maskB string
	model                                   *weights.Model
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{dir: t.TempDir()}
	p, err := radiomics.ParseParams([]byte(testParams))
	if err != nil {
		t.Fatal(err)
	}
	canon, _ := p.YAML()
	names := p.FeatureNames()
	m := &weights.Model{Task: "test", Classes: []string{"benign", "malignant"},
		PositiveClass: "malignant", Threshold: 0.5, ParamsYAML: string(canon), Features: names,
		Scaler: weights.Scaler{Mean: make([]float64, len(names)), SD: make([]float64, len(names))},
		HKFS: weights.HKFS{Method: weights.HKFSLasso, Kept: names,
			Gates: make([]float64, len(names))},
		MAAE: &weights.MAAE{Reduction: 16, W1: [][]float64{make([]float64, len(names))},
			B1: []float64{0.1}, W2: make([][]float64, len(names)), B2: make([]float64, len(names))},
		Classifier: weights.Classifier{
			Hidden: weights.Dense{W: [][]float64{make([]float64, len(names)),
				make([]float64, len(names))}, B: []float64{0.2, 0.1}},
			Output: weights.Dense{W: [][]float64{{0.5, -1}, {-0.3, 1.2}}, B: []float64{0, 0.05}}}}
	for j := range names {
		m.Scaler.Mean[j], m.Scaler.SD[j] = 50, 40
		m.HKFS.Gates[j] = 1
		m.MAAE.W1[0][j] = 0.1 * float64(j+1)
		m.MAAE.W2[j] = []float64{0.3 - 0.2*float64(j)}
		m.Classifier.Hidden.W[0][j] = 0.05 * float64(j-2)
		m.Classifier.Hidden.W[1][j] = -0.04 * float64(j)
	}
	b, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	f.model = m
	f.weights = filepath.Join(f.dir, "model.uranw")
	writeFile(t, f.weights, b)

	w, h := 48, 40
	img := image.NewGray(image.Rect(0, 0, w, h))
	full := image.NewGray(image.Rect(0, 0, w, h))
	left := image.NewGray(image.Rect(0, 0, w, h))
	right := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetGray(x, y, color.Gray{uint8(40 + (x*5+y*11)%90)})
			if x >= 12 && x < 36 && y >= 10 && y < 28 {
				full.SetGray(x, y, color.Gray{255})
				if x < 24 {
					left.SetGray(x, y, color.Gray{255})
				} else {
					right.SetGray(x, y, color.Gray{255})
				}
			}
		}
	}
	f.image = savePNG(t, f.dir, "case (1).png", img)
	f.mask = savePNG(t, f.dir, "case (1)_mask.png", full)
	f.maskA = savePNG(t, f.dir, "left.png", left)
	f.maskB = savePNG(t, f.dir, "right.png", right)
	return f
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func savePNG(t *testing.T, dir, name string, img image.Image) string {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	writeFile(t, p, b.Bytes())
	return p
}

func runTool(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return out.String(), errb.String(), code
}

// TestSingleCaseMatchesExtraction: the tool's probabilities equal PredictFeatures applied to
// radiomics.Extract's features of the same pixels (grey levels and a 24 × 18 mask).
func TestSingleCaseMatchesExtraction(t *testing.T) {
	f := newFixture(t)
	out, errs, code := runTool(t, "-weights", f.weights, "-image", f.image, "-mask", f.mask)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Class         string
		Probabilities map[string]float64
		Gates         map[string]float64
		Threshold     *float64
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}

	w, h := 48, 40
	img := &radiomics.Image{Width: w, Height: h, Pix: make([]float64, w*h),
		Spacing: [2]float64{1, 1}}
	mask := &radiomics.Mask{Width: w, Height: h, Labels: make([]uint32, w*h),
		Spacing: [2]float64{1, 1}}
	for y := range h {
		for x := range w {
			img.Pix[y*w+x] = float64(40 + (x*5+y*11)%90)
			if x >= 12 && x < 36 && y >= 10 && y < 28 {
				mask.Labels[y*w+x] = 1
			}
		}
	}
	p, _ := f.model.Params()
	res, err := radiomics.Extract(img, mask, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var vals []float64
	for _, ft := range res.Features {
		names, vals = append(names, ft.Name), append(vals, ft.Value)
	}
	want, err := f.model.PredictFeatures(names, vals)
	if err != nil {
		t.Fatal(err)
	}
	for c, name := range want.Classes {
		if math.Abs(got.Probabilities[name]-want.Probabilities[c]) > 1e-15 {
			t.Errorf("P(%s) = %v, want %v", name, got.Probabilities[name], want.Probabilities[c])
		}
	}
	if got.Class != want.Class || got.Threshold == nil || *got.Threshold != 0.5 {
		t.Errorf("class %q threshold %v, want %q and 0.5", got.Class, got.Threshold, want.Class)
	}
	if len(got.Gates) != len(f.model.HKFS.Kept) {
		t.Errorf("%d gates, want one per key feature (%d)", len(got.Gates), len(f.model.HKFS.Kept))
	}
	for name, g := range got.Gates {
		if !(g > 0 && g < 1) {
			t.Errorf("gate of %s = %v, not in (0, 1)", name, g)
		}
	}
}

// TestMasksAreCombined: two mask files covering the two halves of the lesion give the same
// prediction as one mask file of the whole lesion.
func TestMasksAreCombined(t *testing.T) {
	f := newFixture(t)
	one, _, code1 := runTool(t, "-weights", f.weights, "-image", f.image, "-mask", f.mask)
	two, _, code2 := runTool(t, "-weights", f.weights, "-image", f.image,
		"-mask", f.maskA+";"+f.maskB)
	if code1 != 0 || code2 != 0 {
		t.Fatalf("exit codes %d, %d", code1, code2)
	}
	var a, b struct{ Probabilities map[string]float64 }
	_ = json.Unmarshal([]byte(one), &a)
	_ = json.Unmarshal([]byte(two), &b)
	if a.Probabilities["malignant"] != b.Probabilities["malignant"] || len(a.Probabilities) != 2 {
		t.Fatalf("union of two masks %v differs from the whole mask %v", b, a)
	}
}

func TestManifestReportsFailuresPerCase(t *testing.T) {
	f := newFixture(t)
	man := filepath.Join(f.dir, "cases.csv")
	edge := image.NewGray(image.Rect(0, 0, 48, 40)) // a lesion in the top-left corner
	for y := range 12 {
		for x := range 12 {
			edge.SetGray(x, y, color.Gray{255})
		}
	}
	savePNG(t, f.dir, "edge.png", edge)
	writeFile(t, man, []byte("id,image,mask\nok,case (1).png,case (1)_mask.png\n"+
		"missing,nothere.png,case (1)_mask.png\nhalves,case (1).png,left.png;right.png\n"+
		"edge,case (1).png,edge.png\n"))
	out, _, code := runTool(t, "-weights", f.weights, "-manifest", man, "-format", "csv")
	if code != 1 {
		t.Errorf("exit %d, want 1 (one case failed)", code)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || strings.Join(rows[0], ",") !=
		"id,image,class,p_benign,p_malignant,lesion_pixels,lesion_regions,warnings,error" {
		t.Fatalf("CSV:\n%s", out)
	}
	// The lesion is x 12–35, y 10–27: 24 × 18 = 432 pixels in one region.
	if rows[1][0] != "ok" || rows[1][8] != "" || rows[1][7] != "" || rows[1][3] == "" ||
		rows[1][5] != "432" || rows[1][6] != "1" {
		t.Errorf("row ok: %q", rows[1])
	}
	if rows[2][0] != "missing" || !strings.Contains(rows[2][8], "nothere.png") {
		t.Errorf("row missing: %q, want an error naming the file", rows[2])
	}
	if rows[3][4] != rows[1][4] {
		t.Errorf("halves %q and whole %q differ", rows[3][4], rows[1][4])
	}
	if rows[4][0] != "edge" || rows[4][8] != "" || !strings.Contains(rows[4][7], "edge") {
		t.Errorf("row edge: %q, want the warning that the lesion touches the edges", rows[4])
	}
}

func TestUsageAndModelErrors(t *testing.T) {
	f := newFixture(t)
	if _, _, code := runTool(t, "-weights", f.weights, "-image", f.image); code != 2 {
		t.Errorf("no mask: exit %d, want 2", code)
	}
	bad := filepath.Join(f.dir, "bad.uranw")
	b, _ := os.ReadFile(f.weights)
	writeFile(t, bad, bytes.Replace(b, []byte(`"threshold": 0.5`), []byte(`"threshold": 0.6`), 1))
	_, errs, code := runTool(t, "-weights", bad, "-image", f.image, "-mask", f.mask)
	if code != 2 || !strings.Contains(errs, "checksum") {
		t.Errorf("tampered weights: exit %d, %q; want 2 and a checksum error", code, errs)
	}
}

// TestDefaultModel scores the phantom with the embedded default model.
func TestDefaultModel(t *testing.T) {
	f := newFixture(t)
	out, errs, code := runTool(t, "-image", f.image, "-mask", f.mask)
	if code != 0 {
		t.Fatalf("default model: exit %d: %s", code, errs)
	}
	var got struct{ Probabilities map[string]float64 }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if s := got.Probabilities["benign"] + got.Probabilities["malignant"]; math.Abs(s-1) > 1e-12 {
		t.Errorf("default model probabilities %v do not sum to 1", got.Probabilities)
	}
}
