package radiomics

// Settings are the PyRadiomics "setting" entries that apply to 2-D images. Field names follow
// the parameter-file keys (binWidth → BinWidth). DefaultSettings returns PyRadiomics' defaults.
// An image type in a parameter file may override any of them for its own derived images.
type Settings struct {
	// Discretisation of grey levels for texture and for first-order Entropy and Uniformity.
	BinWidth float64 // binWidth, fixed bin width; default 25
	BinCount int     // binCount, fixed number of bins; 0 means unset (binWidth applies)

	// Resegmentation of the ROI by intensity.
	ResegmentRange []float64 // resegmentRange: nil, [lower] or [lower, upper]
	ResegmentMode  string    // resegmentMode: "absolute" (default), "relative" or "sigma"
	ResegmentShape bool      // resegmentShape: shape also uses the resegmented mask

	// Intensity normalisation of the whole image, before any filter.
	Normalize       bool    // normalize
	NormalizeScale  float64 // normalizeScale, default 1
	RemoveOutliers  float64 // removeOutliers in standard deviations; 0 means unset
	VoxelArrayShift float64 // voxelArrayShift, added inside Energy, TotalEnergy and RMS only

	// Region of interest.
	Label                uint32  // label, default 1
	MinimumROIDimensions int     // minimumROIDimensions, default 2
	MinimumROISize       int     // minimumROISize in pixels; 0 means unset
	PreCrop              bool    // preCrop: crop to the ROI bounding box plus PadDistance
	PadDistance          int     // padDistance in pixels, default 5
	CorrectMask          bool    // correctMask: resample a mask whose geometry differs
	GeometryTolerance    float64 // geometryTolerance for comparing image and mask geometry

	// Resampling to a new pixel spacing (mm, x then y); nil means no resampling.
	ResampledPixelSpacing []float64 // resampledPixelSpacing
	Interpolator          string    // interpolator: "sitkNearestNeighbor", "sitkLinear", "sitkBSpline" (default)

	// Texture.
	Distances       []int   // distances, Chebyshev neighbour distances, default [1]
	SymmetricalGLCM bool    // symmetricalGLCM, default true
	WeightingNorm   string  // weightingNorm: "" (average over angles), "manhattan", "euclidean", "infinity", "no_weighting"
	GLDMAlpha       float64 // gldm_a, dependence threshold α, default 0

	// Filters.
	Wavelet            string    // wavelet family and order, default "coif1"
	StartLevel         int       // start_level, default 0
	Level              int       // level, default 1
	Sigma              []float64 // sigma of the LoG filter in mm
	LBP2DRadius        float64   // lbp2DRadius, default 1
	LBP2DSamples       int       // lbp2DSamples, default 8
	LBP2DMethod        string    // lbp2DMethod, default "uniform"
	GradientUseSpacing bool      // gradientUseSpacing, default true
}
