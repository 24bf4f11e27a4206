package learn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/uran-browser/uran/weights"
)

// netTask is one network training run on a training set whose inputs are already standardised
// (and selected and gated): xs[i] is the input of row i, y[i] its class, groups[i] its group.
type netTask struct {
	arch     arch
	xs       [][]float64
	y        []int
	groups   []string
	classes  int
	positive int
	s        *weights.Settings
	// earlyStop holds out a grouped validation split and keeps the parameters of the epoch with
	// the lowest validation loss; without it every row trains for exactly maxEpochs epochs.
	earlyStop bool
	maxEpochs int
	// gateL1 and gateLR drive the proximal updates of the gate layer (arch.gate).
	gateL1, gateLR float64
}

// netResult is a trained network.
type netResult struct {
	theta     []float64
	epochs    int     // epochs of the kept parameters
	threshold float64 // Youden threshold on the validation split (binary), else 0.5
	warnings  []string
}

// classWeights returns ω_c = n / (C · n_c) over the rows idx ("balanced": every class carries
// the same total weight), or 1 for every class when mode is "none".
func classWeights(y []int, idx []int, classes int, mode string) []float64 {
	w := make([]float64, classes)
	if mode == "none" {
		for c := range w {
			w[c] = 1
		}
		return w
	}
	for _, i := range idx {
		w[y[i]]++
	}
	for c := range w {
		if w[c] > 0 {
			w[c] = float64(len(idx)) / (float64(classes) * w[c])
		}
	}
	return w
}

// run trains the network with mini-batch AdamW (and proximal gate steps), shuffling the
// training rows every epoch.
func (t *netTask) run(rng *rand.Rand) (*netResult, error) {
	all := make([]int, len(t.xs))
	for i := range all {
		all[i] = i
	}
	train, val := all, []int(nil)
	if t.earlyStop {
		var err error
		train, val, err = holdOut(t.y, t.groups, all, t.classes, t.s.Validation, rng)
		if err != nil {
			return nil, err
		}
	}
	cw := classWeights(t.y, train, t.classes, t.s.ClassWeights)
	a := t.arch
	theta := make([]float64, a.size())
	a.initParams(theta, rng)
	grad := make([]float64, len(theta))
	opt := newAdamW(len(theta), t.s.LearningRate, t.s.WeightDecay, a.ranges())
	w := a.newWorkspace()

	res := &netResult{theta: slices.Clone(theta), threshold: 0.5}
	best, since := math.Inf(1), 0
	order := slices.Clone(train)
	batch := max(1, t.s.BatchSize)
	for epoch := 1; epoch <= t.maxEpochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for lo := 0; lo < len(order); lo += batch {
			clear(grad)
			a.lossGrad(theta, t.xs, t.y, order[lo:min(lo+batch, len(order))], cw,
				t.s.Dropout, rng, grad, w)
			opt.step(theta, grad)
			if a.gate {
				t.proximalGate(a.view(theta).G, a.view(grad).G)
			}
		}
		if !t.earlyStop {
			res.epochs = epoch
			continue
		}
		loss := a.lossGrad(theta, t.xs, t.y, val, cw, 0, nil, nil, w)
		if math.IsNaN(loss) {
			return nil, fmt.Errorf("training diverged (validation loss NaN at epoch %d); "+
				"lower the learning rate", epoch)
		}
		if loss < best-1e-9 {
			best, since = loss, 0
			copy(res.theta, theta)
			res.epochs = epoch
		} else if since++; since >= t.s.Patience {
			break
		}
	}
	if !t.earlyStop {
		copy(res.theta, theta)
		return res, nil
	}
	// Limitation: the threshold comes from the early-stopping split (about a fifth of the
	// training groups), which also chose the epoch; it never sees test rows, but with few
	// positives it is noisy.
	if t.classes == 2 && t.s.Threshold != "0.5" {
		score := make([]float64, len(val))
		pos := make([]bool, len(val))
		p := a.view(res.theta)
		for k, i := range val {
			a.forward(p, t.xs[i], w, 0, nil)
			score[k] = w.prob[t.positive]
			pos[k] = t.y[i] == t.positive
		}
		res.threshold = youden(score, pos)
	}
	return res, nil
}

// proximalGate applies the proximal step of the L1 penalty λ‖γ‖₁ to the gate weights:
// γ ← S(γ − η ∂L/∂γ, η λ), a gradient step followed by soft thresholding, which sets weights
// exactly to zero. η is gateLR.
func (t *netTask) proximalGate(g, grad []float64) {
	for i := range g {
		g[i] = softThreshold(g[i]-t.gateLR*grad[i], t.gateLR*t.gateL1)
	}
}

// probabilities returns the class probabilities of every row of xs under theta (no dropout).
func (a arch) probabilities(theta []float64, xs [][]float64) [][]float64 {
	p := a.view(theta)
	w := a.newWorkspace()
	out := make([][]float64, len(xs))
	for i, x := range xs {
		a.forward(p, x, w, 0, nil)
		out[i] = slices.Clone(w.prob)
	}
	return out
}
