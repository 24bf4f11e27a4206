package radiomics

// First-order statistics of the intensities inside the ROI.
//
// Symbols:
//
//	X      the N_p intensities of the ROI pixels (of the original or derived image, not binned)
//	X̄      their mean
//	c      voxelArrayShift, added in Energy, TotalEnergy and RootMeanSquared only
//	V      the pixel area, spacing x · spacing y (mm²)
//	p(i)   the fraction of ROI pixels in bin i after discretisation (binWidth / binCount)
//	P_k    the k-th percentile of X, NumPy's linear interpolation between order statistics
//	ε      2⁻⁵²
//
// Sums use NumPy's pairwise summation so that results agree with PyRadiomics to the last bits.

import "math"

// Indices into the firstorder feature list (classCatalog order).
const (
	fo10Percentile = iota
	fo90Percentile
	foEnergy
	foEntropy
	foInterquartileRange
	foKurtosis
	foMaximum
	foMeanAbsoluteDeviation
	foMean
	foMedian
	foMinimum
	foRange
	foRobustMeanAbsoluteDeviation
	foRootMeanSquared
	foSkewness
	foStandardDeviation
	foTotalEnergy
	foUniformity
	foVariance
	foCount
)

// firstOrderFeatures computes the firstorder features flagged in want from the ROI values and
// their discretisation.
//
//	Energy        = Σ (x + c)²
//	TotalEnergy   = V · Σ (x + c)²
//	Entropy       = −Σ p(i) log2(p(i) + ε)
//	Minimum, Maximum, Range = max − min
//	10Percentile  = P_10, 90Percentile = P_90, Median = P_50
//	InterquartileRange = P_75 − P_25
//	Mean          = X̄
//	MeanAbsoluteDeviation       = mean |x − X̄|
//	RobustMeanAbsoluteDeviation = mean |x − X̄₁₀₋₉₀| over the x with P_10 ≤ x ≤ P_90, X̄₁₀₋₉₀
//	                              being their mean
//	RootMeanSquared = √(Σ (x + c)² / N_p)
//	Variance      = Σ (x − X̄)² / N_p (population variance); StandardDeviation = √Variance
//	Skewness      = m₃ / m₂^1.5, Kurtosis = m₄ / m₂² with m_k = mean (x − X̄)^k (not excess
//	                kurtosis); both 0 for a flat ROI
//	Uniformity    = Σ p(i)²
func firstOrderFeatures(rv *roiValues, spacing [2]float64, shift float64, want []bool) []float64 {
	out := make([]float64, foCount)
	x := rv.x
	n := float64(len(x))
	lo, hi := rv.lo, rv.hi
	out[foMinimum] = lo
	out[foMaximum] = hi
	out[foRange] = hi - lo

	// Pairwise sums of x, (x+c)², then of the centred powers, each as NumPy sums them.
	first := pairwiseSums4(x, 2, func(blk []float64, v [4][]float64) {
		v0, v1 := v[0][:len(blk)], v[1][:len(blk)]
		for i, xi := range blk {
			s := xi + shift
			v0[i] = xi
			v1[i] = s * s
		}
	})
	mean := first[0] / n
	energy := first[1]
	out[foMean] = mean
	out[foEnergy] = energy
	out[foTotalEnergy] = energy * (spacing[0] * spacing[1])
	out[foRootMeanSquared] = math.Sqrt(energy / n)

	mom := pairwiseSums4(x, 4, func(blk []float64, v [4][]float64) {
		v0, v1, v2, v3 := v[0][:len(blk)], v[1][:len(blk)], v[2][:len(blk)], v[3][:len(blk)]
		for i, xi := range blk {
			d := xi - mean
			d2 := d * d
			v0[i] = d2
			v1[i] = math.Abs(mean - xi)
			v2[i] = d2 * d
			v3[i] = d2 * d2
		}
	})
	m2 := mom[0] / n
	sd := math.Sqrt(m2)
	out[foStandardDeviation] = sd
	out[foVariance] = sd * sd
	out[foMeanAbsoluteDeviation] = mom[1] / n
	m3, m4 := mom[2]/n, mom[3]/n
	if m2 == 0 { // flat ROI
		out[foSkewness], out[foKurtosis] = 0, 0
	} else {
		out[foSkewness] = m3 / (m2 * math.Sqrt(m2))
		out[foKurtosis] = m4 / (m2 * m2)
	}

	q, med := quantiles(x, lo, hi, []float64{10.0 / 100, 25.0 / 100, 75.0 / 100, 90.0 / 100},
		&rv.order)
	out[fo10Percentile] = q[0]
	out[foInterquartileRange] = q[2] - q[1]
	out[fo90Percentile] = q[3]
	out[foMedian] = med

	// Robust MAD: values outside [P10, P90] are left out (NumPy: set to NaN and skipped; the
	// sums then run over the whole array with those entries as 0, which we reproduce). The
	// selection is a bit mask (all ones or +0), which avoids a hard-to-predict branch.
	p10, p90 := q[0], q[3]
	cnt := 0
	rsum := pairwiseSums4(x, 1, func(blk []float64, v [4][]float64) {
		v0 := v[0][:len(blk)]
		c := 0
		for i, xi := range blk {
			m := -uint64(b2i(xi-p10 >= 0) & b2i(xi-p90 <= 0))
			c += int(m & 1)
			v0[i] = math.Float64frombits(math.Float64bits(xi) & m)
		}
		cnt += c
	})
	rmean := rsum[0] / float64(cnt)
	rdev := pairwiseSums4(x, 1, func(blk []float64, v [4][]float64) {
		v0 := v[0][:len(blk)]
		for i, xi := range blk {
			m := -uint64(b2i(xi-p10 >= 0) & b2i(xi-p90 <= 0))
			v0[i] = math.Float64frombits(math.Float64bits(math.Abs(xi-rmean)) & m)
		}
	})
	out[foRobustMeanAbsoluteDeviation] = rdev[0] / float64(cnt)

	// Histogram of the discretised values: p(i) over the bins present, ascending.
	var probs []float64
	for _, h := range rv.hist[1:] {
		if h > 0 {
			probs = append(probs, float64(h)/n)
		}
	}
	ent := make([]float64, len(probs))
	sq := make([]float64, len(probs))
	for i, p := range probs {
		ent[i] = p * log2(p+eps)
		sq[i] = p * p
	}
	out[foEntropy] = -1.0 * pairwiseSum(ent)
	out[foUniformity] = pairwiseSum(sq)

	for k := range out {
		if !want[k] {
			out[k] = math.NaN()
		}
	}
	return out
}
