package radiomics

// Two-dimensional shape of the ROI, computed on the mask only.
//
// The contour is a marching-squares mesh, as PyRadiomics' cshape builds it: a 2×2 window moves
// over the mask (padded with one row and column of background on every side); its four corners
// index a table of line segments whose end points lie halfway along the window's edges, oriented
// so that the signed areas of the triangles (origin, a, b) add up to the enclosed area.
//
// Symbols:
//
//	A   mesh surface, ½ Σ (a_y b_x − b_y a_x) over the mesh segments (a, b), in mm²
//	P   perimeter, Σ |a − b|, in mm
//	N_p number of ROI pixels
//	λ_major ≥ λ_minor the eigenvalues of the covariance (÷ N_p) of the physical pixel-centre
//	    coordinates
//
// Physical coordinates are index × spacing (x and y spacing separately).

import (
	"math"
	"slices"
)

// Indices into the shape2D feature list (classCatalog order).
const (
	shElongation = iota
	shMajorAxisLength
	shMaximumDiameter
	shMeshSurface
	shMinorAxisLength
	shPerimeter
	shPerimeterSurfaceRatio
	shPixelSurface
	shSphericalDisproportion
	shSphericity
	shCount
)

// Marching-squares tables. Corners of the window (row, column offsets): p0 (0,0), p1 (0,1),
// p2 (1,1), p3 (1,0); bit k of the window index is set when corner k is in the ROI. Edge
// mid-points: v0 top (0, ½), v1 right (½, 1), v2 bottom (1, ½), v3 left (½, 0). Each row lists
// the segments (pairs of edge numbers) of one window index, −1 terminated.
var (
	squareEdges = [4][2]float64{{0, 0.5}, {0.5, 1}, {1, 0.5}, {0.5, 0}}
	squareLines = [16][5]int{
		{-1, -1, -1, -1, -1}, {3, 0, -1, -1, -1}, {0, 1, -1, -1, -1}, {3, 1, -1, -1, -1},
		{1, 2, -1, -1, -1}, {1, 2, 3, 0, -1}, {0, 2, -1, -1, -1}, {3, 2, -1, -1, -1},
		{2, 3, -1, -1, -1}, {2, 0, -1, -1, -1}, {0, 1, 2, 3, -1}, {2, 1, -1, -1, -1},
		{1, 3, -1, -1, -1}, {1, 0, -1, -1, -1}, {0, 3, -1, -1, -1}, {-1, -1, -1, -1, -1},
	}
)

// shape2DFeatures computes the shape2D features flagged in want for the ROI in (w×h, its
// bounding box) with the pixel spacing (x, y).
//
//	MeshSurface           = A
//	PixelSurface          = N_p · spacing_x · spacing_y
//	Perimeter             = P
//	PerimeterSurfaceRatio = P / A
//	Sphericity            = 2√(πA) / P;  SphericalDisproportion = P / (2√(πA))
//	MaximumDiameter       = the largest distance between two mesh vertices
//	MajorAxisLength       = 4√λ_major, MinorAxisLength = 4√λ_minor
//	Elongation            = √(λ_minor / λ_major)
func shape2DFeatures(in []bool, w, h int, spacing [2]float64, want []bool) []float64 {
	out := make([]float64, shCount)
	// Padded mask (1 inside the ROI), rows of w+2, and the ROI pixels' padded coordinates.
	pw, ph := w+2, h+2
	m := make([]uint8, pw*ph)
	n := 0
	for _, ok := range in {
		n += b2i(ok)
	}
	ys, xs := make([]int32, 0, n), make([]int32, 0, n)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if in[y*w+x] {
				m[(y+1)*pw+x+1] = 1
				ys = append(ys, int32(y+1))
				xs = append(xs, int32(x+1))
			}
		}
	}
	np := len(ys)
	sy, sx := spacing[1], spacing[0]

	perimeter, surface, verts := marchingSquares(m, pw, ph, sy, sx)
	diameter := maxDiameter(verts)

	// Principal axes from the covariance of the pixel centres (padded-grid coordinates, as
	// PyRadiomics: centred, divided by √N_p, then multiplied).
	var meanY, meanX float64
	for k := range ys {
		meanY += float64(ys[k]) * sy
		meanX += float64(xs[k]) * sx
	}
	meanY /= float64(np)
	meanX /= float64(np)
	root := math.Sqrt(float64(np))
	var cyy, cxx, cxy float64
	for k := range ys {
		dy := (float64(ys[k])*sy - meanY) / root
		dx := (float64(xs[k])*sx - meanX) / root
		cyy += dy * dy
		cxx += dx * dx
		cxy += dy * dx
	}
	minor, major := symEigen2(cyy, cxy, cxx)
	// Tiny negative eigenvalues are rounding errors (PyRadiomics clamps those above −1e−10).
	if minor < 0 && minor > -1e-10 {
		minor = 0
	}
	if major < 0 && major > -1e-10 {
		major = 0
	}

	out[shMeshSurface] = surface
	out[shPixelSurface] = float64(np) * (sx * sy)
	out[shPerimeter] = perimeter
	out[shPerimeterSurfaceRatio] = perimeter / surface
	sph := (2 * math.Sqrt(math.Pi*surface)) / perimeter
	out[shSphericity] = sph
	out[shSphericalDisproportion] = 1.0 / sph
	out[shMaximumDiameter] = diameter
	out[shMajorAxisLength] = math.NaN()
	out[shMinorAxisLength] = math.NaN()
	out[shElongation] = math.NaN()
	if major >= 0 {
		out[shMajorAxisLength] = math.Sqrt(major) * 4
	}
	if minor >= 0 {
		out[shMinorAxisLength] = math.Sqrt(minor) * 4
	}
	if minor >= 0 && major >= 0 {
		out[shElongation] = math.Sqrt(minor / major)
	}
	for k := range out {
		if !want[k] {
			out[k] = math.NaN()
		}
	}
	return out
}

// marchingSquares walks the padded mask (pw×ph) and returns the perimeter, the surface and the
// mesh vertices (y, x pairs, physical units) in PyRadiomics' order.
func marchingSquares(m []uint8, pw, ph int, sy, sx float64) (perimeter, surface float64,
	verts []float64) {
	sp := [2]float64{sy, sx}
	for iy := 0; iy < ph-1; iy++ {
		for ix := 0; ix < pw-1; ix++ {
			a := iy*pw + ix
			// Corner bits: p0 (0,0), p1 (0,1), p2 (1,1), p3 (1,0).
			idx := int(m[a]) | int(m[a+1])<<1 | int(m[a+pw+1])<<2 | int(m[a+pw])<<3
			if idx == 0 || idx == 0xF {
				continue
			}
			for t := 0; squareLines[idx][t*2] >= 0; t++ {
				var a, b [2]float64
				ea, eb := squareEdges[squareLines[idx][t*2]], squareEdges[squareLines[idx][t*2+1]]
				for d := 0; d < 2; d++ {
					base := float64(iy)
					if d == 1 {
						base = float64(ix)
					}
					a[d] = (base + ea[d]) * sp[d]
					b[d] = (base + eb[d]) * sp[d]
				}
				surface += a[0]*b[1] - b[0]*a[1]
				d0, d1 := a[0]-b[0], a[1]-b[1]
				perimeter += math.Sqrt(d0*d0 + d1*d1)
			}
			// Each edge vertex once: the left edge (v3) if p0 differs from p3, the bottom
			// edge (v2) if p2 differs from p3. After flipping so that p3 is outside, that is
			// "p0 inside" and "p2 inside".
			if idx > 7 {
				idx ^= 0xF
			}
			if idx&1 != 0 {
				verts = append(verts, (float64(iy)+0.5)*sy, float64(ix)*sx)
			}
			if idx&4 != 0 {
				verts = append(verts, (float64(iy)+1)*sy, (float64(ix)+0.5)*sx)
			}
		}
	}
	return perimeter, surface / 2, verts
}

// maxDiameter returns the largest Euclidean distance between two vertices (y, x pairs). The
// farthest pair lies on the convex hull, so only hull vertices are compared; the squared
// distances are formed exactly as PyRadiomics forms them, so the result is identical.
func maxDiameter(verts []float64) float64 {
	n := len(verts) / 2
	if n < 2 {
		return 0
	}
	pts := make([][2]float64, n)
	for i := range pts {
		pts[i] = [2]float64{verts[2*i], verts[2*i+1]}
	}
	hull := convexHull(pts)
	best := 0.0
	for i := range hull {
		for j := i + 1; j < len(hull); j++ {
			d0 := hull[i][0] - hull[j][0]
			d1 := hull[i][1] - hull[j][1]
			if d := d0*d0 + d1*d1; d > best {
				best = d
			}
		}
	}
	return math.Sqrt(best)
}

// convexHull returns the convex hull of pts (Andrew's monotone chain), collinear points kept
// out. The points are multiples of half the spacing, so orientation tests are exact enough;
// keeping a few extra points would not change the result anyway.
func convexHull(pts [][2]float64) [][2]float64 {
	sortPoints(pts)
	cross := func(o, a, b [2]float64) float64 {
		return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0])
	}
	hull := make([][2]float64, 0, 2*len(pts))
	for _, p := range pts {
		for len(hull) >= 2 && cross(hull[len(hull)-2], hull[len(hull)-1], p) <= 0 {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, p)
	}
	lower := len(hull) + 1
	for i := len(pts) - 2; i >= 0; i-- {
		p := pts[i]
		for len(hull) >= lower && cross(hull[len(hull)-2], hull[len(hull)-1], p) <= 0 {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, p)
	}
	return hull[:len(hull)-1]
}

func sortPoints(pts [][2]float64) {
	slices.SortFunc(pts, func(a, b [2]float64) int {
		switch {
		case a[0] < b[0]:
			return -1
		case a[0] > b[0]:
			return 1
		case a[1] < b[1]:
			return -1
		case a[1] > b[1]:
			return 1
		}
		return 0
	})
}

// symEigen2 returns the eigenvalues (smaller, larger) of the symmetric matrix [[a, b], [b, c]].
func symEigen2(a, b, c float64) (float64, float64) {
	mean := (a + c) / 2
	d := math.Hypot((a-c)/2, b)
	hi := mean + d
	// The smaller eigenvalue from the determinant avoids cancellation when it is tiny.
	lo := mean - d
	if hi != 0 {
		if det := a*c - b*b; math.Abs(lo) < 1e-8*math.Abs(hi) {
			lo = det / hi
		}
	}
	return lo, hi
}
