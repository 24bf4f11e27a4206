package weights_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/weights"
	"github.com/uran-browser/uran/weights/weightstest"
)

// paramsModel is a small valid model with extraction parameters (first-order Mean and GLCM
// Contrast on the original image), the kind the browser loads.
func paramsModel(t *testing.T) (*weights.Model, []byte) {
	t.Helper()
	p, err := radiomics.ParseParams([]byte("imageType: {Original: {}}\n" +
		"featureClass: {firstorder: [Mean], glcm: [Contrast]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	y, _ := p.YAML()
	names := p.FeatureNames()
	m := &weights.Model{Task: "t", Classes: []string{"benign", "malignant"},
		PositiveClass: "malignant", Threshold: 0.5, ParamsYAML: string(y), Features: names,
		Scaler: weights.Scaler{Mean: []float64{0, 0}, SD: []float64{1, 1}},
		HKFS:   weights.HKFS{Method: weights.HKFSNone, Kept: names, Gates: []float64{1, 1}},
		Classifier: weights.Classifier{
			Hidden: weights.Dense{W: [][]float64{{0.25, -0.5}}, B: []float64{0}},
			Output: weights.Dense{W: [][]float64{{0.75}, {-1}}, B: []float64{0, 0}}}}
	good, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return m, good
}

// TestDecodeFileMessages: every damaged weights file listed in the README's bad-input table gets
// one message naming the file and the problem; the commands, the browser engine and the page all
// show this text.
func TestDecodeFileMessages(t *testing.T) {
	m, good := paramsModel(t)
	foreign, err := weightstest.ForeignFeature(m, "original_glcm_NotAFeature")
	if err != nil {
		t.Fatal(err)
	}
	noParams := *m
	noParams.ParamsYAML = ""
	table, err := noParams.Encode()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		file []byte
		kind any
		want string
	}{
		{"truncated", weightstest.Truncated(good), &weights.FormatError{},
			"weights file m.uranw: not a valid URAN weights file: envelope: the file ends in " +
				"the middle of its JSON text after"},
		{"empty", nil, &weights.FormatError{},
			"weights file m.uranw: not a valid URAN weights file: envelope: the file is empty"},
		{"wrong checksum", weightstest.WrongChecksum(good), &weights.ChecksumError{},
			"weights file m.uranw: checksum mismatch: the stored sha256 is "},
		{"newer version", weightstest.NewerVersion(good), &weights.VersionError{},
			"weights file m.uranw: format version 2: the file was made by a newer URAN (this " +
				"build reads versions up to 1); update URAN to load it"},
		{"foreign feature", foreign, &weights.ShapeError{},
			`weights file m.uranw: invalid URAN model: feature 1 is "original_glcm_NotAFeature"` +
				` in the model but "original_glcm_Contrast" from its extraction parameters`},
		{"NaN weight", weightstest.NaNWeight(good), &weights.FormatError{},
			"weights file m.uranw: not a valid URAN weights file: envelope: a number is " +
				"written NaN at line "},
		{"not JSON", []byte("PK\x03\x04 zip"), &weights.FormatError{},
			"weights file m.uranw: not a valid URAN weights file: envelope: JSON syntax error " +
				"at line 1, column 1: invalid character 'P'"},
		{"feature table model", table, nil,
			"weights file m.uranw: this model was trained on a ready-made feature table and " +
				"records no extraction parameters"},
	}
	for _, c := range cases {
		_, err := weights.DecodeFile(c.file, "m.uranw", true)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s:\n got  %v\n want %s…", c.name, err, c.want)
			continue
		}
		var fe *weights.FileError
		if !errors.As(err, &fe) || fe.Name != "m.uranw" {
			t.Errorf("%s: %T is not a FileError naming the file", c.name, err)
		}
		switch c.kind.(type) {
		case *weights.FormatError:
			var e *weights.FormatError
			if !errors.As(err, &e) {
				t.Errorf("%s: not a FormatError", c.name)
			}
		case *weights.ChecksumError:
			var e *weights.ChecksumError
			if !errors.As(err, &e) {
				t.Errorf("%s: not a ChecksumError", c.name)
			}
		case *weights.VersionError:
			var e *weights.VersionError
			if !errors.As(err, &e) {
				t.Errorf("%s: not a VersionError", c.name)
			}
		case *weights.ShapeError:
			var e *weights.ShapeError
			if !errors.As(err, &e) {
				t.Errorf("%s: not a ShapeError", c.name)
			}
		}
	}
	if _, err := weights.DecodeFile(table, "m.uranw", false); err != nil {
		t.Errorf("a feature-table model scores feature vectors: %v", err)
	}
}

// TestNaNWeightLocation: the NaN message points at the line and column of the word NaN.
func TestNaNWeightLocation(t *testing.T) {
	_, good := paramsModel(t)
	bad := weightstest.NaNWeight(good)
	i := strings.Index(string(bad), "NaN")
	line := 1 + strings.Count(string(bad[:i]), "\n")
	col := i - strings.LastIndex(string(bad[:i]), "\n")
	_, err := weights.DecodeFile(bad, "m.uranw", true)
	want := "a number is written NaN at line " + strconv.Itoa(line) + ", column " +
		strconv.Itoa(col) +
		": weights must be finite numbers (JSON has no NaN or Infinity)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v\nwant …%s", err, want)
	}
	inf := strings.Replace(string(good), `"threshold": 0.5`, `"threshold": -Infinity`, 1)
	if _, err := weights.DecodeFile([]byte(inf), "m.uranw", true); err == nil ||
		!strings.Contains(err.Error(), "a number is written -Infinity at line") {
		t.Errorf("-Infinity: %v", err)
	}
}

// TestReadFile: a missing file and an oversized one are refused with the path in the message.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := weights.ReadFile(filepath.Join(dir, "none.uranw"), true); err == nil ||
		!strings.Contains(err.Error(), "none.uranw") {
		t.Errorf("missing file: %v", err)
	}
	// A 100 MiB file (sparse, so the test writes nothing) is refused by its size on disk,
	// before it is read.
	big := filepath.Join(dir, "big.uranw")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 100<<20); err != nil {
		t.Fatal(err)
	}
	_, err := weights.ReadFile(big, true)
	if err == nil || !strings.Contains(err.Error(), "weights file "+big+": not a valid URAN "+
		"weights file: file is 104857600 bytes, more than the 67108864 allowed") {
		t.Errorf("oversized file: %v", err)
	}
}

// TestOutOfRangeWeightMessage: a number too large for a float64 is reported in the file's
// words (the JSON path, the number, its line and column), not with Go's struct and type names.
func TestOutOfRangeWeightMessage(t *testing.T) {
	_, good := paramsModel(t)
	bad := weightstest.OutOfRangeWeight(good)
	i := strings.Index(string(bad), "1e999")
	if i < 0 {
		t.Fatal("no 1e999 written")
	}
	line := 1 + strings.Count(string(bad[:i]), "\n")
	col := i - strings.LastIndex(string(bad[:i]), "\n")
	_, err := weights.DecodeFile(bad, "m.uranw", true)
	want := "weights file m.uranw: not a valid URAN weights file: body: classifier.output.w: " +
		"the number 1e999 at line " + strconv.Itoa(line) + ", column " + strconv.Itoa(col) +
		" is out of range: weights must be finite numbers, at most about ±1.8e308"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	var fe *weights.FormatError
	if !errors.As(err, &fe) {
		t.Errorf("%T is not a FormatError", err)
	}

	// Another type mismatch: a string where a number is expected.
	str := strings.Replace(string(good), `"threshold": 0.5`, `"threshold": "half"`, 1)
	_, err = weights.DecodeFile([]byte(str), "m.uranw", true)
	if err == nil || !strings.Contains(err.Error(), "body: threshold: a JSON string at line ") ||
		!strings.HasSuffix(err.Error(), ", where a number is expected") {
		t.Errorf("string threshold: %v", err)
	}
}
