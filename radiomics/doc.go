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
package radiomics
