package weights

import (
	"fmt"
	"math"
	"strings"
)

// ShapeError reports a model whose parts do not fit together or hold invalid numbers.
type ShapeError struct{ Problem string }

func (e *ShapeError) Error() string { return "invalid URAN model: " + e.Problem }

func shapeErr(format string, a ...any) error { return &ShapeError{fmt.Sprintf(format, a...)} }

// Check verifies that m is a complete, consistent model: class names (at least two, distinct,
// non-empty; a positive class and a threshold in [0, 1] for two classes), feature names
// (distinct), the scaler (one finite mean and one positive finite SD per feature), the kept
// features (a non-empty subset of Features in Features order, one finite gate each), the MAAE
// and classifier shapes, every number finite, and — when ParamsYAML is set — that the parameters
// parse and produce exactly Features (the error names the first feature that differs).
func (m *Model) Check() error {
	if err := m.checkClasses(); err != nil {
		return err
	}
	if err := m.checkFeatures(); err != nil {
		return err
	}
	k := len(m.HKFS.Kept)
	if m.MAAE != nil {
		if err := m.MAAE.check(k); err != nil {
			return err
		}
	}
	if err := m.Classifier.check(k, len(m.Classes)); err != nil {
		return err
	}
	if err := m.checkNumbers(); err != nil {
		return err
	}
	if m.ParamsYAML != "" {
		if err := m.checkParams(); err != nil {
			return err
		}
	}
	return nil
}

func (m *Model) checkClasses() error {
	if len(m.Classes) < 2 {
		return shapeErr("%d class names; a model needs at least 2", len(m.Classes))
	}
	seen := make(map[string]bool, len(m.Classes))
	for i, c := range m.Classes {
		if strings.TrimSpace(c) == "" {
			return shapeErr("class name %d is empty", i)
		}
		if seen[c] {
			return shapeErr("class name %q appears twice", c)
		}
		seen[c] = true
	}
	if len(m.Classes) == 2 {
		if !seen[m.PositiveClass] {
			return shapeErr("positive class %q is not one of the classes %q",
				m.PositiveClass, m.Classes)
		}
		if !(m.Threshold >= 0 && m.Threshold <= 1) {
			return shapeErr("threshold %v is outside [0, 1]", m.Threshold)
		}
	} else if m.PositiveClass != "" {
		return shapeErr("positive class %q is set for a %d-class model",
			m.PositiveClass, len(m.Classes))
	}
	return nil
}

func (m *Model) checkFeatures() error {
	n := len(m.Features)
	if n == 0 {
		return shapeErr("the feature list is empty")
	}
	index := make(map[string]int, n)
	for i, f := range m.Features {
		if f == "" {
			return shapeErr("feature name %d is empty", i)
		}
		if _, dup := index[f]; dup {
			return shapeErr("feature %q appears twice", f)
		}
		index[f] = i
	}
	if len(m.Scaler.Mean) != n || len(m.Scaler.SD) != n {
		return shapeErr("scaler has %d means and %d SDs for %d features",
			len(m.Scaler.Mean), len(m.Scaler.SD), n)
	}
	for j, sd := range m.Scaler.SD {
		if !(sd > 0) || math.IsInf(sd, 0) {
			return shapeErr("scaler SD of %q is %v; it must be positive and finite",
				m.Features[j], sd)
		}
	}
	for _, c := range m.Scaler.Constant {
		if _, ok := index[c]; !ok {
			return shapeErr("scaler lists constant feature %q, which is not a feature", c)
		}
	}
	switch m.HKFS.Method {
	case HKFSLasso, HKFSGate, HKFSNone:
	default:
		return shapeErr("unknown HKFS method %q (want %q, %q or %q)",
			m.HKFS.Method, HKFSLasso, HKFSGate, HKFSNone)
	}
	if len(m.HKFS.Kept) == 0 {
		return shapeErr("HKFS keeps no feature")
	}
	if len(m.HKFS.Gates) != len(m.HKFS.Kept) {
		return shapeErr("HKFS has %d gate values for %d kept features",
			len(m.HKFS.Gates), len(m.HKFS.Kept))
	}
	last := -1
	for _, f := range m.HKFS.Kept {
		j, ok := index[f]
		if !ok {
			return shapeErr("HKFS keeps %q, which is not one of the model's features", f)
		}
		if j <= last {
			return shapeErr("HKFS kept feature %q is repeated or out of feature order", f)
		}
		last = j
	}
	return nil
}

func (a *MAAE) check(k int) error {
	r := len(a.W1)
	if r < 1 {
		return shapeErr("MAAE has %d hidden units; it needs at least 1", r)
	}
	if a.Reduction < 1 {
		return shapeErr("MAAE reduction ratio is %d; it must be at least 1", a.Reduction)
	}
	if err := checkMatrix("MAAE W1", a.W1, r, k); err != nil {
		return err
	}
	if err := checkMatrix("MAAE W2", a.W2, k, r); err != nil {
		return err
	}
	if len(a.B1) != r || len(a.B2) != k {
		return shapeErr("MAAE biases have lengths %d and %d, want %d and %d",
			len(a.B1), len(a.B2), r, k)
	}
	return nil
}

func (c *Classifier) check(k, classes int) error {
	h := len(c.Hidden.W)
	if h < 1 {
		return shapeErr("the classifier's hidden layer has no units")
	}
	if err := checkMatrix("hidden layer", c.Hidden.W, h, k); err != nil {
		return err
	}
	if err := checkMatrix("output layer", c.Output.W, classes, h); err != nil {
		return err
	}
	if len(c.Hidden.B) != h || len(c.Output.B) != classes {
		return shapeErr("classifier biases have lengths %d and %d, want %d and %d",
			len(c.Hidden.B), len(c.Output.B), h, classes)
	}
	return nil
}

func checkMatrix(name string, w [][]float64, rows, cols int) error {
	if len(w) != rows {
		return shapeErr("%s has %d rows, want %d", name, len(w), rows)
	}
	for i, row := range w {
		if len(row) != cols {
			return shapeErr("%s row %d has %d columns, want %d", name, i, len(row), cols)
		}
	}
	return nil
}

// checkNumbers refuses NaN and ±Inf anywhere in the weights, the scaler and the evaluation.
func (m *Model) checkNumbers() error {
	type vec struct {
		name string
		v    []float64
	}
	type mat struct {
		name string
		w    [][]float64
	}
	vecs := []vec{
		{"scaler mean", m.Scaler.Mean},
		{"HKFS gates", m.HKFS.Gates},
		{"HKFS alpha", []float64{m.HKFS.Alpha}},
		{"hidden bias", m.Classifier.Hidden.B},
		{"output bias", m.Classifier.Output.B},
	}
	mats := []mat{{"hidden layer", m.Classifier.Hidden.W}, {"output layer", m.Classifier.Output.W}}
	if a := m.MAAE; a != nil {
		vecs = append(vecs, vec{"MAAE b1", a.B1}, vec{"MAAE b2", a.B2})
		mats = append(mats, mat{"MAAE W1", a.W1}, mat{"MAAE W2", a.W2})
	}
	if e := m.Evaluation; e != nil {
		u := e.URAN
		vecs = append(vecs, vec{"evaluation of URAN", []float64{u.AUC, u.AUCCI[0], u.AUCCI[1],
			u.AUCRepeatSD, u.Accuracy, u.Sensitivity, u.Specificity, u.Precision, u.F1, u.Brier}})
		for _, s := range e.Models {
			v := []float64{s.AUC, s.AUCCI[0], s.AUCCI[1], s.Accuracy}
			if s.PValue != nil {
				v = append(v, *s.PValue)
			}
			vecs = append(vecs, vec{"evaluation of " + s.Name, v})
		}
	}
	for _, v := range vecs {
		if i := firstNonFinite(v.v); i >= 0 {
			return shapeErr("%s[%d] is %v", v.name, i, v.v[i])
		}
	}
	for _, mt := range mats {
		for r, row := range mt.w {
			if i := firstNonFinite(row); i >= 0 {
				return shapeErr("%s[%d][%d] is %v", mt.name, r, i, row[i])
			}
		}
	}
	return nil
}

func firstNonFinite(v []float64) int {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return i
		}
	}
	return -1
}
