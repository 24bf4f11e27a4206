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

// binEdges returns the discretisation edges for ROI values from lo to hi.
func binEdges(lo, hi float64, s *Settings) ([]float64, error) {
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

// roiValues are a derived image's ROI intensities and what several classes share of them.
type roiValues struct {
	x      []float64 // intensities in ROI order (finite)
	lo, hi float64   // their minimum and maximum
	bins   []int32   // bin index of each value, 1 … ng
	hist   []int32   // hist[i]: number of values in bin i, i = 0 … ng
	ng     int       // largest bin index
	order  orderScratch
}

// discretize bins the ROI values (v.x, v.lo, v.hi set) and fills v.bins, v.hist and v.ng,
// reusing their storage.
func (v *roiValues) discretize(s *Settings) error {
	edges, err := binEdges(v.lo, v.hi, s)
	if err != nil {
		return err
	}
	x := v.x
	v.bins = growInts32(v.bins, len(x))
	v.hist = growInts32(v.hist, len(edges)+1)
	out, hist := v.bins[:len(x)], v.hist
	clear(hist)
	ng := int32(0)
	// Guess the bin from the edge spacing and correct it; edges are sorted, so the guess is
	// off by at most one and the loops rarely run. Values are ≥ edges[0], so truncation is
	// the floor.
	inv := float64(len(edges)-1) / (edges[len(edges)-1] - edges[0])
	e0 := edges[0]
	last := int32(len(edges))
	for i, xv := range x {
		b := int32((xv-e0)*inv) + 1
		if b < 0 || b > last {
			b = binOf(edges, xv)
		} else {
			for b < last && edges[b] <= xv {
				b++
			}
			for b > 0 && edges[b-1] > xv {
				b--
			}
		}
		out[i] = b
		hist[b]++
		ng = max(ng, b)
	}
	v.ng = int(ng)
	v.hist = hist[:ng+1]
	return nil
}
