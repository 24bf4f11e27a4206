package learn

import (
	"slices"

	"github.com/uran-browser/uran/weights"
)

// export builds the weights.Model of a trained network: the scaler over all N features, the
// HKFS selection (kept features and gates), the MAAE block (nil when the arch has none) and the
// classifier, with the threshold and the settings. Provenance and evaluation are the caller's.
func export(d *Dataset, sc *scaler, sel *selection, a arch, theta []float64, threshold float64,
	s *weights.Settings) *weights.Model {
	m := &weights.Model{
		Classes:   slices.Clone(d.Classes),
		Threshold: threshold,
		Features:  slices.Clone(d.Features),
		Scaler: weights.Scaler{Mean: slices.Clone(sc.mean), SD: slices.Clone(sc.sd),
			Constant: []string{}},
		HKFS: weights.HKFS{Method: sel.method, Alpha: sel.alpha, Fallback: sel.fallback,
			Gates: slices.Clone(sel.gates)},
	}
	if len(d.Classes) == 2 {
		m.PositiveClass = d.Classes[d.Positive]
	} else {
		m.Threshold = 0
	}
	for j, c := range sc.constant {
		if c {
			m.Scaler.Constant = append(m.Scaler.Constant, d.Features[j])
		}
	}
	for _, j := range sel.kept {
		m.HKFS.Kept = append(m.HKFS.Kept, d.Features[j])
	}
	p := a.view(theta)
	if a.maae {
		m.MAAE = &weights.MAAE{Reduction: s.Reduction,
			W1: rows(p.W1, a.R, a.K), B1: slices.Clone(p.B1),
			W2: transposed(p.W2T, a.R, a.K), B2: slices.Clone(p.B2)}
	}
	m.Classifier = weights.Classifier{
		Hidden: weights.Dense{W: rows(p.A1, a.H, a.K), B: slices.Clone(p.C1)},
		Output: weights.Dense{W: rows(p.A2, a.C, a.H), B: slices.Clone(p.C2)},
	}
	m.Training.Settings = *s
	return m
}

// rows copies a row-major r × c matrix into a slice of rows.
func rows(v []float64, r, c int) [][]float64 {
	out := make([][]float64, r)
	for i := range out {
		out[i] = slices.Clone(v[i*c : (i+1)*c])
	}
	return out
}

// transposed returns the transpose of a row-major r × c matrix as c rows of r values.
func transposed(v []float64, r, c int) [][]float64 {
	out := make([][]float64, c)
	for j := range out {
		out[j] = make([]float64, r)
		for i := range r {
			out[j][i] = v[i*c+j]
		}
	}
	return out
}
