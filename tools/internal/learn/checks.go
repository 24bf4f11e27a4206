package learn

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// SeparatingAUC is the single-feature AUC above which a feature is reported as separating the
// classes almost perfectly by itself, a sign of leakage (e.g. the label encoded in the mask).
const SeparatingAUC = 0.97

// Checks are the findings of the data checks run before training.
type Checks struct {
	ConstantColumns []string     `json:"constant_columns"`
	DuplicateRows   [][]string   `json:"duplicate_rows"`         // row ids with equal features
	ConflictingDups int          `json:"conflicting_duplicates"` // of which with different labels
	Separating      []FeatureAUC `json:"separating_features"`    // AUC > SeparatingAUC
	BestFeature     FeatureAUC   `json:"best_single_feature"`
	FeaturesAbove09 int          `json:"features_auc_above_0_9"`
	MixedGroups     []MixedGroup `json:"mixed_groups"`     // groups holding more than one class
	DuplicateImages [][]string   `json:"duplicate_images"` // sets of row ids with equal image hash
}

// FeatureAUC is the AUC of one feature used alone as a score, max(AUC, 1 − AUC), binary tasks.
type FeatureAUC struct {
	Feature string  `json:"feature"`
	AUC     float64 `json:"auc"`
}

// MixedGroup is a group whose rows carry more than one class.
type MixedGroup struct {
	Group  string `json:"group"`
	Counts []int  `json:"counts"` // rows per class
}

// runChecks inspects d and returns the findings and human-readable warnings.
func runChecks(d *Dataset, folds int) (*Checks, []string) {
	ch := &Checks{}
	var warn []string
	n, p := len(d.X), len(d.Features)

	// Constant columns.
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	sc := fitScaler(d.X, all)
	for j, c := range sc.constant {
		if c {
			ch.ConstantColumns = append(ch.ConstantColumns, d.Features[j])
		}
	}
	if k := len(ch.ConstantColumns); k > 0 {
		exact := 0
		for j, c := range sc.constant {
			if c && slices.IndexFunc(d.X, func(r []float64) bool { return r[j] != d.X[0][j] }) < 0 {
				exact++
			}
		}
		warn = append(warn, fmt.Sprintf("%d of %d feature columns are constant over all rows "+
			"(%d exactly, %d up to rounding: sd ≤ 1e-12·max(1, |mean|)), e.g. %s; they carry "+
			"no information", k, p, exact, k-exact, listHead(ch.ConstantColumns, 3)))
	}

	// Duplicate rows (identical feature vectors) and duplicate images.
	ch.DuplicateRows, ch.ConflictingDups = duplicateSets(n, func(i int) string {
		return rowKey(d.X[i])
	}, d)
	if len(ch.DuplicateRows) > 0 {
		warn = append(warn, fmt.Sprintf("%d sets of rows have identical feature values "+
			"(%d of them with different labels), e.g. %s", len(ch.DuplicateRows),
			ch.ConflictingDups, strings.Join(ch.DuplicateRows[0], " = ")))
	}
	if d.Hashes != nil {
		ch.DuplicateImages, _ = duplicateSets(n, func(i int) string { return d.Hashes[i] }, d)
		if len(ch.DuplicateImages) > 0 {
			warn = append(warn, fmt.Sprintf("%d images are listed more than once (same file "+
				"content), e.g. %s", len(ch.DuplicateImages),
				strings.Join(ch.DuplicateImages[0], " = ")))
		}
	}

	// Single features that separate the classes.
	if len(d.Classes) == 2 {
		pos := make([]bool, n)
		for i, y := range d.Y {
			pos[i] = y == d.Positive
		}
		col := make([]float64, n)
		for j := range p {
			for i := range n {
				col[i] = d.X[i][j]
			}
			a := auc(col, pos)
			a = max(a, 1-a)
			if a > ch.BestFeature.AUC {
				ch.BestFeature = FeatureAUC{d.Features[j], a}
			}
			if a > 0.9 {
				ch.FeaturesAbove09++
			}
			if a > SeparatingAUC {
				ch.Separating = append(ch.Separating, FeatureAUC{d.Features[j], a})
			}
		}
		slices.SortStableFunc(ch.Separating, func(a, b FeatureAUC) int {
			return cmp.Compare(b.AUC, a.AUC)
		})
		if len(ch.Separating) > 0 {
			warn = append(warn, fmt.Sprintf("%d single features separate the classes with AUC "+
				"> %.2f on their own (best %s, %.3f): suspect leakage, e.g. the label encoded "+
				"in the mask or the file", len(ch.Separating), SeparatingAUC,
				ch.Separating[0].Feature, ch.Separating[0].AUC))
		}
	}

	// Groups that hold more than one class, and groups per class against the folds.
	counts := map[string][]int{}
	var order []string
	for i, g := range d.Groups {
		if counts[g] == nil {
			counts[g] = make([]int, len(d.Classes))
			order = append(order, g)
		}
		counts[g][d.Y[i]]++
	}
	groupsOf := make([]int, len(d.Classes))
	for _, g := range order {
		classes := 0
		for c, k := range counts[g] {
			if k > 0 {
				classes++
				groupsOf[c]++
			}
		}
		if classes > 1 {
			ch.MixedGroups = append(ch.MixedGroups, MixedGroup{g, counts[g]})
		}
	}
	if len(ch.MixedGroups) > 0 {
		var names []string
		for _, m := range ch.MixedGroups {
			names = append(names, m.Group)
		}
		warn = append(warn, fmt.Sprintf("%d groups hold rows of more than one class (%s); "+
			"each stays inside one fold, but check whether these are label conflicts",
			len(ch.MixedGroups), listHead(names, 6)))
	}
	for c, k := range groupsOf {
		if k < folds {
			warn = append(warn, fmt.Sprintf("class %q occurs in only %d groups, fewer than the "+
				"%d folds: some test folds lack it", d.Classes[c], k, folds))
		}
	}
	return ch, warn
}

// duplicateSets groups rows by key and returns the sets with more than one row (ids, in row
// order) and how many of them mix labels.
func duplicateSets(n int, key func(i int) string, d *Dataset) ([][]string, int) {
	first := map[string]int{}
	members := map[int][]int{}
	var heads []int
	for i := range n {
		k := key(i)
		if h, ok := first[k]; ok {
			if len(members[h]) == 1 {
				heads = append(heads, h)
			}
			members[h] = append(members[h], i)
			continue
		}
		first[k] = i
		members[i] = []int{i}
	}
	slices.Sort(heads)
	var sets [][]string
	conflicts := 0
	for _, h := range heads {
		var ids []string
		mixed := false
		for _, i := range members[h] {
			ids = append(ids, d.IDs[i])
			mixed = mixed || d.Y[i] != d.Y[h]
		}
		if mixed {
			conflicts++
		}
		sets = append(sets, ids)
	}
	return sets, conflicts
}

// rowKey is an exact key of a feature vector (bit patterns, so -0 and 0 differ; NaN never
// occurs after Dataset.Check).
func rowKey(row []float64) string {
	var b strings.Builder
	for _, v := range row {
		fmt.Fprintf(&b, "%x,", math.Float64bits(v+0)) // +0 turns −0 into 0
	}
	return b.String()
}

func listHead(v []string, k int) string {
	if len(v) <= k {
		return strings.Join(v, ", ")
	}
	return strings.Join(v[:k], ", ") + fmt.Sprintf(", … (%d more)", len(v)-k)
}
