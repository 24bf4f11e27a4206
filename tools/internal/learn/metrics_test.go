package learn

import (
	"math"
	"testing"
)

func TestYouden(t *testing.T) {
	// Scores (label): 0.1(−) 0.3(−) 0.35(+) 0.4(−) 0.8(+) 0.9(+).
	// Thresholds between sorted scores and J = sens + spec − 1:
	//   t=0.2: sens 3/3, spec 1/3 → 0.333;  t=0.325: 3/3, 2/3 → 0.667;
	//   t=0.375: 2/3, 2/3 → 0.333;  t=0.6: 2/3, 3/3 → 0.667;  t=0.85: 1/3, 1 → 0.333.
	// The maximum 2/3 is reached first (lowest threshold) at 0.325.
	s := []float64{0.9, 0.1, 0.35, 0.8, 0.3, 0.4}
	pos := []bool{true, false, true, true, false, false}
	if got := youden(s, pos); math.Abs(got-0.325) > 1e-15 {
		t.Errorf("youden = %v, want 0.325", got)
	}
	if got := youden([]float64{0.2, 0.7}, []bool{true, true}); got != 0.5 {
		t.Errorf("one class: %v, want 0.5", got)
	}
}

func TestConfusionAndBrier(t *testing.T) {
	// TP 2, FP 1, TN 3, FN 1: accuracy 5/7, sensitivity 2/3, specificity 3/4,
	// precision 2/3, F1 = 2·(2/3)(2/3)/(4/3) = 2/3.
	pred := []bool{true, true, true, false, false, false, false}
	pos := []bool{true, true, false, true, false, false, false}
	s := confusion(pred, pos)
	want := binaryScores{Accuracy: 5.0 / 7, Sensitivity: 2.0 / 3, Specificity: 0.75,
		Precision: 2.0 / 3, F1: 2.0 / 3}
	if math.Abs(s.Accuracy-want.Accuracy)+math.Abs(s.Sensitivity-want.Sensitivity)+
		math.Abs(s.Specificity-want.Specificity)+math.Abs(s.Precision-want.Precision)+
		math.Abs(s.F1-want.F1) > 1e-15 {
		t.Errorf("confusion = %+v, want %+v", s, want)
	}
	if s := confusion([]bool{false, false}, []bool{true, false}); s.Precision != 0 || s.F1 != 0 {
		t.Errorf("no predicted positive: %+v, want precision and F1 0", s)
	}
	// Binary Brier: ((0.8−1)² + (0.3−0)²)/2 = (0.04 + 0.09)/2 = 0.065.
	b := brier([][]float64{{0.2, 0.8}, {0.7, 0.3}}, []int{1, 0})
	if math.Abs(b-0.065) > 1e-15 {
		t.Errorf("brier = %v, want 0.065", b)
	}
	// Three classes: Σ_c (p_c − y_c)² = 0.1² + 0.3² + 0.2²... for p = (0.1, 0.7, 0.2), y = 1:
	// 0.01 + 0.09 + 0.04 = 0.14.
	if b := brier([][]float64{{0.1, 0.7, 0.2}}, []int{1}); math.Abs(b-0.14) > 1e-15 {
		t.Errorf("3-class brier = %v, want 0.14", b)
	}
}

func TestROCAndCalibration(t *testing.T) {
	s := []float64{0.9, 0.8, 0.8, 0.3, 0.05}
	pos := []bool{true, false, true, false, false}
	// Thresholds descending: 0.9 → (0, 1/2); 0.8 → (1/3, 1); 0.3 → (2/3, 1); 0.05 → (1, 1).
	want := []ROCPoint{{1, 0, 0}, {0.9, 0, 0.5}, {0.8, 1.0 / 3, 1}, {0.3, 2.0 / 3, 1},
		{0.05, 1, 1}}
	got := rocCurve(s, pos)
	if len(got) != len(want) {
		t.Fatalf("ROC %v", got)
	}
	for i := range want {
		if math.Abs(got[i].FPR-want[i].FPR)+math.Abs(got[i].TPR-want[i].TPR) > 1e-15 {
			t.Errorf("ROC point %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	// Step 0.5 keeps (0, 0), (0, ½) and (⅓, 1) (each moves ½ in TPR), drops (⅔, 1) (moves
	// only ⅓) and keeps the last point.
	if th := thinROC(got, 0.5); len(th) != 4 || th[2].FPR != 1.0/3 || th[3].FPR != 1 {
		t.Errorf("thinned %v", th)
	}
	cal := calibration(s, pos)
	// Bin [0.8, 0.9): 0.8, 0.8 (one positive) → mean 0.8, rate 0.5; bin [0.9, 1]: 0.9 (+).
	if cal[8].N != 2 || math.Abs(cal[8].MeanPredicted-0.8) > 1e-15 || cal[8].ObservedRate != 0.5 ||
		cal[9].N != 1 || cal[9].ObservedRate != 1 || cal[9].Range != "[0.9, 1]" {
		t.Errorf("calibration %+v %+v", cal[8], cal[9])
	}
}
