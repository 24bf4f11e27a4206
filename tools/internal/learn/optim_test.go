package learn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestProximalGateStep checks one proximal step of the gate L1 penalty by hand. With step
// η = 0.1 and penalty λ = 0.5 the threshold is ηλ = 0.05, and γ ← S(γ − η g, 0.05):
//
//	γ = 1,     g = 2    → 0.8   → 0.75
//	γ = 0.02,  g = 0.1  → 0.01  → 0 (|0.01| ≤ 0.05)
//	γ = −0.3,  g = −1   → −0.2  → −0.15
//	γ = 0.04,  g = −0.5 → 0.09  → 0.04
//	γ = −0.01, g = 0    → −0.01 → 0
//	γ = 0,     g = 0.4  → −0.04 → 0 (a zero gate stays zero under a small gradient)
func TestProximalGateStep(t *testing.T) {
	task := &netTask{gateLR: 0.1, gateL1: 0.5}
	g := []float64{1, 0.02, -0.3, 0.04, -0.01, 0}
	grad := []float64{2, 0.1, -1, -0.5, 0, 0.4}
	want := []float64{0.75, 0, -0.15, 0.04, 0, 0}
	task.proximalGate(g, grad)
	for i := range g {
		if math.Abs(g[i]-want[i]) > 1e-15 || (want[i] == 0 && g[i] != 0) {
			t.Errorf("gate %d: %.17g, want %v", i, g[i], want[i])
		}
	}
}

// TestAdamLeavesGatesAlone: the gate weights are outside Adam's ranges, so an Adam step with a
// non-zero gradient everywhere changes every other parameter and no gate (a gate set to 0 by
// the proximal step stays exactly 0).
func TestAdamLeavesGatesAlone(t *testing.T) {
	a := arch{K: 3, R: 1, H: 2, C: 2, gate: true, maae: true}
	theta := make([]float64, a.size())
	for i := range theta {
		theta[i] = 0.3
	}
	copy(a.view(theta).G, []float64{0, 0.5, -0.2})
	grad := make([]float64, len(theta))
	for i := range grad {
		grad[i] = 1
	}
	before := slices.Clone(theta)
	newAdamW(len(theta), 0.01, 0.1, a.ranges()).step(theta, grad)
	for i := range theta {
		if isGate := i < a.K; isGate != (theta[i] == before[i]) {
			t.Errorf("parameter %d (gate %v): %v → %v", i, isGate, before[i], theta[i])
		}
	}
}

// TestAdamRangesDecayWeightsOnly locates every tensor in the flat vector by viewing a vector
// whose entries are their own positions, and checks that ranges() covers every non-gate
// position exactly once, with weight decay on W1, W2ᵀ, A1, A2 and none on the biases B1, B2,
// C1, C2 (the design stated in adam.go and network.go).
func TestAdamRangesDecayWeightsOnly(t *testing.T) {
	a := arch{K: 4, R: 2, H: 3, C: 2, gate: true, maae: true}
	pos := make([]float64, a.size())
	for i := range pos {
		pos[i] = float64(i)
	}
	p := a.view(pos)
	want := make([]int, a.size()) // 0 = not updated by Adam, 1 = no decay, 2 = decay
	mark := func(v []float64, m int) {
		for _, x := range v {
			want[int(x)] = m
		}
	}
	mark(p.W1, 2)
	mark(p.W2T, 2)
	mark(p.A1, 2)
	mark(p.A2, 2)
	mark(p.B1, 1)
	mark(p.B2, 1)
	mark(p.C1, 1)
	mark(p.C2, 1)
	got := make([]int, a.size())
	for _, r := range a.ranges() {
		for i := r.lo; i < r.hi; i++ {
			if got[i] != 0 {
				t.Fatalf("position %d is in two ranges", i)
			}
			got[i] = 1
			if r.decay {
				got[i] = 2
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("ranges mark %v, want %v", got, want)
	}
}

// TestAdamWTwoSteps works two AdamW steps by hand (β₁ = 0.9, β₂ = 0.999, ε = 1e-8, lr = 0.1,
// decay λ = 0.5) for θ = (1, −2, 3), the first two decayed weights, the third a bias.
//
// Step 1, g = (0.5, −1, 2): the bias-corrected m̂ = g and v̂ = g², so the Adam term is
// g / (|g| + ε) = ±(1 − ε/|g|):
//
//	θ₀ = 1 − 0.1 (0.99999998 + 0.5 · 1)        = 0.850000002
//	θ₁ = −2 − 0.1 (−0.99999999 + 0.5 · (−2))    = −1.800000001
//	θ₂ = 3 − 0.1 (0.999999995)   (no decay)     = 2.9000000005
//
// Step 2, g = (−0.5, 1, 0), c₁ = 1 − 0.9² = 0.19, c₂ = 1 − 0.999² = 0.001999:
//
//	θ₀: m = 0.9·0.05 − 0.05 = −0.005, v = 0.999·0.00025 + 0.00025 = 0.00049975, v̂ = 0.25,
//	    θ₀ = 0.850000002 − 0.1 (−0.005/0.19 / (0.5 + ε) + 0.5 · 0.850000002) = 0.812763159689
//	θ₁: m = −0.09 + 0.1 = 0.01, v = 0.003996 + 0.001 = 0.004996,
//	    θ₁ = −1.800000001 − 0.1 (0.01/0.19 / (√(0.004996/0.001999) + ε) − 0.9000000005)
//	       = −1.715263158792
//	θ₂: m = 0.18, v = 0.003996, θ₂ = 2.9000000005 − 0.1 · 0.18/0.19 / (√(0.003996/0.001999) + ε)
//	       = 2.832994175560
//
// (values to 12 decimals from the formulas above, evaluated independently of the code). A
// decayed bias would give θ₂ = 2.9000000005 − 0.15 after step 1 instead.
func TestAdamWTwoSteps(t *testing.T) {
	theta := []float64{1, -2, 3}
	o := newAdamW(3, 0.1, 0.5, []paramRange{{0, 2, true}, {2, 3, false}})
	steps := []struct{ grad, want []float64 }{
		{[]float64{0.5, -1, 2}, []float64{0.850000002, -1.800000001, 2.9000000005}},
		{[]float64{-0.5, 1, 0}, []float64{0.812763159689, -1.715263158792, 2.832994175560}},
	}
	for k, st := range steps {
		o.step(theta, st.grad)
		for i := range theta {
			if math.Abs(theta[i]-st.want[i]) > 1e-11 {
				t.Errorf("step %d θ%d = %.15f, want %.12f", k+1, i, theta[i], st.want[i])
			}
		}
	}
}

// TestClassWeights: "balanced" gives ω_c = n / (C n_c), so y = {0, 0, 0, 1} gives
// (4/(2·3), 4/(2·1)) = (2/3, 2), computed over the given rows only; "none" gives 1 for every
// class. A class absent from the rows gets weight 0 (rows {0, 1}: ω₀ = 2/(2·2) = 0.5).
func TestClassWeights(t *testing.T) {
	y := []int{0, 0, 0, 1, 1, 2}
	near := func(name string, got, want []float64) {
		t.Helper()
		for c := range want {
			if math.Abs(got[c]-want[c]) > 1e-15 {
				t.Errorf("%s: ω = %v, want %v", name, got, want)
				return
			}
		}
	}
	near("balanced {0,0,0,1}", classWeights(y, []int{0, 1, 2, 3}, 2, "balanced"),
		[]float64{4.0 / 6, 4.0 / 2})
	near("none", classWeights(y, []int{0, 1, 2, 3}, 2, "none"), []float64{1, 1})
	// Rows 2–5: classes 0, 1, 1, 2 → ω = 4/(3·1), 4/(3·2), 4/(3·1).
	near("balanced, 3 classes", classWeights(y, []int{2, 3, 4, 5}, 3, "balanced"),
		[]float64{4.0 / 3, 2.0 / 3, 4.0 / 3})
	near("missing class", classWeights(y, []int{0, 1}, 2, "balanced"), []float64{0.5, 0})
}

// TestBalancedLossIsMeanOfClassLosses: with balanced weights the weighted cross-entropy
// Σ ω_{y_i} CE_i / Σ ω_{y_i} equals the unweighted mean over classes of each class's mean
// cross-entropy (ω_c n_c = n / C for every class), whatever the class sizes; with "none" it is
// the plain mean. The per-row CE comes from lossGrad on that row alone.
func TestBalancedLossIsMeanOfClassLosses(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	a := arch{K: 3, H: 4, C: 3}
	theta := make([]float64, a.size())
	a.initParams(theta, rng)
	y := []int{0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2}
	xs := make([][]float64, len(y))
	for i := range xs {
		xs[i] = []float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
	}
	idx := rowRange(len(y))
	w := a.newWorkspace()
	classSum, classN := make([]float64, 3), make([]float64, 3)
	var plain float64
	for _, i := range idx {
		ce := a.lossGrad(theta, xs, y, []int{i}, []float64{1, 1, 1}, 0, nil, nil, w)
		classSum[y[i]] += ce
		classN[y[i]]++
		plain += ce / float64(len(y))
	}
	var want float64
	for c := range classSum {
		want += classSum[c] / classN[c] / 3
	}
	got := a.lossGrad(theta, xs, y, idx, classWeights(y, idx, 3, "balanced"), 0, nil, nil, w)
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("balanced loss %.15g, want the mean of class means %.15g", got, want)
	}
	got = a.lossGrad(theta, xs, y, idx, classWeights(y, idx, 3, "none"), 0, nil, nil, w)
	if math.Abs(got-plain) > 1e-12 {
		t.Errorf("unweighted loss %.15g, want the plain mean %.15g", got, plain)
	}
	if math.Abs(want-plain) < 1e-6 {
		t.Error("test data too symmetric: balanced and plain means coincide")
	}
}

// earlyStopTask is a small training that overfits: 16 inputs of which only the first carries
// signal, 60 rows (one group each) and a wide hidden layer (64 units), so the validation loss
// falls for some epochs and then rises.
func earlyStopTask(maxEpochs int) *netTask {
	rng := rand.New(rand.NewPCG(12, 1))
	s := DefaultSettings()
	s.LearningRate, s.Dropout, s.WeightDecay, s.BatchSize, s.Patience = 0.001, 0, 0, 8, 4
	t := &netTask{arch: arch{K: 16, H: 64, C: 2}, classes: 2, positive: 1, s: &s,
		earlyStop: true, maxEpochs: maxEpochs}
	for i := range 60 {
		x := make([]float64, 16)
		for j := range x {
			x[j] = rng.NormFloat64()
		}
		y := 0
		if x[0]+0.7*rng.NormFloat64() > 0 {
			y = 1
		}
		t.xs, t.y = append(t.xs, x), append(t.y, y)
		t.groups = append(t.groups, fmt.Sprintf("g%d", i))
	}
	return t
}

// TestEarlyStoppingKeepsBestEpoch trains earlyStopTask (up to 300 epochs, patience P = 4)
// and compares it with a replay written here from the rule in train.go's doc: the same
// validation split (holdOut), initial weights, per-epoch shuffles and AdamW steps, recording
// the validation loss and the parameters after every epoch. From that trace the rule gives the
// expected outcome: an epoch improves when its loss is below the best so far by more than
// 1e-9; training stops at the first epoch E that is P epochs after the last improvement e*.
// The run must return e* and the parameters of epoch e* (not of epoch E), and must have run
// exactly E epochs: its generator (one shuffle per epoch, no dropout) is left where the
// replay's is after E epochs. The data are chosen so the loss really turns: E < 300, e* > 1
// and the loss at E is above the loss at e*.
func TestEarlyStoppingKeepsBestEpoch(t *testing.T) {
	const maxEpochs = 300
	task := earlyStopTask(maxEpochs)
	src := rand.NewPCG(5, 6)
	res, err := task.run(rand.New(src))
	if err != nil {
		t.Fatal(err)
	}
	after, _ := src.MarshalBinary()

	// Replay.
	a, s := task.arch, task.s
	rsrc := rand.NewPCG(5, 6)
	rng := rand.New(rsrc)
	train, val, err := holdOut(task.y, task.groups, rowRange(len(task.y)), 2, s.Validation, rng)
	if err != nil {
		t.Fatal(err)
	}
	cw := classWeights(task.y, train, 2, s.ClassWeights)
	theta := make([]float64, a.size())
	a.initParams(theta, rng)
	grad := make([]float64, len(theta))
	opt := newAdamW(len(theta), s.LearningRate, s.WeightDecay, a.ranges())
	w := a.newWorkspace()
	order := slices.Clone(train)
	var trace []float64
	var thetas [][]float64
	var states [][]byte
	best, bestEpoch, stop := math.Inf(1), 0, 0
	for epoch := 1; epoch <= maxEpochs && stop == 0; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for lo := 0; lo < len(order); lo += s.BatchSize {
			clear(grad)
			a.lossGrad(theta, task.xs, task.y, order[lo:min(lo+s.BatchSize, len(order))], cw,
				0, nil, grad, w)
			opt.step(theta, grad)
		}
		loss := a.lossGrad(theta, task.xs, task.y, val, cw, 0, nil, nil, w)
		trace = append(trace, loss)
		thetas = append(thetas, slices.Clone(theta))
		st, _ := rsrc.MarshalBinary()
		states = append(states, st)
		if loss < best-1e-9 {
			best, bestEpoch = loss, epoch
		} else if epoch-bestEpoch >= s.Patience {
			stop = epoch
		}
	}
	if stop == 0 || bestEpoch < 2 || !(trace[stop-1] > trace[bestEpoch-1]) {
		t.Fatalf("test data do not overfit as intended: best epoch %d, stop %d, trace %.4f",
			bestEpoch, stop, trace)
	}
	t.Logf("best epoch %d, stop %d, validation losses %.4f", bestEpoch, stop, trace)
	if stop != bestEpoch+s.Patience {
		t.Fatalf("replay stops at %d, not best %d + patience %d", stop, bestEpoch, s.Patience)
	}
	if res.epochs != bestEpoch {
		t.Errorf("best epoch %d, want %d (validation losses %.4f)", res.epochs, bestEpoch, trace)
	}
	if !slices.Equal(res.theta, thetas[bestEpoch-1]) {
		same := slices.Equal(res.theta, thetas[stop-1])
		t.Errorf("returned parameters are not those of epoch %d (those of the last epoch: %v)",
			bestEpoch, same)
	}
	if string(after) != string(states[stop-1]) {
		ran := fmt.Sprint(1 + slices.IndexFunc(states, func(b []byte) bool {
			return string(b) == string(after)
		}))
		if ran == "0" {
			ran = fmt.Sprintf("more than %d", stop)
		}
		t.Errorf("training ran %s epochs, want %d (best %d + patience %d)", ran, stop,
			bestEpoch, s.Patience)
	}
}
