package api

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"sort"
	"strconv"
)

// Disclaimer is shown on the page and written into every report.
const Disclaimer = "Research software, not a medical device and not a diagnosis. " +
	"The prediction must not be used for clinical decisions."

// FormatValue writes a feature value as PyRadiomics' CSV output does (Python's repr of a
// float): the shortest decimal that reads back to the same float64, and "nan", "inf", "-inf"
// for values that are not finite.
func FormatValue(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// FeaturesCSV returns the features of r as a two-line CSV: a header with PyRadiomics' batch
// columns Image and Mask followed by the feature names (original_shape2D_Elongation, …) in
// extraction order, then one row of values.
func FeaturesCSV(r *Result) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"Image", "Mask"}
	row := []string{r.Image.Name, r.Mask.Name}
	for _, f := range r.Features {
		head = append(head, f.Name)
		row = append(row, FormatValue(f.Value))
	}
	w.Write(head)
	w.Write(row)
	w.Flush()
	return b.Bytes()
}

// jsonFloat writes NaN and ±Inf as null, which JSON requires.
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// Report returns the JSON report of r: the prediction, the model it came from, the inputs,
// the extraction settings (the parameter file) and every feature. Undefined feature values are
// null and listed under undefinedFeatures.
func Report(r *Result) ([]byte, error) {
	type classProb struct {
		Class       string    `json:"class"`
		Probability jsonFloat `json:"probability"`
	}
	type gate struct {
		Feature   string    `json:"feature"`
		ImageType string    `json:"imageType"`
		Value     jsonFloat `json:"value"`
	}
	type share struct {
		ImageType string    `json:"imageType"`
		Share     jsonFloat `json:"share"`
		Features  int       `json:"features"`
	}
	type feature struct {
		Name  string    `json:"name"`
		Value jsonFloat `json:"value"`
	}
	rep := struct {
		Report        string       `json:"report"`
		Disclaimer    string       `json:"disclaimer"`
		Created       string       `json:"created"`
		Engine        string       `json:"engine"`
		Model         ModelRef     `json:"model"`
		Image         InputSummary `json:"image"`
		Mask          InputSummary `json:"mask"`
		Label         uint32       `json:"label"`
		LesionPixels  int          `json:"lesionPixels"`
		Predicted     string       `json:"predictedClass"`
		PositiveClass string       `json:"positiveClass,omitempty"`
		Threshold     jsonFloat    `json:"threshold"`
		Probabilities []classProb  `json:"probabilities"`
		Gates         []gate       `json:"gates"`
		Attention     []share      `json:"attentionByImageType"`
		Settings      string       `json:"settings"`
		Features      []feature    `json:"features"`
		Undefined     []string     `json:"undefinedFeatures"`
		Warnings      []string     `json:"warnings"`
		Timing        Timing       `json:"timing"`
	}{
		Report: "URAN prediction", Disclaimer: Disclaimer, Created: r.Created, Engine: r.Engine,
		Model: r.Model, Image: r.Image, Mask: r.Mask, Label: r.Label,
		LesionPixels: r.LesionPixels, Predicted: r.Class, PositiveClass: r.PositiveClass,
		Threshold: jsonFloat(r.Threshold), Settings: r.Params, Timing: r.Timing,
		Warnings: nonNil(r.Warnings), Undefined: []string{},
	}
	for i, c := range r.Classes {
		p := math.NaN()
		if i < len(r.Probabilities) {
			p = r.Probabilities[i]
		}
		rep.Probabilities = append(rep.Probabilities, classProb{c, jsonFloat(p)})
	}
	for _, g := range r.Gates {
		rep.Gates = append(rep.Gates, gate{g.Feature, g.ImageType, jsonFloat(g.Value)})
	}
	for _, s := range r.Attention {
		rep.Attention = append(rep.Attention, share{s.ImageType, jsonFloat(s.Share), s.Features})
	}
	for _, f := range r.Features {
		rep.Features = append(rep.Features, feature{f.Name, jsonFloat(f.Value)})
		if math.IsNaN(f.Value) || math.IsInf(f.Value, 0) {
			rep.Undefined = append(rep.Undefined, f.Name)
		}
	}
	return json.MarshalIndent(rep, "", "  ")
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// AttentionShares groups gates by image type: each type's share is the sum of its gates over
// the sum of all gates, largest first (ties by name). It returns nil when there are no gates
// or they sum to zero.
func AttentionShares(gates []Gate) []Share {
	var total float64
	byType := map[string]*Share{}
	var order []string
	for _, g := range gates {
		s := byType[g.ImageType]
		if s == nil {
			s = &Share{ImageType: g.ImageType}
			byType[g.ImageType] = s
			order = append(order, g.ImageType)
		}
		s.Share += g.Value
		s.Features++
		total += g.Value
	}
	if total <= 0 {
		return nil
	}
	out := make([]Share, 0, len(order))
	for _, t := range order {
		s := *byType[t]
		s.Share /= total
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Share != out[j].Share {
			return out[i].Share > out[j].Share
		}
		return out[i].ImageType < out[j].ImageType
	})
	return out
}

// TopGates returns up to n gates, largest value first (ties in model order).
func TopGates(gates []Gate, n int) []Gate {
	out := append([]Gate(nil), gates...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Value > out[j].Value })
	if n >= 0 && len(out) > n {
		out = out[:n]
	}
	return out
}
