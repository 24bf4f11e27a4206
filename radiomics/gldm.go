package radiomics

// Grey Level Dependence Matrix (GLDM).
//
// A neighbour (at a Chebyshev distance in distances, in the ROI) of a pixel of grey level i is
// dependent if its grey level j satisfies |i − j| ≤ α (gldm_a, default 0). P(i,j) counts the
// ROI pixels of grey level i with j − 1 dependent neighbours (j counts the pixel itself).
//
// Symbols:
//
//	N_z    = Σ P(i,j) = N_p, every ROI pixel is one entry
//	p(i,j) = P(i,j) / N_z
//	p_g(i) = Σ_j P(i,j), p_d(j) = Σ_i P(i,j)
//
// i is the grey level's bin index, j the dependence size, ε = 2⁻⁵².

import "math"

// Indices into the gldm feature list (classCatalog order).
const (
	gldmDependenceEntropy = iota
	gldmDependenceNonUniformity
	gldmDependenceNonUniformityNormalized
	gldmDependencePercentage
	gldmDependenceVariance
	gldmGrayLevelNonUniformity
	gldmGrayLevelNonUniformityNormalized
	gldmGrayLevelVariance
	gldmHighGrayLevelEmphasis
	gldmLargeDependenceEmphasis
	gldmLargeDependenceHighGrayLevelEmphasis
	gldmLargeDependenceLowGrayLevelEmphasis
	gldmLowGrayLevelEmphasis
	gldmSmallDependenceEmphasis
	gldmSmallDependenceHighGrayLevelEmphasis
	gldmSmallDependenceLowGrayLevelEmphasis
	gldmCount
)

// gldmMatrix returns P as nl rows of nd = (number of neighbour offsets + 1) columns.
func gldmMatrix(t *texture) (P []float64, nd int) {
	alpha := t.s.GLDMAlpha
	if alpha == 0 {
		nb := t.neighbours() // shared with NGTDM
		return nb.dep, nb.nd
	}
	nl := len(t.levels)
	offs := angleOffsets(t.h, t.w, t.s.Distances, true)
	d := make([]int32, len(offs))
	for k, o := range offs {
		d[k] = int32(o.dy*t.pw + o.dx)
	}
	nd = len(offs) + 1
	P = make([]float64, nl*nd)
	for _, p := range t.roi {
		v := t.grid[p]
		gi := t.levels[v-1]
		dep := 0
		for _, o := range d {
			if u := t.grid[p+o]; u != 0 && math.Abs(gi-t.levels[u-1]) <= alpha {
				dep++
			}
		}
		P[int(v-1)*nd+dep]++
	}
	return P, nd
}

// gldmFeatures computes the gldm features flagged in want:
//
//	SmallDependenceEmphasis              = Σ p_d(j)/j² / N_z
//	LargeDependenceEmphasis              = Σ p_d(j)·j² / N_z
//	GrayLevelNonUniformity               = Σ p_g(i)² / N_z
//	DependenceNonUniformity              = Σ p_d(j)² / N_z
//	DependenceNonUniformityNormalized    = Σ p_d(j)² / N_z²
//	GrayLevelVariance                    = Σ p(i,j)(i−μ)², μ = Σ p(i,j)·i
//	DependenceVariance                   = Σ p(i,j)(j−μ)², μ = Σ p(i,j)·j
//	DependenceEntropy                    = −Σ p(i,j) log2(p(i,j)+ε)
//	LowGrayLevelEmphasis                 = Σ p_g(i)/i² / N_z
//	HighGrayLevelEmphasis                = Σ p_g(i)·i² / N_z
//	SmallDependenceLowGrayLevelEmphasis  = Σ P(i,j)/(i²j²) / N_z
//	SmallDependenceHighGrayLevelEmphasis = Σ P(i,j)·i²/j² / N_z
//	LargeDependenceLowGrayLevelEmphasis  = Σ P(i,j)·j²/i² / N_z
//	LargeDependenceHighGrayLevelEmphasis = Σ P(i,j)·i²j² / N_z
func gldmFeatures(t *texture, want []bool) []float64 {
	out := make([]float64, gldmCount)
	P, nd := gldmMatrix(t)
	m := denseSizeMatrix(P, len(t.levels), nd, t.levels)
	m.n = float64(len(t.roi)) // every ROI pixel is one entry
	r := m.sums()
	for k := range out {
		out[k] = math.NaN()
	}
	set := func(k int, v float64) {
		if want[k] {
			out[k] = v
		}
	}
	set(gldmDependenceEntropy, r.entropy)
	set(gldmDependenceNonUniformity, r.sizeNonUnif)
	set(gldmDependenceNonUniformityNormalized, r.sizeNonUnifN)
	set(gldmDependenceVariance, r.sizeVar)
	set(gldmGrayLevelNonUniformity, r.glNonUnif)
	set(gldmGrayLevelVariance, r.glVar)
	set(gldmHighGrayLevelEmphasis, r.highGL)
	set(gldmLargeDependenceEmphasis, r.largeEmph)
	set(gldmLargeDependenceHighGrayLevelEmphasis, r.largeHigh)
	set(gldmLargeDependenceLowGrayLevelEmphasis, r.largeLow)
	set(gldmLowGrayLevelEmphasis, r.lowGL)
	set(gldmSmallDependenceEmphasis, r.smallEmph)
	set(gldmSmallDependenceHighGrayLevelEmphasis, r.smallHigh)
	set(gldmSmallDependenceLowGrayLevelEmphasis, r.smallLow)
	return out
}
