package radiomics

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics/internal/pyref"
)

// TestFilterConformanceConfigA runs configuration A (every image type, 1311 features) through
// Extract on every pyradiomics2d case and reports, per derived image and feature class, the
// worst relative difference from PyRadiomics' values. Every feature must agree to 1e-9 relative
// (1e-6 for LoG) or 1e-12 absolute near zero; NaN must match NaN.
func TestFilterConformanceConfigA(t *testing.T) {
	shared, err := pyref.SharedDir()
	if err != nil {
		t.Skipf("PyRadiomics reference values not available: %v", err)
	}
	files, err := pyref.List(shared)
	if err != nil {
		t.Fatal(err)
	}
	path, err := pyref.ParamsFile(shared, "A_default_allfilters")
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	type stat struct {
		worst float64
		name  string
		n     int
	}
	byImage := map[string]*stat{}
	byClass := map[string]*stat{}
	cases := 0
	for _, cf := range files {
		if !strings.HasPrefix(cf.Config, "A") {
			continue
		}
		if testing.Short() && strings.HasPrefix(cf.Case, "busi") {
			continue
		}
		ref, err := pyref.LoadReference(cf.JSON, cf.InputsDir)
		if err != nil {
			t.Fatal(err)
		}
		pix, labels, w, h, err := ref.LoadInputs()
		if err != nil {
			t.Fatal(err)
		}
		p, err := ParseParams(text)
		if err != nil {
			t.Fatal(err)
		}
		p.Settings.Label = uint32(ref.Input.MaskLabel)
		img := &Image{Width: w, Height: h, Pix: pix, Spacing: ref.Input.Spacing}
		mask := &Mask{Width: w, Height: h, Labels: labels, Spacing: ref.Input.Spacing}
		res, err := Extract(img, mask, p, nil)
		if err != nil {
			t.Fatalf("%s: %v", cf.Case, err)
		}
		cases++
		got := map[string]float64{}
		for _, f := range res.Features {
			got[f.Name] = f.Value
		}
		for _, name := range ref.Names {
			v, ok := got[name]
			if !ok {
				t.Errorf("%s: missing %s", cf.Case, name)
				continue
			}
			parts := strings.SplitN(name, "_", 3)
			image, class := parts[0], parts[1]
			rel := 1e-9
			if strings.HasPrefix(image, "log-") {
				rel = 1e-6
			}
			want := ref.Values[name]
			e, ok := pyref.Compare(v, want, rel, 1e-12)
			if !ok {
				t.Errorf("%s %s: got %.17g want %.17g (rel %.3g)", cf.Case, name, v, want, e)
			}
			for _, m := range []struct {
				key string
				to  map[string]*stat
			}{{image, byImage}, {class, byClass}} {
				s := m.to[m.key]
				if s == nil {
					s = &stat{}
					m.to[m.key] = s
				}
				s.n++
				if e > s.worst {
					s.worst, s.name = e, cf.Case+" "+name
				}
			}
		}
	}
	report := func(title string, m map[string]*stat) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		fmt.Fprintf(&b, "%s (%d cases):\n", title, cases)
		for _, k := range keys {
			fmt.Fprintf(&b, "  %-22s %5d features  worst rel %.2e  %s\n", k, m[k].n,
				m[k].worst, m[k].name)
		}
		t.Log(b.String())
	}
	report("worst relative error per derived image", byImage)
	report("worst relative error per feature class", byClass)
}
