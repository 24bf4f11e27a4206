package radiomics

// Derived is an image computed from the original by one filter, with the name that prefixes its
// features, for example "wavelet-LH" or "log-sigma-2-0-mm-3D".
type Derived struct {
	Name  string
	Image *Image
}
