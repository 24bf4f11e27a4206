package radiomics

// Image is a 2-D grey-level image with physical pixel spacing.
//
// Pix holds Width*Height intensities in row-major order: the pixel in column x and row y is
// Pix[y*Width+x]. Spacing is the pixel size in millimetres along x (columns) and y (rows); an
// image without calibration uses 1 × 1.
type Image struct {
	Width, Height int
	Pix           []float64
	Spacing       [2]float64
}

// At returns the intensity in column x, row y.
func (im *Image) At(x, y int) float64 { return im.Pix[y*im.Width+x] }

// Mask is a 2-D label map with the same geometry conventions as Image. A zero Spacing means
// "the image's spacing" (masks drawn in formats without calibration).
//
// Labels holds Width*Height label values in row-major order; 0 is background. Which label is the
// region of interest is chosen by Settings.Label.
type Mask struct {
	Width, Height int
	Labels        []uint32
	Spacing       [2]float64
}
