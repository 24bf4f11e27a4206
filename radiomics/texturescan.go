package radiomics

import "math"

// The distance-1 scan: one raster pass over the ROI that reads each pixel's 3×3 window once
// and gathers what GLCM, GLRLM, GLSZM, GLDM and NGTDM need from the eight neighbours at
// Chebyshev distance 1. Doing it in one pass instead of five shares the loads and the
// comparisons (GLRLM, GLSZM and GLDM all ask "is this neighbour of the same level?").

// scanDirs are the four forward directions at distance 1 in PyRadiomics' angle order (see
// angleOffsets): south-east, south, south-west, east as (rows, columns).
var scanDirs = [4]offset{{1, 1}, {1, 0}, {1, -1}, {0, 1}}

// scanDir returns o's index in scanDirs, or −1.
func scanDir(o offset) int {
	for k, d := range scanDirs {
		if d == o {
			return k
		}
	}
	return -1
}

// scan holds the distance-1 statistics of a texture: glcm, runs, dep, nn and ns are gathered
// together when one of GLCM, GLRLM, GLDM or NGTDM asks, the zones when GLSZM does; fields not
// gathered are nil. Compact levels are stored + 1 so that 0 means "outside the ROI";
// L = nl + 1.
type scan struct {
	// glcm[k][a·L + b]: pixels of level a whose neighbour in direction scanDirs[k] has level b.
	glcm [4][]int32
	// runs[k][n·L + a]: runs of level a and length n along scanDirs[k].
	runs [4][]int32
	// dep[a·9 + m]: pixels of level a with m neighbours of the same level (GLDM, α = 0).
	dep []int32
	// nn[a], ns[a]: pixels of level a, and Σ |i − mean bin of the ROI neighbours| (NGTDM).
	nn []int32
	ns []float64
	// zoneLevel[z], zoneSize[z]: compact level (not + 1) and pixel count of each 8-connected
	// zone, in the scan order of the zones' first pixels (GLSZM).
	zoneLevel, zoneSize []int32
}

// scan returns the texture's distance-1 statistics for the classes in t.need, computing them
// on first use.
func (t *texture) scan() *scan {
	if t.sc != nil {
		return t.sc
	}
	need := t.need
	doGLCM := need.glcm && nearOnly(angleOffsets(t.h, t.w, t.s.Distances, false))
	doNB := (need.ngtdm || need.gldm && t.s.GLDMAlpha == 0) &&
		nearOnly(angleOffsets(t.h, t.w, t.s.Distances, true))
	t.sc = t.scanNear(doGLCM, doNB, need.glrlm, need.glszm)
	return t.sc
}

// scanNear makes the raster pass, row by row over the ROI's runs of consecutive pixels
// (segments): nearRow gathers the pair, run and neighbourhood statistics of each segment, the
// segment's horizontal runs give the runs along east and, joined with those of the row above,
// the zones (zoneWork).
func (t *texture) scanNear(doGLCM, doNB, doRuns, doZones bool) *scan {
	l := t.layout
	sc := &scan{}
	L := len(t.levels) + 1
	nr := max(t.w, t.h)
	// The pair, run and neighbourhood statistics come from one loop (sharing its loads and
	// comparisons), so all three are gathered when one is asked for.
	near := doGLCM || doRuns || doNB
	size := 0
	if near {
		size = 4*L*L + 4*(nr+1)*L + 9*L + L
	}
	l.counts = growInts32(l.counts, size)
	buf := l.counts
	clear(buf)
	take := func(n int) []int32 {
		s := buf[:n:n]
		buf = buf[n:]
		return s
	}
	if near {
		for k := range sc.glcm {
			sc.glcm[k] = take(L * L)
		}
		for k := range sc.runs {
			sc.runs[k] = take((nr + 1) * L)
		}
		sc.dep = take(9 * L)
		sc.nn = take(L)
		sc.ns = make([]float64, L)
	}
	if !doGLCM && !doRuns && !doNB && !doZones {
		return sc
	}
	// Run lengths along south, south-east and south-west of the previous row and of this one,
	// indexed by box column + 1.
	w := t.w
	l.runLen = growInts32(l.runLen, 6*(w+2))
	rl := l.runLen
	var prev, cur [3][]int32
	for k := range prev {
		prev[k], cur[k] = rl[k*(w+2):(k+1)*(w+2)], rl[(k+3)*(w+2):(k+4)*(w+2)]
	}
	grid, pw := t.grid, t.pw
	// Horizontal runs of the previous row and of this one; zones joins them.
	z := &l.zoneWork
	z.reset()
	var prevRuns, curRuns []hrun
	starts := make([]int32, w+1)
	for y := 0; y < t.h; y++ {
		curRuns = curRuns[:0]
		for _, sg := range l.segs[l.rowSeg[y]:l.rowSeg[y+1]] {
			x0, x1 := int(sg.x0), int(sg.x1)
			p := (y+t.pad)*pw + t.pad + x0 // grid position of the segment's first pixel
			// Row slices from one pixel before the segment to one after it.
			r := rows3{mid: grid[p-1 : p+x1-x0+1]}
			r.up = grid[p-pw-1 : p-pw+x1-x0+1][:len(r.mid)]
			r.dn = grid[p+pw-1 : p+pw+x1-x0+1][:len(r.mid)]
			if near {
				var pr, cr [3][]int32
				for k := range pr {
					pr[k], cr[k] = prev[k][x0:x1+2], cur[k][x0:x1+2]
				}
				nearRow(r, int32(L), pr, cr, l.near[p-1:p+x1-x0+1], t.bins, t.dense, sc)
			}
			if near || doZones {
				curRuns = appendRuns(curRuns, r.mid[1:len(r.mid)-1], sg.x0, starts)
			}
		}
		if near {
			// Along east the runs are the horizontal runs.
			mE := sc.runs[3]
			for _, hr := range curRuns {
				mE[(hr.x1-hr.x0)*int32(L)+hr.level]++
			}
		}
		if doZones {
			z.joinRow(prevRuns, curRuns)
		}
		prev, cur = cur, prev
		prevRuns, curRuns = curRuns, prevRuns
	}
	if doZones {
		sc.zoneLevel, sc.zoneSize = z.zones()
	}
	return sc
}

// hrun is a horizontal run: box columns x0 … x1−1 of one row, all of compact level + 1
// level; id numbers it for the zone labelling.
type hrun struct{ x0, x1, level, id int32 }

// appendRuns appends the horizontal runs of a segment (levels of box columns x0, x0+1, …).
// The run starts are collected without branches (each column is written as a candidate and
// kept by advancing the count when the level changes); starts is scratch of len(seg)+1.
func appendRuns(runs []hrun, seg []int32, x0 int32, starts []int32) []hrun {
	starts = starts[:len(seg)+1]
	n := 1
	for x := 1; x < len(seg); x++ {
		starts[n] = int32(x)
		n += b2i(seg[x] != seg[x-1])
	}
	starts[n] = int32(len(seg))
	for i, s := range starts[:n] {
		runs = append(runs, hrun{x0: x0 + s, x1: x0 + starts[i+1], level: seg[s]})
	}
	return runs
}

// zoneWork labels zones, the 8-connected sets of ROI pixels of one level, by joining
// horizontal runs in a union-find forest: a run is joined with the runs of the row above that
// have its level and touch it, side or corner (columns overlapping once widened by one).
type zoneWork struct {
	parent []int32    // per run: its parent run
	run    []zoneNode // per run: its size and level
}

// zoneNode is a run's size (then, at a root, the zone's size) and compact level + 1.
type zoneNode struct{ size, level int32 }

func (z *zoneWork) reset() {
	z.parent, z.run = z.parent[:0], z.run[:0]
}

// joinRow numbers the runs of a row and joins them with the touching runs of the row above.
func (z *zoneWork) joinRow(prev, cur []hrun) {
	j := 0
	for i := range cur {
		r := &cur[i]
		id := int32(len(z.parent))
		r.id = id
		z.parent = append(z.parent, id)
		z.run = append(z.run, zoneNode{size: r.x1 - r.x0, level: r.level})
		// Runs above that end before column x0−1 touch neither this run nor later ones.
		for j < len(prev) && prev[j].x1 < r.x0 {
			j++
		}
		root := id
		for k := j; k < len(prev) && prev[k].x0 <= r.x1; k++ {
			if prev[k].level == r.level {
				if root == id {
					// The first join: the run simply hangs under that zone's root.
					root = zoneRoot(z.parent, prev[k].id)
					z.parent[id] = root
				} else {
					root = zoneUnion(z.parent, root, prev[k].id)
				}
			}
		}
	}
}

// zones returns the compact level (not + 1) and the size of each zone.
func (z *zoneWork) zones() (level, size []int32) {
	// Roots precede their runs (unions root at the earlier run), so one pass in run order
	// points every run at its root.
	for i, p := range z.parent {
		if p != int32(i) {
			root := z.parent[p]
			z.parent[i] = root
			z.run[root].size += z.run[i].size
		}
	}
	for i, p := range z.parent {
		if p == int32(i) {
			level = append(level, z.run[i].level-1)
			size = append(size, z.run[i].size)
		}
	}
	return level, size
}

// rows3 are three grid rows around a segment, each from the cell before the segment's first
// pixel to the cell after its last: up (the row above), mid, dn (the row below).
type rows3 struct{ up, mid, dn []int32 }

// eq is 1 when the levels a and b are equal, else 0.
func eq(a, b int32) int32 { return int32(b2i(a == b)) }

// zoneRoot returns the root of p's tree, halving the path on the way.
func zoneRoot(parent []int32, p int32) int32 {
	for parent[p] != p {
		parent[p] = parent[parent[p]]
		p = parent[p]
	}
	return p
}

// zoneUnion joins the tree rooted at rp with q's tree, rooting the union at the earlier pixel,
// and returns the union's root.
func zoneUnion(parent []int32, rp, q int32) int32 {
	rq := zoneRoot(parent, q)
	if rq < rp {
		parent[rp] = rq
		return rq
	}
	if rq > rp {
		parent[rq] = rp
	}
	return rp
}

// growInts32 returns buf resized to n, reallocated if its capacity is smaller.
func growInts32(buf []int32, n int) []int32 {
	if cap(buf) < n {
		return make([]int32, n)
	}
	return buf[:n]
}

// nearRow adds a segment's pixels to the distance-1 statistics in sc (see scan):
//
//   - glcm: one pair per forward direction, level of the pixel and level of that neighbour;
//   - runs along south-east, south and south-west: the run ending at a pixel is 1 long plus,
//     if the predecessor (one step back) has the same level, the predecessor's length, and is
//     counted when the successor differs; prev[k] and cur[k] hold the lengths along
//     scanDirs[k] of the row above and of this row, indexed like the row slices (the runs
//     along east are the horizontal runs, counted by scanNear);
//   - dep: the number of neighbours of the same level (GLDM, α = 0);
//   - nn, ns: the NGTDM count and Σ |i − mean bin of the ROI neighbours| (a pixel without ROI
//     neighbours adds 0); near holds each cell's number of ROI neighbours, bins the bin index
//     of each level (the level itself when dense).
//
// The loop has no branch but the loop-invariant one on dense, and its row slices have equal
// lengths, so that the compiler drops their bounds checks; only the counters' checks remain.
func nearRow(r rows3, L int32, prev, cur [3][]int32, near []uint8, bins []int32, dense bool,
	sc *scan) {
	mid := r.mid
	up, dn, near := r.up[:len(mid)], r.dn[:len(mid)], near[:len(mid)]
	pSE, pS, pSW := prev[0][:len(mid)], prev[1][:len(mid)], prev[2][:len(mid)]
	cSE, cS, cSW := cur[0][:len(mid)], cur[1][:len(mid)], cur[2][:len(mid)]
	gSE, gS, gSW, gE := sc.glcm[0], sc.glcm[1], sc.glcm[2], sc.glcm[3]
	mSE, mS, mSW := sc.runs[0], sc.runs[1], sc.runs[2]
	dep, nn, ns := sc.dep, sc.nn, sc.ns
	for x := 1; x < len(mid)-1; x++ {
		a := mid[x]
		nw, n, ne, wv, ev, sw, s, se := up[x-1], up[x], up[x+1], mid[x-1], mid[x+1], dn[x-1],
			dn[x], dn[x+1]
		eNW, eN, eNE, eW, eE, eSW, eS, eSE := eq(nw, a), eq(n, a), eq(ne, a), eq(wv, a),
			eq(ev, a), eq(sw, a), eq(s, a), eq(se, a)

		base := a * L
		gSE[base+se]++
		gS[base+s]++
		gSW[base+sw]++
		gE[base+ev]++

		k1 := 1 + eN*pS[x]
		cS[x] = k1
		mS[k1*L+a] += 1 - eS
		k2 := 1 + eNW*pSE[x-1]
		cSE[x] = k2
		mSE[k2*L+a] += 1 - eSE
		k3 := 1 + eNE*pSW[x+1]
		cSW[x] = k3
		mSW[k3*L+a] += 1 - eSW

		dep[a*9+eNW+eN+eNE+eW+eE+eSW+eS+eSE]++
		bc, sum := a, nw+n+ne+wv+ev+sw+s+se
		if !dense {
			bc = bins[a]
			sum = bins[nw] + bins[n] + bins[ne] + bins[wv] + bins[ev] + bins[sw] + bins[s] +
				bins[se]
		}
		k := near[x]
		has := float64(b2i(k != 0))
		nn[a]++
		ns[a] += math.Abs(float64(bc)-float64(sum)/float64(max(k, 1))) * has
	}
}
