package radiomics_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/uran-browser/uran/radiomics"
)

// TestParseParamsFileMessages: the parameter-file problems listed in the README's bad-input table
// each read "parameter file NAME: problem (line N)", the text tools/extract, tools/train and the
// JavaScript API show.
func TestParseParamsFileMessages(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"unknown key", "setting:\n  binWidht: 25\n",
			`parameter file p.yaml: unknown setting "binWidht" (line 2)`},
		{"unknown top-level key", "settings:\n  binWidth: 25\n",
			`parameter file p.yaml: unknown top-level key "settings"`},
		{"wrong type", "setting:\n  binWidth: wide\n",
			`parameter file p.yaml: setting binWidth: must be a number, got "wide" (line 2)`},
		{"wrong type list", "setting:\n  label: [1, 2]\n",
			"parameter file p.yaml: setting label: must be an integer"},
		{"negative bin width", "setting:\n  binWidth: -5\n",
			"parameter file p.yaml: setting binWidth: must be a finite number > 0, got -5 " +
				"(line 2)"},
		{"binCount 0", "setting:\n  binCount: 0\n",
			"parameter file p.yaml: setting binCount: must be an integer >= 1, got 0 (line 2)"},
		{"sigma 0", "imageType:\n  LoG:\n    sigma: [0, 1]\n",
			"parameter file p.yaml: imageType LoG: setting sigma: every sigma must be a finite " +
				"number > 0, got 0 (line 3)"},
		{"sigma negative", "imageType:\n  LoG:\n    sigma: [2, -1]\n",
			"parameter file p.yaml: imageType LoG: setting sigma: every sigma must be a " +
				"finite number > 0, got -1 (line 3)"},
		{"not YAML", "imageType: [\n",
			"parameter file p.yaml: yaml: line 1: did not find expected node content"},
	}
	for _, c := range cases {
		_, err := radiomics.ParseParamsFile([]byte(c.yaml), "p.yaml")
		if err == nil || len(err.Error()) < len(c.want) || err.Error()[:len(c.want)] != c.want {
			t.Errorf("%s:\n got  %v\n want %s…", c.name, err, c.want)
			continue
		}
		var pe *radiomics.ParamsFileError
		if !errors.As(err, &pe) || pe.Name != "p.yaml" {
			t.Errorf("%s: %T is not a ParamsFileError", c.name, err)
		}
	}
	// Without a name, ParseParams' own text.
	_, err := radiomics.ParseParamsFile([]byte("setting:\n  binCount: 0\n"), "")
	if err == nil || err.Error() != "parameter file: setting binCount: must be an integer >= 1, "+
		"got 0 (line 2)" {
		t.Errorf("unnamed: %v", err)
	}
	path := filepath.Join(t.TempDir(), "ok.yaml")
	os.WriteFile(path, []byte("setting: {binWidth: 5}\n"), 0o644)
	if p, err := radiomics.ReadParamsFile(path); err != nil || p.Settings.BinWidth != 5 {
		t.Errorf("ReadParamsFile: %v", err)
	}
	if _, err := radiomics.ReadParamsFile(path + ".missing"); err == nil {
		t.Error("missing file accepted")
	}
}
