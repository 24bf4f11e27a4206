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
	nl := len(t.levels)
	lv := t.levels
	pg := make([]float64, nl)
	pd := make([]float64, nd)
	for i := 0; i < nl; i++ {
		for j := 0; j < nd; j++ {
			pg[i] += P[i*nd+j]
			pd[j] += P[i*nd+j]
		}
	}
	nz := float64(len(t.roi))

	var sde, lde, dn, uj float64
	for j, v := range pd {
		fj := float64(j + 1)
		sde += v / (fj * fj)
		lde += v * (fj * fj)
		dn += v * v
		uj += v / nz * fj
	}
	var dv float64
	for j, v := range pd {
		d := float64(j+1) - uj
		dv += v / nz * (d * d)
	}
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
	var ent, sdl, sdh, ldl, ldh float64
	for i := 0; i < nl; i++ {
		i2 := lv[i] * lv[i]
		for j := 0; j < nd; j++ {
			v := P[i*nd+j]
			if v == 0 {
				continue
			}
			j2 := float64(j+1) * float64(j+1)
			ent += entropyTerm(v / nz)
			sdl += v / (i2 * j2)
			sdh += v * i2 / j2
			ldl += v * j2 / i2
			ldh += v * (j2 * i2)
		}
	}
	for k := range out {
		out[k] = math.NaN()
	}
	set := func(k int, v float64) {
		if want[k] {
			out[k] = v
		}
	}
	set(gldmDependenceEntropy, ent)
	set(gldmDependenceNonUniformity, dn/nz)
	set(gldmDependenceNonUniformityNormalized, dn/(nz*nz))
	set(gldmDependenceVariance, dv)
	set(gldmGrayLevelNonUniformity, gln/nz)
	set(gldmGrayLevelVariance, glv)
	set(gldmHighGrayLevelEmphasis, hgl/nz)
	set(gldmLargeDependenceEmphasis, lde/nz)
	set(gldmLargeDependenceHighGrayLevelEmphasis, ldh/nz)
	set(gldmLargeDependenceLowGrayLevelEmphasis, ldl/nz)
	set(gldmLowGrayLevelEmphasis, lgl/nz)
	set(gldmSmallDependenceEmphasis, sde/nz)
	set(gldmSmallDependenceHighGrayLevelEmphasis, sdh/nz)
	set(gldmSmallDependenceLowGrayLevelEmphasis, sdl/nz)
	return out
}
