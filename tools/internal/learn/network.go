package learn

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
)

// arch is the shape of a URAN network: K inputs (key features), an optional gate layer (the
// learned-gate HKFS), an optional MAAE block with R hidden units, H hidden units and C classes.
type arch struct {
	K, R, H, C int
	gate, maae bool
}

// params are views into one flat parameter vector (or a gradient, or Adam's moments, which
// share the layout). Matrices are row-major: W1 is R × K, A1 is H × K, A2 is C × H; the MAAE
// expansion is stored transposed, W2T = W2ᵀ of shape R × K, so that every loop over it runs
// along K (long, contiguous rows) and skips the units whose ReLU output is 0.
type params struct {
	G               []float64 // gate weights γ (K), gate layer only
	W1, B1, W2T, B2 []float64 // MAAE
	A1, C1, A2, C2  []float64 // classifier
}

// size returns the number of parameters.
func (a arch) size() int {
	n := a.H*a.K + a.H + a.C*a.H + a.C
	if a.gate {
		n += a.K
	}
	if a.maae {
		n += 2*a.R*a.K + a.R + a.K
	}
	return n
}

// view splits v (of length a.size()) into the parameter tensors.
func (a arch) view(v []float64) params {
	var p params
	take := func(n int) []float64 {
		s := v[:n:n]
		v = v[n:]
		return s
	}
	if a.gate {
		p.G = take(a.K)
	}
	if a.maae {
		p.W1, p.B1, p.W2T, p.B2 = take(a.R*a.K), take(a.R), take(a.R*a.K), take(a.K)
	}
	p.A1, p.C1, p.A2, p.C2 = take(a.H*a.K), take(a.H), take(a.C*a.H), take(a.C)
	return p
}

// ranges returns the [lo, hi) ranges of the flat vector that Adam updates and whether weight
// decay applies to each (weight matrices yes; biases and gates no). The gate weights, updated by
// proximal steps instead, are not in any range.
func (a arch) ranges() []paramRange {
	var r []paramRange
	off := 0
	add := func(n int, decay bool) {
		r = append(r, paramRange{off, off + n, decay})
		off += n
	}
	if a.gate {
		off += a.K
	}
	if a.maae {
		add(a.R*a.K, true)
		add(a.R, false)
		add(a.K*a.R, true)
		add(a.K, false)
	}
	add(a.H*a.K, true)
	add(a.H, false)
	add(a.C*a.H, true)
	add(a.C, false)
	return r
}

type paramRange struct {
	lo, hi int
	decay  bool
}

// initParams fills theta: gates 1; weights of layers followed by ReLU uniform in ±√(6/fan_in)
// (He), the others uniform in ±√(6/(fan_in+fan_out)) (Glorot); biases 0, so the MAAE gates
// start near σ(0) = ½ times a small input-dependent term.
func (a arch) initParams(theta []float64, rng *rand.Rand) {
	p := a.view(theta)
	for i := range p.G {
		p.G[i] = 1
	}
	uniform := func(w []float64, lim float64) {
		for i := range w {
			w[i] = (2*rng.Float64() - 1) * lim
		}
	}
	if a.maae {
		uniform(p.W1, math.Sqrt(6/float64(a.K)))
		uniform(p.W2T, math.Sqrt(6/float64(a.R+a.K)))
	}
	uniform(p.A1, math.Sqrt(6/float64(a.K)))
	uniform(p.A2, math.Sqrt(6/float64(a.H+a.C)))
}

// workspace holds the per-example activations of a forward pass, reused across examples.
type workspace struct {
	z, s, pre1, act, g, u []float64 // K, K, R, R, K, K
	pre3, h, keep         []float64 // H: pre-activation, dropped-out activation, dropout scale
	logits, prob          []float64 // C
	du, dz, dg, dpre2     []float64 // K
	dh                    []float64 // H
}

func (a arch) newWorkspace() *workspace {
	f := func(n int) []float64 { return make([]float64, n) }
	return &workspace{z: f(a.K), s: f(a.K), pre1: f(a.R), act: f(a.R), g: f(a.K), u: f(a.K),
		pre3: f(a.H), h: f(a.H), keep: f(a.H), logits: f(a.C), prob: f(a.C),
		du: f(a.K), dz: f(a.K), dg: f(a.K), dpre2: f(a.K), dh: f(a.H)}
}

// forward computes one example's activations into w and returns its class probabilities
// (w.prob). With dropout > 0 (training) each hidden unit is kept with probability 1 − dropout
// and scaled by 1/(1 − dropout) (inverted dropout), drawn from rng.
//
//	z = γ ⊙ x (gate layer) or x;  s = 2z;  a = ReLU(W1 s + B1);  g = σ(W2 a + B2);  u = z ⊙ g
//	h = drop(ReLU(A1 u + C1));  logits = A2 h + C2;  p = softmax(logits)
func (a arch) forward(p params, x []float64, w *workspace, dropout float64, rng *rand.Rand) {
	if a.gate {
		floats.MulTo(w.z, p.G, x)
	} else {
		copy(w.z, x)
	}
	if a.maae {
		floats.ScaleTo(w.s, 2, w.z) // avg-pool + max-pool of a 1 × 1 channel
		for r := range a.R {
			w.pre1[r] = floats.Dot(p.W1[r*a.K:(r+1)*a.K], w.s) + p.B1[r]
			w.act[r] = max(w.pre1[r], 0)
		}
		copy(w.g, p.B2) // W2 a + B2, accumulated row by row of W2ᵀ
		for r := range a.R {
			if w.act[r] != 0 {
				floats.AddScaled(w.g, w.act[r], p.W2T[r*a.K:(r+1)*a.K])
			}
		}
		for i := range a.K {
			w.g[i] = sigmoid(w.g[i])
			w.u[i] = w.z[i] * w.g[i]
		}
	} else {
		copy(w.u, w.z)
	}
	for j := range a.H {
		w.pre3[j] = floats.Dot(p.A1[j*a.K:(j+1)*a.K], w.u) + p.C1[j]
		w.keep[j] = 1
		if dropout > 0 {
			w.keep[j] = 0
			if rng.Float64() >= dropout {
				w.keep[j] = 1 / (1 - dropout)
			}
		}
		w.h[j] = max(w.pre3[j], 0) * w.keep[j]
	}
	for c := range a.C {
		w.logits[c] = floats.Dot(p.A2[c*a.H:(c+1)*a.H], w.h) + p.C2[c]
	}
	softmaxTo(w.prob, w.logits)
}

// backward adds to the gradient g the derivative of scale · CE(logits, y) for the example whose
// forward pass is in w (CE = log Σ_c e^{logit_c} − logit_y, so ∂CE/∂logit = p − onehot(y)).
func (a arch) backward(p, g params, x []float64, y int, scale float64, w *workspace) {
	// Output layer.
	for c := range a.C {
		d := w.prob[c]
		if c == y {
			d--
		}
		d *= scale
		g.C2[c] += d
		floats.AddScaled(g.A2[c*a.H:(c+1)*a.H], d, w.h)
		w.logits[c] = d // reuse as ∂/∂logits
	}
	// Hidden layer: ∂/∂pre3_j = Σ_c A2[c][j] dlogit_c · keep_j · [pre3_j > 0].
	clear(w.du)
	for j := range a.H {
		if w.pre3[j] <= 0 || w.keep[j] == 0 {
			w.dh[j] = 0
			continue
		}
		var d float64
		for c := range a.C {
			d += p.A2[c*a.H+j] * w.logits[c]
		}
		d *= w.keep[j]
		w.dh[j] = d
		g.C1[j] += d
		floats.AddScaled(g.A1[j*a.K:(j+1)*a.K], d, w.u)
		if a.maae || a.gate { // ∂/∂u is needed only below the classifier
			floats.AddScaled(w.du, d, p.A1[j*a.K:(j+1)*a.K])
		}
	}
	if !a.maae && !a.gate {
		return
	}
	// MAAE: u = z ⊙ g, so ∂/∂z gets du ⊙ g directly and, through the gates, 2 · W1ᵀ ∂/∂pre1.
	if a.maae {
		for i := range a.K {
			w.dz[i] = w.du[i] * w.g[i]
			w.dpre2[i] = w.du[i] * w.z[i] * w.g[i] * (1 - w.g[i])
		}
		floats.Add(g.B2, w.dpre2)
		for r := range a.R {
			if w.pre1[r] <= 0 { // then a_r = 0: no gradient for W2T[r], none through it
				continue
			}
			floats.AddScaled(g.W2T[r*a.K:(r+1)*a.K], w.act[r], w.dpre2)
			d := floats.Dot(p.W2T[r*a.K:(r+1)*a.K], w.dpre2)
			g.B1[r] += d
			floats.AddScaled(g.W1[r*a.K:(r+1)*a.K], d, w.s)
			floats.AddScaled(w.dz, 2*d, p.W1[r*a.K:(r+1)*a.K])
		}
	} else {
		copy(w.dz, w.du)
	}
	if a.gate {
		for i := range a.K {
			g.G[i] += w.dz[i] * x[i]
		}
	}
}

// crossEntropy returns −log p_y computed from the logits as log Σ e^{l_c − m} + m − l_y, which
// neither overflows nor takes the log of an underflowed probability.
func crossEntropy(logits []float64, y int) float64 {
	m := math.Inf(-1)
	for _, l := range logits {
		m = max(m, l)
	}
	var s float64
	for _, l := range logits {
		s += math.Exp(l - m)
	}
	return math.Log(s) + m - logits[y]
}

// lossGrad returns the class-weighted mean cross-entropy Σ_i ω_{y_i} CE_i / Σ_i ω_{y_i} over the
// rows idx of xs, and adds its gradient to grad when grad is not nil. dropout > 0 means training
// mode. The logits are kept in w between forward and backward, so the loss is computed before
// backward overwrites them.
func (a arch) lossGrad(theta []float64, xs [][]float64, y []int, idx []int, cw []float64,
	dropout float64, rng *rand.Rand, grad []float64, w *workspace) float64 {
	p := a.view(theta)
	var g params
	if grad != nil {
		g = a.view(grad)
	}
	var wsum float64
	for _, i := range idx {
		wsum += cw[y[i]]
	}
	var loss float64
	for _, i := range idx {
		a.forward(p, xs[i], w, dropout, rng)
		loss += cw[y[i]] * crossEntropy(w.logits, y[i])
		if grad != nil {
			a.backward(p, g, xs[i], y[i], cw[y[i]]/wsum, w)
		}
	}
	return loss / wsum
}

func softmaxTo(p, logits []float64) {
	m := math.Inf(-1)
	for _, l := range logits {
		m = max(m, l)
	}
	var s float64
	for c, l := range logits {
		p[c] = math.Exp(l - m)
		s += p[c]
	}
	for c := range p {
		p[c] /= s
	}
}

func sigmoid(t float64) float64 {
	if t >= 0 {
		return 1 / (1 + math.Exp(-t))
	}
	e := math.Exp(t)
	return e / (1 + e)
}
