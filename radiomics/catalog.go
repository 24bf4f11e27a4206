package radiomics

import "strings"

// featureInfo names one feature of a class.
type featureInfo struct {
	name       string
	deprecated bool   // not enabled when a class is enabled without a feature list
	noValue    string // non-empty: PyRadiomics computes no value for it; says why
}

// classInfo lists a feature class's features in PyRadiomics' output order: sorted by the
// byte order of "<Name>FeatureValue" (so MeanAbsoluteDeviation comes before Mean).
type classInfo struct {
	name     string
	features []featureInfo
	twoD     bool // computed on 2-D images (false: "shape", the 3-D class, which is skipped)
}

func live(names ...string) []featureInfo {
	out := make([]featureInfo, len(names))
	for i, n := range names {
		out[i] = featureInfo{name: n}
	}
	return out
}

// classCatalog holds every PyRadiomics feature class a parameter file may name.
var classCatalog = []classInfo{
	{name: "shape2D", twoD: true, features: []featureInfo{
		{name: "Elongation"}, {name: "MajorAxisLength"}, {name: "MaximumDiameter"},
		{name: "MeshSurface"}, {name: "MinorAxisLength"}, {name: "Perimeter"},
		{name: "PerimeterSurfaceRatio"}, {name: "PixelSurface"},
		{name: "SphericalDisproportion", deprecated: true}, {name: "Sphericity"},
	}},
	{name: "firstorder", twoD: true, features: []featureInfo{
		{name: "10Percentile"}, {name: "90Percentile"}, {name: "Energy"}, {name: "Entropy"},
		{name: "InterquartileRange"}, {name: "Kurtosis"}, {name: "Maximum"},
		{name: "MeanAbsoluteDeviation"}, {name: "Mean"}, {name: "Median"}, {name: "Minimum"},
		{name: "Range"}, {name: "RobustMeanAbsoluteDeviation"}, {name: "RootMeanSquared"},
		{name: "Skewness"}, {name: "StandardDeviation", deprecated: true},
		{name: "TotalEnergy"}, {name: "Uniformity"}, {name: "Variance"},
	}},
	{name: "glcm", twoD: true, features: []featureInfo{
		{name: "Autocorrelation"}, {name: "ClusterProminence"}, {name: "ClusterShade"},
		{name: "ClusterTendency"}, {name: "Contrast"}, {name: "Correlation"},
		{name: "DifferenceAverage"}, {name: "DifferenceEntropy"}, {name: "DifferenceVariance"},
		{name: "Dissimilarity", deprecated: true,
			noValue: "it equals glcm DifferenceAverage"},
		{name: "Homogeneity1", deprecated: true, noValue: "it equals glcm Id"},
		{name: "Homogeneity2", deprecated: true, noValue: "it equals glcm Idm"},
		{name: "Id"}, {name: "Idm"}, {name: "Idmn"}, {name: "Idn"}, {name: "Imc1"},
		{name: "Imc2"}, {name: "InverseVariance"}, {name: "JointAverage"}, {name: "JointEnergy"},
		{name: "JointEntropy"}, {name: "MCC"}, {name: "MaximumProbability"},
		{name: "SumAverage"}, {name: "SumEntropy"}, {name: "SumSquares"},
		{name: "SumVariance", deprecated: true, noValue: "it equals glcm ClusterTendency"},
	}},
	{name: "glrlm", twoD: true, features: live(
		"GrayLevelNonUniformity", "GrayLevelNonUniformityNormalized", "GrayLevelVariance",
		"HighGrayLevelRunEmphasis", "LongRunEmphasis", "LongRunHighGrayLevelEmphasis",
		"LongRunLowGrayLevelEmphasis", "LowGrayLevelRunEmphasis", "RunEntropy",
		"RunLengthNonUniformity", "RunLengthNonUniformityNormalized", "RunPercentage",
		"RunVariance", "ShortRunEmphasis", "ShortRunHighGrayLevelEmphasis",
		"ShortRunLowGrayLevelEmphasis")},
	{name: "glszm", twoD: true, features: live(
		"GrayLevelNonUniformity", "GrayLevelNonUniformityNormalized", "GrayLevelVariance",
		"HighGrayLevelZoneEmphasis", "LargeAreaEmphasis", "LargeAreaHighGrayLevelEmphasis",
		"LargeAreaLowGrayLevelEmphasis", "LowGrayLevelZoneEmphasis", "SizeZoneNonUniformity",
		"SizeZoneNonUniformityNormalized", "SmallAreaEmphasis", "SmallAreaHighGrayLevelEmphasis",
		"SmallAreaLowGrayLevelEmphasis", "ZoneEntropy", "ZonePercentage", "ZoneVariance")},
	{name: "gldm", twoD: true, features: []featureInfo{
		{name: "DependenceEntropy"}, {name: "DependenceNonUniformity"},
		{name: "DependenceNonUniformityNormalized"},
		{name: "DependencePercentage", deprecated: true,
			noValue: "it is always 1 (every pixel is one dependence zone)"},
		{name: "DependenceVariance"}, {name: "GrayLevelNonUniformity"},
		{name: "GrayLevelNonUniformityNormalized", deprecated: true,
			noValue: "it equals firstorder Uniformity"},
		{name: "GrayLevelVariance"}, {name: "HighGrayLevelEmphasis"},
		{name: "LargeDependenceEmphasis"}, {name: "LargeDependenceHighGrayLevelEmphasis"},
		{name: "LargeDependenceLowGrayLevelEmphasis"}, {name: "LowGrayLevelEmphasis"},
		{name: "SmallDependenceEmphasis"}, {name: "SmallDependenceHighGrayLevelEmphasis"},
		{name: "SmallDependenceLowGrayLevelEmphasis"},
	}},
	{name: "ngtdm", twoD: true, features: live(
		"Busyness", "Coarseness", "Complexity", "Contrast", "Strength")},
	{name: "shape", twoD: false, features: []featureInfo{
		{name: "Compactness1", deprecated: true}, {name: "Compactness2", deprecated: true},
		{name: "Elongation"}, {name: "Flatness"}, {name: "LeastAxisLength"},
		{name: "MajorAxisLength"}, {name: "Maximum2DDiameterColumn"},
		{name: "Maximum2DDiameterRow"}, {name: "Maximum2DDiameterSlice"},
		{name: "Maximum3DDiameter"}, {name: "MeshVolume"}, {name: "MinorAxisLength"},
		{name: "SphericalDisproportion", deprecated: true}, {name: "Sphericity"},
		{name: "SurfaceArea"}, {name: "SurfaceVolumeRatio"}, {name: "VoxelVolume"},
	}},
}

// classByName returns the catalog entry of a feature class, or nil.
func classByName(name string) *classInfo {
	for i := range classCatalog {
		if classCatalog[i].name == name {
			return &classCatalog[i]
		}
	}
	return nil
}

// featureIndex returns the position of a feature in the class list, or -1.
func (c *classInfo) featureIndex(name string) int {
	for i, f := range c.features {
		if f.name == name {
			return i
		}
	}
	return -1
}

// enabled returns the indices (into c.features) of the features a class computes for the given
// feature list: all non-deprecated features in catalog order when list is empty, else the
// listed ones in the listed order without repeats (PyRadiomics keeps the order of the list).
// Features PyRadiomics computes no value for are left out.
func (c *classInfo) enabled(list []string) []int {
	var out []int
	if len(list) == 0 {
		for i, f := range c.features {
			if !f.deprecated {
				out = append(out, i)
			}
		}
		return out
	}
	seen := make(map[int]bool, len(list))
	for _, name := range list {
		i := c.featureIndex(name)
		if i < 0 || seen[i] || c.features[i].noValue != "" {
			continue
		}
		seen[i] = true
		out = append(out, i)
	}
	return out
}

// classNames returns the names of the catalog's classes, for error messages.
func classNames() string {
	names := make([]string, len(classCatalog))
	for i, c := range classCatalog {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// imageTypeNames are the PyRadiomics image types, in PyRadiomics' own order. Original is handled
// by the pipeline; the others are derived by the filters registered in filter.go.
var imageTypeNames = []string{"Original", "Wavelet", "LoG", "Square", "SquareRoot", "Logarithm",
	"Exponential", "Gradient", "LBP2D"}
