package weights

import (
	"math"
	"testing"
)

// handModel is a tiny model whose forward pass is worked out by hand in TestForwardHandWorked.
func handModel() *Model {
	return &Model{
		Task:          "test task",
		Classes:       []string{"benign", "malignant"},
		PositiveClass: "malignant",
		Threshold:     0.5,
		Features: []string{"original_firstorder_Mean", "original_glcm_Contrast",
			"wavelet-LH_glcm_Idm"},
		Scaler: Scaler{Mean: []float64{1, 2, 3}, SD: []float64{2, 1, 4}},
		HKFS: HKFS{Method: HKFSLasso, Alpha: 0.1,
			Kept:  []string{"original_firstorder_Mean", "wavelet-LH_glcm_Idm"},
			Gates: []float64{1, 1}},
		MAAE: &MAAE{Reduction: 16,
			W1: [][]float64{{0.5, 1}}, B1: []float64{0.5},
			W2: [][]float64{{2}, {-4}}, B2: []float64{0, 1}},
		Classifier: Classifier{
			Hidden: Dense{W: [][]float64{{1, 0}, {0, -1}}, B: []float64{0, -0.5}},
			Output: Dense{W: [][]float64{{0, 0}, {1, 1}}, B: []float64{0, 0}},
		},
		Training: Provenance{Dataset: "hand-made", Seed: 7,
			ClassCounts: []ClassCount{{"benign", 3}, {"malignant", 2}}},
	}
}

func TestForwardHandWorked(t *testing.T) {
	// v = (5, 100, −1). Standardised key features: x0 = (5−1)/2 = 2, x2 = (−1−3)/4 = −1,
	// so z = (2, −1) (Lasso gates are 1; feature 1 is not kept and never read).
	// MAAE: s = 2z = (4, −2); W1 s + b1 = 0.5·4 + 1·(−2) + 0.5 = 0.5, ReLU → a = 0.5;
	// W2 a + b2 = (2·0.5 + 0, −4·0.5 + 1) = (1, −1); g = (σ(1), σ(−1))
	//   = (0.7310585786300049, 0.2689414213699951);
	// u = z ⊙ g = (1.4621171572600098, −0.2689414213699951).
	// Hidden: (u0, −u1 − 0.5) = (1.46211…, −0.23105…) → ReLU → h = (1.4621171572600098, 0).
	// Logits (0, h0 + h1) = (0, 1.46211…); p(malignant) = σ(1.4621171572600098)
	//   = 0.8118562749129378, p(benign) = 0.18814372508706223.
	m := handModel()
	p, err := m.PredictFeatures(
		[]string{"wavelet-LH_glcm_Idm", "original_firstorder_Mean"}, []float64{-1, 5})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.18814372508706223, 0.8118562749129378}
	for c := range want {
		if math.Abs(p.Probabilities[c]-want[c]) > 1e-14 {
			t.Errorf("p[%d] = %.17g, want %.17g", c, p.Probabilities[c], want[c])
		}
	}
	if p.Class != "malignant" {
		t.Errorf("class %q, want malignant", p.Class)
	}
	wantGates := []Gate{{"original_firstorder_Mean", "original", 0.7310585786300049},
		{"wavelet-LH_glcm_Idm", "wavelet-LH", 0.2689414213699951}}
	for i, g := range wantGates {
		if p.Gates[i].Feature != g.Feature || p.Gates[i].ImageType != g.ImageType ||
			math.Abs(p.Gates[i].Value-g.Value) > 1e-15 {
			t.Errorf("gate %d = %+v, want %+v", i, p.Gates[i], g)
		}
	}

	m.Threshold = 0.9 // 0.81 < 0.9: the other class
	p, err = m.PredictFeatures([]string{"wavelet-LH_glcm_Idm", "original_firstorder_Mean"},
		[]float64{-1, 5})
	if err != nil {
		t.Fatal(err)
	}
	if p.Class != "benign" {
		t.Errorf("with threshold 0.9 class %q, want benign", p.Class)
	}
}

func TestForwardWithoutMAAE(t *testing.T) {
	// Without MAAE u = z = (2, −1): hidden (2, 1 − 0.5) = (2, 0.5); logits (0, 2.5);
	// p(malignant) = σ(2.5) = 0.9241418199787566.
	m := handModel()
	m.MAAE = nil
	p, err := m.PredictFeatures([]string{"original_firstorder_Mean", "wavelet-LH_glcm_Idm"},
		[]float64{5, -1})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(p.Probabilities[1]-0.9241418199787566) > 1e-14 || len(p.Gates) != 0 {
		t.Errorf("p = %v, gates %v; want p1 = 0.9241418199787566 and no gates",
			p.Probabilities, p.Gates)
	}
}

func TestPredictFeaturesNamesTheBadFeature(t *testing.T) {
	m := handModel()
	_, err := m.PredictFeatures([]string{"original_firstorder_Mean"}, []float64{5})
	var ie *InputError
	if !asInputError(err, &ie) || ie.Feature != "wavelet-LH_glcm_Idm" {
		t.Fatalf("missing feature: got %v, want an InputError naming wavelet-LH_glcm_Idm", err)
	}
	_, err = m.PredictFeatures([]string{"original_firstorder_Mean", "wavelet-LH_glcm_Idm"},
		[]float64{math.NaN(), 1})
	if !asInputError(err, &ie) || ie.Feature != "original_firstorder_Mean" {
		t.Fatalf("NaN feature: got %v, want an InputError naming original_firstorder_Mean", err)
	}
	// A feature the model does not keep may be missing or NaN.
	if _, err := m.PredictFeatures([]string{"original_firstorder_Mean", "wavelet-LH_glcm_Idm",
		"original_glcm_Contrast"}, []float64{1, 2, math.NaN()}); err != nil {
		t.Fatalf("NaN in an unused feature: %v", err)
	}
}

func asInputError(err error, target **InputError) bool {
	ie, ok := err.(*InputError)
	if ok {
		*target = ie
	}
	return ok
}

func TestMulticlassArgmax(t *testing.T) {
	// Three classes, no MAAE, u = z = (2, −1): hidden h = ReLU((2, 0.5)) = (2, 0.5);
	// output rows (0,0), (1,0), (0,4) give logits (0, 2, 2+... ) = (0, 2, 2) + c2 (0, 0, 0.1)
	// = (0, 2, 2.1): class "c" is the largest.
	m := handModel()
	m.MAAE = nil
	m.Classes = []string{"a", "b", "c"}
	m.PositiveClass, m.Threshold = "", 0
	m.Classifier.Output = Dense{W: [][]float64{{0, 0}, {1, 0}, {0, 4}}, B: []float64{0, 0, 0.1}}
	p, err := m.PredictFeatures([]string{"original_firstorder_Mean", "wavelet-LH_glcm_Idm"},
		[]float64{5, -1})
	if err != nil {
		t.Fatal(err)
	}
	if p.Class != "c" {
		t.Errorf("class %q, want c (p = %v)", p.Class, p.Probabilities)
	}
	// softmax(0, 2, 2.1): e^0 + e^2 + e^2.1 = 1 + 7.38905609893065 + 8.16616991256765.
	want := 1 / (1 + 7.38905609893065 + 8.16616991256765)
	if math.Abs(p.Probabilities[0]-want) > 1e-12 {
		t.Errorf("p[a] = %v, want %v", p.Probabilities[0], want)
	}
}

func TestSoftmaxLargeLogits(t *testing.T) {
	p := Softmax([]float64{1000, 1000 + math.Log(3)})
	if math.Abs(p[0]-0.25) > 1e-12 || math.Abs(p[1]-0.75) > 1e-12 {
		t.Errorf("softmax of large logits = %v, want (0.25, 0.75)", p)
	}
}
