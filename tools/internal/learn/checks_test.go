package learn

import (
	"strings"
	"testing"
)

func TestDataChecks(t *testing.T) {
	// Rows: r0–r5. Feature "const" never changes, "tiny" only by rounding noise, "sep"
	// separates the classes perfectly (AUC 1), "noise" does not. r1 and r4 are identical
	// feature vectors with different labels; r2 and r5 share an image hash; group g1 holds
	// both classes.
	d := &Dataset{
		Features: []string{"original_a_const", "original_a_tiny", "original_a_sep",
			"original_a_noise"},
		X: [][]float64{
			{5, 1e-16, 0.1, 3}, {5, 2e-16, 0.2, 1}, {5, 1e-16, 0.3, 2},
			{5, 3e-16, 0.9, 3}, {5, 2e-16, 0.2, 1}, {5, 1e-16, 0.8, 9},
		},
		Y:        []int{0, 0, 0, 1, 1, 1},
		Classes:  []string{"benign", "malignant"},
		Positive: 1,
		Groups:   []string{"g1", "g2", "g3", "g1", "g4", "g5"},
		IDs:      []string{"r0", "r1", "r2", "r3", "r4", "r5"},
		Hashes:   []string{"h0", "h1", "h2", "h3", "h4", "h2"},
	}
	// "sep": malignant values 0.9, 0.2, 0.8 against benign 0.1, 0.2, 0.3. Pairs won: 0.9
	// beats all 3, 0.2 beats 0.1 and ties 0.2 (½), 0.8 beats all 3: (3 + 1.5 + 3)/9 = 0.8333,
	// the best single feature but not above 0.97.
	ch, warn := runChecks(d, 2)
	if strings.Join(ch.ConstantColumns, ",") != "original_a_const,original_a_tiny" {
		t.Errorf("constant columns %q", ch.ConstantColumns)
	}
	if len(ch.DuplicateRows) != 1 || strings.Join(ch.DuplicateRows[0], "=") != "r1=r4" ||
		ch.ConflictingDups != 1 {
		t.Errorf("duplicate rows %q (conflicts %d)", ch.DuplicateRows, ch.ConflictingDups)
	}
	if len(ch.DuplicateImages) != 1 || strings.Join(ch.DuplicateImages[0], "=") != "r2=r5" {
		t.Errorf("duplicate images %q", ch.DuplicateImages)
	}
	if len(ch.MixedGroups) != 1 || ch.MixedGroups[0].Group != "g1" {
		t.Errorf("mixed groups %+v", ch.MixedGroups)
	}
	if ch.BestFeature.Feature != "original_a_sep" ||
		ch.BestFeature.AUC < 0.8333 || ch.BestFeature.AUC > 0.8334 {
		t.Errorf("best feature %+v, want original_a_sep with AUC 7.5/9", ch.BestFeature)
	}
	if len(ch.Separating) != 0 {
		t.Errorf("separating %+v, want none", ch.Separating)
	}
	joined := strings.Join(warn, "\n")
	for _, want := range []string{"2 of 4 feature columns are constant",
		"1 exactly, 1 up to rounding",
		"identical feature values (1 of them with different labels)", "listed more than once",
		"1 groups hold rows of more than one class (g1)"} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings lack %q:\n%s", want, joined)
		}
	}

	// A perfectly separating feature is reported.
	for i := range d.X {
		d.X[i][3] = float64(d.Y[i]) + 0.01*float64(i)
	}
	ch, warn = runChecks(d, 2)
	if len(ch.Separating) != 1 || ch.Separating[0].Feature != "original_a_noise" ||
		ch.Separating[0].AUC != 1 || !strings.Contains(strings.Join(warn, " "), "suspect leakage") {
		t.Errorf("separating %+v, warnings %q", ch.Separating, warn)
	}
}
