// Package radiomics computes hand-crafted image features of a lesion from a 2-D image and its
// mask, following the conventions of PyRadiomics so that the numbers, names and settings agree
// with it: shape2D, first-order statistics and the texture families GLCM, GLRLM, GLSZM, GLDM and
// NGTDM, on the original image and on derived images (wavelet sub-bands, Laplacian of Gaussian,
// square, square root, logarithm, exponential, gradient, local binary patterns).
//
// The package is pure Go: it imports neither syscall/js nor any UI code, so the browser build
// (GOOS=js GOARCH=wasm) and the native trainer run exactly the same code.
//
// Conventions: images are row-major, Pix[y*Width+x]; x is the column, y the row. Spacing is the
// physical pixel size in millimetres, x first. Feature names are PyRadiomics' own, for example
// "original_glcm_Contrast" or "wavelet-LH_firstorder_Mean".
//
// # Use
//
//	p, err := radiomics.ParseParams(yamlText) // or radiomics.DefaultParams()
//	res, err := radiomics.Extract(img, mask, p, nil)
//	for _, f := range res.Features { fmt.Println(f.Name, f.Value) }
//
// Params.FeatureNames lists the names Extract will produce without an image; Params.YAML is the
// canonical parameter text a model file records.
//
// # Agreement with PyRadiomics
//
// Every feature of the four reference configurations (all 2-D image types, fixed bin count,
// normalisation with outlier removal and shift, distances 1 and 2) agrees with PyRadiomics'
// own values on the reference cases to 1e-9 relative (1e-6 for LoG, which ITK computes in
// single precision) and usually to 1e-14; tools/conformance prints the comparison. Sums follow
// NumPy's pairwise summation and percentiles NumPy's linear interpolation; bins follow
// PyRadiomics' floor-based fixed bin width (edges at multiples of the width, so negative
// values work) or numpy.histogram edges for a fixed bin count; N_g is the largest bin index.
//
// # Where this package differs from PyRadiomics, on purpose
//
//   - Label 0 (the default) selects every non-zero pixel, because real masks are 0/255;
//     PyRadiomics' default label is 1. Any other label selects that value, as in PyRadiomics.
//   - force2D is accepted and ignored: the image is already 2-D. (PyRadiomics, given a 2-D image
//     with force2D, drops the row axis and computes texture along x only.) A warning says so.
//   - A parameter file is validated strictly: unknown keys, wrong types, out-of-range values,
//     settings of 3-D or voxel-based extraction, and settings that act before images are
//     derived (label, normalize, resampling, resegmentation, …) placed under an image type are
//     errors naming the key, its value and its line. PyRadiomics ignores some of these.
//   - Requesting a deprecated feature that PyRadiomics computes no value for (glcm
//     Dissimilarity, Homogeneity1, Homogeneity2, SumVariance; gldm
//     GrayLevelNonUniformityNormalized, DependencePercentage) is an error naming the equivalent
//     feature. Deprecated features PyRadiomics does compute (firstorder StandardDeviation,
//     shape2D SphericalDisproportion) are available by name.
//   - An image a filter cannot make (a LoG sigma too large for the image, an image smaller than
//     4 pixels for LoG) keeps its place in the feature list with NaN values and a warning, so
//     that the list always equals Params.FeatureNames; PyRadiomics leaves those keys out.
//   - Image and mask of different geometry need correctMask even when resampling is on
//     (PyRadiomics resamples the image onto the mask's grid in that case).
//   - The 3-D class "shape" is accepted in a parameter file and skipped with a warning, as
//     PyRadiomics skips it for a 2-D image.
//   - NaN or infinite pixels in the input are an error; non-finite values a filter produces
//     inside the ROI make that derived image's features NaN, with a warning.
//
// PyRadiomics behaviours kept although they may surprise: minimumROISize rejects an ROI of
// exactly that many pixels (it must have more); with resegmentation, the shape is computed on
// the original mask cropped to the resegmented ROI's bounding box; first-order Kurtosis is not
// the excess kurtosis (IBSI's + 3); Entropy, Uniformity and every texture class use the
// discretised values while the other first-order features use the raw intensities.
//
// Limitation: at most 65536 grey-level bins per image (a tiny binWidth on a wide range is an
// error rather than a memory exhaustion); images up to 2²⁸ pixels.
package radiomics
