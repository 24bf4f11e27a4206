package learn

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/uran-browser/uran/weights"
)

// scrambleRows returns a copy of d in which the rows rows have random feature values (on
// scales unlike the real ones) and, when flip, the other binary label. Everything else is
// shared with d.
func scrambleRows(d *Dataset, rows []int, flip bool, seed uint64) *Dataset {
	rng := rand.New(rand.NewPCG(seed, 5))
	c := *d
	c.X = make([][]float64, len(d.X))
	for i := range d.X {
		c.X[i] = slices.Clone(d.X[i])
	}
	c.Y = slices.Clone(d.Y)
	for _, i := range rows {
		for j := range c.X[i] {
			c.X[i][j] = 1e3 * rng.NormFloat64() * float64(j+1)
		}
		if flip {
			c.Y[i] = 1 - c.Y[i]
		}
	}
	return &c
}

// rowRange returns 0 … n−1.
func rowRange(n int) []int {
	r := make([]int, n)
	for i := range r {
		r[i] = i
	}
	return r
}

// TestFoldFitIgnoresTestRows is the leakage invariance test for one fold: the per-fold
// pipeline cv.go runs (prepare: scaler and HKFS; fitModel: network or L1 logistic regression,
// early stopping, threshold) is fitted once on the real data and once with the fold's test rows
// replaced by random feature values and flipped labels. Nothing fitted may change: the scaler,
// the kept set and its gates and penalty, the threshold, the epochs and the encoded weights
// bytes (the logistic model's coefficients). Expected values are the unperturbed fit itself, so
// any use of a test row (a scaler, HKFS or threshold fitted on all rows) breaks the equality.
// Both HKFS forms are covered; a check first makes sure the perturbation is visible to a fit
// that does read the test rows.
func TestFoldFitIgnoresTestRows(t *testing.T) {
	d := synthetic(96, 24, 4, 1.2, 31)
	all := rowRange(len(d.X))
	fold, err := groupKFold(d.Y, d.Groups, all, 2, 4, newRNG(2, streamFolds))
	if err != nil {
		t.Fatal(err)
	}
	sp := kFoldSplits(all, fold, 4)[0]
	d2 := scrambleRows(d, sp.test, true, 8)
	if a, b := fitScaler(d.X, all), fitScaler(d2.X, all); slices.Equal(a.mean, b.mean) {
		t.Fatal("the perturbation does not change a scaler fitted on all rows")
	}
	for _, hkfs := range []string{weights.HKFSLasso, weights.HKFSGate} {
		cfg := quickSettings()
		s := cfg.Settings
		s.HKFS, s.GateEpochs, s.MaxEpochs = hkfs, 30, 25
		fitBoth := func(d *Dataset) (*prepared, map[string]*fit) {
			p, err := prepare(d, sp.train, &s, true, newRNG(4, streamFit))
			if err != nil {
				t.Fatal(err)
			}
			fits := map[string]*fit{}
			for m, id := range AllModels {
				f, err := fitModel(d, id, p, &s, newRNG(4, streamFit+uint64(m+1)))
				if err != nil {
					t.Fatalf("%s %s: %v", hkfs, id, err)
				}
				fits[id] = f
			}
			return p, fits
		}
		p1, f1 := fitBoth(d)
		p2, f2 := fitBoth(d2)
		if p1.sel.fallback {
			t.Errorf("%s: HKFS fell back; the test should exercise the real selection", hkfs)
		}
		if !slices.Equal(p1.sc.mean, p2.sc.mean) || !slices.Equal(p1.sc.sd, p2.sc.sd) ||
			!slices.Equal(p1.sc.constant, p2.sc.constant) {
			t.Errorf("%s: the scaler depends on the test rows", hkfs)
		}
		if !slices.Equal(p1.sel.kept, p2.sel.kept) || !slices.Equal(p1.sel.gates, p2.sel.gates) ||
			p1.sel.alpha != p2.sel.alpha || p1.sel.fallback != p2.sel.fallback {
			t.Errorf("%s: HKFS depends on the test rows: kept %v vs %v, α %v vs %v", hkfs,
				p1.sel.kept, p2.sel.kept, p1.sel.alpha, p2.sel.alpha)
		}
		for _, id := range AllModels {
			a, b := f1[id], f2[id]
			if a.threshold != b.threshold || a.epochs != b.epochs {
				t.Errorf("%s %s: threshold %v vs %v, epochs %d vs %d", hkfs, id, a.threshold,
					b.threshold, a.epochs, b.epochs)
			}
			if id == ModelL1 {
				for c := range a.lr.w {
					if !slices.Equal(a.lr.w[c], b.lr.w[c]) {
						t.Errorf("%s: L1 logistic weights depend on the test rows", hkfs)
					}
				}
				if !slices.Equal(a.lr.b, b.lr.b) || a.lr.lambda != b.lr.lambda {
					t.Errorf("%s: L1 logistic intercept or λ depends on the test rows", hkfs)
				}
				continue
			}
			ea, err := a.model.Encode()
			if err != nil {
				t.Fatal(err)
			}
			eb, err := b.model.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(ea, eb) {
				t.Errorf("%s %s: the encoded weights depend on the test rows", hkfs, id)
			}
		}
	}
}

// TestCrossValidateFoldIgnoresTestFeatures checks the wiring in crossValidate: when the feature
// values of the rows in repeat 1's first test fold are replaced by random numbers (labels and
// groups kept, so the fold assignment is unchanged), every model's fit on that fold keeps its
// threshold, kept features, feature count, epochs and warnings. The expected values are those
// of the run on the real data.
func TestCrossValidateFoldIgnoresTestFeatures(t *testing.T) {
	d := synthetic(80, 20, 4, 1.2, 32)
	cfg := quickSettings()
	cfg.Repeats, cfg.Permutations, cfg.Settings.MaxEpochs = 1, 0, 25
	res, err := crossValidate(d, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	var test []int
	for i, f := range res.folds[0] {
		if f == 0 {
			test = append(test, i)
		}
	}
	res2, err := crossValidate(scrambleRows(d, test, false, 9), &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.folds[0], res2.folds[0]) {
		t.Fatal("the fold assignment changed although labels and groups did not")
	}
	for m, id := range cfg.Models {
		a, b := res.fits[m][0][0], res2.fits[m][0][0]
		if a.thr != b.thr || !slices.Equal(a.kept, b.kept) || a.nKept != b.nKept ||
			a.epochs != b.epochs || !slices.Equal(a.warnings, b.warnings) {
			t.Errorf("%s: fold 1's fit depends on its test rows: threshold %v vs %v, kept %v "+
				"vs %v, epochs %d vs %d", id, a.thr, b.thr, a.kept, b.kept, a.epochs, b.epochs)
		}
	}
	// The other folds train on the scrambled rows, so their fits must see the change; this
	// shows the equalities above are not vacuous.
	changed := false
	for f := 1; f < cfg.Folds; f++ {
		a, b := res.fits[0][0][f], res2.fits[0][0][f]
		changed = changed || a.thr != b.thr || !slices.Equal(a.kept, b.kept)
	}
	if !changed {
		t.Error("no other fold's URAN fit changed: the perturbation is not seen at all")
	}
}
