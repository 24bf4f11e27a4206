package learn

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/uran-browser/uran/weights"
)

// hadamardData returns 16 rows whose 5 features are columns 1, 4, 5, 8 and 12 of the 16 × 16
// Sylvester–Hadamard matrix, h_k(i) = (−1)^popcount(i AND k), stored as 10 h + 3 (the scaler
// must bring them back to ±1 exactly: mean 3, population SD 10). Rows 0–4 are positive. The
// columns are centred and orthogonal with x_kᵀx_k / n = 1, so the Lasso solution is
// β_k = S(x_kᵀ y / n, α), and x_kᵀ y / n is the sum of h_k over rows 0–4, divided by 16:
//
//	k = 1: +1 −1 +1 −1 +1 → 1/16    k = 4: +1 +1 +1 +1 −1 → 3/16
//	k = 5: +1 −1 +1 −1 −1 → −1/16   k = 8: +1 +1 +1 +1 +1 → 5/16
//	k = 12: +1 +1 +1 +1 −1 → 3/16
//
// Every row is its own group.
func hadamardData() *Dataset {
	cols := []int{1, 4, 5, 8, 12}
	d := &Dataset{Classes: []string{"neg", "pos"}, Positive: 1}
	for _, k := range cols {
		d.Features = append(d.Features, fmt.Sprintf("original_firstorder_H%d", k))
	}
	for i := range 16 {
		row := make([]float64, len(cols))
		for c, k := range cols {
			h := 1.0
			for b := i & k; b != 0; b &= b - 1 {
				h = -h
			}
			row[c] = 10*h + 3
		}
		y := 0
		if i < 5 {
			y = 1
		}
		d.X, d.Y = append(d.X, row), append(d.Y, y)
		d.Groups = append(d.Groups, fmt.Sprintf("g%d", i))
		d.IDs = append(d.IDs, fmt.Sprintf("r%d", i))
	}
	return d
}

// TestLassoGivenAlpha: a penalty α > 0 in the settings is used as given and recorded, and the
// inner cross-validation is skipped (the generator is not drawn from). On hadamardData the kept
// set follows from |x_kᵀy/n| > α with the hand-worked correlations: α = 0.25 keeps only H8
// (5/16), α = 0.1 keeps H4, H8, H12 (3/16 and 5/16), α = 0.05 keeps all five. The penalty also
// reaches the weights file (HKFS.Alpha) of a URAN trained on that selection.
func TestLassoGivenAlpha(t *testing.T) {
	d := hadamardData()
	train := rowRange(16)
	for _, c := range []struct {
		alpha float64
		kept  []int
	}{{0.25, []int{3}}, {0.1, []int{1, 3, 4}}, {0.05, []int{0, 1, 2, 3, 4}}} {
		s := DefaultSettings()
		s.Alpha, s.Hidden, s.MaxEpochs = c.alpha, 4, 3
		rng := rand.New(rand.NewPCG(7, 7))
		p, err := prepare(d, train, &s, true, rng)
		if err != nil {
			t.Fatal(err)
		}
		if got, fresh := rng.Uint64(), rand.New(rand.NewPCG(7, 7)).Uint64(); got != fresh {
			t.Errorf("α = %v: the generator was used, so the inner CV ran", c.alpha)
		}
		if p.sel.alpha != c.alpha || p.sel.fallback || !slices.Equal(p.sel.kept, c.kept) {
			t.Errorf("α = %v: recorded α %v, fallback %v, kept %v, want kept %v", c.alpha,
				p.sel.alpha, p.sel.fallback, p.sel.kept, c.kept)
		}
		f, err := fitModel(d, ModelURAN, p, &s, newRNG(7, 8))
		if err != nil {
			t.Fatal(err)
		}
		if f.model.HKFS.Alpha != c.alpha || f.model.HKFS.Method != weights.HKFSLasso ||
			len(f.model.HKFS.Kept) != len(c.kept) {
			t.Errorf("α = %v: weights record %+v", c.alpha, f.model.HKFS)
		}
	}
}

// TestInnerLassoAlphaFollowsSignal: the inner cross-validation picks the penalty with the
// smallest held-out squared error of the class indicator, on a grid of 30 log-spaced penalties
// from α_max (nothing kept) down to α_max/100. For a label unrelated to every feature, any
// non-zero coefficient only adds variance, so the choice must sit at the sparse end
// (α ≥ 0.3 α_max, the top 8 penalties); with one feature that nearly determines the label,
// shrinking its coefficient costs bias, so a small penalty wins (α ≤ α_max/10) and that
// feature is kept. Both cases share the noise features; four data seeds.
func TestInnerLassoAlphaFollowsSignal(t *testing.T) {
	choose := func(d *Dataset) (*selection, float64) {
		s := DefaultSettings()
		s.InnerFolds = 5
		p, err := prepare(d, rowRange(len(d.X)), &s, true, newRNG(11, 1))
		if err != nil {
			t.Fatal(err)
		}
		yc, _ := centred(d.Y, d.Positive)
		return p.sel, newLassoProblem(p.xs).alphaMax(yc)
	}
	for seed := uint64(41); seed < 45; seed++ {
		noise := synthetic(120, 20, 0, 0, seed)
		sel, hi := choose(noise)
		if sel.alpha < 0.3*hi {
			t.Errorf("seed %d, pure noise: α = %.3g α_max, want ≥ 0.3 α_max", seed,
				sel.alpha/hi)
		}
		signal := synthetic(120, 20, 0, 0, seed)
		for i := range signal.X {
			signal.X[i][0] = float64(signal.Y[i]) + 0.1*float64(i%7-3)/3
		}
		sel, hi = choose(signal)
		if sel.alpha > hi/10 || !slices.Contains(sel.kept, 0) {
			t.Errorf("seed %d, strong signal: α = %.3g α_max (want ≤ 0.1), kept %v (want 0 "+
				"among them)", seed, sel.alpha/hi, sel.kept)
		}
	}
}
