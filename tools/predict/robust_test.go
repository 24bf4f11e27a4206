package main

import (
	"encoding/json"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uran-browser/uran/weights/weightstest"
)

// stderrLine returns the line of stderr that starts with prefix, or "".
func stderrLine(stderr, prefix string) string {
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// TestBadWeightsFiles: each damaged weights file listed in the README's bad-input table is refused
// before any case is read, with one line naming the file and the problem, exit status 2.
func TestBadWeightsFiles(t *testing.T) {
	f := newFixture(t)
	good, err := os.ReadFile(f.weights)
	if err != nil {
		t.Fatal(err)
	}
	foreign, err := weightstest.ForeignFeature(f.model, "original_glcm_NotAFeature")
	if err != nil {
		t.Fatal(err)
	}
	last := f.model.Features[len(f.model.Features)-1]
	cases := []struct {
		name string
		data []byte
		want string // the start of the message after "predict: weights file PATH: "
	}{
		{"truncated.uranw", weightstest.Truncated(good), "not a valid URAN weights file: " +
			"envelope: the file ends in the middle of its JSON text after"},
		{"checksum.uranw", weightstest.WrongChecksum(good), "checksum mismatch: the stored " +
			"sha256 is "},
		{"newer.uranw", weightstest.NewerVersion(good), "format version 2: the file was made " +
			"by a newer URAN (this build reads versions up to 1); update URAN to load it"},
		{"foreign.uranw", foreign, "invalid URAN model: feature 4 is " +
			`"original_glcm_NotAFeature" in the model but "` + last + `" from its extraction ` +
			"parameters"},
		{"nan.uranw", weightstest.NaNWeight(good), "not a valid URAN weights file: envelope: " +
			"a number is written NaN at line "},
	}
	for _, c := range cases {
		p := filepath.Join(f.dir, c.name)
		writeFile(t, p, c.data)
		out, errs, code := runTool(t, "-weights", p, "-image", f.image, "-mask", f.mask)
		prefix := "predict: weights file " + p + ": " + c.want
		if code != 2 || out != "" || stderrLine(errs, prefix) == "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 and a line starting\n%s",
				c.name, code, out, errs, prefix)
		}
	}
}

// TestCaseProblems: lesion problems are the case's error (exit 1), named as in tools/extract
// and the browser; lesion facts are in the JSON output.
func TestCaseProblems(t *testing.T) {
	f := newFixture(t)
	w, h := 48, 40
	save := func(name string, at func(x, y int) uint8) string {
		m := image.NewGray(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				m.SetGray(x, y, color.Gray{at(x, y)})
			}
		}
		return savePNG(t, f.dir, name, m)
	}
	empty := save("empty.png", func(x, y int) uint8 { return 0 })
	small := savePNG(t, f.dir, "small.png", image.NewGray(image.Rect(0, 0, 5, 5)))
	// Two lesions: x 2–9, y 2–6 (40 pixels) and x 30–39, y 20–29 (100 pixels), value 120.
	two := save("two.png", func(x, y int) uint8 {
		if (x >= 2 && x < 10 && y >= 2 && y < 7) || (x >= 30 && x < 40 && y >= 20 && y < 30) {
			return 120
		}
		return 0
	})

	cases := []struct {
		args []string
		line string
	}{
		{[]string{"-mask", f.mask, "-label", "1"}, "predict: " + f.image + ": find lesion in " +
			f.mask + ": label 1 is not in the mask; the mask's labels are 255 (432 pixels, " +
			"1 region). Choose one of them, or 0 for every non-zero pixel"},
		{[]string{"-mask", empty}, "predict: " + f.image + ": find lesion in " + empty +
			": the mask is empty (every pixel is 0), so there is no lesion to measure"},
		{[]string{"-mask", small}, "predict: " + f.image + ": match mask " + small +
			": PNG mask is 5 × 5 pixels but image " + f.image + " is 48 × 40; a mask must " +
			"have its image's size"},
	}
	for _, c := range cases {
		args := append([]string{"-weights", f.weights, "-image", f.image}, c.args...)
		out, errs, code := runTool(t, args...)
		var got struct{ Error string }
		json.Unmarshal([]byte(out), &got)
		msg := c.line[strings.Index(c.line, ": ")+2:]
		msg = msg[strings.Index(msg, ": ")+2:]
		if code != 1 || stderrLine(errs, c.line) != c.line || got.Error != msg {
			t.Errorf("%v: exit %d, stderr %q, JSON error %q; want exit 1 and\n%s", c.args,
				code, errs, got.Error, c.line)
		}
	}

	// Two lesions: scored (label 0 takes both), reported in the lesion object and warned.
	out, errs, code := runTool(t, "-weights", f.weights, "-image", f.image, "-mask", two)
	var got struct {
		Class  string
		Lesion struct {
			Label, Pixels int
			Regions       []int
		}
		Warnings []string
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 {
		t.Fatalf("exit %d, %v: %s", code, err, errs)
	}
	if got.Class == "" || got.Lesion.Pixels != 140 || len(got.Lesion.Regions) != 2 ||
		got.Lesion.Regions[0] != 100 || got.Lesion.Regions[1] != 40 {
		t.Errorf("two lesions: %+v", got)
	}
	want := "lesion in " + two + ": the lesion (every non-zero pixel) has 2 separate regions " +
		"(8-connected) of 100 and 40 pixels; they are measured together as one region of " +
		"interest"
	found := false
	for _, w := range got.Warnings {
		found = found || w == want
	}
	if !found {
		t.Errorf("warnings %q lack %q", got.Warnings, want)
	}

	// -label 120 measures the same pixels as label 0 here; the prediction is the same.
	out2, _, code := runTool(t, "-weights", f.weights, "-image", f.image, "-mask", two,
		"-label", "120")
	var got2 struct{ Probabilities map[string]float64 }
	var got1 struct{ Probabilities map[string]float64 }
	json.Unmarshal([]byte(out), &got1)
	json.Unmarshal([]byte(out2), &got2)
	if code != 0 || got1.Probabilities["malignant"] != got2.Probabilities["malignant"] {
		t.Errorf("-label 120: exit %d, %v vs %v", code, got2, got1)
	}
}
