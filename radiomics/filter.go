package radiomics

// Derived is an image computed from the original by one filter, with the name that prefixes its
// features, for example "wavelet-LH" or "log-sigma-2-0-mm-3D".
type Derived struct {
	Name  string
	Image *Image
}

// filter is one PyRadiomics image type: derive computes its derived images from the whole
// (uncropped) image, in PyRadiomics order; names lists the same names without an image.
type filter struct {
	derive func(img *Image, s *Settings) ([]Derived, error) // derived images, PyRadiomics order
	names  func(s *Settings) []string                       // the same names without an image
}

// filters holds every image type except Original, keyed by its PyRadiomics name ("Wavelet",
// "LoG", "Square", ...). Each filter file registers itself in an init function.
var filters = map[string]filter{}
