package e2e

import (
	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/weights"
)

// defaultModel is the model embedded in the page.
func defaultModel() (*weights.Model, error) { return weights.Default() }

// modelPredict is the native prediction, the code path of tools/predict: the prediction and
// the features it was computed from.
func modelPredict(m *weights.Model, img *radiomics.Image, mask *radiomics.Mask) (
	*weights.Prediction, *radiomics.Result, error) {
	return m.Predict(img, mask, nil)
}
