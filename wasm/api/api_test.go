package api

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

func sampleResult() *Result {
	return &Result{
		Classes: []string{"benign", "malignant"}, Probabilities: []float64{0.25, 0.75},
		Class: "malignant", PositiveClass: "malignant", Threshold: 0.4,
		Gates: []Gate{
			{"wavelet-LH_glcm_Contrast", "wavelet-LH", 0.9},
			{"original_shape2D_Elongation", "original", 0.2},
			{"wavelet-LH_firstorder_Mean", "wavelet-LH", 0.5},
			{"square_glrlm_RunEntropy", "square", 0.4},
		},
		Features: []Feature{
			{"original_shape2D_Elongation", 0.5},
			{"original_glcm_Correlation", math.NaN()},
			{"original_firstorder_Maximum", math.Inf(1)},
			{"original_firstorder_Mean", 1.0 / 3},
		},
		Image:  InputSummary{Name: "case, 1.png", Format: "PNG", Width: 3, Height: 2, Spacing: [2]float64{1, 1}},
		Mask:   InputSummary{Name: "case_mask.png", Format: "PNG", Width: 3, Height: 2},
		Label:  255,
		Model:  ModelRef{Name: "default", Task: "benign vs malignant"},
		Params: "setting:\n  binWidth: 25\n",
	}
}

func TestValueRoundTripKeepsNaN(t *testing.T) {
	r := sampleResult()
	r.Attention = AttentionShares(r.Gates)
	v := ToValue(r)
	m := v.(map[string]any)
	if _, ok := m["probabilities"].([]any); !ok {
		t.Fatalf("probabilities is %T, want []any", m["probabilities"])
	}
	if m["label"] != float64(255) {
		t.Errorf("label = %#v, want float64 255", m["label"])
	}
	var back Result
	if err := FromValue(v, &back); err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(back.Features[1].Value) || !math.IsInf(back.Features[2].Value, 1) {
		t.Errorf("non-finite values lost: %v", back.Features)
	}
	back.Features[1].Value, r.Features[1].Value = 0, 0 // NaN != NaN for DeepEqual
	// nil slices travel as empty arrays (JavaScript callers never see null lists).
	r.Warnings, r.Image.Notes, r.Mask.Notes, r.Model.Classes = []string{}, []string{},
		[]string{}, []string{}
	r.Lesion.Regions, r.Lesion.Edges = []int{}, []string{}
	if !reflect.DeepEqual(&back, r) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", back, *r)
	}
}

func TestTypedSlicesPassThrough(t *testing.T) {
	d := Decoded{Pixels: []float32{1, 2}, Labels: []uint32{0, 255}, LabelValues: []uint32{255}}
	m := ToValue(d).(map[string]any)
	if _, ok := m["pixels"].([]float32); !ok {
		t.Errorf("pixels converted to %T, want []float32", m["pixels"])
	}
	var back Decoded
	if err := FromValue(m, &back); err != nil || back.Labels[1] != 255 {
		t.Errorf("back %+v err %v", back, err)
	}
	// A plain array also fills a typed slice.
	m["labels"] = []any{float64(0), float64(7)}
	if err := FromValue(m, &back); err != nil || back.Labels[1] != 7 {
		t.Errorf("labels from []any: %+v err %v", back.Labels, err)
	}
}

func TestFromValueErrorsNamePath(t *testing.T) {
	var r Result
	cases := map[string]any{
		"value.classes[1]: want a string":          map[string]any{"classes": []any{"a", 3.0}},
		"value.label: -1 is not a uint32":          map[string]any{"label": -1.0},
		"value.image.width: 1.5 is not a int":      map[string]any{"image": map[string]any{"width": 1.5}},
		"value.image.spacing: want 2 elements":     map[string]any{"image": map[string]any{"spacing": []any{1.0}}},
		"value.gates: want an array, got string":   map[string]any{"gates": "x"},
		"value: want an object, got float64":       3.0,
		"value.threshold: want a number, got bool": map[string]any{"threshold": true},
	}
	for want, in := range cases {
		err := FromValue(in, &r)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("FromValue(%v) error %v, want %q", in, err, want)
		}
	}
}

func TestFeaturesCSV(t *testing.T) {
	rows, err := csv.NewReader(strings.NewReader(string(FeaturesCSV(sampleResult())))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Image", "Mask", "original_shape2D_Elongation", "original_glcm_Correlation",
			"original_firstorder_Maximum", "original_firstorder_Mean"},
		// 1/3 printed as Python's repr prints it: 0.3333333333333333.
		{"case, 1.png", "case_mask.png", "0.5", "nan", "inf", "0.3333333333333333"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("CSV rows\n got %q\nwant %q", rows, want)
	}
}

func TestReport(t *testing.T) {
	r := sampleResult()
	b, err := Report(r)
	if err != nil {
		t.Fatal(err)
	}
	var rep map[string]any
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, b)
	}
	if rep["predictedClass"] != "malignant" || rep["disclaimer"] != Disclaimer {
		t.Errorf("report head: %v %v", rep["predictedClass"], rep["disclaimer"])
	}
	und := rep["undefinedFeatures"].([]any)
	if len(und) != 2 || und[0] != "original_glcm_Correlation" {
		t.Errorf("undefinedFeatures %v", und)
	}
	feats := rep["features"].([]any)
	if feats[1].(map[string]any)["value"] != nil {
		t.Errorf("NaN feature written as %v, want null", feats[1])
	}
	if !strings.Contains(rep["settings"].(string), "binWidth: 25") {
		t.Errorf("settings %q", rep["settings"])
	}
	probs := rep["probabilities"].([]any)
	if probs[1].(map[string]any)["probability"] != 0.75 {
		t.Errorf("probabilities %v", probs)
	}
}

func TestAttentionShares(t *testing.T) {
	// Gates 0.9 + 0.5 (wavelet-LH), 0.4 (square), 0.2 (original); total 2.0.
	got := AttentionShares(sampleResult().Gates)
	want := []Share{{"wavelet-LH", 0.7, 2}, {"square", 0.2, 1}, {"original", 0.1, 1}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i].ImageType != want[i].ImageType || got[i].Features != want[i].Features ||
			math.Abs(got[i].Share-want[i].Share) > 1e-15 {
			t.Errorf("share %d: got %+v want %+v", i, got[i], want[i])
		}
	}
	if AttentionShares(nil) != nil {
		t.Errorf("no gates should give nil")
	}
}

func TestTopGates(t *testing.T) {
	top := TopGates(sampleResult().Gates, 2)
	if len(top) != 2 || top[0].Value != 0.9 || top[1].Value != 0.5 {
		t.Errorf("top %v", top)
	}
	if len(TopGates(sampleResult().Gates, 10)) != 4 {
		t.Errorf("n larger than the list")
	}
}

func TestFormatValue(t *testing.T) {
	for v, want := range map[float64]string{0.1: "0.1", 1e-20: "1e-20", 2: "2", -0.5: "-0.5",
		math.Inf(-1): "-inf"} {
		if got := FormatValue(v); got != want {
			t.Errorf("FormatValue(%v) = %q want %q", v, got, want)
		}
	}
}
