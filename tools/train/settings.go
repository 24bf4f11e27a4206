package main

import (
	"flag"

	"github.com/uran-browser/uran/tools/internal/learn"
	"github.com/uran-browser/uran/weights"
)

// defaultSettingsFlags registers the training hyper-parameters as flags, with the defaults of
// learn.DefaultSettings.
func defaultSettingsFlags(fs *flag.FlagSet) *weights.Settings {
	s := learn.DefaultSettings()
	fs.StringVar(&s.HKFS, "hkfs", s.HKFS, "key feature selection: lasso, gate or none")
	fs.Float64Var(&s.Alpha, "alpha", s.Alpha, "Lasso penalty (0: chosen by inner cross-validation)")
	fs.IntVar(&s.InnerFolds, "inner-folds", s.InnerFolds, "folds of the inner cross-validations")
	fs.Float64Var(&s.GateL1, "gate-l1", s.GateL1, "L1 penalty of the gate HKFS")
	fs.Float64Var(&s.GateLR, "gate-lr", s.GateLR, "proximal step size of the gate HKFS")
	fs.IntVar(&s.GateEpochs, "gate-epochs", s.GateEpochs, "epochs of the gate HKFS stage")
	fs.IntVar(&s.MinKept, "min-kept", s.MinKept, "features kept if none survives the penalty")
	fs.IntVar(&s.Reduction, "reduction", s.Reduction,
		"MAAE reduction ratio (bottleneck r = min(k, max(4, k/ratio)))")
	fs.IntVar(&s.Hidden, "hidden", s.Hidden, "hidden units of the classifier")
	fs.Float64Var(&s.Dropout, "dropout", s.Dropout, "dropout on the hidden layer in training")
	fs.Float64Var(&s.LearningRate, "lr", s.LearningRate, "Adam learning rate")
	fs.Float64Var(&s.WeightDecay, "weight-decay", s.WeightDecay, "decoupled weight decay")
	fs.IntVar(&s.BatchSize, "batch", s.BatchSize, "mini-batch size")
	fs.IntVar(&s.MaxEpochs, "epochs", s.MaxEpochs, "maximum epochs")
	fs.IntVar(&s.Patience, "patience", s.Patience, "early-stopping patience in epochs")
	fs.Float64Var(&s.Validation, "validation", s.Validation,
		"share of groups held out for early stopping")
	fs.StringVar(&s.ClassWeights, "class-weights", s.ClassWeights, "balanced or none")
	fs.StringVar(&s.Threshold, "threshold", s.Threshold, "binary threshold rule: youden or 0.5")
	return &s
}
