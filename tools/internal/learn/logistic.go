package learn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/floats"
)

// L1-penalised logistic regression, the classic radiomics signature, as a comparison model.
//
// Class 0 is the reference: logit_0 = 0 and η_c = b_c + w_cᵀ x for c = 1 … C−1, so two classes
// give ordinary binary logistic regression. The objective on standardised features is
//
//	F(w, b) = Σ_i ω̃_i CE_i + λ Σ_c ‖w_c‖₁,   ω̃_i = ω_{y_i} / Σ_k ω_{y_k}
//
// (class weights ω as for the network; the intercepts are not penalised). It is minimised as
// glmnet does (Friedman, Hastie & Tibshirani 2010): for one class at a time, the smooth part is
// replaced by its quadratic approximation in η_c at the current fit,
//
//	½ Σ_i h_i (t_i − b_c − w_cᵀ x_i)²,  h_i = ω̃_i p_ic (1 − p_ic),
//	t_i = η_ic − ω̃_i (p_ic − y_ic) / h_i,
//
// and that penalised weighted least-squares problem is solved by cyclic coordinate descent
// (w_cj ← S(Σ_i h_i x_ij r_i + w_cj Σ_i h_i x_ij², λ) / Σ_i h_i x_ij², with the residual r
// kept current, over the active set between full sweeps). If a step raises F it is halved.
// λ is chosen from a path by grouped inner cross-validation on the weighted log-loss.

const (
	logisticPathLen = 15
	logisticRatio   = 0.01
	logisticOuter   = 100  // quadratic approximations per penalty
	logisticSweeps  = 500  // coordinate-descent sweeps per approximation
	logisticTol     = 1e-6 // largest coefficient change of a converged loop
	logisticMinH    = 1e-5 // lower bound of p(1 − p) in the weights, as glmnet
)

// Limitation: with more than two classes the reference-class parametrisation makes the L1
// penalty depend on which class is class 0; glmnet's symmetric form would not.

// logistic is a fitted L1-logistic model on standardised features.
type logistic struct {
	classes int
	w       [][]float64 // (C−1) × p
	b       []float64   // C−1
	lambda  float64
}

// logisticProblem is one training set, stored by column for coordinate descent.
type logisticProblem struct {
	cols    [][]float64 // p columns of n values
	y       []int
	omega   []float64 // ω̃_i, summing to 1
	classes int
	eta     [][]float64 // current η_ic, c = 1 … C−1
}

func newLogisticProblem(xs [][]float64, y []int, classes int, mode string) *logisticProblem {
	idx := make([]int, len(y))
	for i := range idx {
		idx[i] = i
	}
	cw := classWeights(y, idx, classes, mode)
	omega := make([]float64, len(y))
	for i, c := range y {
		omega[i] = cw[c]
	}
	floats.Scale(1/floats.Sum(omega), omega)
	lp := &logisticProblem{cols: transpose(xs), y: y, omega: omega, classes: classes}
	lp.eta = make([][]float64, classes-1)
	for c := range lp.eta {
		lp.eta[c] = make([]float64, len(y))
	}
	return lp
}

// zero returns the model with every weight and intercept 0 and sets η to match.
func (lp *logisticProblem) zero() *logistic {
	m := &logistic{classes: lp.classes, w: make([][]float64, lp.classes-1),
		b: make([]float64, lp.classes-1)}
	for c := range m.w {
		m.w[c] = make([]float64, len(lp.cols))
		clear(lp.eta[c])
	}
	return m
}

// probs returns p_ic for every row from η.
func (lp *logisticProblem) probs() [][]float64 {
	n := len(lp.y)
	p := make([][]float64, n)
	logits := make([]float64, lp.classes)
	for i := range n {
		for c := 1; c < lp.classes; c++ {
			logits[c] = lp.eta[c-1][i]
		}
		p[i] = make([]float64, lp.classes)
		softmaxTo(p[i], logits)
	}
	return p
}

// objective returns F at the current η for the weights m and penalty lambda.
func (lp *logisticProblem) objective(m *logistic, lambda float64) float64 {
	logits := make([]float64, lp.classes)
	var f float64
	for i, yi := range lp.y {
		for c := 1; c < lp.classes; c++ {
			logits[c] = lp.eta[c-1][i]
		}
		f += lp.omega[i] * crossEntropy(logits, yi)
	}
	for _, w := range m.w {
		for _, v := range w {
			if v != 0 { // λ may be +Inf while every weight is 0
				f += lambda * math.Abs(v)
			}
		}
	}
	return f
}

// fit minimises F for penalty lambda starting from m (updated in place; η must match m).
func (lp *logisticProblem) fit(m *logistic, lambda float64) {
	n := len(lp.y)
	h, r := make([]float64, n), make([]float64, n)
	for range logisticOuter {
		var change float64
		for c := 1; c < lp.classes; c++ {
			change = max(change, lp.classStep(m, c, lambda, h, r))
		}
		if change < logisticTol {
			break
		}
	}
	m.lambda = lambda
}

// classStep makes one penalised Newton step for class c and returns the largest coefficient
// change.
func (lp *logisticProblem) classStep(m *logistic, c int, lambda float64, h, r []float64) float64 {
	p := lp.probs()
	for i, yi := range lp.y {
		pc := p[i][c]
		h[i] = lp.omega[i] * max(pc*(1-pc), logisticMinH)
		obs := 0.0
		if yi == c {
			obs = 1
		}
		r[i] = -lp.omega[i] * (pc - obs) / h[i] // t_i − η_i
	}
	oldW, oldB := slices.Clone(m.w[c-1]), m.b[c-1]
	before := lp.objective(m, lambda)
	lp.weightedLasso(m, c, lambda, h, r)

	// Update η and make sure F did not rise; halve the step towards the old point if it did.
	newW, newB := slices.Clone(m.w[c-1]), m.b[c-1]
	for halving := 0; ; halving++ {
		lp.setEta(m, c)
		if lp.objective(m, lambda) <= before+1e-12 || halving == 20 {
			break
		}
		for j := range newW {
			newW[j] = (newW[j] + oldW[j]) / 2
		}
		newB = (newB + oldB) / 2
		copy(m.w[c-1], newW)
		m.b[c-1] = newB
	}
	var change float64
	for j := range newW {
		change = max(change, math.Abs(m.w[c-1][j]-oldW[j]))
	}
	return max(change, math.Abs(m.b[c-1]-oldB))
}

// weightedLasso solves the penalised weighted least-squares problem of class c by coordinate
// descent; r holds t − η on entry (the residual of the current coefficients).
func (lp *logisticProblem) weightedLasso(m *logistic, c int, lambda float64, h, r []float64) {
	w := m.w[c-1]
	hx2 := make([]float64, len(lp.cols))
	for j, x := range lp.cols {
		for i, v := range x {
			hx2[j] += h[i] * v * v
		}
	}
	hsum := floats.Sum(h)
	tmp := make([]float64, len(h))
	sweep := func(active bool) float64 {
		// Intercept: unpenalised, b ← b + Σ h r / Σ h; then tmp = h ⊙ r.
		floats.MulTo(tmp, h, r)
		db := floats.Sum(tmp) / hsum
		m.b[c-1] += db
		floats.AddConst(-db, r)
		floats.MulTo(tmp, h, r)
		change := math.Abs(db)
		for j, x := range lp.cols {
			if hx2[j] == 0 || (active && w[j] == 0) {
				continue
			}
			old := w[j]
			g := floats.Dot(x, tmp) // Σ_i h_i x_ij r_i
			nw := softThreshold(g+old*hx2[j], lambda) / hx2[j]
			if nw != old {
				d := nw - old
				floats.AddScaled(r, -d, x)
				for i, v := range x {
					tmp[i] -= h[i] * d * v
				}
				w[j] = nw
				change = max(change, math.Abs(d))
			}
		}
		return change
	}
	for range logisticSweeps {
		if sweep(false) < logisticTol {
			return
		}
		for range logisticSweeps {
			if sweep(true) < logisticTol {
				break
			}
		}
	}
}

// setEta recomputes η of class c from the coefficients.
func (lp *logisticProblem) setEta(m *logistic, c int) {
	eta := lp.eta[c-1]
	for i := range eta {
		eta[i] = m.b[c-1]
	}
	for j, x := range lp.cols {
		if v := m.w[c-1][j]; v != 0 {
			floats.AddScaled(eta, v, x)
		}
	}
}

// lambdaMax is the smallest penalty at which every weight is zero: the largest |∂F/∂w_cj| at
// w = 0 with the intercepts at their optimum. It returns that model as a warm start.
func (lp *logisticProblem) lambdaMax() (float64, *logistic) {
	m := lp.zero()
	lp.fit(m, math.Inf(1))
	p := lp.probs()
	var hi float64
	g := make([]float64, len(lp.y))
	for c := 1; c < lp.classes; c++ {
		for i, yi := range lp.y {
			obs := 0.0
			if yi == c {
				obs = 1
			}
			g[i] = lp.omega[i] * (p[i][c] - obs)
		}
		for _, x := range lp.cols {
			hi = max(hi, math.Abs(floats.Dot(x, g)))
		}
	}
	return hi, m
}

// prob returns the class probabilities of a standardised row.
func (m *logistic) prob(x []float64) []float64 {
	logits := make([]float64, m.classes)
	for c := 1; c < m.classes; c++ {
		logits[c] = m.b[c-1] + floats.Dot(m.w[c-1], x)
	}
	p := make([]float64, m.classes)
	softmaxTo(p, logits)
	return p
}

// lambdaPath returns logisticPathLen penalties from hi down to hi·logisticRatio (log-spaced).
func lambdaPath(hi float64) []float64 {
	g := make([]float64, logisticPathLen)
	for i := range g {
		g[i] = hi * math.Pow(logisticRatio, float64(i)/float64(logisticPathLen-1))
	}
	return g
}

// fitLogistic fits the L1-logistic comparison on the training rows train: λ by inner grouped
// cross-validation (each inner fold with its own scaler) on the weighted log-loss, then a fit on
// all training rows (standardised rows xs). The threshold of a binary task is Youden's on the
// inner out-of-fold probabilities at the chosen λ.
func fitLogistic(d *Dataset, train []int, xs [][]float64, classMode string, innerFolds int,
	rng *rand.Rand) (*logistic, float64, error) {
	C := len(d.Classes)
	y := pick(d.Y, train)
	full := newLogisticProblem(xs, y, C, classMode)
	hi, _ := full.lambdaMax()
	if hi == 0 {
		return nil, 0, fmt.Errorf("L1 logistic: no feature carries a gradient")
	}
	grid := lambdaPath(hi)

	k := max(2, innerFolds)
	fold, err := groupKFold(d.Y, d.Groups, train, C, k, rng)
	if err != nil {
		return nil, 0, fmt.Errorf("L1 logistic inner cross-validation: %w", err)
	}
	loss := make([]float64, len(grid))
	oof := make([][]float64, len(grid)) // P(positive) per training row position
	for a := range oof {
		oof[a] = make([]float64, len(train))
	}
	posOf := make(map[int]int, len(train))
	for pos, i := range train {
		posOf[i] = pos
	}
	for _, sp := range kFoldSplits(train, fold, k) {
		sc := fitScaler(d.X, sp.train)
		ip := newLogisticProblem(sc.apply(d.X, sp.train), pick(d.Y, sp.train), C, classMode)
		_, m := ip.lambdaMax()
		val := sc.apply(d.X, sp.test)
		cw := classWeights(d.Y, sp.test, C, classMode)
		for a, lam := range grid {
			ip.fit(m, lam)
			for r, i := range sp.test {
				p := m.prob(val[r])
				loss[a] += cw[d.Y[i]] * -math.Log(max(p[d.Y[i]], 1e-300))
				oof[a][posOf[i]] = p[d.Positive]
			}
		}
	}
	best := 0
	for a := range loss {
		if loss[a] < loss[best]-1e-12 {
			best = a
		}
	}
	_, m := full.lambdaMax()
	for _, lam := range grid[:best+1] {
		full.fit(m, lam)
	}
	threshold := 0.5
	if C == 2 {
		pos := make([]bool, len(train))
		for k, i := range train {
			pos[k] = d.Y[i] == d.Positive
		}
		threshold = youden(oof[best], pos)
	}
	return m, threshold, nil
}
