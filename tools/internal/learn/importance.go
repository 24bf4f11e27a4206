package learn

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/uran-browser/uran/weights"
)

// permutation holds the permutation importance of one fitted URAN on its test fold: the drop
// of the fold's AUC when a kept feature's values (or all kept features of one image type, with
// one shared shuffle so their mutual relations survive) are shuffled among the test rows,
// averaged over the shuffles. Features the model does not keep cannot change its output and
// have importance 0.
type permutation struct {
	base      float64
	kept      []int     // feature positions
	drop      []float64 // per kept feature
	imageType []float64 // per image type of Dataset.ImageTypes()
}

// macroAUC is the AUC of the positive class for two classes and the mean one-vs-rest AUC over
// the classes present in both roles otherwise.
func macroAUC(prob [][]float64, y []int, classes, positive int) float64 {
	if classes == 2 {
		s, pos := classScores(prob, y, positive)
		return auc(s, pos)
	}
	var sum float64
	var n int
	for c := range classes {
		s, pos := classScores(prob, y, c)
		if a := auc(s, pos); !math.IsNaN(a) {
			sum += a
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

// classScores returns P(class c) of each row and whether the row is of class c.
func classScores(prob [][]float64, y []int, c int) ([]float64, []bool) {
	s := make([]float64, len(prob))
	pos := make([]bool, len(prob))
	for i, p := range prob {
		s[i], pos[i] = p[c], y[i] == c
	}
	return s, pos
}

// permute computes the permutation importance of f on the test rows (whose unshuffled
// probabilities are prob), with reps shuffles per feature and per image type.
func permute(d *Dataset, f *fit, test []int, prob [][]float64, reps int, rng *rand.Rand) (
	*permutation, error) {
	y := pick(d.Y, test)
	C := len(d.Classes)
	pm := &permutation{base: macroAUC(prob, y, C, d.Positive)}
	if math.IsNaN(pm.base) {
		return pm, nil // a fold without both classes has no AUC to lose
	}
	index := make(map[string]int, len(d.Features))
	for j, name := range d.Features {
		index[name] = j
	}
	for _, name := range f.model.HKFS.Kept {
		pm.kept = append(pm.kept, index[name])
	}
	raw := pick(d.X, test)
	shuffled := make([][]float64, len(raw))
	for i := range raw {
		shuffled[i] = slices.Clone(raw[i])
	}
	drop := func(cols []int) (float64, error) {
		var total float64
		for range reps {
			perm := rng.Perm(len(raw))
			for i := range raw {
				for _, j := range cols {
					shuffled[i][j] = raw[perm[i]][j]
				}
			}
			p, _, err := f.score(shuffled)
			if err != nil {
				return 0, err
			}
			total += pm.base - macroAUC(p, y, C, d.Positive)
			for i := range raw {
				for _, j := range cols {
					shuffled[i][j] = raw[i][j]
				}
			}
		}
		return total / float64(reps), nil
	}
	for _, j := range pm.kept {
		v, err := drop([]int{j})
		if err != nil {
			return nil, err
		}
		pm.drop = append(pm.drop, v)
	}
	for _, t := range d.ImageTypes() {
		var cols []int
		for _, j := range pm.kept {
			if weights.ImageType(d.Features[j]) == t {
				cols = append(cols, j)
			}
		}
		v := 0.0
		if len(cols) > 0 {
			var err error
			if v, err = drop(cols); err != nil {
				return nil, err
			}
		}
		pm.imageType = append(pm.imageType, v)
	}
	return pm, nil
}

// FeatureImportance is the importance of one feature for URAN across the cross-validation.
type FeatureImportance struct {
	Feature   string  `json:"feature"`
	ImageType string  `json:"image_type"`
	Selected  float64 `json:"selected"`  // share of the fits whose HKFS kept it
	MeanGate  float64 `json:"mean_gate"` // mean MAAE gate over out-of-fold cases where kept
	// Permutation is the mean AUC drop over all fits (0 in fits that did not keep it).
	Permutation float64 `json:"permutation"`
}

// ImageTypeImportance is the importance of one image type (original, wavelet-LH, square…).
type ImageTypeImportance struct {
	ImageType string  `json:"image_type"`
	Features  int     `json:"features"`  // features of this type in the table
	MeanKept  float64 `json:"mean_kept"` // mean number kept per fit
	MeanGate  float64 `json:"mean_gate"` // mean MAAE gate of its kept features
	// Permutation is the mean AUC drop when all its kept features are shuffled together.
	Permutation float64 `json:"permutation"`
}

// importance aggregates URAN's gates and permutation drops over every fit. Features never
// kept are left out; the list is sorted by permutation importance, then selection share, then
// name.
func (res *cvResult) importance(d *Dataset) ([]FeatureImportance, []ImageTypeImportance) {
	p := len(d.Features)
	var fits []*foldFit
	for _, rf := range res.fits[0] { // URAN is model 0
		fits = append(fits, rf...)
	}
	nf := float64(len(fits))
	selected := make([]float64, p)
	gateSum := make([]float64, p)
	gateN := make([]float64, p)
	permSum := make([]float64, p)
	types := d.ImageTypes()
	typeIdx := make(map[string]int, len(types))
	for t, name := range types {
		typeIdx[name] = t
	}
	its := make([]ImageTypeImportance, len(types))
	for t := range its {
		its[t].ImageType = types[t]
	}
	for _, name := range d.Features {
		its[typeIdx[weights.ImageType(name)]].Features++
	}
	typeGate, typeGateN := make([]float64, len(types)), make([]float64, len(types))
	for _, ff := range fits {
		for q, j := range ff.kept {
			selected[j]++
			t := typeIdx[weights.ImageType(d.Features[j])]
			its[t].MeanKept++
			for _, g := range ff.gates {
				gateSum[j] += g[q]
				gateN[j]++
				typeGate[t] += g[q]
				typeGateN[t]++
			}
		}
		if ff.perm != nil {
			for q, j := range ff.perm.kept {
				permSum[j] += ff.perm.drop[q]
			}
			for t, v := range ff.perm.imageType {
				its[t].Permutation += v / nf
			}
		}
	}
	var fi []FeatureImportance
	for j, s := range selected {
		if s == 0 {
			continue
		}
		f := FeatureImportance{Feature: d.Features[j], ImageType: weights.ImageType(d.Features[j]),
			Selected: s / nf, Permutation: permSum[j] / nf}
		if gateN[j] > 0 {
			f.MeanGate = gateSum[j] / gateN[j]
		}
		fi = append(fi, f)
	}
	slices.SortStableFunc(fi, func(a, b FeatureImportance) int {
		switch {
		case a.Permutation != b.Permutation:
			return cmpDesc(a.Permutation, b.Permutation)
		case a.Selected != b.Selected:
			return cmpDesc(a.Selected, b.Selected)
		}
		return 0 // stable: feature order
	})
	for t := range its {
		its[t].MeanKept /= nf
		if typeGateN[t] > 0 {
			its[t].MeanGate = typeGate[t] / typeGateN[t]
		}
	}
	return fi, its
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}
