package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uran-browser/uran/weights"
)

// writeTable writes a small feature table: 90 rows in 30 patients, 12 features of which the
// first three shift with the class.
func writeTable(t *testing.T, dir string) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(4, 4))
	var b strings.Builder
	b.WriteString("id,label,patient")
	for j := range 12 {
		fmt.Fprintf(&b, ",original_firstorder_F%02d", j)
	}
	b.WriteString("\n")
	for i := range 90 {
		y := 0
		if (i/3)%3 == 0 {
			y = 1
		}
		fmt.Fprintf(&b, "c%02d,%d,p%02d", i, y, i/3)
		for j := range 12 {
			v := rng.NormFloat64()
			if j < 3 {
				v += 1.5 * float64(y)
			}
			fmt.Fprintf(&b, ",%g", v*float64(j+1))
		}
		b.WriteString("\n")
	}
	p := filepath.Join(dir, "table.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestTrainIsDeterministic: the same data, flags and seed give byte-identical weights files
// and reports, and the weights file decodes with the cross-validation recorded in it.
func TestTrainIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	table := writeTable(t, dir)
	var files, reports [][]byte
	out := filepath.Join(dir, "run") // the same paths both times: they are in the command line
	for range 2 {
		args := []string{"-features", table, "-id", "id", "-label", "label", "-group", "patient",
			"-folds", "3", "-repeats", "2", "-hidden", "8", "-epochs", "30", "-patience", "5",
			"-inner-folds", "3", "-seed", "7", "-date", "2026-01-02", "-task", "test",
			"-weights", out + ".uranw", "-report", out + "/report"}
		if err := run(args); err != nil {
			t.Fatal(err)
		}
		w, err := os.ReadFile(out + ".uranw")
		if err != nil {
			t.Fatal(err)
		}
		r, err := os.ReadFile(out + "/report.json")
		if err != nil {
			t.Fatal(err)
		}
		files, reports = append(files, w), append(reports, r)
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatal("weights files differ between two identical runs")
	}
	if !bytes.Equal(reports[0], reports[1]) {
		t.Fatal("reports differ between two identical runs")
	}
	m, err := weights.Decode(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if m.Evaluation == nil || m.Training.Date != "2026-01-02" || m.Training.Seed != 7 ||
		!strings.Contains(m.Training.Command, "-seed 7") {
		t.Fatalf("provenance or evaluation missing: %+v", m.Training)
	}
	var rep struct {
		CV struct {
			AUC   float64    `json:"auc"`
			AUCCI [2]float64 `json:"auc_ci"`
		} `json:"cv"`
		Models   []struct{ Name string } `json:"models"`
		Warnings []string                `json:"warnings"`
	}
	if err := json.Unmarshal(reports[0], &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Models) != 5 || rep.CV.AUC < 0.6 || rep.CV.AUCCI[0] > rep.CV.AUC {
		t.Fatalf("report: %+v", rep)
	}
}

func TestTrainUsageErrors(t *testing.T) {
	cases := [][]string{
		{"-weights", "x"},
		{"-features", "a.csv", "-manifest", "b.csv", "-weights", "x"},
		{"-features", "a.csv"},
		{"-features", "a.csv", "-weights", "x", "-date", "3 March"},
	}
	for _, args := range cases {
		if err := run(args); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}

// TestTrainModelFlagsCheckedFirst: a bad model flag is reported before the cohort is read (the
// manifest here does not even exist), so a typo does not cost an extraction.
func TestTrainModelFlagsCheckedFirst(t *testing.T) {
	base := []string{"-manifest", filepath.Join(t.TempDir(), "absent.csv"), "-weights", "x"}
	for _, c := range []struct{ flag, value, want string }{
		{"-hkfs", "foo", `unknown HKFS method "foo"`},
		{"-hidden", "0", "hidden width 0"},
		{"-dropout", "1.5", "dropout 1.5"},
		{"-folds", "1", "1 folds: need at least 2"},
		{"-models", "uran,svm", `unknown model "svm"`},
	} {
		err := run(append([]string{c.flag, c.value}, base...))
		if err == nil || !strings.Contains(err.Error(), c.want) ||
			strings.Contains(err.Error(), "absent.csv") {
			t.Errorf("%s %s: %v, want %q before reading the manifest", c.flag, c.value, err,
				c.want)
		}
	}
}

// TestTrainParameterFileErrors: a bad -params file is refused before any extraction, with the
// message tools/extract gives.
func TestTrainParameterFileErrors(t *testing.T) {
	dir := t.TempDir()
	params := filepath.Join(dir, "p.yaml")
	if err := os.WriteFile(params, []byte("setting:\n  binCount: 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run([]string{"-manifest", filepath.Join(dir, "none.csv"), "-params", params,
		"-weights", filepath.Join(dir, "w.uranw")})
	want := "parameter file " + params + ": setting binCount: must be an integer >= 1, got 0 " +
		"(line 2)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}
