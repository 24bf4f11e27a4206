package learn

import (
	"cmp"
	"math"
	"slices"
	"strconv"
)

// youden returns the threshold t that maximises Youden's J = sensitivity + specificity − 1 for
// the rule "positive when score ≥ t". Candidates are the midpoints between consecutive distinct
// scores (and 0 and 1 beyond the extremes); among equal J the lowest threshold (the most
// sensitive rule) wins. Without both classes it returns 0.5.
func youden(score []float64, pos []bool) float64 {
	n1, n0 := 0, 0
	for _, p := range pos {
		if p {
			n1++
		} else {
			n0++
		}
	}
	if n1 == 0 || n0 == 0 {
		return 0.5
	}
	order := make([]int, len(score))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(score[a], score[b]) })
	// With the threshold below every score all are called positive: sens 1, spec 0.
	bestT, bestJ := 0.0, 0.0
	below1, below0 := 0, 0 // positives and negatives under the current threshold
	for k := 0; k < len(order); {
		v := score[order[k]]
		for k < len(order) && score[order[k]] == v {
			if pos[order[k]] {
				below1++
			} else {
				below0++
			}
			k++
		}
		t := 1.0
		if k < len(order) {
			t = (v + score[order[k]]) / 2
		}
		j := float64(n1-below1)/float64(n1) + float64(below0)/float64(n0) - 1
		if j > bestJ+1e-12 {
			bestT, bestJ = t, j
		}
	}
	return bestT
}

// binaryScores are threshold metrics of a binary classification.
type binaryScores struct {
	Accuracy, Sensitivity, Specificity, Precision, F1 float64
}

// confusion computes the metrics of predictions pred against truth pos. Undefined ratios (no
// predicted positives for precision, no positives for sensitivity…) are 0.
func confusion(pred, pos []bool) binaryScores {
	var tp, fp, tn, fn float64
	for i := range pred {
		switch {
		case pred[i] && pos[i]:
			tp++
		case pred[i]:
			fp++
		case pos[i]:
			fn++
		default:
			tn++
		}
	}
	ratio := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return a / b
	}
	s := binaryScores{
		Accuracy:    ratio(tp+tn, tp+tn+fp+fn),
		Sensitivity: ratio(tp, tp+fn),
		Specificity: ratio(tn, tn+fp),
		Precision:   ratio(tp, tp+fp),
	}
	s.F1 = ratio(2*s.Precision*s.Sensitivity, s.Precision+s.Sensitivity)
	return s
}

// brier returns the mean over cases of Σ_c (p_c − 1[y = c])², divided by 2 for two classes so
// that a binary task gets the usual (p − y)² on the positive class.
func brier(prob [][]float64, y []int) float64 {
	var s float64
	for i, p := range prob {
		for c, pc := range p {
			o := 0.0
			if y[i] == c {
				o = 1
			}
			s += (pc - o) * (pc - o)
		}
	}
	s /= float64(len(prob))
	if len(prob) > 0 && len(prob[0]) == 2 {
		s /= 2
	}
	return s
}

// ROCPoint is one point of an ROC curve.
type ROCPoint struct {
	Threshold float64 `json:"threshold"`
	FPR       float64 `json:"fpr"`
	TPR       float64 `json:"tpr"`
}

// rocCurve returns the ROC curve of scores s: one point per distinct score (rule score ≥ t),
// from (0, 0) to (1, 1).
func rocCurve(s []float64, pos []bool) []ROCPoint {
	order := make([]int, len(s))
	n1, n0 := 0.0, 0.0
	for i := range order {
		order[i] = i
		if pos[i] {
			n1++
		} else {
			n0++
		}
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(s[b], s[a]) })
	pts := []ROCPoint{{Threshold: math.Inf(1)}}
	tp, fp := 0.0, 0.0
	for k := 0; k < len(order); {
		v := s[order[k]]
		for k < len(order) && s[order[k]] == v {
			if pos[order[k]] {
				tp++
			} else {
				fp++
			}
			k++
		}
		pts = append(pts, ROCPoint{Threshold: v, FPR: fp / n0, TPR: tp / n1})
	}
	pts[0].Threshold = 1 // JSON has no infinity; a threshold above every probability
	return pts
}

// thinROC keeps the first and last points of a curve and every point that moves at least step
// in FPR or TPR from the last kept one, so a curve pooled over thousands of predictions stays
// small in the report while its drawn shape does not change visibly.
func thinROC(pts []ROCPoint, step float64) []ROCPoint {
	if len(pts) <= 2 {
		return pts
	}
	out := []ROCPoint{pts[0]}
	for _, p := range pts[1 : len(pts)-1] {
		last := out[len(out)-1]
		if math.Abs(p.FPR-last.FPR) >= step || math.Abs(p.TPR-last.TPR) >= step {
			out = append(out, p)
		}
	}
	return append(out, pts[len(pts)-1])
}

// CalibrationBin is one row of a calibration table.
type CalibrationBin struct {
	Lower, Upper  float64 `json:"-"`
	Range         string  `json:"range"`
	N             int     `json:"n"`
	MeanPredicted float64 `json:"mean_predicted"`
	ObservedRate  float64 `json:"observed_rate"`
}

// calibration bins the predicted probabilities of the positive class into ten equal-width
// bins [0, 0.1), …, [0.9, 1] and gives each bin's mean prediction and observed positive rate.
func calibration(s []float64, pos []bool) []CalibrationBin {
	bins := make([]CalibrationBin, 10)
	for b := range bins {
		bins[b].Lower, bins[b].Upper = float64(b)/10, float64(b+1)/10
		bins[b].Range = formatRange(bins[b].Lower, bins[b].Upper, b == 9)
	}
	for i, v := range s {
		b := min(int(v*10), 9)
		bins[b].N++
		bins[b].MeanPredicted += v
		if pos[i] {
			bins[b].ObservedRate++
		}
	}
	for b := range bins {
		if n := float64(bins[b].N); n > 0 {
			bins[b].MeanPredicted /= n
			bins[b].ObservedRate /= n
		}
	}
	return bins
}

func formatRange(lo, hi float64, last bool) string {
	closing := ")"
	if last {
		closing = "]"
	}
	return "[" + strconv.FormatFloat(lo, 'f', -1, 64) + ", " +
		strconv.FormatFloat(hi, 'f', -1, 64) + closing
}
