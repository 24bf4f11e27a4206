package cohort

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Case is one row of a manifest: an image, its mask file(s) and its label information.
type Case struct {
	Row       int // 1-based data row number in the manifest
	ID        string
	Image     string   // resolved path
	Masks     []string // resolved paths, combined into one ROI
	Label     string
	Group     string
	Subgroups []string
}

// ReadManifest reads a manifest CSV: one row per case with an image column and a mask column
// (several mask files separated by ';'), plus the label, group, id and subgroup columns named
// in cols (a label column is needed only when needLabel). Relative paths are resolved against
// the manifest's folder. The id is the id column (cols.ID, else a column named "id" if there is
// one), else the image path as written.
func ReadManifest(path, imageCol, maskCol string, cols Columns, needLabel bool) ([]Case, error) {
	t, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	ic, err := t.column(imageCol)
	if err != nil {
		return nil, err
	}
	mc, err := t.column(maskCol)
	if err != nil {
		return nil, err
	}
	lab, idc, grp := -1, -1, -1
	if _, has := t.col[cols.Label]; needLabel || (cols.Label != "" && has) {
		if lab, err = t.column(cols.Label); err != nil {
			return nil, err
		}
	}
	if cols.ID != "" {
		if idc, err = t.column(cols.ID); err != nil {
			return nil, err
		}
	} else if j, ok := t.col["id"]; ok {
		idc = j
	}
	if cols.Group != "" {
		if grp, err = t.column(cols.Group); err != nil {
			return nil, err
		}
	}
	var subs []int
	for _, s := range cols.Subgroups {
		j, err := t.column(s)
		if err != nil {
			return nil, err
		}
		subs = append(subs, j)
	}
	dir := filepath.Dir(path)
	resolve := func(p string) string {
		if p = strings.TrimSpace(p); filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	var cases []Case
	for r, rec := range t.rows {
		c := Case{Row: r + 1, ID: strings.TrimSpace(rec[ic])}
		if c.ID == "" {
			return nil, fmt.Errorf("%s row %d: no image path", path, r+1)
		}
		c.Image = resolve(rec[ic])
		for _, m := range SplitMasks(rec[mc]) {
			c.Masks = append(c.Masks, resolve(m))
		}
		if len(c.Masks) == 0 {
			return nil, fmt.Errorf("%s row %d (%s): no mask path", path, r+1, c.ID)
		}
		if idc >= 0 {
			c.ID = strings.TrimSpace(rec[idc])
		}
		if lab >= 0 {
			c.Label = strings.TrimSpace(rec[lab])
		}
		if grp >= 0 {
			c.Group = strings.TrimSpace(rec[grp])
		}
		for _, j := range subs {
			c.Subgroups = append(c.Subgroups, strings.TrimSpace(rec[j]))
		}
		cases = append(cases, c)
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("manifest %s has no cases", path)
	}
	return cases, nil
}

// SplitMasks splits a list of mask paths separated by ';' (several mask files of one image,
// measured together), dropping blanks around and between them.
func SplitMasks(list string) []string {
	var out []string
	for _, m := range strings.Split(list, ";") {
		if m = strings.TrimSpace(m); m != "" {
			out = append(out, m)
		}
	}
	return out
}
