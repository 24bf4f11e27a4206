package radiomics

// Neighbouring Grey Tone Difference Matrix (NGTDM).
//
// For each ROI pixel of grey level i, Ā is the mean grey level of its neighbours that lie in the
// ROI (Chebyshev distances in distances, the pixel itself excluded); a pixel without such
// neighbours contributes a difference of 0. Then, per grey level i:
//
//	n_i = number of ROI pixels of level i
//	s_i = Σ |i − Ā| over those pixels
//	p_i = n_i / N_vp, N_vp = Σ n_i
//
// Sums run over the N_gp grey levels present (p_i ≠ 0); i and j are bin indices.

import "math"

// Indices into the ngtdm feature list (classCatalog order).
const (
	ngtdmBusyness = iota
	ngtdmCoarseness
	ngtdmComplexity
	ngtdmContrast
	ngtdmStrength
	ngtdmCount
)

// ngtdmFeatures computes the ngtdm features flagged in want.
func ngtdmFeatures(t *texture, want []bool) []float64 {
	nl := len(t.levels)
	lv := t.levels
	nb := t.neighbours() // shared with GLDM
	n, s := nb.n, nb.s
	nvp := 0.0
	for _, v := range n {
		nvp += v
	}
	p := make([]float64, nl)
	for i := range n {
		p[i] = n[i] / nvp
	}

	out := make([]float64, ngtdmCount)
	var ps, ssum float64
	for i := range p {
		ps += p[i] * s[i]
		ssum += s[i]
	}
	// Coarseness = 1 / Σ p_i s_i; 10⁶ when the sum is 0 (PyRadiomics' convention).
	if ps == 0 {
		out[ngtdmCoarseness] = 1e6
	} else {
		out[ngtdmCoarseness] = 1 / ps
	}
	// Contrast = [Σ_i Σ_j p_i p_j (i−j)² / (N_gp(N_gp−1))] · [Σ s_i / N_vp]; 0 if N_gp = 1.
	if nl <= 1 {
		out[ngtdmContrast] = 0
	} else {
		c := 0.0
		for i := 0; i < nl; i++ {
			for j := 0; j < nl; j++ {
				dd := lv[i] - lv[j]
				c += p[i] * p[j] * (dd * dd)
			}
		}
		ngp := float64(nl)
		out[ngtdmContrast] = (c / (ngp * (ngp - 1))) * (ssum / nvp)
	}
	// Busyness = Σ p_i s_i / Σ_i Σ_j |i p_i − j p_j|; 0 if the denominator is 0.
	absdiff := 0.0
	for i := 0; i < nl; i++ {
		for j := 0; j < nl; j++ {
			absdiff += math.Abs(lv[i]*p[i] - lv[j]*p[j])
		}
	}
	if absdiff == 0 {
		out[ngtdmBusyness] = 0
	} else {
		out[ngtdmBusyness] = ps / absdiff
	}
	// Complexity = Σ_i Σ_j |i−j| (p_i s_i + p_j s_j)/(p_i + p_j) / N_vp.
	cx := 0.0
	for i := 0; i < nl; i++ {
		for j := 0; j < nl; j++ {
			cx += math.Abs(lv[i]-lv[j]) * ((p[i]*s[i] + p[j]*s[j]) / (p[i] + p[j]))
		}
	}
	out[ngtdmComplexity] = cx / nvp
	// Strength = Σ_i Σ_j (p_i + p_j)(i−j)² / Σ s_i; 0 if Σ s_i = 0.
	if ssum == 0 {
		out[ngtdmStrength] = 0
	} else {
		st := 0.0
		for i := 0; i < nl; i++ {
			for j := 0; j < nl; j++ {
				dd := lv[i] - lv[j]
				st += (p[i] + p[j]) * (dd * dd)
			}
		}
		out[ngtdmStrength] = st / ssum
	}
	for k := range out {
		if !want[k] {
			out[k] = math.NaN()
		}
	}
	return out
}
