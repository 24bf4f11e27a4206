package radiomics

// Grey Level Size Zone Matrix (GLSZM).
//
// A zone is a maximal set of ROI pixels of one grey level connected through their 8 neighbours
// (pixels touching by an edge or a corner). P(i,j) counts the zones of grey level i with j
// pixels. One matrix is computed; it does not depend on direction.
//
// Symbols:
//
//	N_z    = Σ P(i,j), the number of zones
//	N_p    = the number of ROI pixels
//	p(i,j) = P(i,j) / N_z
//	p_g(i) = Σ_j P(i,j), p_s(j) = Σ_i P(i,j)
//
// i is the grey level's bin index, j the zone size, ε = 2⁻⁵².

import (
	"math"
	"slices"
)

// Indices into the glszm feature list (classCatalog order).
const (
	glszmGrayLevelNonUniformity = iota
	glszmGrayLevelNonUniformityNormalized
	glszmGrayLevelVariance
	glszmHighGrayLevelZoneEmphasis
	glszmLargeAreaEmphasis
	glszmLargeAreaHighGrayLevelEmphasis
	glszmLargeAreaLowGrayLevelEmphasis
	glszmLowGrayLevelZoneEmphasis
	glszmSizeZoneNonUniformity
	glszmSizeZoneNonUniformityNormalized
	glszmSmallAreaEmphasis
	glszmSmallAreaHighGrayLevelEmphasis
	glszmSmallAreaLowGrayLevelEmphasis
	glszmZoneEntropy
	glszmZonePercentage
	glszmZoneVariance
	glszmCount
)

// glszmFeatures computes the glszm features flagged in want:
//
//	SmallAreaEmphasis                = Σ p_s(j)/j² / N_z
//	LargeAreaEmphasis                = Σ p_s(j)·j² / N_z
//	GrayLevelNonUniformity           = Σ p_g(i)² / N_z
//	GrayLevelNonUniformityNormalized = Σ p_g(i)² / N_z²
//	SizeZoneNonUniformity            = Σ p_s(j)² / N_z
//	SizeZoneNonUniformityNormalized  = Σ p_s(j)² / N_z²
//	ZonePercentage                   = N_z / N_p
//	GrayLevelVariance                = Σ p(i,j)(i−μ)², μ = Σ p(i,j)·i
//	ZoneVariance                     = Σ p(i,j)(j−μ)², μ = Σ p(i,j)·j
//	ZoneEntropy                      = −Σ p(i,j) log2(p(i,j)+ε)
//	LowGrayLevelZoneEmphasis         = Σ p_g(i)/i² / N_z
//	HighGrayLevelZoneEmphasis        = Σ p_g(i)·i² / N_z
//	SmallAreaLowGrayLevelEmphasis    = Σ P(i,j)/(i²j²) / N_z
//	SmallAreaHighGrayLevelEmphasis   = Σ P(i,j)·i²/j² / N_z
//	LargeAreaLowGrayLevelEmphasis    = Σ P(i,j)·j²/i² / N_z
//	LargeAreaHighGrayLevelEmphasis   = Σ P(i,j)·i²j² / N_z
//
// The matrix is sparse (zone sizes go up to the ROI size), so the sums run over the zones
// grouped by grey level, sizes ascending within a level, which is the order of the dense
// matrix's non-zero entries.
func glszmFeatures(t *texture, want []bool) []float64 {
	out := make([]float64, glszmCount)
	sc := t.scan()
	level, size := sc.zoneLevel, sc.zoneSize
	nl := len(t.levels)
	m := &sizeMatrix{lv: t.levels, pg: make([]float64, nl), n: float64(len(level))}
	if m.n == 0 {
		m.n = 1
	}
	for _, l := range level {
		m.pg[l]++
	}
	// Zones per size, over the sizes present in ascending order: sizes without zones add
	// exactly 0 to every sum, so no array as long as the largest zone is needed.
	sorted := slices.Clone(size)
	slices.Sort(sorted)
	forSizes(sorted, func(j int32, v float64) {
		m.sizes = append(m.sizes, float64(j))
		m.ps = append(m.ps, v)
	})
	// Joint entries: the zones bucketed by level, each level's sizes ascending.
	start := make([]int, nl+1)
	for _, l := range level {
		start[l+1]++
	}
	for i := 1; i <= nl; i++ {
		start[i] += start[i-1]
	}
	bySize := make([]int32, len(size))
	fill := slices.Clone(start[:nl])
	for k, l := range level {
		bySize[fill[l]] = size[k]
		fill[l]++
	}
	m.joint = func(add func(i int, j, v float64)) {
		for i := 0; i < nl; i++ {
			sizes := bySize[start[i]:start[i+1]]
			slices.Sort(sizes)
			forSizes(sizes, func(sz int32, v float64) { add(i, float64(sz), v) })
		}
	}
	r := m.sums()
	out[glszmGrayLevelNonUniformity] = r.glNonUnif
	out[glszmGrayLevelNonUniformityNormalized] = r.glNonUnifN
	out[glszmGrayLevelVariance] = r.glVar
	out[glszmHighGrayLevelZoneEmphasis] = r.highGL
	out[glszmLargeAreaEmphasis] = r.largeEmph
	out[glszmLargeAreaHighGrayLevelEmphasis] = r.largeHigh
	out[glszmLargeAreaLowGrayLevelEmphasis] = r.largeLow
	out[glszmLowGrayLevelZoneEmphasis] = r.lowGL
	out[glszmSizeZoneNonUniformity] = r.sizeNonUnif
	out[glszmSizeZoneNonUniformityNormalized] = r.sizeNonUnifN
	out[glszmSmallAreaEmphasis] = r.smallEmph
	out[glszmSmallAreaHighGrayLevelEmphasis] = r.smallHigh
	out[glszmSmallAreaLowGrayLevelEmphasis] = r.smallLow
	out[glszmZoneEntropy] = r.entropy
	out[glszmZonePercentage] = m.n / float64(len(t.roi))
	out[glszmZoneVariance] = r.sizeVar
	for k := range out {
		if !want[k] {
			out[k] = math.NaN()
		}
	}
	return out
}

// forSizes calls f once per distinct value of sorted (ascending) with its number of
// occurrences, in ascending order.
func forSizes(sorted []int32, f func(size int32, count float64)) {
	for k := 0; k < len(sorted); {
		e := k + 1
		for e < len(sorted) && sorted[e] == sorted[k] {
			e++
		}
		f(sorted[k], float64(e-k))
		k = e
	}
}
