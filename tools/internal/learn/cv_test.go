package learn

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// quickSettings keeps test trainings short.
func quickSettings() Config {
	s := DefaultSettings()
	s.Hidden, s.MaxEpochs, s.Patience, s.InnerFolds = 16, 40, 5, 3
	return Config{Settings: s, Folds: 4, Repeats: 2, Seed: 3, Models: AllModels,
		Permutations: 1}
}

// TestNoLeakageOnNoise: with pure-noise features (p ≫ n) and random labels, any step fitted on
// test rows (selection, scaler, threshold) would show up as an optimistic AUC. Every model must
// stay near chance; the bound 0.5 ± 0.17 is about three standard errors for 90 cases.
func TestNoLeakageOnNoise(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 1))
	d := synthetic(90, 800, 0, 0, 9)
	for i := range d.Y {
		d.Y[i] = rng.IntN(2)
	}
	cfg := quickSettings()
	cfg.Repeats = 1
	rep, err := Evaluate(d, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range rep.Models {
		if m.AUC > 0.67 || m.AUC < 0.33 {
			t.Errorf("%s: AUC %.3f on noise; want near 0.5", m.Name, m.AUC)
		}
	}
}

// TestLearnsSignal: with informative features every model beats chance clearly, and URAN's
// out-of-fold metrics are internally consistent.
func TestLearnsSignal(t *testing.T) {
	d := synthetic(160, 60, 6, 1.2, 4)
	cfg := quickSettings()
	rep, err := Evaluate(d, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range rep.Models {
		t.Logf("%s: AUC %.3f", m.Name, m.AUC)
		if m.AUC < 0.7 {
			t.Errorf("%s: AUC %.3f, want > 0.7 on data with signal", m.Name, m.AUC)
		}
		if !(m.AUCCI[0] <= m.AUC && m.AUC <= m.AUCCI[1]) {
			t.Errorf("%s: AUC %.3f outside its CI %v", m.Name, m.AUC, m.AUCCI)
		}
	}
	if rep.Models[0].Rank != 1 || rep.CV.ID != ModelURAN {
		t.Errorf("ranking or cv block wrong: %+v", rep.Models[0])
	}
	// The informative features are the first six: HKFS should pick them most often.
	top := map[string]bool{}
	for _, f := range rep.Importance.Features[:6] {
		top[f.Feature] = true
	}
	hits := 0
	for j := range 6 {
		if top[d.Features[j]] {
			hits++
		}
	}
	if hits < 4 {
		t.Errorf("only %d of the 6 informative features among the 6 most important", hits)
	}
}

// TestDeterministicAcrossWorkers: the report and the final weights are identical for one and
// for two workers and for repeated runs.
func TestDeterministicAcrossWorkers(t *testing.T) {
	d := synthetic(80, 40, 4, 1, 8)
	var reports [][]byte
	for _, workers := range []int{1, 2, 2} {
		cfg := quickSettings()
		cfg.Workers = workers
		rep, err := Evaluate(d, &cfg)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(rep)
		reports = append(reports, b)
	}
	if !bytes.Equal(reports[0], reports[1]) || !bytes.Equal(reports[1], reports[2]) {
		t.Fatal("reports differ between runs")
	}
	var files [][]byte
	for range 2 {
		cfg := quickSettings()
		m, _, _, err := TrainFinal(d, cfg.Settings, 5)
		if err != nil {
			t.Fatal(err)
		}
		b, err := m.Encode()
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, b)
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatal("two trainings with the same seed gave different weights files")
	}
}

// TestGateHKFSMakesExactZeros: the learned gate layer keeps a minority of noise features and
// most informative ones, through its own proximal steps: no fallback (which would keep the
// features most correlated with the label when every gate is zero), and at least half of the
// 40 gates exactly 0 at the end of training.
func TestGateHKFSMakesExactZeros(t *testing.T) {
	d := synthetic(200, 40, 4, 1.5, 6)
	s := DefaultSettings()
	s.HKFS, s.Hidden, s.GateEpochs, s.GateL1 = "gate", 16, 80, 0.05
	idx := make([]int, len(d.X))
	for i := range idx {
		idx[i] = i
	}
	p, err := prepare(d, idx, &s, true, newRNG(1, 1))
	if err != nil {
		t.Fatal(err)
	}
	if p.sel.fallback {
		t.Fatalf("gate HKFS fell back: %v", p.sel.warnings)
	}
	if zeros := len(d.Features) - len(p.sel.kept); zeros < 20 {
		t.Errorf("%d of %d gates are exactly 0, want at least 20", zeros, len(d.Features))
	}
	informative, noise := 0, 0
	for k, j := range p.sel.kept {
		if p.sel.gates[k] == 0 {
			t.Fatalf("kept feature %d has gate 0", j)
		}
		if j < 4 {
			informative++
		} else {
			noise++
		}
	}
	if informative < 3 || noise > 12 {
		t.Errorf("gate HKFS kept %d of 4 informative and %d of 36 noise features", informative,
			noise)
	}
}

// TestMulticlass runs the whole pipeline on three classes: macro AUC, argmax decisions, a
// weights file without a positive class or threshold.
func TestMulticlass(t *testing.T) {
	d := synthetic(150, 30, 6, 1.5, 12)
	d.Classes = []string{"a", "b", "c"}
	// Class c: every third row, with feature 6 shifted by two of its standard deviations
	// (feature 6 has the raw scale 10^((6 mod 7) − 3) = 1000).
	for i := range d.Y {
		if i%3 == 0 {
			d.Y[i] = 2
			d.X[i][6] += 2 * 1000
		}
	}
	d.Positive = 2
	cfg := quickSettings()
	cfg.Repeats = 1
	rep, err := Evaluate(d, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rep.CV.AUC < 0.65 || rep.CV.ROC != nil || rep.Data.Positive != "" {
		t.Errorf("multi-class report: AUC %.3f, ROC %d points, positive %q", rep.CV.AUC,
			len(rep.CV.ROC), rep.Data.Positive)
	}
	m, _, _, err := TrainFinal(d, cfg.Settings, 1)
	if err != nil {
		t.Fatal(err)
	}
	m.Evaluation = rep.Summary()
	if _, err := m.Encode(); err != nil {
		t.Fatalf("multi-class model does not encode: %v", err)
	}
	if m.PositiveClass != "" || m.Threshold != 0 || len(m.Classifier.Output.W) != 3 {
		t.Errorf("positive %q threshold %v outputs %d", m.PositiveClass, m.Threshold,
			len(m.Classifier.Output.W))
	}
}

// TestSubgroups: figures per value of a subgroup column; a subgroup holding one class has no
// AUC; rows add up.
func TestSubgroups(t *testing.T) {
	d := synthetic(120, 20, 4, 1.5, 14)
	col := Column{Name: "her2_low", Values: make([]string, len(d.X))}
	for i := range col.Values {
		col.Values[i] = []string{"yes", "no"}[i%2]
		if d.Y[i] == 0 && i%7 == 0 {
			col.Values[i] = "benign-only"
		}
	}
	d.Subgroups = []Column{col}
	cfg := quickSettings()
	cfg.Repeats, cfg.Models = 1, []string{ModelURAN}
	rep, err := Evaluate(d, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Subgroups) != 3 {
		t.Fatalf("%d subgroups, want 3", len(rep.Subgroups))
	}
	total := 0
	for _, s := range rep.Subgroups {
		total += s.Rows
		if s.Value == "benign-only" && (s.AUC != nil || s.ClassCounts[1] != 0) {
			t.Errorf("single-class subgroup has an AUC: %+v", s)
		}
		if s.Value != "benign-only" && s.AUC == nil {
			t.Errorf("subgroup %s lacks an AUC", s.Value)
		}
	}
	if total != len(d.X) || rep.Subgroups[0].Value != "benign-only" {
		t.Errorf("subgroups cover %d of %d rows; first %q (want sorted)", total, len(d.X),
			rep.Subgroups[0].Value)
	}
}
