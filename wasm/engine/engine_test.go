package engine

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics/imageio"
	"github.com/uran-browser/uran/wasm/api"
	"github.com/uran-browser/uran/weights"

	"github.com/uran-browser/uran/radiomics/pyref"
)

// testCase makes a 96×80 speckled grey image with a darker ellipse and the mask of the
// ellipse (value lesion), plus a second region of value other when other > 0.
func testCase(t testing.TB, lesion, other uint8) (img, mask []byte) {
	t.Helper()
	const w, h = 96, 80
	rng := rand.New(rand.NewPCG(1, 2))
	g := image.NewGray(image.Rect(0, 0, w, h))
	m := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := (float64(x)-40)/18, (float64(y)-38)/12
			in := dx*dx+dy*dy <= 1
			v := 120 + 40*rng.NormFloat64()
			if in {
				v = 50 + 20*rng.NormFloat64()
				m.SetGray(x, y, color.Gray{Y: lesion})
			} else if other > 0 && x >= 70 && x < 85 && y >= 20 && y < 40 {
				m.SetGray(x, y, color.Gray{Y: other})
			}
			g.SetGray(x, y, color.Gray{Y: uint8(math.Max(0, math.Min(255, v)))})
		}
	}
	var bi, bm bytes.Buffer
	png.Encode(&bi, g)
	png.Encode(&bm, m)
	return bi.Bytes(), bm.Bytes()
}

func fileInput(name string, data []byte) *Input {
	return &Input{Kind: KindFile, Name: name, Bytes: data}
}

func TestPredictMatchesTheModelAndReportsProgress(t *testing.T) {
	e := New("test")
	info, err := e.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	m, _ := weights.Default()
	if info.Task != m.Task || len(info.Classes) != len(m.Classes) || info.Source != "default" ||
		info.Features != len(m.Features) || len(info.Checksum) != 64 {
		t.Errorf("model info %+v", info)
	}
	imgData, maskData := testCase(t, 255, 0)
	var steps []string
	res, err := e.Predict(Request{Image: fileInput("case.png", imgData),
		Mask: fileInput("case_mask.png", maskData)}, func(p api.Progress) {
		steps = append(steps, p.Step)
	})
	if err != nil {
		t.Fatal(err)
	}
	// The same files through imageio and Model.Predict directly (tools/predict's path).
	img, _, _ := imageio.DecodeImage(imgData, "case.png", nil)
	mask, _, _ := imageio.DecodeMask(maskData, "case_mask.png", nil)
	pred, ext, err := m.Predict(img, mask, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range pred.Probabilities {
		if res.Probabilities[i] != pred.Probabilities[i] {
			t.Errorf("P(%s) = %v, Model.Predict gives %v", pred.Classes[i],
				res.Probabilities[i], pred.Probabilities[i])
		}
	}
	if res.Class != pred.Class || len(res.Features) != len(ext.Features) ||
		len(res.Gates) != len(pred.Gates) {
		t.Errorf("result %s with %d features, %d gates", res.Class, len(res.Features),
			len(res.Gates))
	}
	var sum float64
	for _, s := range res.Attention {
		sum += s.Share
	}
	if len(res.Gates) > 0 && math.Abs(sum-1) > 1e-12 {
		t.Errorf("attention shares sum to %v", sum)
	}
	if len(steps) < 3 || steps[0] != "decode" || !contains(steps, "original") {
		t.Errorf("progress steps %v", steps)
	}
	if res.LesionPixels == 0 || res.Params != m.ParamsYAML || res.Engine != "test" ||
		res.Model.Name != "default" {
		t.Errorf("result metadata: %d pixels, engine %q, model %+v", res.LesionPixels,
			res.Engine, res.Model)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TestLabelSelection checks that choosing a label measures only that region: a mask with the
// lesion as 128 and a second region as 255, with label 128, gives exactly the prediction of a
// mask holding the lesion alone.
func TestLabelSelection(t *testing.T) {
	e := New("test")
	if _, err := e.LoadDefault(); err != nil {
		t.Fatal(err)
	}
	imgData, alone := testCase(t, 255, 0)
	_, two := testCase(t, 128, 255)
	a, err := e.Predict(Request{Image: fileInput("i.png", imgData),
		Mask: fileInput("alone.png", alone)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.Predict(Request{Image: fileInput("i.png", imgData),
		Mask: fileInput("two.png", two), Label: 128}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.LesionPixels != b.LesionPixels {
		t.Errorf("lesion pixels %d vs %d", a.LesionPixels, b.LesionPixels)
	}
	for i := range a.Probabilities {
		if a.Probabilities[i] != b.Probabilities[i] {
			t.Errorf("label 128: %v, lesion alone: %v", b.Probabilities, a.Probabilities)
		}
	}
	if _, err := e.Predict(Request{Image: fileInput("i.png", imgData),
		Mask: fileInput("two.png", two), Label: 7}, nil); err == nil ||
		!strings.HasPrefix(err.Error(), "find lesion in two.png: label 7 is not in the mask; "+
			"the mask's labels are 128 (") ||
		!strings.Contains(err.Error(), "and 255 (300 pixels, 1 region). Choose one of them") {
		t.Errorf("absent label: %v", err)
	}
}

func TestPredictErrors(t *testing.T) {
	e := New("test")
	imgData, maskData := testCase(t, 255, 0)
	req := Request{Image: fileInput("i.png", imgData), Mask: fileInput("m.png", maskData)}
	if _, err := e.Predict(req, nil); err == nil || !strings.Contains(err.Error(), "no model") {
		t.Errorf("without a model: %v", err)
	}
	if _, err := e.LoadDefault(); err != nil {
		t.Fatal(err)
	}
	small := image.NewGray(image.Rect(0, 0, 10, 10))
	var b bytes.Buffer
	png.Encode(&b, small)
	cases := map[string]Request{
		"match mask small.png: PNG mask is 10 × 10 pixels but image i.png is 96 × 80; a mask " +
			"must have its image's size": {
			Image: req.Image, Mask: fileInput("small.png", b.Bytes())},
		"find lesion in small.png: the mask is empty (every pixel is 0), so there is no " +
			"lesion to measure": {Image: fileInput("small.png", b.Bytes()),
			Mask: fileInput("small.png", b.Bytes())},
		"broken.png": {Image: fileInput("broken.png", []byte("\x89PNG\r\n\x1a\nxx")),
			Mask: req.Mask},
		"an image and a mask are both needed": {Image: req.Image},
	}
	for want, r := range cases {
		if _, err := e.Predict(r, nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want an error containing %q, got %v", want, err)
		}
	}
}

func TestLoadModelErrors(t *testing.T) {
	e := New("test")
	if _, err := e.LoadModel([]byte("{}"), "empty.uranw"); err == nil ||
		!strings.Contains(err.Error(), "weights file empty.uranw") {
		t.Errorf("bad file: %v", err)
	}
	good := weights.DefaultFile()
	tampered := bytes.Replace(good, []byte(`"threshold": 0.`), []byte(`"threshold": 0.0`), 1)
	if _, err := e.LoadModel(tampered, "t.uranw"); err == nil ||
		!strings.Contains(err.Error(), "checksum") {
		t.Errorf("tampered file: %v", err)
	}
	info, err := e.LoadModel(good, "copy.uranw")
	if err != nil || info.Source != "file" || info.Name != "copy.uranw" {
		t.Errorf("good file: %+v %v", info, err)
	}
}

func TestExtractWithParams(t *testing.T) {
	e := New("test")
	imgData, maskData := testCase(t, 255, 0)
	x, err := e.Extract(Request{Image: fileInput("i.png", imgData),
		Mask: fileInput("m.png", maskData)}, "featureClass:\n  firstorder:\n", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range x.Features {
		if !strings.Contains(f.Name, "_firstorder_") && !strings.Contains(f.Name, "_shape2D_") {
			t.Errorf("unexpected feature %s", f.Name)
		}
	}
	if len(x.Features) == 0 {
		t.Error("no features")
	}
	if _, err := e.Extract(Request{Image: fileInput("i.png", imgData),
		Mask: fileInput("m.png", maskData)}, "bogusKey: 1\n", "", nil); err == nil ||
		!strings.Contains(err.Error(), "bogusKey") {
		t.Errorf("unknown key: %v", err)
	}
}

// busiCase returns a BUSI image and mask from the shared data, or skips.
func busiCase(t testing.TB) (string, string) {
	t.Helper()
	shared := os.Getenv("URAN_SHARED")
	if shared == "" {
		_, file, _, _ := runtime.Caller(0)
		for d := filepath.Dir(file); ; d = filepath.Dir(d) {
			if st, err := os.Stat(filepath.Join(d, "shared")); err == nil && st.IsDir() {
				shared = filepath.Join(d, "shared")
				break
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	img := filepath.Join(shared, "data", "busi", "malignant", "images", "malignant (1).png")
	mask := filepath.Join(shared, "data", "busi", "malignant", "mask", "malignant (1)_mask.png")
	if _, err := os.Stat(img); shared == "" || err != nil {
		pyref.Unavailable(t, "BUSI data not found (set URAN_SHARED)")
	}
	return img, mask
}
