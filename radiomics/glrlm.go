package radiomics

// Grey Level Run Length Matrix (GLRLM).
//
// A run is a maximal line of consecutive ROI pixels with the same grey level along an angle θ
// (the four directions at distance 1: (1,1), (1,0), (1,−1), (0,1) as (rows, columns)); a pixel
// outside the ROI ends a run. P(i,j|θ) counts the runs of grey level i and length j. An angle
// along which no line holds more than one ROI pixel, and an angle without runs, is dropped.
//
// Symbols, per angle:
//
//	N_r(θ) = Σ P(i,j|θ), the number of runs
//	N_p    = Σ P(i,j|θ)·j, the number of ROI pixels
//	p(i,j) = P(i,j|θ) / N_r(θ)
//	p_g(i) = Σ_j P(i,j|θ), p_r(j) = Σ_i P(i,j|θ)
//
// i is the grey level's bin index, j the run length (1 … the longest box side), ε = 2⁻⁵². Each
// feature is computed per angle and averaged over angles. With weightingNorm set, the angles'
// matrices are summed with weight ‖d‖ (the physical length of the offset under that norm,
// 1 for "no_weighting") and the features are computed once on the sum.

import "math"

// Indices into the glrlm feature list (classCatalog order).
const (
	glrlmGrayLevelNonUniformity = iota
	glrlmGrayLevelNonUniformityNormalized
	glrlmGrayLevelVariance
	glrlmHighGrayLevelRunEmphasis
	glrlmLongRunEmphasis
	glrlmLongRunHighGrayLevelEmphasis
	glrlmLongRunLowGrayLevelEmphasis
	glrlmLowGrayLevelRunEmphasis
	glrlmRunEntropy
	glrlmRunLengthNonUniformity
	glrlmRunLengthNonUniformityNormalized
	glrlmRunPercentage
	glrlmRunVariance
	glrlmShortRunEmphasis
	glrlmShortRunHighGrayLevelEmphasis
	glrlmShortRunLowGrayLevelEmphasis
	glrlmCount
)

// glrlmMatrices returns the run-length matrices (nl rows × nr columns, column j−1 for length j)
// of the kept angles, or the single weighted sum. The runs come from the distance-1 scan.
func glrlmMatrices(t *texture) (mats [][]float64, nr int) {
	nl := len(t.levels)
	nr = max(t.w, t.h)
	offs := angleOffsets(t.h, t.w, []int{1}, false)
	counts := make([]float64, len(offs)*nl*nr)
	sc := t.scan()
	L := nl + 1
	var kept []int
	for a, o := range offs {
		k := scanDir(o)
		if !t.layout.multi[k] {
			continue // PyRadiomics drops an angle whose lines all cross the ROI at most once
		}
		raw := sc.runs[k] // [length·L + level+1]
		m := counts[a*nl*nr : (a+1)*nl*nr]
		for j := 0; j < nr; j++ {
			col := raw[(j+1)*L+1 : (j+2)*L]
			for i, v := range col {
				m[i*nr+j] = float64(v)
			}
		}
		kept = append(kept, a)
	}
	if t.s.WeightingNorm != "" {
		sum := make([]float64, nl*nr)
		for _, a := range kept {
			w := angleWeight(offs[a], t.spacing, t.s.WeightingNorm)
			for k, v := range counts[a*nl*nr : (a+1)*nl*nr] {
				sum[k] += v * w
			}
		}
		return [][]float64{sum}, nr
	}
	for _, a := range kept {
		mats = append(mats, counts[a*nl*nr:(a+1)*nl*nr])
	}
	return mats, nr
}

// glrlmFeatures computes the glrlm features flagged in want. Per angle:
//
//	ShortRunEmphasis                 = Σ p_r(j)/j² / N_r
//	LongRunEmphasis                  = Σ p_r(j)·j² / N_r
//	GrayLevelNonUniformity           = Σ p_g(i)² / N_r
//	GrayLevelNonUniformityNormalized = Σ p_g(i)² / N_r²
//	RunLengthNonUniformity           = Σ p_r(j)² / N_r
//	RunLengthNonUniformityNormalized = Σ p_r(j)² / N_r²
//	RunPercentage                    = N_r / N_p
//	GrayLevelVariance                = Σ p(i,j)(i−μ)², μ = Σ p(i,j)·i
//	RunVariance                      = Σ p(i,j)(j−μ)², μ = Σ p(i,j)·j
//	RunEntropy                       = −Σ p(i,j) log2(p(i,j)+ε)
//	LowGrayLevelRunEmphasis          = Σ p_g(i)/i² / N_r
//	HighGrayLevelRunEmphasis         = Σ p_g(i)·i² / N_r
//	ShortRunLowGrayLevelEmphasis     = Σ P(i,j)/(i²j²) / N_r
//	ShortRunHighGrayLevelEmphasis    = Σ P(i,j)·i²/j² / N_r
//	LongRunLowGrayLevelEmphasis      = Σ P(i,j)·j²/i² / N_r
//	LongRunHighGrayLevelEmphasis     = Σ P(i,j)·i²j² / N_r
func glrlmFeatures(t *texture, want []bool) []float64 {
	out := make([]float64, glrlmCount)
	for k := range out {
		out[k] = math.NaN()
	}
	mats, nr := glrlmMatrices(t)
	if len(mats) == 0 {
		return out
	}
	per := make([][]float64, glrlmCount)
	for k := range per {
		per[k] = make([]float64, len(mats))
	}
	for a, P := range mats {
		m := denseSizeMatrix(P, len(t.levels), nr, t.levels)
		if m.n == 0 {
			for k := range per {
				per[k][a] = math.NaN()
			}
			continue
		}
		np := 0.0 // pixels on the runs
		for j, v := range m.ps {
			np += v * m.sizes[j]
		}
		r := m.sums()
		per[glrlmGrayLevelNonUniformity][a] = r.glNonUnif
		per[glrlmGrayLevelNonUniformityNormalized][a] = r.glNonUnifN
		per[glrlmGrayLevelVariance][a] = r.glVar
		per[glrlmHighGrayLevelRunEmphasis][a] = r.highGL
		per[glrlmLongRunEmphasis][a] = r.largeEmph
		per[glrlmLongRunHighGrayLevelEmphasis][a] = r.largeHigh
		per[glrlmLongRunLowGrayLevelEmphasis][a] = r.largeLow
		per[glrlmLowGrayLevelRunEmphasis][a] = r.lowGL
		per[glrlmRunEntropy][a] = r.entropy
		per[glrlmRunLengthNonUniformity][a] = r.sizeNonUnif
		per[glrlmRunLengthNonUniformityNormalized][a] = r.sizeNonUnifN
		per[glrlmRunPercentage][a] = m.n / np
		per[glrlmRunVariance][a] = r.sizeVar
		per[glrlmShortRunEmphasis][a] = r.smallEmph
		per[glrlmShortRunHighGrayLevelEmphasis][a] = r.smallHigh
		per[glrlmShortRunLowGrayLevelEmphasis][a] = r.smallLow
	}
	for k := range per {
		if want[k] {
			out[k] = nanMean(per[k])
		}
	}
	return out
}
