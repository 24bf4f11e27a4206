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

// scan holds the distance-1 statistics of a texture; a field is nil when its class was not
// asked for. Compact levels are stored + 1 so that 0 means "outside the ROI"; L = nl + 1.
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

// scanNear makes the raster pass. Per ROI pixel of compact level + 1 a:
//
//   - glcm: one count per forward direction, at (a, level of the neighbour there);
//   - runs: the length of the run ending at this pixel along each forward direction is 1 plus,
//     if the predecessor (the pixel one step back) has the same level, the predecessor's
//     length; the run is counted when the successor differs. Lengths of the previous row are
//     kept for the three directions that step down a row;
//   - zones: union-find, joining the pixel with its visited neighbours of the same level (west,
//     north-west, north, north-east), which with the later pixels' own joins covers all 8
//     neighbours; trees are rooted at the zones' first pixels;
//   - dep: the number of equal neighbours; nn, ns: the NGTDM sums, from the neighbours' bins.
func (t *texture) scanNear(doGLCM, doNB, doRuns, doZones bool) *scan {
	l := t.layout
	sc := &scan{}
	L := len(t.levels) + 1
	nr := max(t.w, t.h)
	size := 0
	if doGLCM {
		size += 4 * L * L
	}
	if doRuns {
		size += 4 * (nr + 1) * L
	}
	if doNB {
		size += 9*L + L
	}
	l.counts = growInts32(l.counts, size)
	buf := l.counts
	clear(buf)
	take := func(n int) []int32 {
		s := buf[:n:n]
		buf = buf[n:]
		return s
	}
	if doGLCM {
		for k := range sc.glcm {
			sc.glcm[k] = take(L * L)
		}
	}
	if doRuns {
		for k := range sc.runs {
			sc.runs[k] = take((nr + 1) * L)
		}
	}
	if doNB {
		sc.dep = take(9 * L)
		sc.nn = take(L)
		sc.ns = make([]float64, L)
	}
	if doZones {
		l.parent = growInts32(l.parent, len(t.grid))
	}
	if !doGLCM && !doRuns && !doNB && !doZones {
		return sc
	}
	// Run lengths along south, south-east and south-west of the previous row and of this one,
	// indexed like the row slices below.
	w := t.w
	l.runLen = growInts32(l.runLen, 6*(w+2))
	rl := l.runLen
	prevS, prevSE, prevSW := rl[0:w+2], rl[w+2:2*(w+2)], rl[2*(w+2):3*(w+2)]
	curS, curSE, curSW := rl[3*(w+2):4*(w+2)], rl[4*(w+2):5*(w+2)], rl[5*(w+2):6*(w+2)]

	grid, near, parent, bins, dense := t.grid, l.near, l.parent, t.bins, t.dense
	pw := t.pw
	glSE, glS, glSW, glE := sc.glcm[0], sc.glcm[1], sc.glcm[2], sc.glcm[3]
	rSE, rS, rSW, rE := sc.runs[0], sc.runs[1], sc.runs[2], sc.runs[3]
	dep, nn, ns := sc.dep, sc.nn, sc.ns
	for y := 0; y < t.h; y++ {
		row := (y+t.pad)*pw + t.pad // grid position of the box pixel (0, y)
		// Row slices from column −1 to column w, so that x−1 and x+1 need no bounds checks.
		mid := grid[row-1 : row+w+1]
		up := grid[row-pw-1 : row-pw+w+1][:len(mid)]
		dn := grid[row+pw-1 : row+pw+w+1][:len(mid)]
		nc := near[row-1 : row+w+1][:len(mid)]
		pS, pSE, pSW := prevS[:len(mid)], prevSE[:len(mid)], prevSW[:len(mid)]
		cS, cSE, cSW := curS[:len(mid)], curSE[:len(mid)], curSW[:len(mid)]
		runE := int32(0)
		for x := 1; x < len(mid)-1; x++ {
			a := mid[x] // compact level + 1
			if a == 0 {
				continue
			}
			nw, n, ne := up[x-1], up[x], up[x+1]
			wv, ev := mid[x-1], mid[x+1]
			sw, s, se := dn[x-1], dn[x], dn[x+1]
			eNW, eN, eNE := int32(b2i(nw == a)), int32(b2i(n == a)), int32(b2i(ne == a))
			eW, eE := int32(b2i(wv == a)), int32(b2i(ev == a))
			eSW, eS, eSE := int32(b2i(sw == a)), int32(b2i(s == a)), int32(b2i(se == a))
			if doGLCM {
				base := a * int32(L)
				glSE[base+se]++
				glS[base+s]++
				glSW[base+sw]++
				glE[base+ev]++
			}
			if doRuns {
				runE = 1 + eW*runE
				rE[runE*int32(L)+a] += 1 - eE
				n1 := 1 + eN*pS[x]
				cS[x] = n1
				rS[n1*int32(L)+a] += 1 - eS
				n2 := 1 + eNW*pSE[x-1]
				cSE[x] = n2
				rSE[n2*int32(L)+a] += 1 - eSE
				n3 := 1 + eNE*pSW[x+1]
				cSW[x] = n3
				rSW[n3*int32(L)+a] += 1 - eSW
			}
			if doNB {
				m := eNW + eN + eNE + eW + eE + eSW + eS + eSE
				dep[a*9+m]++
				diff := 0.0
				if k := nc[x]; k != 0 {
					// The mean of the neighbours' bins (0 outside the ROI).
					bc, sum := a, nw+n+ne+wv+ev+sw+s+se
					if !dense {
						bc = bins[a]
						sum = bins[nw] + bins[n] + bins[ne] + bins[wv] + bins[ev] + bins[sw] +
							bins[s] + bins[se]
					}
					diff = math.Abs(float64(bc) - float64(sum)/float64(k))
				}
				nn[a]++
				ns[a] += diff
			}
			if doZones {
				p := int32(row + x - 1)
				// Visited neighbours of equal level already joined to each other need no
				// second union: the north neighbour was joined with its west and east
				// neighbours (this pixel's NW and NE) and with this pixel's west neighbour
				// when those were scanned; the west neighbour was joined with its north.
				switch {
				case eN != 0:
					parent[p] = zoneRoot(parent, p-int32(pw))
				case eW != 0:
					r := zoneRoot(parent, p-1)
					if eNE != 0 {
						r = zoneUnion(parent, r, p-int32(pw)+1)
					}
					parent[p] = r
				case eNW != 0:
					r := zoneRoot(parent, p-int32(pw)-1)
					if eNE != 0 {
						r = zoneUnion(parent, r, p-int32(pw)+1)
					}
					parent[p] = r
				case eNE != 0:
					parent[p] = zoneRoot(parent, p-int32(pw)+1)
				default:
					parent[p] = p
				}
			}
		}
		prevS, curS = curS, prevS
		prevSE, curSE = curSE, prevSE
		prevSW, curSW = curSW, prevSW
	}
	if doZones {
		sc.zoneLevel, sc.zoneSize = t.zones(parent)
	}
	return sc
}

// zones resolves the union-find forest of the scan into zones. Every pixel's parent precedes
// it (pixels join earlier roots, roots join earlier roots), so in scan order the parent of a
// pixel already points at its root: one pass sizes every zone, counting at the roots.
func (t *texture) zones(parent []int32) (level, size []int32) {
	l := t.layout
	l.zoneCount = growInts32(l.zoneCount, len(parent))
	count := l.zoneCount
	var roots []int32
	for _, p := range t.roi {
		r := parent[p]
		if r == p {
			roots = append(roots, p)
			count[p] = 1
			continue
		}
		r = parent[r]
		parent[p] = r
		count[r]++
	}
	level = make([]int32, len(roots))
	size = make([]int32, len(roots))
	for z, r := range roots {
		level[z] = t.grid[r] - 1
		size[z] = count[r]
	}
	return level, size
}

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
