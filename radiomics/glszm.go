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
	lv := t.levels
	// Zones per size, over the sizes present in ascending order: the sums below skip the
	// sizes without zones, whose terms are exactly 0, so no array as long as the largest
	// zone is needed.
	sorted := slices.Clone(size)
	slices.Sort(sorted)
	pg := make([]float64, nl)
	for _, l := range level {
		pg[l]++
	}
	nz := float64(len(level))
	if nz == 0 {
		nz = 1
	}
	np := float64(len(t.roi))

	var sae, lae, szn, uj float64
	forSizes(sorted, func(j int32, v float64) {
		fj := float64(j)
		sae += v / (fj * fj)
		lae += v * (fj * fj)
		szn += v * v
		uj += v / nz * fj
	})
	var zv float64
	forSizes(sorted, func(j int32, v float64) {
		d := float64(j) - uj
		zv += v / nz * (d * d)
	})
	var gln, lgl, hgl, ui float64
	for i, v := range pg {
		gln += v * v
		lgl += v / (lv[i] * lv[i])
		hgl += v * (lv[i] * lv[i])
		ui += v / nz * lv[i]
	}
	var glv float64
	for i, v := range pg {
		d := lv[i] - ui
		glv += v / nz * (d * d)
	}

	// Joint sums over the non-zero P(i,j): bucket the zones by level, then count sizes.
	start := make([]int, nl+1)
	for _, l := range level {
		start[l+1]++
	}
	for i := 1; i <= nl; i++ {
		start[i] += start[i-1]
	}
	bySize := make([]int32, len(size))
	fill := append([]int(nil), start[:nl]...)
	for k, l := range level {
		bySize[fill[l]] = size[k]
		fill[l]++
	}
	var ent, sal, sah, lal, lah float64
	for i := 0; i < nl; i++ {
		sizes := bySize[start[i]:start[i+1]]
		slices.Sort(sizes)
		i2 := lv[i] * lv[i]
		forSizes(sizes, func(sz int32, v float64) {
			j2 := float64(sz) * float64(sz)
			ent += entropyTerm(v / nz)
			sal += v / (i2 * j2)
			sah += v * i2 / j2
			lal += v * j2 / i2
			lah += v * i2 * j2
		})
	}
	out[glszmGrayLevelNonUniformity] = gln / nz
	out[glszmGrayLevelNonUniformityNormalized] = gln / (nz * nz)
	out[glszmGrayLevelVariance] = glv
	out[glszmHighGrayLevelZoneEmphasis] = hgl / nz
	out[glszmLargeAreaEmphasis] = lae / nz
	out[glszmLargeAreaHighGrayLevelEmphasis] = lah / nz
	out[glszmLargeAreaLowGrayLevelEmphasis] = lal / nz
	out[glszmLowGrayLevelZoneEmphasis] = lgl / nz
	out[glszmSizeZoneNonUniformity] = szn / nz
	out[glszmSizeZoneNonUniformityNormalized] = szn / (nz * nz)
	out[glszmSmallAreaEmphasis] = sae / nz
	out[glszmSmallAreaHighGrayLevelEmphasis] = sah / nz
	out[glszmSmallAreaLowGrayLevelEmphasis] = sal / nz
	out[glszmZoneEntropy] = ent
	out[glszmZonePercentage] = nz / np
	out[glszmZoneVariance] = zv
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
