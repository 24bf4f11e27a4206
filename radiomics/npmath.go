package radiomics

import (
	"math"
	"math/bits"
	"slices"
)

// This file holds the few NumPy numerical conventions the features must follow to agree with
// PyRadiomics beyond 1e-12: NumPy's pairwise summation, its linear-interpolation percentile and
// median, and its floor-based modulo.

// eps is NumPy's spacing(1) = 2⁻⁵², the ε PyRadiomics adds inside logarithms.
const eps = 0x1p-52

// pairwiseSum adds a the way numpy.sum does for a contiguous float64 array: blocks of up to 128
// values summed with eight interleaved accumulators, larger arrays split in two halves (the
// first a multiple of 8 long) and summed recursively. The result is bit-identical to NumPy's and
// far more accurate than a running sum.
func pairwiseSum(a []float64) float64 {
	n := len(a)
	switch {
	case n < 8:
		s := 0.0
		for _, v := range a {
			s += v
		}
		return s
	case n <= 128:
		var r [8]float64
		copy(r[:], a[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			r[0] += a[i]
			r[1] += a[i+1]
			r[2] += a[i+2]
			r[3] += a[i+3]
			r[4] += a[i+4]
			r[5] += a[i+5]
			r[6] += a[i+6]
			r[7] += a[i+7]
		}
		s := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			s += a[i]
		}
		return s
	}
	n2 := n / 2
	n2 -= n2 % 8
	return pairwiseSum(a[:n2]) + pairwiseSum(a[n2:])
}

// pyMod is Python's / NumPy's float modulo: the result has the sign of m (floor semantics), so
// pyMod(-3, 25) = 22.
func pyMod(x, m float64) float64 {
	r := math.Mod(x, m)
	if r != 0 && (m < 0) != (r < 0) {
		r += m
	}
	return r
}

// lerp interpolates between a and b as NumPy's quantile does (numpy._lerp): a + (b−a)·t for
// t < 0.5, b − (b−a)·(1−t) otherwise, which is exact at both ends.
func lerp(a, b, t float64) float64 {
	d := b - a
	if t >= 0.5 {
		return b - d*(1-t)
	}
	return a + d*t
}

// quantiles returns numpy.percentile(vals, 100·q) with the default linear method for each q
// (0 ≤ q ≤ 1), computing only the needed order statistics. vals is not modified; work is
// scratch space of at least len(vals) (it is grown if nil or short) and returned for reuse.
func quantiles(vals []float64, qs []float64, work []float64) ([]float64, []float64) {
	n := len(vals)
	out := make([]float64, len(qs))
	if n == 0 {
		for i := range out {
			out[i] = math.NaN()
		}
		return out, work
	}
	if cap(work) < n {
		work = make([]float64, n)
	}
	a := work[:n]
	copy(a, vals)

	// Virtual index (n−1)·q, its floor and the next index, as numpy._quantile computes them.
	type pos struct {
		lo, hi int
		gamma  float64
	}
	ps := make([]pos, len(qs))
	var ranks []int
	for i, q := range qs {
		v := float64(n-1) * q
		lo := int(math.Floor(v))
		hi := lo + 1
		if v >= float64(n-1) {
			lo, hi = n-1, n-1
		}
		if v < 0 {
			lo, hi = 0, 0
		}
		ps[i] = pos{lo: lo, hi: hi, gamma: v - math.Floor(v)}
		ranks = append(ranks, lo, hi)
	}
	slices.Sort(ranks)
	ranks = slices.Compact(ranks)
	multiSelect(a, ranks, 0, 2*bits.Len(uint(n)))
	for i, p := range ps {
		out[i] = lerp(a[p.lo], a[p.hi], p.gamma)
	}
	return out, work
}

// median returns numpy.median(vals): the middle value, or the mean of the two middle values.
func median(vals []float64, work []float64) (float64, []float64) {
	n := len(vals)
	if n == 0 {
		return math.NaN(), work
	}
	if cap(work) < n {
		work = make([]float64, n)
	}
	a := work[:n]
	copy(a, vals)
	if n%2 == 1 {
		multiSelect(a, []int{n / 2}, 0, 2*bits.Len(uint(n)))
		return a[n/2], work
	}
	multiSelect(a, []int{n/2 - 1, n / 2}, 0, 2*bits.Len(uint(n)))
	return (a[n/2-1] + a[n/2]) / 2, work
}

// multiSelect reorders a so that a[k-off] holds the value of rank k for every k in ranks
// (sorted, distinct, absolute positions; off is a's absolute start), like a partial sort. It
// uses three-way partitioning (images repeat values a lot) and falls back to sorting when
// depth runs out, so it is O(n log r) typically and O(n log n) at worst.
func multiSelect(a []float64, ranks []int, off, depth int) {
	for len(ranks) > 0 && len(a) > 1 {
		if len(a) <= 16 || depth == 0 {
			slices.Sort(a)
			return
		}
		depth--
		m := len(a) / 2
		p := median3(a[0], a[m], a[len(a)-1])
		// Partition into < p, == p, > p.
		lt, i, gt := 0, 0, len(a)
		for i < gt {
			switch v := a[i]; {
			case v < p:
				a[lt], a[i] = a[i], a[lt]
				lt++
				i++
			case v > p:
				gt--
				a[gt], a[i] = a[i], a[gt]
			default:
				i++
			}
		}
		// Ranks below lt recurse left; ranks at or above gt continue right; others are done.
		j := 0
		for j < len(ranks) && ranks[j]-off < lt {
			j++
		}
		k := j
		for k < len(ranks) && ranks[k]-off < gt {
			k++
		}
		multiSelect(a[:lt], ranks[:j], off, depth)
		a, ranks, off = a[gt:], ranks[k:], off+gt
	}
}

func median3(a, b, c float64) float64 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	if a > b {
		return a
	}
	return b
}

// log2 is the base-2 logarithm computed as ln(x)/ln(2), which keeps full relative accuracy
// near x = 1 (math.Log2 splits off the exponent first and loses it there). PyRadiomics'
// entropies of a flat ROI, −log2(1+ε) ≈ −3.2e−16, come out the same as NumPy's.
func log2(x float64) float64 { return math.Log(x) / math.Ln2 }
