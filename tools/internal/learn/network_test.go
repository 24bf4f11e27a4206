package learn

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestGradientsMatchFiniteDifferences checks the analytic gradient of the class-weighted
// cross-entropy for every parameter of every architecture (gate layer, MAAE, classifier, with
// and without dropout) against central differences (f(θ+h) − f(θ−h)) / 2h. Dropout masks are
// reproduced exactly by re-seeding the generator before each evaluation.
func TestGradientsMatchFiniteDifferences(t *testing.T) {
	archs := []arch{
		{K: 5, R: 2, H: 4, C: 3, gate: true, maae: true},
		{K: 6, R: 1, H: 5, C: 2, maae: true},
		{K: 4, H: 3, C: 2},
		{K: 4, H: 3, C: 3, gate: true},
	}
	for ai, a := range archs {
		for _, dropout := range []float64{0, 0.4} {
			rng := rand.New(rand.NewPCG(uint64(ai), 9))
			theta := make([]float64, a.size())
			a.initParams(theta, rng)
			for i := range theta { // move biases and gates off their round start values
				theta[i] += 0.1 * rng.NormFloat64()
			}
			xs := make([][]float64, 7)
			y := make([]int, len(xs))
			idx := make([]int, len(xs))
			for i := range xs {
				xs[i] = make([]float64, a.K)
				for j := range xs[i] {
					xs[i][j] = rng.NormFloat64()
				}
				y[i], idx[i] = i%a.C, i
			}
			cw := []float64{0.7, 1.6, 1.1}[:a.C]
			w := a.newWorkspace()
			loss := func(th []float64, grad []float64) float64 {
				return a.lossGrad(th, xs, y, idx, cw, dropout, rand.New(rand.NewPCG(5, 5)),
					grad, w)
			}
			grad := make([]float64, len(theta))
			loss(theta, grad)
			const h = 1e-6
			for i := range theta {
				tp, tm := slices.Clone(theta), slices.Clone(theta)
				tp[i] += h
				tm[i] -= h
				fd := (loss(tp, nil) - loss(tm, nil)) / (2 * h)
				if math.Abs(fd-grad[i]) > 1e-7+1e-5*math.Abs(fd) {
					t.Errorf("arch %d dropout %v: ∂L/∂θ[%d] analytic %.10g, finite "+
						"difference %.10g", ai, dropout, i, grad[i], fd)
				}
			}
		}
	}
}

// TestForwardMatchesByHand checks one forward pass of a 2-feature network with MAAE:
// z = x = (1, −2); s = (2, −4); W1 = (0.5, 0.25), b1 = 0 → pre1 = 1 − 1 = 0 → a = 0, so
// g = σ(b2) = σ((0, ln 3)) = (½, ¾); u = (½, −3/2). A1 = I, c1 = 0 → h = (½, 0);
// A2 = ((1, 0), (0, 1)), c2 = 0 → logits (½, 0), p = (σ(½), 1 − σ(½)) = (0.6224593312018546, …).
func TestForwardMatchesByHand(t *testing.T) {
	a := arch{K: 2, R: 1, H: 2, C: 2, maae: true}
	theta := make([]float64, a.size())
	p := a.view(theta)
	copy(p.W1, []float64{0.5, 0.25})
	copy(p.B2, []float64{0, math.Log(3)})
	copy(p.A1, []float64{1, 0, 0, 1})
	copy(p.A2, []float64{1, 0, 0, 1})
	w := a.newWorkspace()
	a.forward(p, []float64{1, -2}, w, 0, nil)
	if math.Abs(w.g[0]-0.5) > 1e-15 || math.Abs(w.g[1]-0.75) > 1e-15 {
		t.Errorf("gates %v, want (0.5, 0.75)", w.g)
	}
	if math.Abs(w.prob[0]-0.6224593312018546) > 1e-15 {
		t.Errorf("p0 = %.17g, want 0.6224593312018546", w.prob[0])
	}
}
