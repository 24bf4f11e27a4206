package radiomics

import (
	"math"
	"math/bits"
	"slices"
	"sort"
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
		// Eight accumulators in scalar variables, which the compiler keeps in registers.
		r0, r1, r2, r3, r4, r5, r6, r7 := a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]
		m := n - n%8
		for b := a[8:m]; len(b) >= 8; b = b[8:] {
			r0 += b[0]
			r1 += b[1]
			r2 += b[2]
			r3 += b[3]
			r4 += b[4]
			r5 += b[5]
			r6 += b[6]
			r7 += b[7]
		}
		s := ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
		for _, v := range a[m:] {
			s += v
		}
		return s
	}
	n2 := n / 2
	n2 -= n2 % 8
	return pairwiseSum(a[:n2]) + pairwiseSum(a[n2:])
}

// pairwiseSums4 computes k ≤ 4 pairwise sums at once: the sums of f_0(x) … f_{k−1}(x) over x,
// each bit-identical to pairwiseSum of the transformed array, without building those arrays.
// leaf receives a block of at most 128 values and must store f_j(block[i]) in vals[j][i] for
// every i and every j < k (vals[j] has room for 128 values).
func pairwiseSums4(x []float64, k int, leaf func(block []float64,
	vals [4][]float64)) [4]float64 {
	var buf [4][128]float64
	vals := [4][]float64{buf[0][:], buf[1][:], buf[2][:], buf[3][:]}
	return pairwiseSums4Rec(x, k, leaf, vals)
}

func pairwiseSums4Rec(x []float64, k int, leaf func([]float64, [4][]float64),
	vals [4][]float64) [4]float64 {
	n := len(x)
	if n <= 128 {
		leaf(x, vals)
		var out [4]float64
		for j := 0; j < k; j++ {
			out[j] = pairwiseSum(vals[j][:n])
		}
		return out
	}
	n2 := n / 2
	n2 -= n2 % 8
	a := pairwiseSums4Rec(x[:n2], k, leaf, vals)
	b := pairwiseSums4Rec(x[n2:], k, leaf, vals)
	return [4]float64{a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]}
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
// (0 ≤ q ≤ 1) and numpy.median(vals), computing only the order statistics they need. lo and
// hi are the smallest and the largest value.
//
// sc, if not nil, holds work space reused from one call to the next.
func quantiles(vals []float64, lo, hi float64, qs []float64, sc *orderScratch) (q []float64,
	median float64) {
	n := len(vals)
	q = make([]float64, len(qs))
	if n == 0 {
		for i := range q {
			q[i] = math.NaN()
		}
		return q, math.NaN()
	}
	// Virtual index (n−1)·q, its floor and the next index, as numpy._quantile computes them.
	type pos struct {
		lo, hi int
		gamma  float64
	}
	ps := make([]pos, len(qs))
	ranks := []int{(n - 1) / 2, n / 2}
	for i, x := range qs {
		v := float64(n-1) * x
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
	stat := orderStats(vals, lo, hi, ranks, sc)
	at := func(r int) float64 { return stat[slices.Index(ranks, r)] }
	for i, p := range ps {
		q[i] = lerp(at(p.lo), at(p.hi), p.gamma)
	}
	if n%2 == 1 {
		median = at(n / 2)
	} else {
		median = (at(n/2-1) + at(n/2)) / 2
	}
	return q, median
}

// orderStats returns the values of the given ranks (sorted, distinct, 0-based) of vals, which
// must be finite, lo the smallest and hi the largest, without sorting all of vals: values are
// counted into ~n/8 equal-width buckets between the minimum and the maximum (an
// order-preserving map), and only the buckets holding a requested rank are gathered and
// ordered. vals is not modified.
func orderStats(vals []float64, lo, hi float64, ranks []int, sc *orderScratch) []float64 {
	if sc == nil {
		sc = &orderScratch{}
	}
	n := len(vals)
	out := make([]float64, len(ranks))
	scale := 0.0
	nb := min(max(n/8, 1), 1<<16)
	if hi > lo {
		scale = float64(nb) / (hi - lo)
	}
	if math.IsInf(scale, 0) || math.IsNaN(scale) || scale == 0 {
		if hi == lo {
			for i := range out {
				out[i] = lo
			}
			return out
		}
		a := slices.Clone(vals)
		slices.Sort(a)
		for i, r := range ranks {
			out[i] = a[r]
		}
		return out
	}
	bucket := func(v float64) int {
		b := int((v - lo) * scale)
		if b >= nb {
			b = nb - 1
		}
		return b
	}
	// Bucket of each value (nb ≤ 2¹⁶), then the first position of each bucket in order.
	if cap(sc.bucket) < n {
		sc.bucket = make([]uint16, n)
	}
	sc.start = growInts32(sc.start, nb+1)
	sc.next = growInts32(sc.next, nb)
	bk, start := sc.bucket[:n], sc.start
	clear(start)
	for i, v := range vals {
		b := bucket(v)
		bk[i] = uint16(b)
		start[b+1]++
	}
	for b := 1; b <= nb; b++ {
		start[b] += start[b-1]
	}
	// The bucket of each rank; the values of those buckets are gathered contiguously.
	need := make([]int, len(ranks))
	next := sc.next // write position in gathered, −1 for buckets not needed
	for b := range next {
		next[b] = -1
	}
	slot := map[int]int{}
	total := 0
	for i, r := range ranks {
		b := sort.Search(nb, func(b int) bool { return int(start[b+1]) > r })
		need[i] = b
		if next[b] < 0 {
			slot[b] = total
			next[b] = int32(total)
			total += int(start[b+1] - start[b])
		}
	}
	gathered := make([]float64, total)
	for i, v := range vals {
		if b := bk[i]; next[b] >= 0 {
			gathered[next[b]] = v
			next[b]++
		}
	}
	for b, off := range slot {
		part := gathered[off : off+int(start[b+1]-start[b])]
		var rs []int
		for i, r := range ranks {
			if need[i] == b {
				rs = append(rs, r-int(start[b]))
			}
		}
		multiSelect(part, rs, 0, 2*bits.Len(uint(len(part))))
		for i, r := range ranks {
			if need[i] == b {
				out[i] = part[r-int(start[b])]
			}
		}
	}
	return out
}

// orderScratch is orderStats' work space: the bucket of each value, and per bucket its start
// and write position.
type orderScratch struct {
	bucket      []uint16
	start, next []int32
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
