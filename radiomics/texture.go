package radiomics

import "math"

// texture is one derived image's discretised ROI in the layout the texture classes share: a
// grid covering the ROI's bounding box plus a border of zeros, so that neighbour lookups never
// leave the slice and need no bounds checks.
//
// Grey levels are stored compactly: grid holds c+1 for a pixel of the c-th grey level present
// in the ROI (0 outside the ROI), and levels[c] is that grey level's bin index i, the value the
// formulas use. Ng is the largest bin index (PyRadiomics' Ng), not the number of levels.
type texture struct {
	w, h    int       // bounding box size in pixels
	pad     int       // border width around the box
	pw      int       // grid row length, w + 2·pad
	grid    []int32   // (h+2·pad)·pw cells
	roi     []int32   // grid positions of the ROI pixels, in row-major order
	levels  []float64 // bin index of each present grey level, ascending
	counts  []int     // number of ROI pixels of each present grey level
	ng      int       // largest bin index
	spacing [2]float64
	s       *Settings
	layout  *roiLayout
	nb      *neighbourhood // computed on first use by gldm or ngtdm
}

// roiLayout is the part of a texture that depends only on the ROI, shared by every derived
// image of an extraction: the padded grid (cells outside the ROI stay 0) and the ROI pixels'
// positions in it. Each texture built from the layout overwrites the ROI cells.
type roiLayout struct {
	w, h, pad, pw int
	roi           []int32
	grid          []int32
	bins          []int32   // the same cells holding bin indices (0 outside the ROI)
	lab           []int32   // scratch for zone labelling (glszm)
	sizes         []float64 // scratch for zone-size histograms (glszm)
}

// newLayout lays out the ROI in (w×h bounding box, row-major) with a border of pad cells.
func newLayout(in []bool, w, h, pad int) *roiLayout {
	l := &roiLayout{w: w, h: h, pad: pad, pw: w + 2*pad}
	l.grid = make([]int32, (h+2*pad)*l.pw)
	l.bins = make([]int32, len(l.grid))
	n := 0
	for _, ok := range in {
		n += b2i(ok)
	}
	l.roi = make([]int32, 0, n)
	for y := 0; y < h; y++ {
		row := (y+pad)*l.pw + pad
		for x := 0; x < w; x++ {
			if in[y*w+x] {
				l.roi = append(l.roi, int32(row+x))
			}
		}
	}
	return l
}

// texture fills the layout's grid with the bins of one derived image (bins in ROI order, ng
// the largest) and returns the texture view of it.
func (l *roiLayout) texture(bins []int32, ng int, spacing [2]float64, s *Settings) *texture {
	t := &texture{w: l.w, h: l.h, pad: l.pad, pw: l.pw, ng: ng, spacing: spacing, s: s,
		grid: l.grid, roi: l.roi, layout: l}

	// Map bin index → compact level.
	present := make([]int32, ng+1)
	for _, b := range bins {
		present[b]++
	}
	index := make([]int32, ng+1)
	for b := 1; b <= ng; b++ {
		if present[b] > 0 {
			index[b] = int32(len(t.levels)) + 1
			t.levels = append(t.levels, float64(b))
			t.counts = append(t.counts, int(present[b]))
		}
	}
	for k, p := range l.roi {
		l.grid[p] = index[bins[k]]
		l.bins[p] = bins[k]
	}
	return t
}

// texturePad returns the grid border needed for neighbour distances ds in a w×h box: the
// largest distance, but never more than the box needs (farther neighbours are outside anyway).
func texturePad(ds []int, w, h int) int {
	p := 1
	for _, d := range ds {
		p = max(p, d)
	}
	return min(p, max(w, h))
}

// offset is a neighbour direction: dy rows down and dx columns right.
type offset struct{ dy, dx int }

// angleOffsets returns the neighbour offsets PyRadiomics generates (cmatrices get_angle_count /
// build_angles) for a box of h rows and w columns and the given Chebyshev distances, in its
// order: offsets enumerated from (+d, +d) downwards, y before x, keeping those whose largest
// component is a requested distance and which fit in the box. Without bidirectional only the
// first half is kept (one of each ± pair). For distance 1 that is (1,1), (1,0), (1,−1), (0,1).
func angleOffsets(h, w int, distances []int, bidirectional bool) []offset {
	size := [2]int{h, w}
	var ds []int
	for _, d := range distances {
		if d >= 1 && d < max(h, w) {
			ds = append(ds, d)
		}
	}
	// Number of angles: for each distance, the lattice points of the (2d+1)² square minus those
	// of the (2d−1)² square, each side limited by the box.
	na := 0
	for _, d := range ds {
		outer, inner := 1, 1
		for _, sz := range size {
			if d < sz {
				outer *= 2*d + 1
				inner *= 2*d - 1
			} else {
				outer *= 2*(sz-1) + 1
				inner *= 2*(sz-1) + 1
			}
		}
		na += outer - inner
	}
	if !bidirectional {
		na /= 2
	}
	maxd := 0
	for _, d := range ds {
		maxd = max(maxd, d)
	}
	n := 2*maxd + 1
	out := make([]offset, 0, na)
	for idx := 0; len(out) < na && idx < n*n; idx++ {
		dy := maxd - (idx/n)%n
		dx := maxd - idx%n
		if dy >= h || dy <= -h || dx >= w || dx <= -w {
			continue
		}
		dist := max(abs(dy), abs(dx))
		if dist < 1 {
			continue
		}
		for _, d := range ds {
			if d == dist {
				out = append(out, offset{dy, dx})
				break
			}
		}
	}
	return out
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// angleWeight is the weight of an angle's matrix when weightingNorm merges the angles:
// the norm of the physical offset (dy·spacing y, dx·spacing x).
func angleWeight(o offset, spacing [2]float64, norm string) float64 {
	ay := math.Abs(float64(o.dy)) * spacing[1]
	ax := math.Abs(float64(o.dx)) * spacing[0]
	switch norm {
	case "infinity":
		return math.Max(ay, ax)
	case "euclidean":
		return math.Sqrt(ay*ay + ax*ax)
	case "manhattan":
		return ay + ax
	}
	return 1 // no_weighting
}

// entropyTerm returns −p·log2(p+ε), the summand of every PyRadiomics entropy.
func entropyTerm(p float64) float64 { return -p * log2(p+eps) }

// nanMean returns the mean of the non-NaN values (numpy.nanmean), NaN if there are none.
func nanMean(v []float64) float64 {
	s, n := 0.0, 0
	for _, x := range v {
		if !math.IsNaN(x) {
			s += x
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

// b2i is 1 for true, 0 for false; the compiler turns it into a branch-free set instruction.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// neighbourhood holds what GLDM and NGTDM need from each ROI pixel's neighbours (the offsets
// at the distances in Settings.Distances, both directions), gathered in one pass:
//
//	dep[c·nd + k]: pixels of compact level c with k neighbours of the same level (GLDM, α = 0)
//	n[c], s[c]:    pixels of level c and Σ |i − mean of its ROI neighbours| (NGTDM)
type neighbourhood struct {
	nd   int
	dep  []float64
	n, s []float64
}

// neighbours returns the texture's neighbourhood statistics, computing them once.
func (t *texture) neighbours() *neighbourhood {
	if t.nb != nil {
		return t.nb
	}
	nl := len(t.levels)
	offs := angleOffsets(t.h, t.w, t.s.Distances, true)
	d := make([]int32, len(offs))
	for k, o := range offs {
		d[k] = int32(o.dy*t.pw + o.dx)
	}
	nb := &neighbourhood{nd: len(offs) + 1, n: make([]float64, nl), s: make([]float64, nl)}
	nb.dep = make([]float64, nl*nb.nd)
	// Neighbours are read from the bin grid: a neighbour is in the ROI when its bin is not 0,
	// dependent (α = 0) when its bin equals the centre's, and bins add up exactly as
	// integers, as PyRadiomics' double accumulator does.
	grid, bg := t.grid, t.layout.bins
	near8 := len(offs) == 8 && t.pad >= 1 // the 8 neighbours at distance 1
	pw := t.pw
	for _, p := range t.roi {
		v := grid[p]
		bv := bg[p]
		dep, cnt, isum := 0, 0, 0
		if near8 {
			// The 3×3 window as three row slices, so that the eight reads need no bounds
			// checks of their own.
			r0 := bg[int(p)-pw-1 : int(p)-pw+2]
			r1 := bg[int(p)-1 : int(p)+2]
			r2 := bg[int(p)+pw-1 : int(p)+pw+2]
			a, b, c, e, f, g, h, k := r0[0], r0[1], r0[2], r1[0], r1[2], r2[0], r2[1], r2[2]
			dep = b2i(a == bv) + b2i(b == bv) + b2i(c == bv) + b2i(e == bv) + b2i(f == bv) +
				b2i(g == bv) + b2i(h == bv) + b2i(k == bv)
			cnt = b2i(a != 0) + b2i(b != 0) + b2i(c != 0) + b2i(e != 0) + b2i(f != 0) +
				b2i(g != 0) + b2i(h != 0) + b2i(k != 0)
			isum = int(a) + int(b) + int(c) + int(e) + int(f) + int(g) + int(h) + int(k)
		} else {
			for _, o := range d {
				u := bg[p+o]
				dep += b2i(u == bv)
				cnt += b2i(u != 0)
				isum += int(u)
			}
		}
		c := int(v - 1)
		nb.dep[c*nb.nd+dep]++
		diff := 0.0
		if cnt != 0 {
			diff = math.Abs(float64(bv) - float64(isum)/float64(cnt))
		}
		nb.n[c]++
		nb.s[c] += diff
	}
	t.nb = nb
	return nb
}
