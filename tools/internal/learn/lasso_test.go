package learn

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
)

// TestLassoOrthogonalDesign: with orthogonal columns of x_jᵀx_j/n = 1 the Lasso solution is
// the soft-thresholded univariate coefficient β_j = S(x_jᵀy/n, α). Columns 1–7 of the 8 × 8
// Sylvester–Hadamard matrix are ±1, centred and orthogonal.
func TestLassoOrthogonalDesign(t *testing.T) {
	h := [][]float64{{1}}
	for len(h) < 8 {
		n := len(h)
		next := make([][]float64, 2*n)
		for i := range next {
			next[i] = make([]float64, 2*n)
			for j := range next[i] {
				s := 1.0
				if i >= n && j >= n {
					s = -1
				}
				next[i][j] = s * h[i%n][j%n]
			}
		}
		h = next
	}
	rows := make([][]float64, 8)
	for i := range rows {
		rows[i] = h[i][1:]
	}
	y := []float64{3, -1, 2, 0.5, -2, 1, 0, -3.5}
	mean := floats.Sum(y) / 8
	yc := make([]float64, 8)
	for i := range y {
		yc[i] = y[i] - mean
	}
	lp := newLassoProblem(rows)
	alpha := 0.4
	beta := lp.path(yc, []float64{alpha})[0]
	for j := range 7 {
		var xy float64
		for i := range 8 {
			xy += rows[i][j] * yc[i]
		}
		want := softThreshold(xy/8, alpha)
		if math.Abs(beta[j]-want) > 1e-9 {
			t.Errorf("β[%d] = %v, want S(%v, %v) = %v", j, beta[j], xy/8, alpha, want)
		}
	}
}

// TestLassoKKT checks the optimality conditions on correlated random data: with r = y − Xβ,
// x_jᵀr/n = α·sign(β_j) where β_j ≠ 0 and |x_jᵀr/n| ≤ α where β_j = 0.
func TestLassoKKT(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n, p := 40, 60
	raw := make([][]float64, n)
	idx := make([]int, n)
	y := make([]int, n)
	for i := range raw {
		idx[i] = i
		base := rng.NormFloat64()
		raw[i] = make([]float64, p)
		for j := range raw[i] {
			raw[i][j] = base*0.6 + rng.NormFloat64()
		}
		if raw[i][0]+raw[i][3]-raw[i][7]+0.5*rng.NormFloat64() > 0 {
			y[i] = 1
		}
	}
	xs := fitScaler(raw, idx).apply(raw, idx)
	lp := newLassoProblem(xs)
	yc, _ := centred(y, 1)
	grid := alphaGrid(lp.alphaMax(yc))
	betas := lp.path(yc, grid)
	for a, beta := range betas {
		r := make([]float64, n)
		copy(r, yc)
		for j, b := range beta {
			floats.AddScaled(r, -b, lp.cols[j])
		}
		nz := 0
		for j, b := range beta {
			g := floats.Dot(lp.cols[j], r) / float64(n)
			if b != 0 {
				nz++
				if math.Abs(g-grid[a]*math.Copysign(1, b)) > 1e-4 {
					t.Errorf("α=%.4g β[%d]=%.4g: gradient %.6g, want ±α", grid[a], j, b, g)
				}
			} else if math.Abs(g) > grid[a]+1e-4 {
				t.Errorf("α=%.4g β[%d]=0: |gradient| %.6g exceeds α", grid[a], j, g)
			}
		}
		if a == 0 && nz != 0 {
			t.Errorf("at α_max %d coefficients are non-zero, want 0", nz)
		}
	}
}
