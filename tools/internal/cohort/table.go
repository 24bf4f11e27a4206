package cohort

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/uran-browser/uran/tools/internal/learn"
)

// Columns names the label, group, id and subgroup columns of a table or manifest and says how
// to turn labels into classes.
type Columns struct {
	ID    string // row name column; empty means the row number
	Label string // class label column
	Group string // grouping column (patient); empty: GroupPattern, else one group per row
	// GroupPattern is a regular expression applied to the row id whose first capture group is
	// the group, e.g. `^([^_]+)_` for BUS_UCLM's "ALWI_000" → "ALWI".
	GroupPattern string
	Subgroups    []string // columns reported separately
	// Classes lists the classes in output order; rows with other labels are left out. Empty
	// means every label, sorted.
	Classes []string
	// Positive is the positive class of a binary task; empty means the last class.
	Positive string
}

// TableOptions describes a ready-made feature table.
type TableOptions struct {
	Path   string // features CSV: one row per image, an id column and numeric feature columns
	Labels string // optional CSV with the label/group/subgroup columns, joined on the id
	Columns
	Ignore []string // further non-feature columns of the features file
}

// ReadTable reads a feature table into a learn.Dataset. Every column of the features file
// other than the id, label, group, subgroup and ignored ones is a feature and must hold a number
// in every row (an empty or non-numeric cell is an error naming the row and column: values are
// never imputed). It also returns notes on rows left out.
func ReadTable(opt TableOptions) (*learn.Dataset, []string, error) {
	ft, err := readCSV(opt.Path)
	if err != nil {
		return nil, nil, err
	}
	lt := ft
	if opt.Labels != "" {
		if lt, err = readCSV(opt.Labels); err != nil {
			return nil, nil, err
		}
		if opt.ID == "" {
			return nil, nil, fmt.Errorf("joining %s to %s needs an id column", opt.Labels, opt.Path)
		}
	}
	meta, err := readMeta(lt, opt.Columns)
	if err != nil {
		return nil, nil, err
	}
	skip := map[string]bool{}
	for _, c := range append([]string{opt.ID, opt.Label, opt.Group}, opt.Subgroups...) {
		skip[c] = true
	}
	for _, c := range opt.Ignore {
		if _, err := ft.column(c); err != nil {
			return nil, nil, err
		}
		skip[c] = true
	}
	var featCols []int
	d := &learn.Dataset{}
	for j, h := range ft.header {
		if !skip[h] {
			featCols = append(featCols, j)
			d.Features = append(d.Features, h)
		}
	}
	idCol := -1
	if opt.ID != "" {
		if idCol, err = ft.column(opt.ID); err != nil {
			return nil, nil, err
		}
	}
	var excluded []string
	left := map[string]int{}
	for r, rec := range ft.rows {
		id := strconv.Itoa(r + 1)
		if idCol >= 0 {
			id = rec[idCol]
		}
		var m *rowMeta
		if opt.Labels != "" {
			m = meta.byID[id]
			if m == nil {
				return nil, nil, fmt.Errorf("%s: row %s has no entry in %s", opt.Path, id,
					opt.Labels)
			}
		} else {
			m = &meta.rows[r]
		}
		if m.class < 0 {
			left[m.label]++
			continue
		}
		row := make([]float64, len(featCols))
		for k, j := range featCols {
			v, err := strconv.ParseFloat(strings.TrimSpace(rec[j]), 64)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: row %s, column %s: %q is not a number",
					opt.Path, id, ft.header[j], rec[j])
			}
			row[k] = v
		}
		d.X = append(d.X, row)
		d.IDs = append(d.IDs, id)
		d.Y = append(d.Y, m.class)
		d.Groups = append(d.Groups, m.group)
		for s := range m.subgroups {
			if len(d.Subgroups) <= s {
				d.Subgroups = append(d.Subgroups, learn.Column{Name: opt.Subgroups[s]})
			}
			d.Subgroups[s].Values = append(d.Subgroups[s].Values, m.subgroups[s])
		}
	}
	d.Classes, d.Positive = meta.classes, meta.positive
	excluded = excludedNotes(left)
	return d, excluded, nil
}

// rowMeta is the label information of one row.
type rowMeta struct {
	id, label, group string
	class            int // −1: label not among the classes
	subgroups        []string
}

type metaTable struct {
	rows     []rowMeta
	byID     map[string]*rowMeta
	classes  []string
	positive int
}

// readMeta reads labels, groups and subgroups and decides the classes.
func readMeta(t *table, c Columns) (*metaTable, error) {
	lab, err := t.column(c.Label)
	if err != nil {
		return nil, err
	}
	idCol, grpCol := -1, -1
	if c.ID != "" {
		if idCol, err = t.column(c.ID); err != nil {
			return nil, err
		}
	}
	if c.Group != "" {
		if grpCol, err = t.column(c.Group); err != nil {
			return nil, err
		}
	}
	var pattern *regexp.Regexp
	if c.GroupPattern != "" {
		if pattern, err = regexp.Compile(c.GroupPattern); err != nil {
			return nil, fmt.Errorf("group pattern: %w", err)
		}
		if pattern.NumSubexp() < 1 {
			return nil, fmt.Errorf("group pattern %q has no capture group", c.GroupPattern)
		}
	}
	var subCols []int
	for _, s := range c.Subgroups {
		j, err := t.column(s)
		if err != nil {
			return nil, err
		}
		subCols = append(subCols, j)
	}
	mt := &metaTable{byID: map[string]*rowMeta{}}
	for r, rec := range t.rows {
		m := rowMeta{id: strconv.Itoa(r + 1), label: strings.TrimSpace(rec[lab])}
		if idCol >= 0 {
			m.id = rec[idCol]
		}
		switch {
		case grpCol >= 0:
			m.group = strings.TrimSpace(rec[grpCol])
		case pattern != nil:
			sm := pattern.FindStringSubmatch(m.id)
			if sm == nil || sm[1] == "" {
				return nil, fmt.Errorf("%s: id %q does not match the group pattern %q",
					t.path, m.id, c.GroupPattern)
			}
			m.group = sm[1]
		default:
			m.group = "row:" + m.id
		}
		for _, j := range subCols {
			m.subgroups = append(m.subgroups, strings.TrimSpace(rec[j]))
		}
		if m.label == "" {
			return nil, fmt.Errorf("%s: row %s has an empty label", t.path, m.id)
		}
		mt.rows = append(mt.rows, m)
	}
	mt.classes = slices.Clone(c.Classes)
	if len(mt.classes) == 0 {
		for _, m := range mt.rows {
			if !slices.Contains(mt.classes, m.label) {
				mt.classes = append(mt.classes, m.label)
			}
		}
		slices.Sort(mt.classes)
	}
	for i := range mt.rows {
		mt.rows[i].class = slices.Index(mt.classes, mt.rows[i].label)
		if _, dup := mt.byID[mt.rows[i].id]; dup && idCol >= 0 {
			return nil, fmt.Errorf("%s: id %q appears twice", t.path, mt.rows[i].id)
		}
		mt.byID[mt.rows[i].id] = &mt.rows[i]
	}
	mt.positive = len(mt.classes) - 1
	if c.Positive != "" {
		if mt.positive = slices.Index(mt.classes, c.Positive); mt.positive < 0 {
			return nil, fmt.Errorf("positive class %q is not one of the classes %q",
				c.Positive, mt.classes)
		}
	}
	return mt, nil
}

// excludedNotes describes the rows left out because of their label, sorted by label.
func excludedNotes(left map[string]int) []string {
	var labels []string
	for l := range left {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	var notes []string
	for _, l := range labels {
		notes = append(notes, fmt.Sprintf("%d rows labelled %q (not one of the classes)",
			left[l], l))
	}
	return notes
}
