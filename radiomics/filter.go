package radiomics

// Derived is an image computed from the original by one filter, with the name that prefixes its
// features, for example "wavelet-LH" or "log-sigma-2-0-mm-3D".
type Derived struct {
	Name  string
	Image *Image
}

// filter derives images from the (normalised, optionally resampled) input image for one
// PyRadiomics image type. Filters live one per file and register themselves in an init()
// function: func init() { filters["Square"] = filter{derive: squareImages, names: ...} }.
type filter struct {
	// derive returns the derived images in PyRadiomics' order, each the size of img. It is
	// called on the whole image; the pipeline crops afterwards, so borders behave as in
	// PyRadiomics. s holds the settings in force for this image type.
	derive func(img *Image, s *Settings) ([]Derived, error)
	// names returns the names derive would give, without an image.
	names func(s *Settings) []string
	// check, if set, validates the settings this filter reads (for example the wavelet name)
	// so that a parameter file is rejected when it is read rather than at extraction time.
	check func(s *Settings) error
}

// filters maps a PyRadiomics image type name ("Wavelet", "LoG", "Square", "SquareRoot",
// "Logarithm", "Exponential", "Gradient", "LBP2D") to its filter. Original is not in the map.
var filters = map[string]filter{}
