package weights

import "errors"

// checkParams will parse Params with radiomics.ParseParams and compare FeatureNames with
// Features once the radiomics extractor API is merged into this branch. Until then a model
// with extraction parameters is refused rather than trusted unchecked.
func (m *Model) checkParams() error {
	return errors.New("weights: extraction parameters cannot be checked yet " +
		"(radiomics.ParseParams is not in this build)")
}
