package learn

import (
	"fmt"

	"github.com/uran-browser/uran/weights"
)

// TrainFinal trains the model to ship on every row of d: scaler, HKFS (with its own inner
// cross-validation), the network with early stopping on its own grouped validation split, and
// the threshold from that split. It returns the model (without provenance or evaluation, which
// the caller adds), a description for the report and the warnings of the fit.
func TrainFinal(d *Dataset, s weights.Settings, seed uint64) (*weights.Model, *FinalReport,
	[]string, error) {
	if err := d.Check(); err != nil {
		return nil, nil, nil, err
	}
	if err := CheckSettings(&s); err != nil {
		return nil, nil, nil, err
	}
	all := make([]int, len(d.X))
	for i := range all {
		all[i] = i
	}
	p, err := prepare(d, all, &s, true, newRNG(seed, streamFinal))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("final model: %w", err)
	}
	m, res, err := trainURAN(d, p, p.sel, &s, newRNG(seed, streamFinal+1))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("final model: %w", err)
	}
	fr := &FinalReport{Kept: len(p.sel.kept), Alpha: p.sel.alpha, Epochs: res.epochs,
		Threshold: m.Threshold}
	if m.MAAE != nil {
		sc, err := m.NewScorer()
		if err != nil {
			return nil, nil, nil, err
		}
		sum := make([]float64, len(m.HKFS.Kept))
		for _, row := range d.X {
			pr, err := sc.Score(row)
			if err != nil {
				return nil, nil, nil, err
			}
			for k, g := range pr.Gates {
				sum[k] += g.Value
			}
		}
		for k, name := range m.HKFS.Kept {
			fr.Gates = append(fr.Gates, FeatureGate{name, sum[k] / float64(len(d.X))})
		}
	}
	warn := append(p.sel.warnings, res.warnings...)
	return m, fr, warn, nil
}
