package radiomics

import "errors"

// resampleImageAndMask resamples image and mask to s.ResampledPixelSpacing and crops them to the
// ROI bounding box plus s.PadDistance, as PyRadiomics' resampleImage does.
//
// Limitation: this placeholder belongs to the filters branch, which provides the real
// implementation; until that branch is merged, resampling is reported as unavailable.
func resampleImageAndMask(img *Image, mask *Mask, s *Settings) (*Image, *Mask, error) {
	return nil, nil, errors.New("resampledPixelSpacing: resampling is not available in this " +
		"build (radiomics/resample.go comes with the filters branch)")
}
