package learn

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
)

// The Lasso of HKFS: for a response y (the indicator of one class) and standardised features
// with columns x_j (n rows), minimise
//
//	(1 / 2n) ‖y − ȳ − X β‖² + α ‖β‖₁
//
// (scikit-learn's scaling of the penalty, so α is comparable with the authors' 0.091). The
// intercept is ȳ because the columns are centred. Cyclic coordinate descent updates one
// coefficient at a time with the residual r = y − ȳ − X β kept current:
//
//	β_j ← S(x_jᵀ r / n + c_j β_j, α) / c_j,   c_j = x_jᵀ x_j / n,
//	S(t, α) = sign(t) max(|t| − α, 0)
//
// A constant column (c_j = 0) keeps β_j = 0. After each full sweep, sweeps over the non-zero
// coefficients only (the active set) run until they settle; the fit ends when a full sweep
// changes no coefficient by more than lassoTol.

const (
	lassoTol       = 1e-6 // largest coefficient change of a converged sweep
	lassoMaxSweeps = 1000 // full sweeps per penalty
	lassoPathLen   = 30   // penalties on the path
	lassoPathRatio = 0.01 // smallest penalty / largest
)

// lassoProblem holds standardised features by column and a centred response.
type lassoProblem struct {
	cols [][]float64 // p columns of length n
	c    []float64   // x_jᵀ x_j / n
	n    float64
}

func newLassoProblem(rows [][]float64) *lassoProblem {
	cols := transpose(rows)
	n := float64(len(rows))
	c := make([]float64, len(cols))
	for j, x := range cols {
		c[j] = floats.Dot(x, x) / n
	}
	return &lassoProblem{cols: cols, c: c, n: n}
}

// alphaMax is the smallest penalty at which every coefficient is zero: max_j |x_jᵀ y| / n for a
// centred y.
func (lp *lassoProblem) alphaMax(yc []float64) float64 {
	var a float64
	for j, x := range lp.cols {
		if lp.c[j] > 0 {
			a = max(a, math.Abs(floats.Dot(x, yc))/lp.n)
		}
	}
	return a
}

// fit minimises the objective for penalty alpha, starting from beta (updated in place) with the
// matching residual r = yc − Xβ (updated in place).
func (lp *lassoProblem) fit(alpha float64, beta, r []float64) {
	sweep := func(active bool) float64 {
		var change float64
		for j, x := range lp.cols {
			if lp.c[j] == 0 || (active && beta[j] == 0) {
				continue
			}
			old := beta[j]
			t := floats.Dot(x, r)/lp.n + lp.c[j]*old
			nb := softThreshold(t, alpha) / lp.c[j]
			if nb != old {
				floats.AddScaled(r, old-nb, x)
				beta[j] = nb
				change = max(change, math.Abs(nb-old))
			}
		}
		return change
	}
	for range lassoMaxSweeps {
		if sweep(false) <= lassoTol {
			return
		}
		for range lassoMaxSweeps {
			if sweep(true) <= lassoTol {
				break
			}
		}
	}
}

// path fits the penalties alphas (decreasing) with warm starts and returns the coefficients for
// each, stopping early (returning fewer) once n/2 coefficients are non-zero.
func (lp *lassoProblem) path(yc []float64, alphas []float64) [][]float64 {
	beta := make([]float64, len(lp.cols))
	r := slices.Clone(yc)
	out := make([][]float64, len(alphas))
	limit := max(1, len(yc)/2)
	for a, alpha := range alphas {
		lp.fit(alpha, beta, r)
		out[a] = slices.Clone(beta)
		if nonZero(beta) >= limit {
			// Saturated: with as many non-zero coefficients as half the rows the fit
			// interpolates and smaller penalties only cost time; they are not returned.
			return out[:a+1]
		}
	}
	return out
}

// alphaGrid returns lassoPathLen penalties spaced evenly in log scale from hi down to
// hi·lassoPathRatio.
func alphaGrid(hi float64) []float64 {
	g := make([]float64, lassoPathLen)
	for i := range g {
		g[i] = hi * math.Pow(lassoPathRatio, float64(i)/float64(lassoPathLen-1))
	}
	return g
}

func softThreshold(t, a float64) float64 {
	switch {
	case t > a:
		return t - a
	case t < -a:
		return t + a
	}
	return 0
}

// transpose returns the columns of a row-major table.
func transpose(rows [][]float64) [][]float64 {
	if len(rows) == 0 {
		return nil
	}
	cols := make([][]float64, len(rows[0]))
	for j := range cols {
		cols[j] = make([]float64, len(rows))
		for i, row := range rows {
			cols[j][i] = row[j]
		}
	}
	return cols
}

// centred returns the indicator of class c over labels y, minus its mean, and the mean.
func centred(y []int, c int) ([]float64, float64) {
	v := make([]float64, len(y))
	var mean float64
	for i, yi := range y {
		if yi == c {
			v[i] = 1
			mean++
		}
	}
	mean /= float64(len(y))
	for i := range v {
		v[i] -= mean
	}
	return v, mean
}

func nonZero(v []float64) int {
	n := 0
	for _, x := range v {
		if x != 0 {
			n++
		}
	}
	return n
}
