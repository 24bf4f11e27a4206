package weights

import (
	"fmt"

	"github.com/uran-browser/uran/radiomics"
)

// Predict extracts the radiomics features of the lesion in mask from img with the model's own
// extraction parameters and scores them. It is the one prediction path of the browser and of
// tools/predict. It returns the prediction and the extraction result (all features, with
// diagnostics and warnings). A key feature that the extraction leaves undefined (NaN) is an
// *InputError naming it: values are never imputed.
func (m *Model) Predict(img *radiomics.Image, mask *radiomics.Mask, opt *radiomics.Options) (
	*Prediction, *radiomics.Result, error) {
	p, err := m.Params()
	if err != nil {
		return nil, nil, err
	}
	res, err := radiomics.Extract(img, mask, p, opt)
	if err != nil {
		return nil, nil, fmt.Errorf("extract features: %w", err)
	}
	names := make([]string, len(res.Features))
	values := make([]float64, len(res.Features))
	for i, f := range res.Features {
		names[i], values[i] = f.Name, f.Value
	}
	pr, err := m.PredictFeatures(names, values)
	if err != nil {
		return nil, res, err
	}
	return pr, res, nil
}
