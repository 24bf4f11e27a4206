package learn

import (
	"math"
	"testing"

	"github.com/uran-browser/uran/weights"
)

// TestExportMatchesTrainingForward: a network exported to a weights.Model must give, through
// weights' forward pass (the browser's code), the probabilities and MAAE gates of the training
// forward pass, for raw rows standardised and gated by the exported scaler and HKFS.
func TestExportMatchesTrainingForward(t *testing.T) {
	d := synthetic(40, 12, 3, 1, 3)
	idx := make([]int, len(d.X))
	for i := range idx {
		idx[i] = i
	}
	sc := fitScaler(d.X, idx)
	xs := sc.apply(d.X, idx)
	sel := &selection{method: weights.HKFSGate, alpha: 0.1, kept: []int{1, 4, 5, 9, 11},
		gates: []float64{0.5, -1.25, 2, 0.75, 1}}
	for _, maae := range []bool{true, false} {
		a := arch{K: 5, R: 2, H: 7, C: 2, maae: maae}
		if !maae {
			a.R = 0
		}
		theta := make([]float64, a.size())
		a.initParams(theta, newRNG(4, 4))
		for i := range theta {
			theta[i] += 0.05 * float64(i%7-3)
		}
		s := DefaultSettings()
		m := export(d, sc, sel, a, theta, 0.4, &s)
		if _, err := m.Encode(); err != nil {
			t.Fatalf("exported model does not encode: %v", err)
		}
		scorer, err := m.NewScorer()
		if err != nil {
			t.Fatal(err)
		}
		z := gatedInputs(xs, sel)
		p := a.view(theta)
		w := a.newWorkspace()
		for i, row := range d.X {
			pr, err := scorer.Score(row)
			if err != nil {
				t.Fatal(err)
			}
			a.forward(p, z[i], w, 0, nil)
			for c := range w.prob {
				if math.Abs(pr.Probabilities[c]-w.prob[c]) > 1e-12 {
					t.Fatalf("maae=%v row %d: weights p=%v, training p=%v", maae, i,
						pr.Probabilities, w.prob)
				}
			}
			if maae {
				for k := range pr.Gates {
					if math.Abs(pr.Gates[k].Value-w.g[k]) > 1e-12 {
						t.Fatalf("row %d gate %d: %v vs %v", i, k, pr.Gates[k].Value, w.g[k])
					}
				}
			} else if len(pr.Gates) != 0 {
				t.Fatalf("model without MAAE returned gates")
			}
		}
	}
}
