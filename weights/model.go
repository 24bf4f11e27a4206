package weights

// Model is one trained URAN: everything needed to score a lesion and to explain to a reader what
// the model is, what it was trained on and how well it did in cross-validation. It is the body of
// a weights file. Matrices are stored row by row ([out][in]).
type Model struct {
	// Task says in a few words what the model predicts, e.g. "benign vs malignant breast
	// lesion"; Description may say more (data, intended use, limits).
	Task        string `json:"task"`
	Description string `json:"description"`

	// Classes are the class names in the order of the output layer. For two classes,
	// PositiveClass names the class whose probability is compared with Threshold; for more
	// classes it is empty and the most probable class is predicted.
	Classes       []string `json:"classes"`
	PositiveClass string   `json:"positive_class"`
	Threshold     float64  `json:"threshold"`

	// ParamsYAML is the radiomics parameter file (PyRadiomics-style YAML) the features were
	// extracted with; Predict extracts with exactly these settings. It is empty for a model
	// trained on a ready-made feature table whose columns no parameter file reproduces: such a
	// model scores feature vectors (PredictFeatures) but not images.
	ParamsYAML string `json:"params"`

	// Features are the names of the N input features, in extraction order.
	Features []string `json:"features"`

	Scaler     Scaler     `json:"scaler"`
	HKFS       HKFS       `json:"hkfs"`
	MAAE       *MAAE      `json:"maae"` // nil: the ablation without attention (u = z)
	Classifier Classifier `json:"classifier"`

	Training   Provenance  `json:"training"`
	Evaluation *Evaluation `json:"evaluation"` // nil when the model was not cross-validated
}

// Scaler standardises the N input features: x_j = (v_j − Mean[j]) / SD[j]. Mean and SD are
// fitted on the training rows only; SD is the population standard deviation (divisor n).
// Constant lists the features that were constant in training; their SD is stored as 1, so their
// standardised value is 0 on every training row.
type Scaler struct {
	Mean     []float64 `json:"mean"`
	SD       []float64 `json:"sd"`
	Constant []string  `json:"constant"`
}

// HKFS methods.
const (
	HKFSLasso = "lasso" // L1-penalised linear model on standardised features; gates are 1
	HKFSGate  = "gate"  // learned gate layer with an L1 penalty and proximal updates
	HKFSNone  = "none"  // every feature kept with gate 1 (the ablation without HKFS)
)

// HKFS is the key feature selection: the k kept features (a subset of Model.Features, in
// Model.Features order) and their gate values γ_i (z_i = γ_i x_i).
type HKFS struct {
	Method string    `json:"method"`
	Alpha  float64   `json:"alpha"` // the L1 penalty that was used (0 for "none")
	Kept   []string  `json:"kept"`
	Gates  []float64 `json:"gates"`
	// Fallback is true when no feature survived the penalty and the features that enter the
	// Lasso path first (largest |correlation| with the label) were kept instead.
	Fallback bool `json:"fallback"`
}

// MAAE is the attention block over the k key features: s = 2z, a = ReLU(W1 s + B1),
// g = σ(W2 a + B2). W1 is r × k, W2 is k × r, r ≥ 1. Reduction is the ratio r was derived
// from (tools/train: r = min(k, max(4, k / Reduction))).
type MAAE struct {
	Reduction int         `json:"reduction"`
	W1        [][]float64 `json:"w1"`
	B1        []float64   `json:"b1"`
	W2        [][]float64 `json:"w2"`
	B2        []float64   `json:"b2"`
}

// Dense is a fully connected layer y = W x + B with W of shape out × in.
type Dense struct {
	W [][]float64 `json:"w"`
	B []float64   `json:"b"`
}

// Classifier is the fully connected head: Hidden (H × k, ReLU) then Output (C × H).
type Classifier struct {
	Hidden Dense `json:"hidden"`
	Output Dense `json:"output"`
}

// Provenance records how the model was trained.
type Provenance struct {
	Dataset     string       `json:"dataset"`
	Command     string       `json:"command"`
	Date        string       `json:"date"` // YYYY-MM-DD, UTC
	Seed        uint64       `json:"seed"`
	GitCommit   string       `json:"git_commit"`
	Software    string       `json:"software"`
	Rows        int          `json:"rows"`
	Groups      int          `json:"groups"`
	ClassCounts []ClassCount `json:"class_counts"`
	Excluded    []string     `json:"excluded"` // rows left out and why
	Settings    Settings     `json:"settings"`
	Epochs      int          `json:"epochs"` // epochs of the kept (best) parameters
	Warnings    []string     `json:"warnings"`
}

// ClassCount is the number of training rows of one class.
type ClassCount struct {
	Class string `json:"class"`
	N     int    `json:"n"`
}

// Settings are the training hyper-parameters.
type Settings struct {
	HKFS       string  `json:"hkfs"`        // HKFSLasso, HKFSGate or HKFSNone
	Alpha      float64 `json:"alpha"`       // Lasso penalty; 0 = chosen by inner cross-validation
	InnerFolds int     `json:"inner_folds"` // folds of that inner cross-validation
	GateL1     float64 `json:"gate_l1"`     // L1 penalty of the gate layer
	GateLR     float64 `json:"gate_lr"`     // step size of the proximal gate updates
	GateEpochs int     `json:"gate_epochs"` // epochs of the gate-selection stage
	MinKept    int     `json:"min_kept"`    // features kept when nothing survives the penalty

	MAAE         bool    `json:"maae"`
	Reduction    int     `json:"reduction"`
	Hidden       int     `json:"hidden"`
	Dropout      float64 `json:"dropout"`
	LearningRate float64 `json:"learning_rate"`
	WeightDecay  float64 `json:"weight_decay"` // decoupled (AdamW), on weight matrices only
	BatchSize    int     `json:"batch_size"`
	MaxEpochs    int     `json:"max_epochs"`
	Patience     int     `json:"patience"`      // early-stopping patience in epochs
	Validation   float64 `json:"validation"`    // share of groups held out for early stopping
	ClassWeights string  `json:"class_weights"` // "balanced" or "none"
	Threshold    string  `json:"threshold"`     // "youden" or "0.5"
}

// Evaluation summarises the cross-validation that accompanied the model, for display.
type Evaluation struct {
	Scheme   string       `json:"scheme"`
	Repeats  int          `json:"repeats"`
	Folds    int          `json:"folds"`
	Rows     int          `json:"rows"`
	URAN     Metrics      `json:"uran"`
	Models   []ModelScore `json:"models"` // ranked by AUC, URAN included
	Warnings []string     `json:"warnings"`
}

// Metrics are out-of-fold figures. AUC is the mean over repeats of the pooled out-of-fold AUC,
// AUCCI its DeLong 95% interval (with the mean of the per-repeat DeLong variances); the other
// figures are means over repeats at the thresholds chosen on the training folds. For more than
// two classes AUC is the macro one-vs-rest AUC without an interval and sensitivity,
// specificity, precision and F1 are macro averages.
type Metrics struct {
	AUC         float64    `json:"auc"`
	AUCCI       [2]float64 `json:"auc_ci"`
	AUCRepeatSD float64    `json:"auc_repeat_sd"`
	Accuracy    float64    `json:"accuracy"`
	Sensitivity float64    `json:"sensitivity"`
	Specificity float64    `json:"specificity"`
	Precision   float64    `json:"precision"`
	F1          float64    `json:"f1"`
	Brier       float64    `json:"brier"`
}

// ModelScore is one row of the comparison table.
type ModelScore struct {
	Name     string     `json:"name"`
	AUC      float64    `json:"auc"`
	AUCCI    [2]float64 `json:"auc_ci"`
	Accuracy float64    `json:"accuracy"`
	// PValue is the paired DeLong p-value of URAN against this model; absent for URAN.
	PValue *float64 `json:"p_vs_uran,omitempty"`
}
