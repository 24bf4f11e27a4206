package learn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Hand-worked DeLong case. Seven cases, three positive (1–3) and four negative (4–7).
//
//	score A: positives 0.9, 0.8, 0.4   negatives 0.7, 0.4, 0.2, 0.1
//	score B: positives 0.6, 0.9, 0.3   negatives 0.5, 0.2, 0.4, 0.1
//
// A. V10 (share of negatives below each positive, ties ½): 0.9 → 4/4, 0.8 → 4/4,
// 0.4 → (0 + ½ + 1 + 1)/4 = 0.625, so θ_A = 2.625/3 = 7/8.
// V01 (share of positives above each negative): 0.7 → 2/3, 0.4 → 2.5/3 = 5/6, 0.2 → 1, 0.1 → 1.
// S10_AA = ((1/8)² + (1/8)² + (−1/4)²)/2 = (3/32)/2 = 3/64.
// S01_AA = ((−5/24)² + (−1/24)² + (3/24)² + (3/24)²)/3 = (44/576)/3 = 11/432.
// Var θ_A = (3/64)/3 + (11/432)/4 = 1/64 + 11/1728 = 38/1728 = 0.021990740740740741,
// SE = 0.14829275350043490, CI = 7/8 ± 1.959964 · SE = [0.58435154397087, 1 (clipped)].
//
// B. V10: 0.6 → 1, 0.9 → 1, 0.3 → 2/4 = 0.5; θ_B = 2.5/3 = 5/6.
// V01: 0.5 → 2/3, 0.2 → 1, 0.4 → 2/3, 0.1 → 1 (mean 5/6).
// S10_BB = ((1/6)² + (1/6)² + (−1/3)²)/2 = 1/12;  S01_BB = 4·(1/6)²/3 = 1/27.
// Covariances: S10_AB = ((1/8)(1/6) + (1/8)(1/6) + (−1/4)(−1/3))/2 = (1/8)/2 = 1/16;
// S01_AB = ((−5/24)(−4/24) + (−1/24)(4/24) + (3/24)(−4/24) + (3/24)(4/24))/3 = (16/576)/3 = 1/108.
// Var(θ_A − θ_B) = (3/64 + 1/12 − 2/16)/3 + (11/432 + 1/27 − 2/108)/4
//
//	= (1/192)/3 + (19/432)/4 = 1/576 + 19/1728 = 22/1728 = 11/864.
//
// z = (7/8 − 5/6) / √(11/864) = (1/24) / 0.11283… = 0.36927447293800,
// two-sided p = 2(1 − Φ(z)) = 0.71192315069219.
func TestDeLongHandWorked(t *testing.T) {
	pos := []bool{true, true, true, false, false, false, false}
	a := delong([]float64{0.9, 0.8, 0.4, 0.7, 0.4, 0.2, 0.1}, pos)
	b := delong([]float64{0.6, 0.9, 0.3, 0.5, 0.2, 0.4, 0.1}, pos)
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-13 {
			t.Errorf("%s = %.17g, want %.17g", name, got, want)
		}
	}
	near("AUC A", a.auc, 7.0/8)
	near("AUC B", b.auc, 5.0/6)
	near("Var A", a.variance(), 38.0/1728)
	near("Var(A−B)", diffVariance(a, b), 11.0/864)
	ci := aucCI(a.auc, a.variance())
	near("CI low", ci[0], 0.58435154397087)
	near("CI high", ci[1], 1)
	near("p", pairedP(a.auc-b.auc, diffVariance(a, b)), 0.71192315069219)
}

// TestDeLongMatchesDefinition compares the mid-rank computation with the O(n₁n₀) definition of
// the structural components on random scores with many ties.
func TestDeLongMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 60
	s := make([]float64, n)
	pos := make([]bool, n)
	for i := range s {
		s[i] = float64(rng.IntN(8)) / 8
		pos[i] = rng.IntN(3) == 0
	}
	d := delong(s, pos)
	psi := func(x, y float64) float64 {
		switch {
		case x > y:
			return 1
		case x == y:
			return 0.5
		}
		return 0
	}
	var xs, ys []float64
	for i := range s {
		if pos[i] {
			xs = append(xs, s[i])
		} else {
			ys = append(ys, s[i])
		}
	}
	for i, x := range xs {
		var v float64
		for _, y := range ys {
			v += psi(x, y)
		}
		if got := d.v10[i]; math.Abs(got-v/float64(len(ys))) > 1e-14 {
			t.Fatalf("V10[%d] = %v, want %v", i, got, v/float64(len(ys)))
		}
	}
	for j, y := range ys {
		var v float64
		for _, x := range xs {
			v += psi(x, y)
		}
		if got := d.v01[j]; math.Abs(got-v/float64(len(xs))) > 1e-14 {
			t.Fatalf("V01[%d] = %v, want %v", j, got, v/float64(len(xs)))
		}
	}
}

func TestAUCEdgeCases(t *testing.T) {
	if a := auc([]float64{1, 2, 3}, []bool{false, false, true}); a != 1 {
		t.Errorf("perfect ranking AUC = %v, want 1", a)
	}
	if a := auc([]float64{5, 5, 5, 5}, []bool{true, false, true, false}); a != 0.5 {
		t.Errorf("all tied AUC = %v, want 0.5", a)
	}
	if a := auc([]float64{1, 2}, []bool{true, true}); !math.IsNaN(a) {
		t.Errorf("one class AUC = %v, want NaN", a)
	}
}
