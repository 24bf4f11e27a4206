package weights

import (
	"go/build"
	"strings"
	"testing"
)

// TestImportsStayBrowserSized: the browser build links this package, so it may import only the
// standard library and the radiomics extractor — never training code, plotting or UI.
func TestImportsStayBrowserSized(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		first, _, _ := strings.Cut(imp, "/")
		if strings.Contains(first, ".") && imp != "github.com/uran-browser/uran/radiomics" {
			t.Errorf("package weights imports %s; only the standard library and radiomics "+
				"are allowed", imp)
		}
	}
}

// TestDefaultModel checks the embedded model: it decodes, is a benign/malignant model with
// extraction parameters, a MAAE block and a recorded cross-validation, and scores its
// training means (standardised inputs all 0) to a valid probability.
func TestDefaultModel(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(m.Classes, ",") != "benign,malignant" || m.PositiveClass != "malignant" {
		t.Errorf("classes %q positive %q", m.Classes, m.PositiveClass)
	}
	if m.ParamsYAML == "" || m.MAAE == nil || m.Evaluation == nil || m.HKFS.Method != HKFSLasso {
		t.Fatalf("default model lacks parameters, MAAE, evaluation or Lasso HKFS")
	}
	if len(m.MAAE.W1) < 1 {
		t.Errorf("MAAE has %d hidden units", len(m.MAAE.W1))
	}
	s, err := m.NewScorer()
	if err != nil {
		t.Fatal(err)
	}
	pr, err := s.Score(m.Scaler.Mean)
	if err != nil {
		t.Fatal(err)
	}
	if p := pr.Probabilities[0] + pr.Probabilities[1]; p < 1-1e-12 || p > 1+1e-12 {
		t.Errorf("probabilities %v", pr.Probabilities)
	}
	if len(pr.Gates) != len(m.HKFS.Kept) {
		t.Errorf("%d gates for %d key features", len(pr.Gates), len(m.HKFS.Kept))
	}
}
