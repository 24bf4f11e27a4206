package learn

import "math"

// adamW is Adam with decoupled weight decay (Loshchilov & Hutter's AdamW): for each parameter θ
// with gradient g at step t,
//
//	m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,
//	θ ← θ − lr · ( m / (1 − β₁ᵗ) / (√(v / (1 − β₂ᵗ)) + ε) + λ θ ),
//
// with the decay λ applied only to the ranges marked for it (weight matrices).
type adamW struct {
	lr, beta1, beta2, eps, decay float64
	m, v                         []float64
	t                            int
	ranges                       []paramRange
}

func newAdamW(n int, lr, decay float64, ranges []paramRange) *adamW {
	return &adamW{lr: lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, decay: decay,
		m: make([]float64, n), v: make([]float64, n), ranges: ranges}
}

// step updates theta in place from grad.
func (o *adamW) step(theta, grad []float64) {
	o.t++
	c1 := 1 - math.Pow(o.beta1, float64(o.t))
	c2 := 1 - math.Pow(o.beta2, float64(o.t))
	for _, r := range o.ranges {
		for i := r.lo; i < r.hi; i++ {
			g := grad[i]
			o.m[i] = o.beta1*o.m[i] + (1-o.beta1)*g
			o.v[i] = o.beta2*o.v[i] + (1-o.beta2)*g*g
			upd := (o.m[i] / c1) / (math.Sqrt(o.v[i]/c2) + o.eps)
			if r.decay {
				upd += o.decay * theta[i]
			}
			theta[i] -= o.lr * upd
		}
	}
}
