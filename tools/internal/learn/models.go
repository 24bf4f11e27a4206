package learn

import (
	"fmt"
	"math/rand/v2"

	"github.com/uran-browser/uran/weights"
)

// Model identifiers (stable keys of the report) and their display names.
const (
	ModelURAN   = "uran"
	ModelNoHKFS = "uran_no_hkfs"
	ModelNoMAAE = "uran_no_maae"
	ModelL1     = "l1_logistic"
	ModelMLP    = "mlp"
)

// AllModels lists URAN and its four comparisons in report order.
var AllModels = []string{ModelURAN, ModelNoHKFS, ModelNoMAAE, ModelL1, ModelMLP}

// ModelName returns the display name of a model identifier.
func ModelName(id string) string {
	switch id {
	case ModelURAN:
		return "URAN"
	case ModelNoHKFS:
		return "URAN without HKFS"
	case ModelNoMAAE:
		return "URAN without MAAE"
	case ModelL1:
		return "L1 logistic regression"
	case ModelMLP:
		return "MLP (no HKFS, no MAAE)"
	}
	return id
}

// prepared is what every model of one training set shares: the scaler, the standardised
// training rows and (for URAN and URAN without MAAE) the HKFS selection.
type prepared struct {
	train []int
	sc    *scaler
	xs    [][]float64
	sel   *selection
}

// prepare fits the scaler on the training rows and, when needSel, runs HKFS.
func prepare(d *Dataset, train []int, s *weights.Settings, needSel bool, rng *rand.Rand) (
	*prepared, error) {
	p := &prepared{train: train, sc: fitScaler(d.X, train)}
	p.xs = p.sc.apply(d.X, train)
	if !needSel {
		return p, nil
	}
	var err error
	switch s.HKFS {
	case weights.HKFSLasso:
		p.sel, err = selectLasso(d, train, p.xs, s, rng)
	case weights.HKFSGate:
		p.sel, err = selectGate(d, train, p.xs, s, rng)
	case weights.HKFSNone:
		p.sel = selectNone(len(d.Features))
	default:
		err = fmt.Errorf("unknown HKFS method %q", s.HKFS)
	}
	return p, err
}

// fit is one fitted model, able to score raw feature rows.
type fit struct {
	model  *weights.Model // the network models
	scorer *weights.Scorer
	lr     *logistic // the L1-logistic comparison
	sc     *scaler
	// threshold on P(positive) for binary tasks.
	threshold float64
	epochs    int
	warnings  []string
}

// fitModel fits model id on the prepared training set.
func fitModel(d *Dataset, id string, p *prepared, s *weights.Settings, rng *rand.Rand) (
	*fit, error) {
	if id == ModelL1 {
		lr, thr, err := fitLogistic(d, p.train, p.xs, s.ClassWeights, s.InnerFolds, rng)
		if err != nil {
			return nil, err
		}
		return &fit{lr: lr, sc: p.sc, threshold: thr}, nil
	}
	sel, maae := p.sel, true
	switch id {
	case ModelURAN:
	case ModelNoMAAE:
		maae = false
	case ModelNoHKFS:
		sel = selectNone(len(d.Features))
	case ModelMLP:
		sel, maae = selectNone(len(d.Features)), false
	default:
		return nil, fmt.Errorf("unknown model %q", id)
	}
	ms := *s
	ms.MAAE = maae
	if id == ModelNoHKFS || id == ModelMLP {
		ms.HKFS = weights.HKFSNone
	}
	m, res, err := trainURAN(d, p, sel, &ms, rng)
	if err != nil {
		return nil, err
	}
	sc, err := m.NewScorer()
	if err != nil {
		return nil, err
	}
	return &fit{model: m, scorer: sc, threshold: m.Threshold, epochs: res.epochs,
		warnings: append(sel.warnings, res.warnings...)}, nil
}

// minMAAEUnits is the least width of the MAAE bottleneck. With a single ReLU unit, that unit
// is inactive (negative input) for a large share of cases, and every such case gets the same
// gates σ(b₂): the attention would be a constant for them, the defect of a zero-width
// bottleneck in a milder form. Four units keep the gates case-dependent in practice.
const minMAAEUnits = 4

// maaeUnits is the width r of the MAAE bottleneck for k key features: k / reduction, as in a
// squeeze-and-excitation block, but at least minMAAEUnits and at most k (so r ≥ 1).
func maaeUnits(k, reduction int) int {
	return min(k, max(minMAAEUnits, k/max(1, reduction)))
}

// trainURAN trains the network on the selected, gated key features and exports it.
func trainURAN(d *Dataset, p *prepared, sel *selection, s *weights.Settings, rng *rand.Rand) (
	*weights.Model, *netResult, error) {
	k := len(sel.kept)
	a := arch{K: k, H: s.Hidden, C: len(d.Classes), maae: s.MAAE}
	if a.maae {
		a.R = maaeUnits(k, s.Reduction)
	}
	t := &netTask{arch: a, xs: gatedInputs(p.xs, sel), y: pick(d.Y, p.train),
		groups: pick(d.Groups, p.train), classes: len(d.Classes), positive: d.Positive, s: s,
		earlyStop: true, maxEpochs: s.MaxEpochs}
	res, err := t.run(rng)
	if err != nil {
		return nil, nil, err
	}
	m := export(d, p.sc, sel, a, res.theta, res.threshold, s)
	m.Training.Epochs = res.epochs
	return m, res, nil
}

// gatedInputs returns z = γ ⊙ x[kept] for every standardised row.
func gatedInputs(xs [][]float64, sel *selection) [][]float64 {
	out := make([][]float64, len(xs))
	for i, x := range xs {
		z := make([]float64, len(sel.kept))
		for k, j := range sel.kept {
			z[k] = sel.gates[k] * x[j]
		}
		out[i] = z
	}
	return out
}

// score returns the class probabilities of raw feature rows and, for URAN, the MAAE gates of
// each row (nil otherwise). Network models are scored by weights' own forward pass.
func (f *fit) score(rows [][]float64) ([][]float64, [][]float64, error) {
	prob := make([][]float64, len(rows))
	var gates [][]float64
	if f.model != nil && f.model.MAAE != nil {
		gates = make([][]float64, len(rows))
	}
	for i, row := range rows {
		if f.lr != nil {
			prob[i] = f.lr.prob(f.sc.apply([][]float64{row}, []int{0})[0])
			continue
		}
		pr, err := f.scorer.Score(row)
		if err != nil {
			return nil, nil, err
		}
		prob[i] = pr.Probabilities
		if gates != nil {
			gates[i] = make([]float64, len(pr.Gates))
			for k, g := range pr.Gates {
				gates[i][k] = g.Value
			}
		}
	}
	return prob, gates, nil
}

// decide returns the predicted class of probabilities p: for two classes the positive class
// when p_positive ≥ threshold, otherwise the most probable class.
func decide(p []float64, positive int, threshold float64) int {
	if len(p) == 2 {
		if p[positive] >= threshold {
			return positive
		}
		return 1 - positive
	}
	best := 0
	for c := range p {
		if p[c] > p[best] {
			best = c
		}
	}
	return best
}

// used returns the number of features the fitted model reads: the kept features of a network,
// the features with a non-zero weight of the L1 logistic regression.
func (f *fit) used() int {
	if f.model != nil {
		return len(f.model.HKFS.Kept)
	}
	n := 0
	for j := range f.lr.w[0] {
		for _, w := range f.lr.w {
			if w[j] != 0 {
				n++
				break
			}
		}
	}
	return n
}
