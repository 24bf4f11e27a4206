package weights

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics"
)

// smallParams is a parameter file with a few Original features.
const smallParams = `imageType:
  Original: {}
featureClass:
  shape2D: [Elongation, PixelSurface]
  firstorder: [Mean, Variance, Maximum]
setting:
  label: 0
  binWidth: 25
`

// paramsModel builds a model over the features smallParams produces, keeping Mean and
// PixelSurface, with a fixed small network.
func paramsModel(t *testing.T) *Model {
	t.Helper()
	p, err := radiomics.ParseParams([]byte(smallParams))
	if err != nil {
		t.Fatal(err)
	}
	canon, err := p.YAML()
	if err != nil {
		t.Fatal(err)
	}
	names := p.FeatureNames()
	m := &Model{Task: "t", Classes: []string{"benign", "malignant"}, PositiveClass: "malignant",
		Threshold: 0.5, ParamsYAML: string(canon), Features: names,
		Scaler: Scaler{Mean: make([]float64, len(names)), SD: make([]float64, len(names))},
		HKFS:   HKFS{Method: HKFSLasso},
		Classifier: Classifier{
			Hidden: Dense{W: [][]float64{{0.01, -0.002}}, B: []float64{0.1}},
			Output: Dense{W: [][]float64{{0}, {1}}, B: []float64{0, 0}}}}
	for j, n := range names {
		m.Scaler.Mean[j], m.Scaler.SD[j] = 100, 50
		if strings.HasSuffix(n, "_Mean") || strings.HasSuffix(n, "_PixelSurface") {
			m.HKFS.Kept = append(m.HKFS.Kept, n)
			m.HKFS.Gates = append(m.HKFS.Gates, 1)
		}
	}
	if len(m.HKFS.Kept) != 2 {
		t.Fatalf("test parameters give features %q without Mean and PixelSurface", names)
	}
	return m
}

func TestParamsMatchFeatures(t *testing.T) {
	m := paramsModel(t)
	b, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(b); err != nil {
		t.Fatalf("consistent model: %v", err)
	}
	// A feature list that differs from the parameters' is refused, naming the feature.
	for j, f := range m.Features {
		if f == "original_firstorder_Variance" {
			m.Features[j] = "original_firstorder_Median"
		}
	}
	m.Scaler.Constant = nil
	_, err = m.Encode()
	var se *ShapeError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "original_firstorder_Median") {
		t.Fatalf("renamed feature: got %v, want a ShapeError naming it", err)
	}
	m = paramsModel(t)
	m.Features = append(m.Features, "original_firstorder_Median")
	m.Scaler.Mean, m.Scaler.SD = append(m.Scaler.Mean, 0), append(m.Scaler.SD, 1)
	_, err = m.Encode()
	if err == nil || !strings.Contains(err.Error(), "original_firstorder_Median") {
		t.Fatalf("extra feature: got %v, want an error naming it", err)
	}
	m = paramsModel(t)
	m.ParamsYAML = "imageType: {Original: {}}\nsetting: {binWidht: 5}\n"
	if _, err := m.Encode(); err == nil || !strings.Contains(err.Error(), "binWidht") {
		t.Fatalf("bad parameter file: got %v, want an error naming binWidht", err)
	}
}

// TestPredictIsExtractThenPredictFeatures: Predict on an image must equal PredictFeatures on
// the features radiomics.Extract gives for the same image with the model's parameters.
func TestPredictIsExtractThenPredictFeatures(t *testing.T) {
	m := paramsModel(t)
	w, h := 40, 30
	img := &radiomics.Image{Width: w, Height: h, Pix: make([]float64, w*h),
		Spacing: [2]float64{1, 1}}
	mask := &radiomics.Mask{Width: w, Height: h, Labels: make([]uint32, w*h),
		Spacing: [2]float64{1, 1}}
	for y := range h {
		for x := range w {
			img.Pix[y*w+x] = float64((x*7 + y*13) % 50)
			if x >= 10 && x < 25 && y >= 8 && y < 20 {
				mask.Labels[y*w+x] = 255
			}
		}
	}
	pr, res, err := m.Predict(img, mask, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := radiomics.ParseParams([]byte(m.ParamsYAML))
	ref, err := radiomics.Extract(img, mask, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var values []float64
	for _, f := range ref.Features {
		names = append(names, f.Name)
		values = append(values, f.Value)
	}
	want, err := m.PredictFeatures(names, values)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Features) != len(m.Features) {
		t.Fatalf("Predict returned %d features, want %d", len(res.Features), len(m.Features))
	}
	for c := range want.Probabilities {
		if pr.Probabilities[c] != want.Probabilities[c] {
			t.Fatalf("Predict %v, PredictFeatures %v", pr.Probabilities, want.Probabilities)
		}
	}
	// Hand check of the network on the extracted values: the 15 × 12 ROI has 180 pixels
	// (PixelSurface 180). Key features in extraction order: PixelSurface (shape2D comes
	// first), then Mean; p(malignant) = σ(ReLU(0.01 x_PS − 0.002 x_Mean + 0.1)) with
	// x = (v − 100) / 50.
	mean, _ := ref.Value("original_firstorder_Mean")
	ps, _ := ref.Value("original_shape2D_PixelSurface")
	if ps != 180 {
		t.Fatalf("PixelSurface %v, want 180", ps)
	}
	hid := max(0, 0.01*(ps-100)/50-0.002*(mean-100)/50+0.1)
	if wantP := 1 / (1 + math.Exp(-hid)); math.Abs(pr.Probabilities[1]-wantP) > 1e-12 {
		t.Fatalf("p(malignant) %v, want %v", pr.Probabilities[1], wantP)
	}
}

func TestParamsOfFeatureTableModel(t *testing.T) {
	m := handModel()
	if _, err := m.Params(); err == nil || !strings.Contains(err.Error(), "feature table") {
		t.Fatalf("model without parameters: got %v", err)
	}
	if _, _, err := m.Predict(&radiomics.Image{}, &radiomics.Mask{}, nil); err == nil {
		t.Fatal("Predict without parameters succeeded")
	}
}
