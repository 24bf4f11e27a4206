package radiomics

import (
	"fmt"
	"math"
	"sort"
)

// Grey-level discretisation, as PyRadiomics' getBinEdges and binImage do it.
//
// Fixed bin width W (binWidth): the edges are lowBound, lowBound+W, … with
// lowBound = min − (min mod W) (floor modulo, so negative values work), up to max + 2W. A value
// on an edge goes to the upper bin, so with b = number of edges ≤ x the ROI minimum is always in
// bin 1 and b = ⌊x/W⌋ − ⌊min/W⌋ + 1 in exact arithmetic.
//
// Fixed bin count N (binCount): N equal bins between the ROI minimum and maximum (the edges of
// numpy.histogram(x, N)), the last edge raised by 1 so that the maximum falls in bin N; a flat
// ROI gets the edges min−0.5 … min+0.5.

// maxBins bounds the number of bins so that a tiny binWidth on a wide range is an error rather
// than a memory exhaustion (texture matrices grow with the square of the bin count).
const maxBins = 1 << 16

// binEdges returns the discretisation edges for the ROI values vals (at least one value).
func binEdges(vals []float64, s *Settings) ([]float64, error) {
	lo, hi := vals[0], vals[0]
	for _, v := range vals[1:] {
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	if s.BinCount > 0 {
		return countEdges(lo, hi, s.BinCount), nil
	}
	w := s.BinWidth
	low := lo - pyMod(lo, w)
	high := hi + 2*w
	// numpy.arange(low, high, w): length ⌈(high−low)/w⌉, values low + i·δ with
	// δ = (low+w) − low, computed exactly as NumPy fills the array.
	length := math.Ceil((high - low) / w)
	if !(length <= maxBins) {
		return nil, fmt.Errorf("binWidth %s on ROI range [%s, %s] gives more than %d bins; "+
			"use a larger binWidth or binCount", fmtFloat(w), fmtFloat(lo), fmtFloat(hi), maxBins)
	}
	n := int(length)
	if n <= 1 {
		return []float64{low - 0.5, low + 0.5}, nil
	}
	edges := make([]float64, n)
	edges[0] = low
	edges[1] = low + w
	delta := edges[1] - edges[0]
	for i := 2; i < n; i++ {
		edges[i] = low + float64(i)*delta
	}
	return edges, nil
}

// countEdges returns numpy.histogram(x, n) edges for x in [lo, hi], last edge + 1.
func countEdges(lo, hi float64, n int) []float64 {
	if lo == hi {
		lo -= 0.5
		hi += 0.5
	}
	edges := make([]float64, n+1)
	step := (hi - lo) / float64(n)
	for i := range edges {
		edges[i] = float64(i)*step + lo
	}
	edges[n] = hi
	edges[n] += 1
	return edges
}

// binOf returns the bin of v: the number of edges ≤ v (numpy.digitize, right=False). A value
// below the first edge would get 0; discretised ROI values are always ≥ 1.
func binOf(edges []float64, v float64) int32 {
	return int32(sort.Search(len(edges), func(i int) bool { return edges[i] > v }))
}

// discretize bins the ROI values (ROI order) and returns their bins and the largest bin Ng.
func discretize(vals []float64, s *Settings, out []int32) ([]int32, int, error) {
	edges, err := binEdges(vals, s)
	if err != nil {
		return nil, 0, err
	}
	if cap(out) < len(vals) {
		out = make([]int32, len(vals))
	}
	out = out[:len(vals)]
	ng := int32(0)
	// Guess the bin from the edge spacing and correct it; edges are sorted, so the guess is
	// off by at most one and the loop rarely runs.
	w := (edges[len(edges)-1] - edges[0]) / float64(len(edges)-1)
	last := int32(len(edges))
	for i, v := range vals {
		b := int32(math.Floor((v-edges[0])/w)) + 1
		if b < 0 || b > last {
			b = binOf(edges, v)
		} else {
			for b < last && edges[b] <= v {
				b++
			}
			for b > 0 && edges[b-1] > v {
				b--
			}
		}
		out[i] = b
		if b > ng {
			ng = b
		}
	}
	return out, int(ng), nil
}
