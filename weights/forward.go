package weights

import (
	"fmt"
	"math"
	"strings"
)

// Prediction is the model's answer for one lesion.
type Prediction struct {
	Classes       []string  `json:"classes"`
	Probabilities []float64 `json:"probabilities"` // softmax output, one per class
	Class         string    `json:"class"`         // the predicted class
	// For two classes: Class is PositiveClass when its probability is ≥ Threshold.
	PositiveClass string  `json:"positive_class,omitempty"`
	Threshold     float64 `json:"threshold"`
	// Gates are the MAAE gates g_i ∈ (0, 1), one per key feature in the model's order; empty
	// for a model without MAAE.
	Gates []Gate `json:"gates"`
}

// Gate is the MAAE gate of one key feature.
type Gate struct {
	Feature   string  `json:"feature"`
	ImageType string  `json:"image_type"` // "original", "wavelet-LH", "square", ...
	Value     float64 `json:"value"`
}

// ImageType returns the image type of a PyRadiomics feature name: the part before the first
// underscore ("wavelet-LH" for "wavelet-LH_glcm_Contrast"), or the whole name if it has none.
func ImageType(feature string) string {
	if i := strings.IndexByte(feature, '_'); i >= 0 {
		return feature[:i]
	}
	return feature
}

// InputError reports a feature vector the model cannot score: a key feature missing or not a
// finite number. Feature names the feature.
type InputError struct {
	Feature string
	Problem string
}

func (e *InputError) Error() string {
	return fmt.Sprintf("feature %q %s", e.Feature, e.Problem)
}

// Scorer evaluates a model on many feature vectors; it holds the model's key feature positions
// and flattened weights. Build it with NewScorer; it is safe for concurrent use.
type Scorer struct {
	m     *Model
	kept  []int     // positions of the key features in Model.Features
	mean  []float64 // scaler entries of the key features
	scale []float64 // γ_i / σ_j: the HKFS gate folded into the standardisation
}

// NewScorer checks m's shapes and prepares it for scoring.
func (m *Model) NewScorer() (*Scorer, error) {
	if err := m.checkFeatures(); err != nil {
		return nil, err
	}
	if err := m.checkClasses(); err != nil {
		return nil, err
	}
	k := len(m.HKFS.Kept)
	if m.MAAE != nil {
		if err := m.MAAE.check(k); err != nil {
			return nil, err
		}
	}
	if err := m.Classifier.check(k, len(m.Classes)); err != nil {
		return nil, err
	}
	s := &Scorer{m: m, kept: make([]int, k), mean: make([]float64, k), scale: make([]float64, k)}
	j := 0
	for i, f := range m.HKFS.Kept {
		for m.Features[j] != f { // Kept is in Features order (checked above)
			j++
		}
		s.kept[i] = j
		s.mean[i] = m.Scaler.Mean[j]
		s.scale[i] = m.HKFS.Gates[i] / m.Scaler.SD[j]
	}
	return s, nil
}

// PredictFeatures scores one lesion given its features by name. Only the key features are read;
// each must be present and finite, otherwise the error (an *InputError) names it. Missing values
// are never imputed.
func (m *Model) PredictFeatures(names []string, values []float64) (*Prediction, error) {
	if len(names) != len(values) {
		return nil, fmt.Errorf("predict: %d feature names but %d values", len(names), len(values))
	}
	s, err := m.NewScorer()
	if err != nil {
		return nil, err
	}
	byName := make(map[string]float64, len(names))
	for i, n := range names {
		byName[n] = values[i]
	}
	row := make([]float64, len(m.Features))
	for i := range row {
		row[i] = math.NaN()
	}
	for _, j := range s.kept {
		v, ok := byName[m.Features[j]]
		if !ok {
			return nil, &InputError{m.Features[j], "is missing; the model needs it"}
		}
		row[j] = v
	}
	return s.Score(row)
}

// Score scores one feature vector given in the order of Model.Features (length N). Entries of
// features the model does not keep are not read and may be NaN.
func (s *Scorer) Score(row []float64) (*Prediction, error) {
	m := s.m
	if len(row) != len(m.Features) {
		return nil, fmt.Errorf("predict: %d feature values, the model has %d features",
			len(row), len(m.Features))
	}
	k := len(s.kept)
	z := make([]float64, k)
	for i, j := range s.kept {
		v := row[j]
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, &InputError{m.Features[j], fmt.Sprintf("is %v; the model needs a "+
				"finite value", v)}
		}
		z[i] = (v - s.mean[i]) * s.scale[i]
	}

	u := z
	var gates []float64
	if a := m.MAAE; a != nil {
		gates = a.Excite(z)
		u = make([]float64, k)
		for i := range z {
			u[i] = z[i] * gates[i]
		}
	}

	p := m.Classifier.Probabilities(u)
	return m.decide(p, gates), nil
}

// Excite returns the MAAE gates for the key features z: with s = avg + max = 2z (each feature is
// a 1 × 1 channel, so both poolings return z_i), g = σ(W2 · ReLU(W1 s + B1) + B2).
func (a *MAAE) Excite(z []float64) []float64 {
	hidden := make([]float64, len(a.W1))
	for r, w := range a.W1 {
		t := a.B1[r]
		for i, zi := range z {
			t += w[i] * 2 * zi
		}
		hidden[r] = max(t, 0)
	}
	g := make([]float64, len(a.W2))
	for i, w := range a.W2 {
		t := a.B2[i]
		for r, hr := range hidden {
			t += w[r] * hr
		}
		g[i] = sigmoid(t)
	}
	return g
}

// Probabilities returns softmax(A2 · ReLU(A1 u + c1) + c2).
func (c *Classifier) Probabilities(u []float64) []float64 {
	h := make([]float64, len(c.Hidden.W))
	for j, w := range c.Hidden.W {
		t := c.Hidden.B[j]
		for i, ui := range u {
			t += w[i] * ui
		}
		h[j] = max(t, 0)
	}
	logits := make([]float64, len(c.Output.W))
	for o, w := range c.Output.W {
		t := c.Output.B[o]
		for j, hj := range h {
			t += w[j] * hj
		}
		logits[o] = t
	}
	return Softmax(logits)
}

// decide turns class probabilities and MAAE gates into a Prediction.
func (m *Model) decide(p, gates []float64) *Prediction {
	pr := &Prediction{Classes: m.Classes, Probabilities: p}
	if len(m.Classes) == 2 {
		pos := 0
		if m.Classes[1] == m.PositiveClass {
			pos = 1
		}
		pr.PositiveClass, pr.Threshold = m.PositiveClass, m.Threshold
		pr.Class = m.Classes[1-pos]
		if p[pos] >= m.Threshold {
			pr.Class = m.PositiveClass
		}
	} else {
		best := 0
		for c := range p {
			if p[c] > p[best] {
				best = c
			}
		}
		pr.Class = m.Classes[best]
	}
	pr.Gates = make([]Gate, len(gates))
	for i, g := range gates {
		f := m.HKFS.Kept[i]
		pr.Gates[i] = Gate{Feature: f, ImageType: ImageType(f), Value: g}
	}
	return pr
}

// Softmax returns exp(x_c − m) / Σ exp(x_k − m) with m = max x, which equals softmax(x) and
// cannot overflow.
func Softmax(x []float64) []float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = max(m, v)
	}
	p := make([]float64, len(x))
	var sum float64
	for c, v := range x {
		p[c] = math.Exp(v - m)
		sum += p[c]
	}
	for c := range p {
		p[c] /= sum
	}
	return p
}

// sigmoid is the logistic function 1 / (1 + e^{−t}), written to avoid overflow for large |t|.
func sigmoid(t float64) float64 {
	if t >= 0 {
		return 1 / (1 + math.Exp(-t))
	}
	e := math.Exp(t)
	return e / (1 + e)
}
