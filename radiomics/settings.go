package radiomics

// Settings are the PyRadiomics "setting" entries that apply to 2-D images. Field names follow
// the parameter-file keys (binWidth → BinWidth). DefaultSettings returns PyRadiomics' defaults,
// except Label (see below). An image type in a parameter file may override the settings that act
// on derived images (discretisation, texture and filter settings) for its own derived images.
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
	//
	// Label selects the ROI: 0 (our default, because real masks are 0/255) means every non-zero
	// pixel; a non-zero value selects the pixels with exactly that value (PyRadiomics' label,
	// whose default is 1).
	Label                uint32  // label, default 0 = every non-zero pixel
	MinimumROIDimensions int     // minimumROIDimensions, default 2
	MinimumROISize       int     // minimumROISize in pixels; 0 means unset
	PreCrop              bool    // preCrop: crop to the ROI bounding box plus PadDistance
	PadDistance          int     // padDistance in pixels, default 5
	CorrectMask          bool    // correctMask: resample a mask whose geometry differs
	GeometryTolerance    float64 // geometryTolerance, relative to the image x spacing; 1e-6

	// Resampling to a new pixel spacing (mm, x then y); nil means no resampling. A 0 entry keeps
	// the mask's spacing along that axis.
	ResampledPixelSpacing []float64 // resampledPixelSpacing
	// Interpolator: "sitkNearestNeighbor", "sitkLinear", "sitkBSpline" (default).
	Interpolator string

	// Texture.
	Distances       []int // distances, Chebyshev neighbour distances, default [1]
	SymmetricalGLCM bool  // symmetricalGLCM, default true
	// weightingNorm: "" (features averaged over angles), "manhattan", "euclidean",
	// "infinity" or "no_weighting" (angles' matrices merged with weights).
	WeightingNorm string
	GLDMAlpha     float64 // gldm_a, dependence threshold α, default 0

	// Filters.
	Wavelet    string    // wavelet family and order, default "coif1"
	StartLevel int       // start_level, default 0
	Level      int       // level, default 1
	Sigma      []float64 // sigma of the LoG filter in mm
	// SigmaInt[i] records that Sigma[i] was written as an integer in the parameter file
	// (sigma: [1, 2]). PyRadiomics names its images from Python's text of the number, so an
	// integer gives "log-sigma-1-mm-3D" and a float "log-sigma-1-0-mm-3D". Missing entries
	// (nil, or shorter than Sigma) mean float; a true entry needs an integral sigma.
	SigmaInt           []bool
	LBP2DRadius        float64 // lbp2DRadius, default 1
	LBP2DSamples       int     // lbp2DSamples, default 8
	LBP2DMethod        string  // lbp2DMethod, default "uniform"
	GradientUseSpacing bool    // gradientUseSpacing, default true

	// force2D and force2Ddimension are accepted for parameter-file compatibility. They are
	// meant for 3-D volumes; on a true 2-D image (the only kind this package reads) they change
	// nothing, exactly as PyRadiomics computes a 2-D image with force2D false. (PyRadiomics
	// itself, given a 2-D image with force2D true, drops the row axis and computes texture
	// along x only; we do not reproduce that misuse.)
	Force2D          bool // force2D
	Force2DDimension int  // force2Ddimension, 0..2

	// AdditionalInfo (additionalInfo, default true) fills Result.Diagnostics.
	AdditionalInfo bool
}

// DefaultSettings returns PyRadiomics' default settings, with Label 0 (every non-zero pixel).
func DefaultSettings() Settings {
	return Settings{
		BinWidth:             25,
		ResegmentMode:        "absolute",
		NormalizeScale:       1,
		MinimumROIDimensions: 2,
		PadDistance:          5,
		GeometryTolerance:    1e-6,
		Interpolator:         "sitkBSpline",
		Distances:            []int{1},
		SymmetricalGLCM:      true,
		Wavelet:              "coif1",
		Level:                1,
		LBP2DRadius:          1,
		LBP2DSamples:         8,
		LBP2DMethod:          "uniform",
		GradientUseSpacing:   true,
		AdditionalInfo:       true,
	}
}

// clone returns a deep copy (slices are not shared).
func (s Settings) clone() Settings {
	c := s
	c.ResegmentRange = append([]float64(nil), s.ResegmentRange...)
	c.ResampledPixelSpacing = append([]float64(nil), s.ResampledPixelSpacing...)
	c.Distances = append([]int(nil), s.Distances...)
	c.Sigma = append([]float64(nil), s.Sigma...)
	c.SigmaInt = append([]bool(nil), s.SigmaInt...)
	if s.ResegmentRange == nil {
		c.ResegmentRange = nil
	}
	if s.ResampledPixelSpacing == nil {
		c.ResampledPixelSpacing = nil
	}
	if s.Distances == nil {
		c.Distances = nil
	}
	if s.Sigma == nil {
		c.Sigma = nil
	}
	if s.SigmaInt == nil {
		c.SigmaInt = nil
	}
	return c
}

// Validate checks every setting against the ranges PyRadiomics' parameter schema allows and
// returns an error naming the first offending setting and its value.
func (s *Settings) Validate() error {
	for i := range settingKeys {
		k := &settingKeys[i]
		if k.check == nil {
			continue
		}
		if err := k.check(s); err != nil {
			return &SettingError{Key: k.name, Err: err}
		}
	}
	return nil
}
