package radiomics_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/radiomics/pyref"
)

// sharedOrSkip returns the shared directory or skips the test.
func sharedOrSkip(t testing.TB) string {
	t.Helper()
	d, err := pyref.SharedDir()
	if err != nil {
		pyref.Unavailable(t, "PyRadiomics reference values not available: %v", err)
	}
	return d
}

// refParams parses a configuration's parameter file, keeping only the image types this build
// can compute; it returns the image type names it left out.
func refParams(t testing.TB, shared, config string) (*radiomics.Params, []string) {
	t.Helper()
	path, err := pyref.ParamsFile(shared, config)
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		t.Fatal(err)
	}
	avail := radiomics.AvailableImageTypes()
	var dropped []string
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "imageType" {
			continue
		}
		m := root.Content[i+1]
		var kept []*yaml.Node
		for j := 0; j+1 < len(m.Content); j += 2 {
			if slices.Contains(avail, m.Content[j].Value) {
				kept = append(kept, m.Content[j], m.Content[j+1])
			} else {
				dropped = append(dropped, m.Content[j].Value)
			}
		}
		m.Content = kept
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	p, err := radiomics.ParseParams(out)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return p, dropped
}

// imagePrefix maps a feature name to the image type it belongs to ("original", "wavelet", "log",
// "square", …) for tolerance and availability decisions.
func imagePrefix(name string) string {
	img := name[:strings.Index(name, "_")]
	if i := strings.IndexAny(img, "-"); i >= 0 {
		img = img[:i]
	}
	return img
}

// typePrefix is the feature-name prefix of each image type.
var typePrefix = map[string]string{"Original": "original", "Wavelet": "wavelet", "LoG": "log",
	"Square": "square", "SquareRoot": "squareroot", "Logarithm": "logarithm",
	"Exponential": "exponential", "Gradient": "gradient", "LBP2D": "lbp"}

type mismatch struct {
	name      string
	got, want float64
	rel       float64
}

// checkReference runs the extractor on one reference case and compares every feature of the
// image types it could compute.
func checkReference(t *testing.T, shared string, cf pyref.CaseFile) {
	ref, err := pyref.LoadReference(cf.JSON, cf.InputsDir)
	if err != nil {
		t.Fatal(err)
	}
	pix, labels, w, h, err := ref.LoadInputs()
	if err != nil {
		t.Fatal(err)
	}
	p, dropped := refParams(t, shared, cf.Config)
	p.Settings.Label = uint32(ref.Input.MaskLabel)
	img := &radiomics.Image{Width: w, Height: h, Pix: pix, Spacing: ref.Input.Spacing}
	mask := &radiomics.Mask{Width: w, Height: h, Labels: labels, Spacing: ref.Input.Spacing}
	res, err := radiomics.Extract(img, mask, p, nil)
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	skip := map[string]bool{}
	for _, d := range dropped {
		skip[typePrefix[d]] = true
	}
	got := map[string]float64{}
	var gotOrder []string
	for _, f := range res.Features {
		got[f.Name] = f.Value
		gotOrder = append(gotOrder, f.Name)
	}
	var wantOrder []string
	var bad []mismatch
	worst := mismatch{}
	for _, name := range ref.Names {
		if skip[imagePrefix(name)] {
			continue
		}
		wantOrder = append(wantOrder, name)
		v, ok := got[name]
		if !ok {
			t.Errorf("missing feature %s", name)
			continue
		}
		rel := 1e-9
		if imagePrefix(name) == "log" {
			rel = 1e-6
		}
		want := ref.Values[name]
		e, ok := pyref.Compare(v, want, rel, 1e-12)
		if !ok {
			bad = append(bad, mismatch{name, v, want, e})
		}
		if e > worst.rel {
			worst = mismatch{name, v, want, e}
		}
	}
	if !slices.Equal(gotOrder, wantOrder) {
		extra := []string{}
		for _, n := range gotOrder {
			if _, ok := ref.Values[n]; !ok {
				extra = append(extra, n)
			}
		}
		t.Errorf("feature order/names differ: got %d, want %d; extra %v", len(gotOrder),
			len(wantOrder), extra)
	}
	sort.Slice(bad, func(i, j int) bool { return bad[i].rel > bad[j].rel })
	for i, b := range bad {
		if i == 40 {
			t.Errorf("… %d more mismatches", len(bad)-40)
			break
		}
		t.Errorf("%s: got %.17g want %.17g (rel %.3g)", b.name, b.got, b.want, b.rel)
	}
	t.Logf("%d features compared, worst rel %.3g (%s)", len(wantOrder), worst.rel, worst.name)
}

// TestPyRadiomicsConformance compares every feature of configurations A–D on every
// pyradiomics2d case (synthetic, breast1 slice, BUSI) with PyRadiomics' own values: 1e-9
// relative (1e-6 for LoG, computed in a different precision by ITK), or 1e-12 absolute near
// zero; NaN must be NaN. Image types whose filters are not in this build are skipped.
func TestPyRadiomicsConformance(t *testing.T) {
	shared := sharedOrSkip(t)
	files, err := pyref.List(shared)
	if err != nil {
		t.Fatal(err)
	}
	for _, cf := range files {
		t.Run(cf.Case+"/"+cf.Config, func(t *testing.T) {
			if testing.Short() && strings.HasPrefix(cf.Case, "busi") &&
				strings.HasPrefix(cf.Config, "A") {
				t.Skip("-short: BUSI all-filter cases skipped")
			}
			checkReference(t, shared, cf)
		})
	}
}

var _ = errors.New
var _ = fmt.Sprint
var _ = math.NaN
