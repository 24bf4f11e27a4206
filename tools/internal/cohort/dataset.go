package cohort

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/uran-browser/uran/tools/internal/learn"
)

// ManifestDataset turns the extracted cases into a learn.Dataset (subgroups names the
// subgroup columns of the cases). Cases whose label is not one
// of the classes are skipped before extraction by the caller (Select); here cases that failed,
// and cases with a feature that is undefined (NaN) or infinite, are left out with a note naming
// the case and the reason — values are never imputed.
func ManifestDataset(cases []Case, ex []Extraction, names, classes, subgroups []string,
	positive int) (*learn.Dataset, []string) {
	d := &learn.Dataset{Features: slices.Clone(names), Classes: classes, Positive: positive,
		Hashes: []string{}}
	var notes []string
	for i := range cases {
		c, e := &cases[i], &ex[i]
		if e.Err != nil {
			notes = append(notes, fmt.Sprintf("%s: %v", c.ID, e.Err))
			continue
		}
		var bad []string
		for j, v := range e.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				bad = append(bad, names[j])
			}
		}
		if len(bad) > 0 {
			notes = append(notes, fmt.Sprintf("%s: %d undefined features (%s)", c.ID, len(bad),
				strings.Join(bad[:min(3, len(bad))], ", ")))
			continue
		}
		d.X = append(d.X, e.Values)
		d.Y = append(d.Y, slices.Index(classes, c.Label))
		g := c.Group
		if g == "" {
			g = "case:" + c.ID
		}
		d.Groups = append(d.Groups, g)
		d.IDs = append(d.IDs, c.ID)
		d.Hashes = append(d.Hashes, e.ImageHash)
		for s, v := range c.Subgroups {
			if len(d.Subgroups) <= s {
				d.Subgroups = append(d.Subgroups, learn.Column{Name: subgroups[s]})
			}
			d.Subgroups[s].Values = append(d.Subgroups[s].Values, v)
		}
	}
	return d, notes
}

// Select keeps the cases whose label is one of classes (all labels, sorted, when classes is
// empty) and returns them, the classes, the positive class index (the named one, else the
// last) and notes on the cases left out.
func Select(cases []Case, classes []string, positive string) ([]Case, []string, int, []string,
	error) {
	if len(classes) == 0 {
		for _, c := range cases {
			if !slices.Contains(classes, c.Label) {
				classes = append(classes, c.Label)
			}
		}
		slices.Sort(classes)
	}
	pos := len(classes) - 1
	if positive != "" {
		if pos = slices.Index(classes, positive); pos < 0 {
			return nil, nil, 0, nil, fmt.Errorf("positive class %q is not one of the classes %q",
				positive, classes)
		}
	}
	var kept []Case
	left := map[string]int{}
	for _, c := range cases {
		if c.Label == "" {
			return nil, nil, 0, nil, fmt.Errorf("manifest row %d (%s) has no label", c.Row, c.ID)
		}
		if slices.Contains(classes, c.Label) {
			kept = append(kept, c)
		} else {
			left[c.Label]++
		}
	}
	return kept, classes, pos, excludedNotes(left), nil
}
