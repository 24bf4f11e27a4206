package learn

import (
	"fmt"
	"math"
	"slices"

	"github.com/uran-browser/uran/weights"
)

// Dataset is a labelled feature table, one row per lesion image.
type Dataset struct {
	Features []string    // the N feature names
	X        [][]float64 // raw feature values, rows × N
	Y        []int       // class of each row, an index into Classes
	Classes  []string    // class names; for two classes Classes[Positive] is the positive one
	Positive int         // index of the positive class (binary tasks)
	Groups   []string    // grouping key of each row (patient, near-duplicate group)
	IDs      []string    // row names, for messages and reports
	// Subgroups are optional columns (e.g. HER2-low, IHC score) reported separately.
	Subgroups []Column
	// Hashes are optional content hashes of each row's image file, for duplicate checks.
	Hashes []string
}

// Column is a named column of per-row strings.
type Column struct {
	Name   string
	Values []string
}

// Check verifies the table: consistent lengths, at least two classes each with a row, labels in
// range, finite values (the error names the row and the feature), non-empty groups.
func (d *Dataset) Check() error {
	n := len(d.X)
	if n == 0 {
		return fmt.Errorf("the data set has no rows")
	}
	if len(d.Y) != n || len(d.Groups) != n || len(d.IDs) != n {
		return fmt.Errorf("data set: %d rows but %d labels, %d groups and %d ids",
			n, len(d.Y), len(d.Groups), len(d.IDs))
	}
	if d.Hashes != nil && len(d.Hashes) != n {
		return fmt.Errorf("data set: %d rows but %d image hashes", n, len(d.Hashes))
	}
	for _, c := range d.Subgroups {
		if len(c.Values) != n {
			return fmt.Errorf("subgroup column %q has %d values for %d rows",
				c.Name, len(c.Values), n)
		}
	}
	if len(d.Classes) < 2 {
		return fmt.Errorf("data set has %d class(es) %q; at least 2 are needed",
			len(d.Classes), d.Classes)
	}
	if d.Positive < 0 || d.Positive >= len(d.Classes) {
		return fmt.Errorf("positive class index %d out of range", d.Positive)
	}
	counts := d.ClassCounts()
	for c, k := range counts {
		if k == 0 {
			return fmt.Errorf("class %q has no rows", d.Classes[c])
		}
	}
	p := len(d.Features)
	if p == 0 {
		return fmt.Errorf("data set has no feature columns")
	}
	for i, row := range d.X {
		if len(row) != p {
			return fmt.Errorf("row %s has %d values for %d features", d.IDs[i], len(row), p)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("row %s: feature %s is %v; remove the row or the column",
					d.IDs[i], d.Features[j], v)
			}
		}
		if d.Groups[i] == "" {
			return fmt.Errorf("row %s has an empty group", d.IDs[i])
		}
	}
	return nil
}

// ClassCounts returns the number of rows of each class.
func (d *Dataset) ClassCounts() []int {
	counts := make([]int, len(d.Classes))
	for _, y := range d.Y {
		counts[y]++
	}
	return counts
}

// NumGroups returns the number of distinct groups.
func (d *Dataset) NumGroups() int {
	g := slices.Clone(d.Groups)
	slices.Sort(g)
	return len(slices.Compact(g))
}

// ImageTypes returns the distinct image types of the features, in order of first appearance.
func (d *Dataset) ImageTypes() []string {
	var types []string
	seen := map[string]bool{}
	for _, f := range d.Features {
		t := weights.ImageType(f)
		if !seen[t] {
			seen[t] = true
			types = append(types, t)
		}
	}
	return types
}

// Keep reduces the data set to the rows idx, in that order.
func (d *Dataset) Keep(idx []int) {
	d.X, d.Y = pick(d.X, idx), pick(d.Y, idx)
	d.Groups, d.IDs = pick(d.Groups, idx), pick(d.IDs, idx)
	if d.Hashes != nil {
		d.Hashes = pick(d.Hashes, idx)
	}
	for s := range d.Subgroups {
		d.Subgroups[s].Values = pick(d.Subgroups[s].Values, idx)
	}
}
