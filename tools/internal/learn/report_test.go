package learn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
	"testing"
)

// fixedRun builds a cross-validation result with given positive-class scores per model and
// repeat on the rows of d (one pseudo fold per repeat), as crossValidate would leave it.
func fixedRun(d *Dataset, models []string, scores [][][]float64) *cvResult {
	res := &cvResult{cfg: &Config{Models: models, Repeats: len(scores[0]), Folds: 1}}
	all := rowRange(len(d.X))
	for m := range models {
		var probs [][][]float64
		var preds [][]int
		var fits [][]*foldFit
		for _, s := range scores[m] {
			prob := make([][]float64, len(s))
			pred := make([]int, len(s))
			for i, v := range s {
				prob[i] = []float64{1 - v, v}
				if v >= 0.5 {
					pred[i] = 1
				}
			}
			probs, preds = append(probs, prob), append(preds, pred)
			fits = append(fits, []*foldFit{{test: all, prob: prob, pred: pred, thr: 0.5}})
		}
		res.prob, res.pred = append(res.prob, probs), append(res.pred, preds)
		res.fits = append(res.fits, fits)
	}
	return res
}

// TestReportPValueAndRanks checks the comparison table on fixed scores: the seven cases of
// delong_test.go's hand-worked case, URAN scoring as A (AUC 7/8), URAN without MAAE as B
// (AUC 5/6) and the L1 logistic regression perfectly (AUC 1; positives 0.9, 0.8, 0.7 above
// negatives 0.3, 0.2, 0.1, 0.05).
//
//   - URAN vs B: the paired DeLong test, Var(A − B) = 11/864, z = (1/24)/√(11/864), p =
//     0.71192315069219 (an unpaired variance Var A + Var B = 38/1728 + 1/27 would give another
//     value).
//   - URAN vs the perfect scores: the perfect score's components are constant, so Var(A − C) =
//     Var A = 38/1728, z = (1/8)/√(38/1728) = 0.84292723, p = 2(1 − Φ(z)) = 0.39926914317107.
//   - Ranks by AUC: L1 (1) first, URAN (7/8) second, B (5/6) third; URAN carries no p-value.
//   - Two repeats with A and B swapped in the second: the mean difference is 0, so p = 1, and
//     URAN's AUC is the mean (7/8 + 5/6)/2 = 41/48.
func TestReportPValueAndRanks(t *testing.T) {
	y := []int{1, 1, 1, 0, 0, 0, 0}
	d := &Dataset{Classes: []string{"neg", "pos"}, Positive: 1, Y: y,
		X: make([][]float64, len(y))}
	A := []float64{0.9, 0.8, 0.4, 0.7, 0.4, 0.2, 0.1}
	B := []float64{0.6, 0.9, 0.3, 0.5, 0.2, 0.4, 0.1}
	C := []float64{0.9, 0.8, 0.7, 0.3, 0.2, 0.1, 0.05}
	models := []string{ModelURAN, ModelNoMAAE, ModelL1}
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("%s = %.15g, want %.15g", name, got, want)
		}
	}
	ms := fixedRun(d, models, [][][]float64{{A}, {B}, {C}}).compareModels(d)
	var order []string
	for k, m := range ms {
		order = append(order, m.ID)
		if m.Rank != k+1 {
			t.Errorf("%s has rank %d at position %d", m.ID, m.Rank, k+1)
		}
	}
	if !slices.Equal(order, []string{ModelL1, ModelURAN, ModelNoMAAE}) {
		t.Fatalf("order %v, want L1, URAN, URAN without MAAE", order)
	}
	near("AUC L1", ms[0].AUC, 1)
	near("AUC URAN", ms[1].AUC, 7.0/8)
	near("AUC B", ms[2].AUC, 5.0/6)
	if ms[1].PValue != nil || ms[1].AUCDiff != nil {
		t.Error("URAN has a p-value against itself")
	}
	near("p URAN vs B", *ms[2].PValue, 0.71192315069219)
	near("diff URAN − B", *ms[2].AUCDiff, 1.0/24)
	near("p URAN vs L1", *ms[0].PValue, 0.39926914317107)
	near("diff URAN − L1", *ms[0].AUCDiff, -1.0/8)

	ms = fixedRun(d, models[:2], [][][]float64{{A, B}, {B, A}}).compareModels(d)
	near("AUC URAN over 2 repeats", ms[0].AUC, 41.0/48)
	if ms[0].ID != ModelURAN || ms[0].Rank != 1 || ms[1].Rank != 2 {
		t.Errorf("equal AUCs must keep the model order: %s rank %d", ms[0].ID, ms[0].Rank)
	}
	near("p with swapped repeats", *ms[1].PValue, 1)
}

// typeSignalData is synthetic data (40 features, four image types in turn: original,
// wavelet-LH, square, gradient) whose class signal lives in the square features only:
// features 2, 6 and 10 are shifted by 1.5 of their standard deviations in the positive class.
// Every row is its own group.
func typeSignalData() *Dataset {
	d := synthetic(160, 40, 0, 0, 51)
	for _, j := range []int{2, 6, 10} {
		var m, ss float64
		for _, r := range d.X {
			m += r[j] / float64(len(d.X))
		}
		for _, r := range d.X {
			ss += (r[j] - m) * (r[j] - m)
		}
		sd := math.Sqrt(ss / float64(len(d.X)))
		for i, r := range d.X {
			if d.Y[i] == 1 {
				r[j] += 1.5 * sd
			}
		}
	}
	d.Groups = slices.Clone(d.IDs)
	return d
}

// TestImageTypeImportance: with the signal in the square image type only (typeSignalData),
// that type must have the largest permutation importance (shuffling its kept features
// together destroys the signal; shuffling any other type changes little), HKFS must keep each
// of the three informative features in at least 3 of the 4 fits (so the type's mean kept count
// is at least 2), and the top feature must be a square one. Each type has 10 of the 40
// features.
func TestImageTypeImportance(t *testing.T) {
	d := typeSignalData()
	cfg := quickSettings()
	cfg.Repeats, cfg.Models, cfg.Permutations = 1, []string{ModelURAN}, 3
	rep, err := Evaluate(d, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	its := rep.Importance.ImageTypes
	if len(its) != 4 {
		t.Fatalf("%d image types, want 4: %+v", len(its), its)
	}
	best := 0
	for k, it := range its {
		t.Logf("%s: kept %.2f, gate %.3f, ΔAUC %.4f", it.ImageType, it.MeanKept, it.MeanGate,
			it.Permutation)
		if it.Features != 10 {
			t.Errorf("%s: %d features, want 10", it.ImageType, it.Features)
		}
		if it.Permutation > its[best].Permutation {
			best = k
		}
	}
	if sq := its[best]; sq.ImageType != "square" || !(sq.MeanKept >= 2) || !(sq.MeanGate > 0) {
		t.Errorf("most important type %q (kept %.2f, gate %.3f), want square with ≥ 2 kept",
			sq.ImageType, sq.MeanKept, sq.MeanGate)
	}
	for _, j := range []int{2, 6, 10} {
		k := slices.IndexFunc(rep.Importance.Features, func(f FeatureImportance) bool {
			return f.Feature == d.Features[j]
		})
		if k < 0 || rep.Importance.Features[k].Selected < 0.75 {
			t.Errorf("informative feature %s kept in too few fits", d.Features[j])
		}
	}
	if top := rep.Importance.Features[0]; top.ImageType != "square" {
		t.Errorf("top feature %s is of type %s, want square", top.Feature, top.ImageType)
	}
}

// keysReport evaluates all five models on a small clean table (no constant column, no
// duplicate, no single perfect feature, one row per group), which gives no warnings.
func keysReport(t *testing.T) *Report {
	t.Helper()
	d := synthetic(80, 12, 3, 1.2, 61)
	d.Groups = slices.Clone(d.IDs)
	cfg := quickSettings()
	cfg.Repeats = 1
	rep, err := Evaluate(d, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// jsonKeys returns the sorted keys of a JSON object.
func jsonKeys(t *testing.T, v any) []string {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("not a JSON object: %T", v)
	}
	var k []string
	for key := range m {
		k = append(k, key)
	}
	slices.Sort(k)
	return k
}

// TestReportJSONKeys pins the machine-readable report's keys: the top-level set, the keys of
// cv (URAN) and of every entry of models (the comparisons add auc_uran_minus_model and
// p_vs_uran), the documented cv.auc, cv.auc_ci (two numbers around cv.auc) and cv.accuracy, five
// models, and warnings as an empty array, not null, when the data give none.
func TestReportJSONKeys(t *testing.T) {
	rep := keysReport(t)
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]any
	if err := json.Unmarshal(b, &top); err != nil {
		t.Fatal(err)
	}
	wantTop := []string{"aggregation", "checks", "command", "cv", "data", "final", "folds",
		"importance", "models", "repeats", "scheme", "seed", "settings", "subgroups", "title",
		"warnings"}
	if got := jsonKeys(t, top); !slices.Equal(got, wantTop) {
		t.Errorf("top-level keys %v, want %v", got, wantTop)
	}
	wantModel := []string{"accuracy", "auc", "auc_ci", "auc_per_repeat", "auc_repeat_sd",
		"brier", "calibration", "f1", "id", "mean_epochs", "mean_kept_features",
		"mean_threshold", "name", "precision", "rank", "roc", "sensitivity", "specificity"}
	if got := jsonKeys(t, top["cv"]); !slices.Equal(got, wantModel) {
		t.Errorf("cv keys %v, want %v", got, wantModel)
	}
	cv := top["cv"].(map[string]any)
	auc, _ := cv["auc"].(float64)
	ci, _ := cv["auc_ci"].([]any)
	if _, ok := cv["accuracy"].(float64); !ok || len(ci) != 2 || !(auc > 0.5 && auc <= 1) {
		t.Fatalf("cv.auc %v, cv.auc_ci %v, cv.accuracy %v", cv["auc"], cv["auc_ci"],
			cv["accuracy"])
	}
	if lo, hi := ci[0].(float64), ci[1].(float64); !(lo <= auc && auc <= hi) {
		t.Errorf("cv.auc %v outside cv.auc_ci %v", auc, ci)
	}
	models, _ := top["models"].([]any)
	if len(models) != len(AllModels) {
		t.Fatalf("%d models, want %d", len(models), len(AllModels))
	}
	withP := append(slices.Clone(wantModel), "auc_uran_minus_model", "p_vs_uran")
	slices.Sort(withP)
	var ids []string
	for _, m := range models {
		mm := m.(map[string]any)
		id := mm["id"].(string)
		ids = append(ids, id)
		want := withP
		if id == ModelURAN {
			want = wantModel
		}
		if got := jsonKeys(t, m); !slices.Equal(got, want) {
			t.Errorf("models entry %s: keys %v, want %v", id, got, want)
		}
		// The calibration table is URAN's only; the comparisons carry null.
		if cal, ok := mm["calibration"].([]any); (id == ModelURAN) != (ok && len(cal) > 0) {
			t.Errorf("models entry %s: calibration %v", id, mm["calibration"])
		}
	}
	slices.Sort(ids)
	if want := slices.Sorted(slices.Values(AllModels)); !slices.Equal(ids, want) {
		t.Errorf("model ids %v, want %v", ids, want)
	}
	if w, ok := top["warnings"].([]any); !ok || len(w) != 0 {
		t.Errorf("warnings = %#v, want an empty array (raw: %s)", top["warnings"],
			rawField(b, "warnings"))
	}
}

// derefP returns *p, or NaN for nil.
func derefP(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// rawField returns the start of a top-level field's raw JSON, for messages.
func rawField(b []byte, key string) string {
	i := bytes.Index(b, []byte(`"`+key+`":`))
	if i < 0 {
		return "(absent)"
	}
	return string(b[i:min(len(b), i+len(key)+20)])
}

// TestHTMLReport: the HTML page holds three inline SVG figures (the ROC curves, the feature
// importance bars, the image-type importance bars, with their titles), the comparison table
// with its "p vs URAN" column and every model's name (in the table and in the ROC legend with
// its AUC to three decimals), and each comparison's p-value as formatted for the table.
func TestHTMLReport(t *testing.T) {
	rep := keysReport(t)
	page, err := HTML(rep)
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	if n := strings.Count(s, "<svg"); n != 3 {
		t.Errorf("%d <svg> figures, want 3", n)
	}
	for _, want := range []string{"ROC (out-of-fold)", "Feature importance (URAN)",
		"Image type importance (URAN)", "<th>p vs URAN</th>"} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, m := range rep.Models {
		if !strings.Contains(s, `<td class="l">`+m.Name+`</td>`) {
			t.Errorf("comparison table lacks %q", m.Name)
		}
		if legend := fmt.Sprintf("%s (%.3f)", m.Name, m.AUC); !strings.Contains(s, legend) {
			t.Errorf("ROC legend lacks %q", legend)
		}
		cell := "<td>" + template.HTMLEscapeString(formatP(derefP(m.PValue))) + "</td></tr>"
		if m.PValue != nil && !strings.Contains(s, cell) {
			t.Errorf("table lacks %s's p-value %s", m.Name, formatP(*m.PValue))
		}
	}
}
