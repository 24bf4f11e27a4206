package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/uran-browser/uran/radiomics/imageio"
	"github.com/uran-browser/uran/weights"
)

// result is the outcome of one case.
type result struct {
	ID         string
	Image      string
	Masks      []string
	Prediction *weights.Prediction
	Lesion     *imageio.Lesion
	Warnings   []string
	Error      string
}

// caseJSON is the JSON form of a result. Probabilities and gates are objects whose keys keep
// the model's order (class order, key-feature order).
type caseJSON struct {
	ID            string          `json:"id"`
	Image         string          `json:"image"`
	Masks         []string        `json:"masks"`
	Class         string          `json:"class,omitempty"`
	Probabilities json.RawMessage `json:"probabilities,omitempty"`
	PositiveClass string          `json:"positive_class,omitempty"`
	Threshold     *float64        `json:"threshold,omitempty"`
	Gates         json.RawMessage `json:"gates,omitempty"`
	Lesion        *lesionJSON     `json:"lesion,omitempty"`
	Warnings      []string        `json:"warnings"`
	Error         string          `json:"error,omitempty"`
}

// lesionJSON is the lesion of a case: imageio.Lesion without its warnings (they are in the
// case's warnings).
type lesionJSON struct {
	Label           uint32   `json:"label"`
	Pixels          int      `json:"pixels"`
	Regions         []int    `json:"regions"`
	Edges           []string `json:"edges,omitempty"`
	ColoredPixels   int      `json:"colored_pixels"`
	SaturatedPixels int      `json:"saturated_pixels"`
}

// write prints the results as one JSON object (a single case), a JSON array (a manifest) or CSV.
func write(w io.Writer, m *weights.Model, rs []result, format string, batch bool) error {
	if format == "csv" {
		return writeCSV(w, m, rs)
	}
	out := make([]caseJSON, len(rs))
	for i, r := range rs {
		c := caseJSON{ID: r.ID, Image: r.Image, Masks: r.Masks, Warnings: r.Warnings,
			Error: r.Error}
		if c.Warnings == nil {
			c.Warnings = []string{}
		}
		if l := r.Lesion; l != nil {
			c.Lesion = &lesionJSON{Label: l.Label, Pixels: l.Pixels, Regions: l.Regions,
				Edges: l.Edges, ColoredPixels: l.ColoredPixels,
				SaturatedPixels: l.SaturatedPixels}
		}
		if p := r.Prediction; p != nil {
			c.Class = p.Class
			c.Probabilities = orderedObject(p.Classes, p.Probabilities)
			if p.PositiveClass != "" {
				c.PositiveClass = p.PositiveClass
				t := p.Threshold
				c.Threshold = &t
			}
			names := make([]string, len(p.Gates))
			vals := make([]float64, len(p.Gates))
			for k, g := range p.Gates {
				names[k], vals[k] = g.Feature, g.Value
			}
			c.Gates = orderedObject(names, vals)
		}
		out[i] = c
	}
	var v any = out
	if !batch {
		v = out[0]
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// orderedObject encodes keys → values as a JSON object in the given key order.
func orderedObject(keys []string, values []float64) json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		b.WriteString(strconv.FormatFloat(values[i], 'g', -1, 64))
	}
	b.WriteByte('}')
	return b.Bytes()
}

// writeCSV prints one row per case: id, image, class, P(class) for every class, the lesion's
// pixels and number of separate regions, the warnings (joined by " | "), error.
func writeCSV(w io.Writer, m *weights.Model, rs []result) error {
	cw := csv.NewWriter(w)
	head := []string{"id", "image", "class"}
	for _, c := range m.Classes {
		head = append(head, "p_"+c)
	}
	head = append(head, "lesion_pixels", "lesion_regions", "warnings", "error")
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, r := range rs {
		row := []string{r.ID, r.Image, ""}
		probs := make([]string, len(m.Classes))
		if p := r.Prediction; p != nil {
			row[2] = p.Class
			for c, v := range p.Probabilities {
				probs[c] = strconv.FormatFloat(v, 'g', -1, 64)
			}
		}
		lesion := []string{"", ""}
		if l := r.Lesion; l != nil {
			lesion = []string{strconv.Itoa(l.Pixels), strconv.Itoa(len(l.Regions))}
		}
		row = append(append(row, probs...), lesion...)
		if err := cw.Write(append(row, strings.Join(r.Warnings, " | "), r.Error)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
