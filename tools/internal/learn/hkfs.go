package learn

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/uran-browser/uran/weights"
	"gonum.org/v1/gonum/floats"
)

// selection is the outcome of HKFS on one training set.
type selection struct {
	method   string
	alpha    float64   // the L1 penalty used
	kept     []int     // kept feature positions, ascending
	gates    []float64 // γ_i of each kept feature
	fallback bool
	warnings []string
}

// lassoTargets are the classes whose indicators the Lasso regresses on: the positive class for
// a binary task (the negative class's indicator is 1 minus it and selects the same features),
// every class otherwise (the kept set is the union).
func lassoTargets(d *Dataset) []int {
	if len(d.Classes) == 2 {
		return []int{d.Positive}
	}
	t := make([]int, len(d.Classes))
	for c := range t {
		t[c] = c
	}
	return t
}

// selectLasso runs the Lasso HKFS on the training rows train, whose standardised values are
// xs (rows in train order). With s.Alpha > 0 that penalty is used; otherwise it is chosen by a
// grouped, stratified inner cross-validation on the training rows, each inner fold standardised
// with its own scaler, minimising the mean squared error of the class indicators. Features with a
// non-zero coefficient are kept, with gate 1.
func selectLasso(d *Dataset, train []int, xs [][]float64, s *weights.Settings,
	rng *rand.Rand) (*selection, error) {
	lp := newLassoProblem(xs)
	y := pick(d.Y, train)
	targets := lassoTargets(d)
	ycs := make([][]float64, len(targets))
	var hi float64
	for t, c := range targets {
		ycs[t], _ = centred(y, c)
		hi = max(hi, lp.alphaMax(ycs[t]))
	}
	if hi == 0 {
		return nil, fmt.Errorf("HKFS: no feature varies with the label on the training rows")
	}
	grid := alphaGrid(hi)
	alpha := s.Alpha
	if alpha <= 0 {
		var err error
		alpha, err = innerLassoAlpha(d, train, grid, targets, s.InnerFolds, rng)
		if err != nil {
			return nil, err
		}
	}
	path := append(slices.DeleteFunc(slices.Clone(grid), func(a float64) bool {
		return a <= alpha
	}), alpha)

	nonzero := make([]bool, len(lp.cols))
	for t := range targets {
		betas := lp.path(ycs[t], path) // may stop before alpha if saturated
		for j, b := range betas[len(betas)-1] {
			nonzero[j] = nonzero[j] || b != 0
		}
	}
	sel := &selection{method: weights.HKFSLasso, alpha: alpha}
	for j, nz := range nonzero {
		if nz {
			sel.kept = append(sel.kept, j)
		}
	}
	if len(sel.kept) == 0 {
		sel.kept = entryOrder(lp, ycs, max(1, s.MinKept))
		sel.fallback = true
		sel.warnings = append(sel.warnings, fmt.Sprintf("HKFS: no feature survived the Lasso "+
			"penalty %.4g; kept the %d features that enter its path first", alpha, len(sel.kept)))
	}
	sel.gates = ones(len(sel.kept))
	return sel, nil
}

// innerLassoAlpha chooses the penalty of grid with the smallest inner-cross-validated squared
// error (ties go to the larger penalty, the sparser model).
func innerLassoAlpha(d *Dataset, train []int, grid []float64, targets []int, k int,
	rng *rand.Rand) (float64, error) {
	fold, err := groupKFold(d.Y, d.Groups, train, len(d.Classes), max(2, k), rng)
	if err != nil {
		return 0, fmt.Errorf("HKFS inner cross-validation: %w", err)
	}
	sse := make([]float64, len(grid))
	for _, sp := range kFoldSplits(train, fold, max(2, k)) {
		sc := fitScaler(d.X, sp.train)
		lp := newLassoProblem(sc.apply(d.X, sp.train))
		val := sc.apply(d.X, sp.test)
		ytr, yte := pick(d.Y, sp.train), pick(d.Y, sp.test)
		for _, c := range targets {
			yc, mean := centred(ytr, c)
			betas := lp.path(yc, grid)
			for a := len(betas); a < len(grid); a++ {
				sse[a] = math.Inf(1) // saturated penalties are never chosen
			}
			for a, beta := range betas {
				for i, row := range val {
					pred := mean
					for j, b := range beta {
						if b != 0 {
							pred += b * row[j]
						}
					}
					obs := 0.0
					if yte[i] == c {
						obs = 1
					}
					sse[a] += (obs - pred) * (obs - pred)
				}
			}
		}
	}
	best := 0
	for a := range sse {
		if sse[a] < sse[best] {
			best = a
		}
	}
	return grid[best], nil
}

// entryOrder returns the k features with the largest max_t |x_jᵀ y_t| / n: the first ones to
// leave zero on the Lasso path. Ties go to the lower position; the result is ascending.
func entryOrder(lp *lassoProblem, ycs [][]float64, k int) []int {
	score := make([]float64, len(lp.cols))
	order := make([]int, len(lp.cols))
	for j, x := range lp.cols {
		order[j] = j
		if lp.c[j] == 0 {
			score[j] = math.Inf(-1)
			continue
		}
		for _, yc := range ycs {
			score[j] = max(score[j], math.Abs(floats.Dot(x, yc)))
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(score[b], score[a]) })
	kept := slices.Clone(order[:min(k, len(order))])
	slices.Sort(kept)
	return kept
}

// selectNone keeps every feature with gate 1 (the ablation without HKFS).
func selectNone(p int) *selection {
	sel := &selection{method: weights.HKFSNone, kept: make([]int, p), gates: ones(p)}
	for j := range sel.kept {
		sel.kept[j] = j
	}
	return sel
}

func ones(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = 1
	}
	return v
}

// pick returns v at the positions idx.
func pick[T any](v []T, idx []int) []T {
	out := make([]T, len(idx))
	for k, i := range idx {
		out[k] = v[i]
	}
	return out
}
