package weights

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestEncodeDecodeRoundTrip(t *testing.T) {
	m := handModel()
	pv := 0.03
	m.Evaluation = &Evaluation{Scheme: "2 × 5", Repeats: 2, Folds: 5, Rows: 5,
		URAN:   Metrics{AUC: 0.8, AUCCI: [2]float64{0.7, 0.9}},
		Models: []ModelScore{{Name: "URAN", AUC: 0.8}, {Name: "MLP", AUC: 0.7, PValue: &pv}}}
	a, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	b, err := handModelWithEval(&pv).Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two encodings of equal models differ")
	}
	got, err := Decode(a)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Fatalf("decoded model differs from the encoded one")
	}
	c, err := got.Encode()
	if err != nil || !bytes.Equal(a, c) {
		t.Fatalf("re-encoding the decoded model changed the bytes (err %v)", err)
	}
	if !json.Valid(a) {
		t.Fatal("the file is not valid JSON")
	}
}

func handModelWithEval(pv *float64) *Model {
	m := handModel()
	m.Evaluation = &Evaluation{Scheme: "2 × 5", Repeats: 2, Folds: 5, Rows: 5,
		URAN:   Metrics{AUC: 0.8, AUCCI: [2]float64{0.7, 0.9}},
		Models: []ModelScore{{Name: "URAN", AUC: 0.8}, {Name: "MLP", AUC: 0.7, PValue: pv}}}
	return m
}

func TestDecodeIgnoresWhitespaceButNotValues(t *testing.T) {
	a, err := handModel().Encode()
	if err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, a); err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(compact.Bytes()); err != nil {
		t.Fatalf("compacted file: %v", err)
	}
	// Change one weight: the checksum must catch it.
	tampered := bytes.Replace(a, []byte(`[0.5, 1]`), []byte(`[0.5, 1.5]`), 1)
	if bytes.Equal(tampered, a) {
		t.Fatal("test did not find the W1 row to change")
	}
	_, err = Decode(tampered)
	var ce *ChecksumError
	if !errors.As(err, &ce) {
		t.Fatalf("tampered weight: got %v, want a ChecksumError", err)
	}
}

func TestDecodeRefuses(t *testing.T) {
	good, err := handModel().Encode()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		file []byte
		want string
	}{
		{"not JSON", []byte("PK\x03\x04"), "envelope"},
		{"other format", bytes.Replace(good, []byte(`"uran-weights"`), []byte(`"keras"`), 1),
			`format is "keras"`},
		{"newer version", bytes.Replace(good, []byte(`"version": 1`), []byte(`"version": 2`), 1),
			"made by a newer URAN"},
		{"version 0", bytes.Replace(good, []byte(`"version": 1`), []byte(`"version": 0`), 1),
			"version 0"},
		{"no body", []byte(`{"format":"uran-weights","version":1,"sha256":"00"}`),
			"body is missing"},
		{"unknown field", bytes.Replace(good, []byte(`"task":`), []byte(`"colour": 1, "task":`), 1),
			"unknown field"},
		{"trailing data", append(append([]byte{}, good...), []byte("{}")...), "after the JSON"},
	}
	for _, c := range cases {
		_, err := Decode(c.file)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
	var ve *VersionError
	_, err = Decode(cases[2].file)
	if !errors.As(err, &ve) || ve.Version != 2 {
		t.Errorf("newer version: got %v, want VersionError{2}", err)
	}
}

// TestCheckRefuses builds broken models and checks that Encode (which runs Check) names the
// problem; Decode runs the same Check after the checksum.
func TestCheckRefuses(t *testing.T) {
	cases := []struct {
		name   string
		break_ func(m *Model)
		want   string
	}{
		{"one class", func(m *Model) { m.Classes = m.Classes[:1] }, "at least 2"},
		{"duplicate class", func(m *Model) { m.Classes[1] = "benign" }, "appears twice"},
		{"empty class", func(m *Model) { m.Classes[0] = " " }, "is empty"},
		{"positive not a class", func(m *Model) { m.PositiveClass = "cancer" }, "positive class"},
		{"threshold", func(m *Model) { m.Threshold = 1.5 }, "outside [0, 1]"},
		{"duplicate feature", func(m *Model) { m.Features[1] = m.Features[0] }, "appears twice"},
		{"scaler length", func(m *Model) { m.Scaler.SD = m.Scaler.SD[:2] }, "scaler has"},
		{"zero sd", func(m *Model) { m.Scaler.SD[1] = 0 }, "original_glcm_Contrast"},
		{"kept unknown", func(m *Model) { m.HKFS.Kept[1] = "log_x" }, `"log_x"`},
		{"kept order", func(m *Model) {
			m.HKFS.Kept[0], m.HKFS.Kept[1] = m.HKFS.Kept[1], m.HKFS.Kept[0]
		}, "out of feature order"},
		{"no kept", func(m *Model) { m.HKFS.Kept, m.HKFS.Gates = nil, nil }, "keeps no feature"},
		{"gates length", func(m *Model) { m.HKFS.Gates = m.HKFS.Gates[:1] }, "gate values"},
		{"method", func(m *Model) { m.HKFS.Method = "pca" }, `"pca"`},
		{"MAAE zero units", func(m *Model) { m.MAAE.W1 = nil }, "at least 1"},
		{"MAAE W2 shape", func(m *Model) { m.MAAE.W2 = [][]float64{{1}} }, "MAAE W2 has 1 rows"},
		{"hidden columns", func(m *Model) { m.Classifier.Hidden.W[1] = []float64{1} },
			"hidden layer row 1"},
		{"output rows", func(m *Model) { m.Classifier.Output.W = m.Classifier.Output.W[:1] },
			"output layer has 1 rows"},
		{"NaN weight", func(m *Model) { m.Classifier.Hidden.W[0][1] = math.NaN() },
			"hidden layer[0][1] is NaN"},
		{"Inf bias", func(m *Model) { m.MAAE.B2[1] = math.Inf(1) }, "MAAE b2[1] is +Inf"},
		{"NaN mean", func(m *Model) { m.Scaler.Mean[2] = math.NaN() }, "scaler mean[2]"},
		{"NaN metric", func(m *Model) {
			m.Evaluation = &Evaluation{URAN: Metrics{AUC: math.NaN()}}
		}, "evaluation of URAN"},
	}
	for _, c := range cases {
		m := handModel()
		c.break_(m)
		_, err := m.Encode()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
}

func TestIndentKeepsNumberArraysOnOneLine(t *testing.T) {
	var b bytes.Buffer
	indentJSON(&b, []byte(`{"a":[1,2.5,-3e-7],"b":{"c":"x,y]{","d":[]},"e":[[1,2],[3]],"f":{}}`),
		"")
	want := `{
  "a": [1, 2.5, -3e-7],
  "b": {
    "c": "x,y]{",
    "d": []
  },
  "e": [
    [1, 2],
    [3]
  ],
  "f": {}
}`
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
}
