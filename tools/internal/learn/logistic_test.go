package learn

import (
	"math"
	"testing"
)

// TestLogisticKKT checks the optimality conditions of the L1-logistic fit on correlated data,
// for two and three classes: with g_cj = ∂(Σ ω̃ CE)/∂w_cj = Σ_i ω̃_i (p_ic − y_ic) x_ij,
// g_cj = −λ sign(w_cj) where w_cj ≠ 0, |g_cj| ≤ λ where w_cj = 0, and the intercept gradients
// Σ_i ω̃_i (p_ic − y_ic) vanish.
func TestLogisticKKT(t *testing.T) {
	for _, classes := range []int{2, 3} {
		d := synthetic(120, 30, 4, 1.0, 5)
		if classes == 3 {
			d.Classes = append(d.Classes, "third")
			for i := range d.Y {
				if i%5 == 0 {
					d.Y[i] = 2
				}
			}
		}
		idx := make([]int, len(d.X))
		for i := range idx {
			idx[i] = i
		}
		xs := fitScaler(d.X, idx).apply(d.X, idx)
		lp := newLogisticProblem(xs, d.Y, classes, "balanced")
		hi, m := lp.lambdaMax()
		for _, lam := range lambdaPath(hi)[:8] {
			lp.fit(m, lam)
			probs := make([][]float64, len(xs))
			for i, x := range xs {
				probs[i] = m.prob(x)
			}
			for c := 1; c < classes; c++ {
				var gb float64
				for i := range xs {
					obs := 0.0
					if d.Y[i] == c {
						obs = 1
					}
					gb += lp.omega[i] * (probs[i][c] - obs)
				}
				if math.Abs(gb) > 1e-5 {
					t.Errorf("C=%d λ=%.4g class %d: intercept gradient %.3g", classes, lam, c, gb)
				}
				for j := range xs[0] {
					var g float64
					for i, x := range xs {
						obs := 0.0
						if d.Y[i] == c {
							obs = 1
						}
						g += lp.omega[i] * (probs[i][c] - obs) * x[j]
					}
					w := m.w[c-1][j]
					if w != 0 && math.Abs(g+lam*math.Copysign(1, w)) > 1e-4 {
						t.Errorf("C=%d λ=%.4g w[%d][%d]=%.3g: gradient %.6g, want %.6g",
							classes, lam, c, j, w, g, -lam*math.Copysign(1, w))
					}
					if w == 0 && math.Abs(g) > lam+1e-4 {
						t.Errorf("C=%d λ=%.4g w[%d][%d]=0: |gradient| %.6g > λ", classes, lam, c,
							j, g)
					}
				}
			}
		}
	}
}
