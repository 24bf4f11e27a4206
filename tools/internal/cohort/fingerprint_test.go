package cohort

import (
	"testing"

	"github.com/uran-browser/uran/radiomics"
)

// TestExtractorFingerprint checks that the cache key's fingerprint is stable for the same
// parameters and follows any change in the numbers: another bin width gives other texture
// values and so another fingerprint; a parameter set the fixed case cannot satisfy still
// gives a fingerprint (of its error) rather than failing.
func TestExtractorFingerprint(t *testing.T) {
	p := radiomics.DefaultParams()
	a, b := extractorFingerprint(p), extractorFingerprint(p)
	if a != b || len(a) != 64 {
		t.Fatalf("fingerprint not stable: %s vs %s", a, b)
	}
	q := radiomics.DefaultParams()
	q.Settings.BinWidth = 24
	if extractorFingerprint(q) == a {
		t.Errorf("bin width 24 gives the fingerprint of bin width 25")
	}
	r := radiomics.DefaultParams()
	r.Settings.MinimumROISize = 100000 // more pixels than the fixed case has
	if f := extractorFingerprint(r); f == a || len(f) != 64 {
		t.Errorf("unsatisfiable parameters: fingerprint %q", f)
	}
}
