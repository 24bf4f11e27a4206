package learn

import (
	"fmt"
	"math/rand/v2"

	"github.com/uran-browser/uran/weights"
)

// selectGate runs the learned-gate HKFS on the standardised training rows xs: a gate layer
// z_i = γ_i x_i (γ starting at 1) in front of the classifier (hidden layer and output, no MAAE)
// is trained for s.GateEpochs epochs on every training row, the classifier by AdamW and the
// gates by proximal gradient steps for the penalty s.GateL1 · ‖γ‖₁ (train.go), which set gates
// exactly to zero. The features with a non-zero gate are kept with their γ; the URAN network is
// then trained on z with γ fixed.
//
// The selection stage runs a fixed number of epochs instead of stopping early because exact
// zeros appear only after enough proximal steps: a gate reaches zero no sooner than after
// 1 / (η λ) steps.
func selectGate(d *Dataset, train []int, xs [][]float64, s *weights.Settings,
	rng *rand.Rand) (*selection, error) {
	p := len(d.Features)
	t := &netTask{
		arch:   arch{K: p, H: s.Hidden, C: len(d.Classes), gate: true},
		xs:     xs,
		y:      pick(d.Y, train),
		groups: pick(d.Groups, train), classes: len(d.Classes), positive: d.Positive, s: s,
		maxEpochs: s.GateEpochs, gateL1: s.GateL1, gateLR: s.GateLR,
	}
	res, err := t.run(rng)
	if err != nil {
		return nil, fmt.Errorf("HKFS gate layer: %w", err)
	}
	g := t.arch.view(res.theta).G
	sel := &selection{method: weights.HKFSGate, alpha: s.GateL1}
	for j, v := range g {
		if v != 0 {
			sel.kept = append(sel.kept, j)
			sel.gates = append(sel.gates, v)
		}
	}
	if len(sel.kept) == 0 {
		lp := newLassoProblem(xs)
		var ycs [][]float64
		for _, c := range lassoTargets(d) {
			yc, _ := centred(t.y, c)
			ycs = append(ycs, yc)
		}
		sel.kept = entryOrder(lp, ycs, max(1, s.MinKept))
		sel.gates = ones(len(sel.kept))
		sel.fallback = true
		sel.warnings = append(sel.warnings, fmt.Sprintf("HKFS: every gate reached zero with "+
			"penalty %.4g; kept the %d features most correlated with the label",
			s.GateL1, len(sel.kept)))
	}
	return sel, nil
}
