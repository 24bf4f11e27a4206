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
	nl := len(t.levels)
	lv := t.levels
	per := make([][]float64, glrlmCount)
	for k := range per {
		per[k] = make([]float64, len(mats))
	}
	pg := make([]float64, nl)
	pr := make([]float64, nr)
	for a, m := range mats {
		clear(pg)
		clear(pr)
		var total float64
		for i := 0; i < nl; i++ {
			for j := 0; j < nr; j++ {
				v := m[i*nr+j]
				pg[i] += v
				pr[j] += v
			}
		}
		for _, v := range pr {
			total += v
		}
		if total == 0 {
			for k := range per {
				per[k][a] = math.NaN()
			}
			continue
		}
		var sre, lre, rln, np, uj float64
		for j, v := range pr {
			fj := float64(j + 1)
			sre += v / (fj * fj)
			lre += v * (fj * fj)
			rln += v * v
			np += v * fj
			uj += v / total * fj
		}
		var rv float64
		for j, v := range pr {
			d := float64(j+1) - uj
			rv += v / total * (d * d)
		}
		var gln, lgl, hgl, ui float64
		for i, v := range pg {
			gln += v * v
			lgl += v / (lv[i] * lv[i])
			hgl += v * (lv[i] * lv[i])
			ui += v / total * lv[i]
		}
		var glv float64
		for i, v := range pg {
			d := lv[i] - ui
			glv += v / total * (d * d)
		}
		var ent, srl, srh, lrl, lrh float64
		for i := 0; i < nl; i++ {
			i2 := lv[i] * lv[i]
			for j := 0; j < nr; j++ {
				v := m[i*nr+j]
				if v == 0 {
					continue
				}
				j2 := float64((j + 1) * (j + 1))
				ent += entropyTerm(v / total)
				srl += v / (i2 * j2)
				srh += v * i2 / j2
				lrl += v * j2 / i2
				lrh += v * (j2 * i2)
			}
		}
		per[glrlmGrayLevelNonUniformity][a] = gln / total
		per[glrlmGrayLevelNonUniformityNormalized][a] = gln / (total * total)
		per[glrlmGrayLevelVariance][a] = glv
		per[glrlmHighGrayLevelRunEmphasis][a] = hgl / total
		per[glrlmLongRunEmphasis][a] = lre / total
		per[glrlmLongRunHighGrayLevelEmphasis][a] = lrh / total
		per[glrlmLongRunLowGrayLevelEmphasis][a] = lrl / total
		per[glrlmLowGrayLevelRunEmphasis][a] = lgl / total
		per[glrlmRunEntropy][a] = ent
		per[glrlmRunLengthNonUniformity][a] = rln / total
		per[glrlmRunLengthNonUniformityNormalized][a] = rln / (total * total)
		per[glrlmRunPercentage][a] = total / np
		per[glrlmRunVariance][a] = rv
		per[glrlmShortRunEmphasis][a] = sre / total
		per[glrlmShortRunHighGrayLevelEmphasis][a] = srh / total
		per[glrlmShortRunLowGrayLevelEmphasis][a] = srl / total
	}
	for k := range per {
		if want[k] {
			out[k] = nanMean(per[k])
		}
	}
	return out
}
