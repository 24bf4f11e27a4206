package learn

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/uran-browser/uran/weights"
)

// Report is the outcome of an evaluation, written as JSON with stable keys: "cv" holds URAN's
// figures (cv.auc, cv.auc_ci, cv.accuracy, …), "models" the ranked comparison, "warnings" the
// data-check and training warnings.
type Report struct {
	Title      string           `json:"title"`
	Command    string           `json:"command"`
	Data       DataSummary      `json:"data"`
	Scheme     string           `json:"scheme"`
	Repeats    int              `json:"repeats"`
	Folds      int              `json:"folds"`
	Seed       uint64           `json:"seed"`
	Settings   weights.Settings `json:"settings"`
	Aggregate  string           `json:"aggregation"`
	Checks     *Checks          `json:"checks"`
	Warnings   []string         `json:"warnings"`
	CV         ModelReport      `json:"cv"`
	Models     []ModelReport    `json:"models"`
	Subgroups  []SubgroupReport `json:"subgroups"`
	Importance Importance       `json:"importance"`
	Final      *FinalReport     `json:"final"`
}

// DataSummary describes the rows that were used.
type DataSummary struct {
	Source      string   `json:"source"`
	Rows        int      `json:"rows"`
	Groups      int      `json:"groups"`
	Features    int      `json:"features"`
	ImageTypes  []string `json:"image_types"`
	Classes     []string `json:"classes"`
	Positive    string   `json:"positive_class"`
	ClassCounts []int    `json:"class_counts"`
	Excluded    []string `json:"excluded"`
}

// ModelReport holds one model's out-of-fold figures (see weights.Metrics for their meaning).
type ModelReport struct {
	ID           string           `json:"id"`
	Name         string           `json:"name"`
	Rank         int              `json:"rank"`
	AUC          float64          `json:"auc"`
	AUCCI        [2]float64       `json:"auc_ci"`
	AUCRepeatSD  float64          `json:"auc_repeat_sd"`
	AUCPerRepeat []float64        `json:"auc_per_repeat"`
	Accuracy     float64          `json:"accuracy"`
	Sensitivity  float64          `json:"sensitivity"`
	Specificity  float64          `json:"specificity"`
	Precision    float64          `json:"precision"`
	F1           float64          `json:"f1"`
	Brier        float64          `json:"brier"`
	AUCDiff      *float64         `json:"auc_uran_minus_model,omitempty"`
	PValue       *float64         `json:"p_vs_uran,omitempty"`
	MeanKept     float64          `json:"mean_kept_features"`
	MeanEpochs   float64          `json:"mean_epochs"` // 0 for the logistic regression
	MeanThresh   float64          `json:"mean_threshold"`
	ROC          []ROCPoint       `json:"roc"`
	Calibration  []CalibrationBin `json:"calibration"`
}

// SubgroupReport holds URAN's figures on the rows of one value of a subgroup column. AUC is
// absent when the subgroup lacks a class.
type SubgroupReport struct {
	Column      string      `json:"column"`
	Value       string      `json:"value"`
	Rows        int         `json:"rows"`
	ClassCounts []int       `json:"class_counts"`
	AUC         *float64    `json:"auc,omitempty"`
	AUCCI       *[2]float64 `json:"auc_ci,omitempty"`
	Accuracy    float64     `json:"accuracy"`
	Sensitivity float64     `json:"sensitivity"`
	Specificity float64     `json:"specificity"`
}

// Importance is what URAN relies on, from the cross-validation fits.
type Importance struct {
	Features   []FeatureImportance   `json:"features"`
	ImageTypes []ImageTypeImportance `json:"image_types"`
}

// FinalReport describes the model trained on all rows.
type FinalReport struct {
	Kept      int           `json:"kept_features"`
	Alpha     float64       `json:"alpha"`
	Epochs    int           `json:"epochs"`
	Threshold float64       `json:"threshold"`
	Gates     []FeatureGate `json:"mean_gates"` // MAAE gates averaged over the training rows
}

// FeatureGate is a feature's mean MAAE gate.
type FeatureGate struct {
	Feature string  `json:"feature"`
	Gate    float64 `json:"gate"`
}

// aggregationNote explains how repeats are combined; it goes into the report verbatim.
const aggregationNote = "Each repeat yields one out-of-fold probability per case (every case " +
	"is in exactly one test fold per repeat). AUC = mean over repeats of the pooled " +
	"out-of-fold AUC; its 95% CI is DeLong's interval with the mean of the per-repeat DeLong " +
	"variances (conservative: an average of repeats varies no more than one repeat). " +
	"Accuracy, sensitivity, specificity, precision, F1 and Brier are means over repeats, " +
	"each case classified at the threshold of the fold model that scored it. The p-value of " +
	"URAN against a model is the paired DeLong test on the same cases with the mean " +
	"per-repeat AUC difference and the mean per-repeat variance of the difference. ROC " +
	"points and the calibration table pool the predictions of all repeats."

// repeatStats are one model's figures on one repeat for a set of rows.
type repeatStats struct {
	auc, variance float64
	parts         []delongParts // per target class (1 for binary tasks)
	scores        binaryScores
	brier         float64
}

// statsFor computes a repeat's figures from probabilities and predictions on rows.
func statsFor(d *Dataset, prob [][]float64, pred []int, rows []int) repeatStats {
	y := pick(d.Y, rows)
	p := pick(prob, rows)
	pr := pick(pred, rows)
	var st repeatStats
	targets := []int{d.Positive}
	if len(d.Classes) > 2 {
		targets = lassoTargets(d)
	}
	for _, c := range targets {
		s, pos := classScores(p, y, c)
		if a := auc(s, pos); !math.IsNaN(a) {
			part := delong(s, pos)
			st.parts = append(st.parts, part)
			st.auc += part.auc
			st.variance += part.variance()
		}
	}
	if n := float64(len(st.parts)); n > 0 {
		// Limitation: for more than two classes the macro AUC's variance is taken as the
		// mean of the per-class DeLong variances, an upper bound (the per-class AUCs are
		// correlated and the variance of their mean is at most the mean variance), so the
		// multi-class interval and p-values are conservative.
		st.auc /= n
		st.variance /= n
	} else {
		st.auc = math.NaN()
	}
	if len(d.Classes) == 2 {
		predPos := make([]bool, len(rows))
		pos := make([]bool, len(rows))
		for k := range rows {
			predPos[k], pos[k] = pr[k] == d.Positive, y[k] == d.Positive
		}
		st.scores = confusion(predPos, pos)
	} else {
		var correct float64
		for k := range rows {
			if pr[k] == y[k] {
				correct++
			}
		}
		for c := range d.Classes {
			predC := make([]bool, len(rows))
			isC := make([]bool, len(rows))
			for k := range rows {
				predC[k], isC[k] = pr[k] == c, y[k] == c
			}
			s := confusion(predC, isC)
			n := float64(len(d.Classes))
			st.scores.Sensitivity += s.Sensitivity / n
			st.scores.Specificity += s.Specificity / n
			st.scores.Precision += s.Precision / n
			st.scores.F1 += s.F1 / n
		}
		st.scores.Accuracy = correct / float64(len(rows))
	}
	st.brier = brier(p, y)
	return st
}

// pairedDiffVar is the mean over target classes of Var(θ_a − θ_b).
func pairedDiffVar(a, b repeatStats) float64 {
	if len(a.parts) != len(b.parts) || len(a.parts) == 0 {
		return 0
	}
	var v float64
	for c := range a.parts {
		v += diffVariance(a.parts[c], b.parts[c])
	}
	return v / float64(len(a.parts))
}

// modelReport aggregates one model's repeats on all rows.
func (res *cvResult) modelReport(d *Dataset, m int, rows []int) (ModelReport, []repeatStats) {
	id := res.cfg.Models[m]
	mr := ModelReport{ID: id, Name: ModelName(id)}
	R := res.cfg.Repeats
	stats := make([]repeatStats, R)
	var meanVar float64
	for r := range R {
		st := statsFor(d, res.prob[m][r], res.pred[m][r], rows)
		stats[r] = st
		mr.AUCPerRepeat = append(mr.AUCPerRepeat, st.auc)
		mr.AUC += st.auc / float64(R)
		meanVar += st.variance / float64(R)
		mr.Accuracy += st.scores.Accuracy / float64(R)
		mr.Sensitivity += st.scores.Sensitivity / float64(R)
		mr.Specificity += st.scores.Specificity / float64(R)
		mr.Precision += st.scores.Precision / float64(R)
		mr.F1 += st.scores.F1 / float64(R)
		mr.Brier += st.brier / float64(R)
	}
	mr.AUCCI = aucCI(mr.AUC, meanVar)
	mr.AUCRepeatSD = sampleSD(mr.AUCPerRepeat)

	var nfit float64
	for _, rf := range res.fits[m] {
		for _, ff := range rf {
			nfit++
			mr.MeanEpochs += float64(ff.epochs)
			mr.MeanThresh += ff.thr
			mr.MeanKept += float64(ff.nKept)
		}
	}
	mr.MeanEpochs /= nfit
	mr.MeanThresh /= nfit
	mr.MeanKept /= nfit
	if len(d.Classes) == 2 {
		var s []float64
		var pos []bool
		for r := range R {
			for _, i := range rows {
				s = append(s, res.prob[m][r][i][d.Positive])
				pos = append(pos, d.Y[i] == d.Positive)
			}
		}
		mr.ROC = thinROC(rocCurve(s, pos), 0.005)
		mr.Calibration = calibration(s, pos)
	}
	return mr, stats
}

// sampleSD is the standard deviation with divisor n − 1 (0 for fewer than two values).
func sampleSD(v []float64) float64 {
	if len(v) < 2 {
		return 0
	}
	var mean, ss float64
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	for _, x := range v {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss / float64(len(v)-1))
}

// Evaluate runs the data checks and the cross-validation of cfg.Models on d and returns the
// report (without the final model).
func Evaluate(d *Dataset, cfg *Config) (*Report, error) {
	if err := d.Check(); err != nil {
		return nil, err
	}
	if err := CheckConfig(cfg); err != nil {
		return nil, err
	}
	checks, warn := runChecks(d, cfg.Folds)
	res, err := crossValidate(d, cfg)
	if err != nil {
		return nil, err
	}
	rep := &Report{
		Data: DataSummary{Rows: len(d.X), Groups: d.NumGroups(), Features: len(d.Features),
			ImageTypes: d.ImageTypes(), Classes: d.Classes, Positive: d.Classes[d.Positive],
			ClassCounts: d.ClassCounts()},
		Scheme: fmt.Sprintf("%d × %d-fold repeated cross-validation, stratified by class and "+
			"grouped (no group in two folds of a repeat)", cfg.Repeats, cfg.Folds),
		Repeats: cfg.Repeats, Folds: cfg.Folds, Seed: cfg.Seed, Settings: cfg.Settings,
		Aggregate: aggregationNote, Checks: checks,
		// Never null in the JSON: an empty list when nothing was found.
		Warnings: append(append([]string{}, warn...), res.warning...),
	}
	if len(d.Classes) != 2 {
		rep.Data.Positive = ""
	}
	rep.Models = res.compareModels(d)
	rep.CV = rep.Models[slices.IndexFunc(rep.Models, func(m ModelReport) bool {
		return m.ID == ModelURAN
	})]
	rep.Subgroups = res.subgroups(d)
	rep.Importance.Features, rep.Importance.ImageTypes = res.importance(d)
	return rep, nil
}

// compareModels reports every model of the run on all rows, with the paired DeLong test of
// URAN (model 0) against each other model, ranked by AUC.
func (res *cvResult) compareModels(d *Dataset) []ModelReport {
	all := make([]int, len(d.X))
	for i := range all {
		all[i] = i
	}
	var out []ModelReport
	var uranStats []repeatStats
	for m := range res.cfg.Models {
		mr, stats := res.modelReport(d, m, all)
		if m == 0 {
			uranStats = stats
		} else {
			var diff, dv float64
			for r := range stats {
				diff += (uranStats[r].auc - stats[r].auc) / float64(len(stats))
				dv += pairedDiffVar(uranStats[r], stats[r]) / float64(len(stats))
			}
			p := pairedP(diff, dv)
			mr.AUCDiff, mr.PValue = &diff, &p
			mr.Calibration = nil // the calibration table is reported for URAN only
		}
		out = append(out, mr)
	}
	rankModels(out)
	return out
}

// rankModels sorts by AUC (descending; equal AUCs keep their order) and numbers the ranks.
func rankModels(ms []ModelReport) {
	slices.SortStableFunc(ms, func(a, b ModelReport) int { return cmpDesc(a.AUC, b.AUC) })
	for i := range ms {
		ms[i].Rank = i + 1
	}
}

// subgroups computes URAN's figures per value of every subgroup column.
func (res *cvResult) subgroups(d *Dataset) []SubgroupReport {
	var out []SubgroupReport
	for _, col := range d.Subgroups {
		var values []string
		for _, v := range col.Values {
			if !slices.Contains(values, v) {
				values = append(values, v)
			}
		}
		slices.Sort(values)
		for _, v := range values {
			var rows []int
			counts := make([]int, len(d.Classes))
			for i, x := range col.Values {
				if x == v {
					rows = append(rows, i)
					counts[d.Y[i]]++
				}
			}
			sg := SubgroupReport{Column: col.Name, Value: v, Rows: len(rows), ClassCounts: counts}
			R := float64(res.cfg.Repeats)
			var a, va float64
			ok := true
			for r := range res.cfg.Repeats {
				st := statsFor(d, res.prob[0][r], res.pred[0][r], rows)
				if math.IsNaN(st.auc) {
					ok = false
				}
				a += st.auc / R
				va += st.variance / R
				sg.Accuracy += st.scores.Accuracy / R
				sg.Sensitivity += st.scores.Sensitivity / R
				sg.Specificity += st.scores.Specificity / R
			}
			if ok {
				ci := aucCI(a, va)
				sg.AUC, sg.AUCCI = &a, &ci
			}
			out = append(out, sg)
		}
	}
	return out
}

// Summary converts the report into the evaluation stored in a weights file.
func (rep *Report) Summary() *weights.Evaluation {
	e := &weights.Evaluation{Scheme: rep.Scheme, Repeats: rep.Repeats, Folds: rep.Folds,
		Rows: rep.Data.Rows, Warnings: slices.Clone(rep.Warnings)}
	c := rep.CV
	e.URAN = weights.Metrics{AUC: c.AUC, AUCCI: c.AUCCI, AUCRepeatSD: c.AUCRepeatSD,
		Accuracy: c.Accuracy, Sensitivity: c.Sensitivity, Specificity: c.Specificity,
		Precision: c.Precision, F1: c.F1, Brier: c.Brier}
	for _, m := range rep.Models {
		e.Models = append(e.Models, weights.ModelScore{Name: m.Name, AUC: m.AUC, AUCCI: m.AUCCI,
			Accuracy: m.Accuracy, PValue: m.PValue})
	}
	return e
}

// CheckConfig refuses a cross-validation that cannot run, before any data is read: its
// settings (CheckSettings), fewer than 2 folds or 1 repeat, or a model list that does not
// start with URAN or names an unknown model.
func CheckConfig(cfg *Config) error {
	switch {
	case cfg.Folds < 2:
		return fmt.Errorf("%d folds: need at least 2", cfg.Folds)
	case cfg.Repeats < 1:
		return fmt.Errorf("%d repeats: need at least 1", cfg.Repeats)
	case len(cfg.Models) == 0 || cfg.Models[0] != ModelURAN:
		return fmt.Errorf("models %q: the first must be %q", cfg.Models, ModelURAN)
	}
	for _, m := range cfg.Models {
		if !slices.Contains(AllModels, m) {
			return fmt.Errorf("unknown model %q (known: %s)", m, strings.Join(AllModels, ", "))
		}
	}
	return CheckSettings(&cfg.Settings)
}

// CheckSettings refuses settings that cannot train.
func CheckSettings(s *weights.Settings) error {
	switch {
	case s.HKFS != weights.HKFSLasso && s.HKFS != weights.HKFSGate && s.HKFS != weights.HKFSNone:
		return fmt.Errorf("unknown HKFS method %q (lasso, gate or none)", s.HKFS)
	case s.Hidden < 1:
		return fmt.Errorf("hidden width %d: need at least 1", s.Hidden)
	case s.Reduction < 1:
		return fmt.Errorf("MAAE reduction %d: need at least 1", s.Reduction)
	case s.Dropout < 0 || s.Dropout >= 1:
		return fmt.Errorf("dropout %v: need 0 ≤ dropout < 1", s.Dropout)
	case !(s.LearningRate > 0):
		return fmt.Errorf("learning rate %v: need > 0", s.LearningRate)
	case s.WeightDecay < 0:
		return fmt.Errorf("weight decay %v: need ≥ 0", s.WeightDecay)
	case s.BatchSize < 1 || s.MaxEpochs < 1 || s.Patience < 1:
		return fmt.Errorf("batch size, epochs and patience must be at least 1")
	case !(s.Validation > 0 && s.Validation < 1):
		return fmt.Errorf("validation share %v: need 0 < share < 1", s.Validation)
	case s.ClassWeights != "balanced" && s.ClassWeights != "none":
		return fmt.Errorf("class weights %q: balanced or none", s.ClassWeights)
	case s.Threshold != "youden" && s.Threshold != "0.5":
		return fmt.Errorf("threshold rule %q: youden or 0.5", s.Threshold)
	case s.HKFS == weights.HKFSGate && (!(s.GateL1 > 0) || !(s.GateLR > 0) || s.GateEpochs < 1):
		return fmt.Errorf("the gate HKFS needs a positive L1 penalty, step size and epochs")
	}
	return nil
}

// DefaultSettings are the training defaults: the paper's hidden width 220 and dropout 0.4, a
// Lasso HKFS with inner-cross-validated penalty, MAAE reduction 16.
func DefaultSettings() weights.Settings {
	return weights.Settings{
		HKFS: weights.HKFSLasso, InnerFolds: 5, GateL1: 0.05, GateLR: 0.05, GateEpochs: 60,
		MinKept: 10, MAAE: true, Reduction: 16, Hidden: 220, Dropout: 0.4,
		LearningRate: 1e-3, WeightDecay: 1e-2, BatchSize: 32, MaxEpochs: 300, Patience: 20,
		Validation: 0.2, ClassWeights: "balanced", Threshold: "youden",
	}
}
