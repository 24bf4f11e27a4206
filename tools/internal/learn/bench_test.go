package learn

import (
	"testing"
)

// BenchmarkCrossValidation500x1311 runs the full evaluation that must finish in
// minutes on two cores: a 5 × 5 cross-validation of URAN and its four comparisons (URAN without
// HKFS, without MAAE, L1 logistic regression, MLP) on 500 synthetic cases × 1311 features, with
// permutation importance. Run it with `make bench` or
// `go test -run XXX -bench CrossValidation -benchtime 1x ./tools/internal/learn`.
func BenchmarkCrossValidation500x1311(b *testing.B) {
	d := synthetic(500, 1311, 12, 0.6, 1)
	cfg := &Config{Settings: DefaultSettings(), Folds: 5, Repeats: 5, Seed: 1,
		Models: AllModels, Permutations: 1}
	for b.Loop() {
		rep, err := Evaluate(d, cfg)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(rep.CV.AUC, "AUC")
	}
}

// BenchmarkFitEach times one fit of each model on a 400 × 1311 training set.
func BenchmarkFitEach(b *testing.B) {
	d := synthetic(500, 1311, 12, 0.6, 1)
	train := make([]int, 400)
	for i := range train {
		train[i] = i
	}
	s := DefaultSettings()
	for _, id := range AllModels {
		b.Run(id, func(b *testing.B) {
			for b.Loop() {
				p, err := prepare(d, train, &s, id == ModelURAN || id == ModelNoMAAE,
					newRNG(1, 1))
				if err != nil {
					b.Fatal(err)
				}
				f, err := fitModel(d, id, p, &s, newRNG(1, 2))
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(f.epochs), "epochs")
				b.ReportMetric(float64(f.used()), "features")
			}
		})
	}
}
