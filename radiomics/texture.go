package radiomics

import "math"

// texture is one derived image's discretised ROI in the layout the texture classes share: a
// grid covering the ROI's bounding box plus a border of zeros, so that neighbour lookups never
// leave the slice and need no bounds checks of their own.
//
// Grey levels are stored compactly: the grey levels present in the ROI, in ascending order,
// are numbered from 0 (compact levels), and the matrices are indexed by them. grid holds
// 1 + the compact level of each ROI pixel (0 outside the ROI); levels[c] is the bin index i of
// compact level c, the value the formulas use. Ng is the largest bin index (PyRadiomics' Ng),
// not the number of levels; when every bin from 1 to Ng is present (dense), compact level + 1
// equals the bin index.
type texture struct {
	w, h    int       // bounding box size in pixels
	pad     int       // border width around the box
	pw      int       // grid row length, w + 2·pad
	grid    []int32   // (h+2·pad)·pw cells: compact level + 1, 0 outside the ROI
	roi     []int32   // grid positions of the ROI pixels, in row-major order
	levels  []float64 // bin index of each present grey level, ascending
	bins    []int32   // the same as integers, preceded by 0: bins[c+1] = levels[c]
	dense   bool      // every bin 1 … Ng is present, so bins[c] = c
	counts  []int     // number of ROI pixels of each present grey level
	ng      int       // largest bin index
	spacing [2]float64
	s       *Settings
	layout  *roiLayout
	need    classSet       // the classes that will ask for statistics (see scan)
	sc      *scan          // distance-1 statistics, computed on first use
	nb      *neighbourhood // GLDM/NGTDM statistics at other distances, on first use
}

// classSet says which texture classes an image's features need.
type classSet struct{ glcm, glrlm, glszm, gldm, ngtdm bool }

// roiLayout is the part of a texture that depends only on the ROI, shared by every derived
// image of an extraction: the padded grid (cells outside the ROI stay 0), the ROI pixels'
// positions in it and their runs in each row, the number of ROI pixels among each cell's eight
// neighbours, which directions have lines with two ROI pixels, and scratch space that the
// textures of one worker reuse.
type roiLayout struct {
	w, h, pad, pw int
	roi           []int32   // grid positions of the ROI pixels, row-major
	grid          []int32   // compact levels + 1 of the current texture (0 outside the ROI)
	segs          []segment // the ROI's runs of consecutive pixels in each row, row-major
	rowSeg        []int32   // segments of box row y: segs[rowSeg[y]:rowSeg[y+1]]
	near          []uint8   // per grid cell: ROI pixels among its 8 neighbours (pad ≥ 1)
	multi         [4]bool   // per scanDirs direction: some line holds two ROI pixels (GLRLM)
	zoneWork      zoneWork  // scratch for zone labelling (glszm)
	runLen        []int32   // scratch for run lengths, 6 rows of w+2 (glrlm)
	counts        []int32   // scratch for the scan's integer matrices
	sizes         []float64 // scratch for zone-size histograms (glszm)
}

// newLayout lays out the ROI in (w×h bounding box, row-major) with a border of pad ≥ 1 cells.
func newLayout(in []bool, w, h, pad int) *roiLayout {
	l := &roiLayout{w: w, h: h, pad: pad, pw: w + 2*pad}
	l.grid = make([]int32, (h+2*pad)*l.pw)
	n := 0
	for _, ok := range in {
		n += b2i(ok)
	}
	l.roi = make([]int32, 0, n)
	l.rowSeg = make([]int32, h+1)
	for y := 0; y < h; y++ {
		row := (y+pad)*l.pw + pad
		for x, ok := range in[y*w : (y+1)*w] {
			if ok {
				l.roi = append(l.roi, int32(row+x))
				if x == 0 || !in[y*w+x-1] {
					l.segs = append(l.segs, segment{x0: int32(x)})
				}
				l.segs[len(l.segs)-1].x1 = int32(x + 1)
			}
		}
		l.rowSeg[y+1] = int32(len(l.segs))
	}
	// Neighbour counts: mark the ROI in a byte grid, then add up each cell's 3×3 window.
	mark := make([]uint8, len(l.grid))
	for _, p := range l.roi {
		mark[p] = 1
	}
	l.near = make([]uint8, len(l.grid))
	for _, p := range l.roi {
		u, m, d := mark[int(p)-l.pw-1:int(p)-l.pw+2], mark[p-1:p+2], mark[int(p)+l.pw-1:int(p)+l.pw+2]
		l.near[p] = u[0] + u[1] + u[2] + m[0] + m[2] + d[0] + d[1] + d[2]
	}
	for k, o := range scanDirs {
		l.multi[k] = lineWithTwo(in, w, h, o)
	}
	return l
}

// segment is a run of consecutive ROI pixels in a row: box columns x0 … x1−1.
type segment struct{ x0, x1 int32 }

// lineWithTwo reports whether some line of the w×h box along direction o (dy ≥ 0, dy = 0 only
// with dx = 1) holds two or more ROI pixels, not necessarily adjacent. PyRadiomics drops a
// GLRLM angle for which no line does.
func lineWithTwo(in []bool, w, h int, o offset) bool {
	line := func(y, x int) bool {
		n := 0
		for ; y >= 0 && y < h && x >= 0 && x < w; y, x = y+o.dy, x+o.dx {
			n += b2i(in[y*w+x])
			if n > 1 {
				return true
			}
		}
		return false
	}
	// Line starts: the pixels whose predecessor is outside the box, on the top row and on the
	// first (dx > 0) or last (dx < 0) column.
	if o.dy != 0 {
		for x := 0; x < w; x++ {
			if line(0, x) {
				return true
			}
		}
	}
	if o.dx != 0 {
		x0, y0 := 0, 0
		if o.dx < 0 {
			x0 = w - 1
		}
		if o.dy != 0 {
			y0 = 1
		}
		for y := y0; y < h; y++ {
			if line(y, x0) {
				return true
			}
		}
	}
	return false
}

// texture fills the layout's grid with the bins of one derived image (bins in ROI order, ng
// the largest, hist[i] the number of ROI pixels in bin i) and returns the texture view of it.
func (l *roiLayout) texture(bins []int32, ng int, hist []int32, spacing [2]float64,
	s *Settings, need classSet) *texture {
	t := &texture{w: l.w, h: l.h, pad: l.pad, pw: l.pw, ng: ng, spacing: spacing, s: s,
		grid: l.grid, roi: l.roi, layout: l, need: need}
	cidx := make([]int32, ng+1) // bin index → compact level + 1
	t.bins = append(t.bins, 0)
	for b := 1; b <= ng; b++ {
		if hist[b] > 0 {
			t.levels = append(t.levels, float64(b))
			t.bins = append(t.bins, int32(b))
			t.counts = append(t.counts, int(hist[b]))
			cidx[b] = int32(len(t.levels))
		}
	}
	t.dense = len(t.levels) == ng
	// Segment by segment: the ROI order is the segments' order.
	k := 0
	for y := 0; y < l.h; y++ {
		for _, sg := range l.segs[l.rowSeg[y]:l.rowSeg[y+1]] {
			p := (y+l.pad)*l.pw + l.pad + int(sg.x0)
			n := int(sg.x1 - sg.x0)
			dst, src := l.grid[p:p+n], bins[k:k+n]
			for i, b := range src {
				dst[i] = cidx[b]
			}
			k += n
		}
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

// nearOnly reports whether every offset is at distance 1, so that the distance-1 scan covers
// them (offsets of the 8-neighbourhood that do not fit in the box only meet cells outside the
// ROI, which the scan counts as nothing).
func nearOnly(offs []offset) bool {
	for _, o := range offs {
		if abs(o.dy) > 1 || abs(o.dx) > 1 {
			return false
		}
	}
	return true
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// angleWeight is the weight of an angle's matrix when weightingNorm merges the angles: the
// norm ‖d‖ of the physical offset (1 for no_weighting). sqrt(x²) is exactly |x| in floating
// point, so for the infinity and manhattan norms this is the norm itself, unrounded.
func angleWeight(o offset, spacing [2]float64, norm string) float64 {
	if norm == "no_weighting" {
		return 1
	}
	return math.Sqrt(offsetNormSq(o, spacing, norm))
}

// offsetNormSq is ‖d‖² for the physical offset d = (dy·spacing y, dx·spacing x) under the
// norm "infinity", "euclidean" or "manhattan".
func offsetNormSq(o offset, spacing [2]float64, norm string) float64 {
	ay := math.Abs(float64(o.dy)) * spacing[1]
	ax := math.Abs(float64(o.dx)) * spacing[0]
	switch norm {
	case "infinity":
		m := math.Max(ay, ax)
		return m * m
	case "manhattan":
		s := ay + ax
		return s * s
	}
	return ay*ay + ax*ax // euclidean
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
// at the distances in Settings.Distances, both directions):
//
//	dep[c·nd + k]: pixels of compact level c with k neighbours of the same level (GLDM, α = 0)
//	n[c], s[c]:    pixels of level c and Σ |i − mean of its ROI neighbours| (NGTDM)
type neighbourhood struct {
	nd   int
	dep  []float64
	n, s []float64
}

// neighbours returns the texture's neighbourhood statistics, computing them once: from the
// distance-1 scan when every offset is at distance 1, else in a pass of its own.
func (t *texture) neighbours() *neighbourhood {
	if t.nb != nil {
		return t.nb
	}
	nl := len(t.levels)
	offs := angleOffsets(t.h, t.w, t.s.Distances, true)
	nb := &neighbourhood{nd: len(offs) + 1, n: make([]float64, nl), s: make([]float64, nl)}
	nb.dep = make([]float64, nl*nb.nd)
	if nearOnly(offs) {
		sc := t.scan()
		for c := 0; c < nl; c++ {
			for k := 0; k < nb.nd; k++ {
				nb.dep[c*nb.nd+k] = float64(sc.dep[(c+1)*9+k])
			}
			nb.n[c] = float64(sc.nn[c+1])
			nb.s[c] = sc.ns[c+1]
		}
		t.nb = nb
		return nb
	}
	d := make([]int32, len(offs))
	for k, o := range offs {
		d[k] = int32(o.dy*t.pw + o.dx)
	}
	// A neighbour is in the ROI when its level is not 0, dependent (α = 0) when its level
	// equals the centre's, and bins add up exactly as integers, as PyRadiomics' double
	// accumulator does.
	grid, bins := t.grid, t.bins
	for _, p := range t.roi {
		v := grid[p]
		dep, cnt, isum := 0, 0, 0
		for _, o := range d {
			u := grid[p+o]
			dep += b2i(u == v)
			cnt += b2i(u != 0)
			isum += int(bins[u])
		}
		c := int(v - 1)
		nb.dep[c*nb.nd+dep]++
		diff := 0.0
		if cnt != 0 {
			diff = math.Abs(float64(bins[v]) - float64(isum)/float64(cnt))
		}
		nb.n[c]++
		nb.s[c] += diff
	}
	t.nb = nb
	return nb
}
