package radiomics

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

func init() {
	register("LoG", logBox, logNames, nil)
}

// The LoG image type is ITK's LaplacianRecursiveGaussianImageFilter as PyRadiomics calls it
// (SimpleITK, NormalizeAcrossScale on, sigma in millimetres):
//
//	LoG = Σ_d  G_other(∂²G_d(x)) / spacing_d²
//
// where, for each axis d (x then y), ∂²G_d is the recursive (Deriche-type, fourth-order IIR)
// approximation of the second derivative of a Gaussian along d and G_other the recursive
// Gaussian along the other axis, both with σ_d = sigma / spacing_d pixels. The second-
// derivative filter is normalised so that it returns 2·σ² for x² (σ in mm, "normalise across
// scale"); the smoothing filter has unit gain. Each line is filtered by a causal and an
// anti-causal pass whose start values assume the edge pixel repeats beyond the border, with
// ITK's coefficients and boundary coefficients (RecursiveGaussianImageFilter::SetUp).
//
// ITK keeps the intermediate images of this filter (derivative, smoothed derivative, running
// sum) in 32-bit float while it filters each line in float64; the same roundings are applied
// here, so results carry float32 precision (about 6e-8 relative) like PyRadiomics' own.
//
// PyRadiomics skips, with a warning, every sigma when the image is smaller than 4 pixels along
// an axis, and a sigma when sigma/spacing + 1 exceeds the image size along an axis.

// logName returns PyRadiomics' name for a sigma: "log-sigma-<str(sigma)>-mm-3D" with the dots
// of Python's text of the number replaced by dashes: "log-sigma-1-0-mm-3D" for the float 1.0,
// "log-sigma-1-mm-3D" for the integer 1 (integer says which the parameter file wrote).
func logName(sigma float64, integer bool) string {
	text := pythonFloat(sigma)
	if integer {
		text = strconv.FormatFloat(sigma, 'f', -1, 64) // Python's str(int)
	}
	return "log-sigma-" + strings.ReplaceAll(text, ".", "-") + "-mm-3D"
}

// pythonFloat formats v as Python's str(float) does: the shortest text that reads back to v,
// with ".0" for integral values, and scientific notation ("1e-05", "1e+16") when the decimal
// exponent is below −4 or at least 16.
func pythonFloat(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	e := strconv.FormatFloat(v, 'e', -1, 64) // d.ddde±XX
	mant, expText, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expText)
	if exp < -4 || exp >= 16 {
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", mant, sign, exp)
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// logNames lists the LoG images for the settings: one per positive sigma, in order.
func logNames(s *Settings) []string {
	var names []string
	for i, sg := range s.Sigma {
		if sg > 0 {
			names = append(names, logName(sg, sigmaInt(s, i)))
		}
	}
	return names
}

// logBox computes one LoG image per sigma inside box b. Skipped sigmas are reported in a
// *skippedImages error returned together with the images that were made.
func logBox(src *source, s *Settings, b bbox) ([]Derived, error) {
	img := src.img
	if err := checkBox("LoG", img, b); err != nil {
		return nil, err
	}
	if len(s.Sigma) == 0 {
		return nil, nil
	}
	if img.Width < 4 || img.Height < 4 {
		return nil, &skippedImages{Warnings: []string{fmt.Sprintf(
			"LoG: image too small to apply the LoG filter (size %d×%d, at least 4×4 needed); "+
				"no LoG images", img.Width, img.Height)}}
	}
	var skipped []string
	var out []Derived
	var lg *logFilter
	for i, sg := range s.Sigma {
		name := logName(sg, sigmaInt(s, i))
		if !(sg > 0) {
			skipped = append(skipped, fmt.Sprintf("LoG: sigma must be greater than 0 (got %g); "+
				"skipped", sg))
			continue
		}
		if float64(img.Width) < math.Ceil(sg/img.Spacing[0])+1 ||
			float64(img.Height) < math.Ceil(sg/img.Spacing[1])+1 {
			skipped = append(skipped, fmt.Sprintf("LoG: sigma %g mm with spacing %g×%g mm "+
				"needs more than %d×%d pixels (sigma/spacing + 1); %s skipped",
				sg, img.Spacing[0], img.Spacing[1], img.Width, img.Height, name))
			continue
		}
		if lg == nil {
			lg = newLogFilter(src, b, s.Sigma)
			defer lg.release()
		}
		out = append(out, Derived{Name: name, Image: lg.apply(sg)})
	}
	if len(skipped) > 0 {
		return out, &skippedImages{Warnings: skipped}
	}
	return out, nil
}

// recursiveCoeffs are the coefficients of one ITK recursive Gaussian filter.
type recursiveCoeffs struct {
	n0, n1, n2, n3     float64 // causal numerator
	m1, m2, m3, m4     float64 // anti-causal numerator
	d1, d2, d3, d4     float64 // denominator (both passes)
	bn1, bn2, bn3, bn4 float64 // causal boundary
	bm1, bm2, bm3, bm4 float64 // anti-causal boundary
}

// recursiveGaussian computes ITK's coefficients for sigma (mm) on an axis with the given
// spacing; order is 0 (smoothing) or 2 (second derivative, normalised across scale).
func recursiveGaussian(sigma, spacing float64, order int) recursiveCoeffs {
	// Deriche's fit of the Gaussian and its derivatives by sums of two damped exponentials.
	const (
		w1, l1 = 0.6681, -1.3932
		w2, l2 = 2.0787, -1.3732
	)
	a1 := [3]float64{1.3530, -0.6724, -1.3563}
	b1 := [3]float64{1.8151, -3.4327, 5.2318}
	a2 := [3]float64{-0.3531, 0.6724, 0.3446}
	b2 := [3]float64{0.0902, 0.6100, -2.2355}

	sd := sigma / spacing
	var c recursiveCoeffs
	cos1, cos2 := math.Cos(w1/sd), math.Cos(w2/sd)
	exp1, exp2 := math.Exp(l1/sd), math.Exp(l2/sd)
	c.d4 = exp1 * exp1 * exp2 * exp2
	c.d3 = -2 * cos1 * exp1 * exp2 * exp2
	c.d3 += -2 * cos2 * exp2 * exp1 * exp1
	c.d2 = 4 * cos2 * cos1 * exp1 * exp2
	c.d2 += exp1*exp1 + exp2*exp2
	c.d1 = -2 * (exp2*cos2 + exp1*cos1)
	SD := 1.0 + c.d1 + c.d2 + c.d3 + c.d4
	DD := c.d1 + 2*c.d2 + 3*c.d3 + 4*c.d4
	ED := c.d1 + 4*c.d2 + 9*c.d3 + 16*c.d4

	// numerator returns N0..N3 and the sums SN, DN, EN for one set of weights.
	numerator := func(A1, B1, A2, B2 float64) (n [4]float64, sn, dn, en float64) {
		sin1, sin2 := math.Sin(w1/sd), math.Sin(w2/sd)
		n[0] = A1 + A2
		n[1] = exp2 * (B2*sin2 - (A2+2*A1)*cos2)
		n[1] += exp1 * (B1*sin1 - (A1+2*A2)*cos1)
		n[2] = (A1 + A2) * cos2 * cos1
		n[2] -= B1*cos2*sin1 + B2*cos1*sin2
		n[2] *= 2 * exp1 * exp2
		n[2] += A2*exp1*exp1 + A1*exp2*exp2
		n[3] = exp2 * exp1 * exp1 * (B2*sin2 - A2*cos2)
		n[3] += exp1 * exp2 * exp2 * (B1*sin1 - A1*cos1)
		sn = n[0] + n[1] + n[2] + n[3]
		dn = n[1] + 2*n[2] + 3*n[3]
		en = n[1] + 4*n[2] + 9*n[3]
		return
	}

	var n [4]float64
	switch order {
	case 0:
		var sn float64
		n, sn, _, _ = numerator(a1[0], b1[0], a2[0], b2[0])
		alpha0 := 2*sn/SD - n[0]
		for i := range n {
			n[i] *= 1.0 / alpha0
		}
	case 2:
		n0, sn0, dn0, en0 := numerator(a1[0], b1[0], a2[0], b2[0])
		n2, sn2, dn2, en2 := numerator(a1[2], b1[2], a2[2], b2[2])
		beta := -(2*sn2 - SD*n2[0]) / (2*sn0 - SD*n0[0])
		for i := range n {
			n[i] = n2[i] + beta*n0[i]
		}
		sn := sn2 + beta*sn0
		dn := dn2 + beta*dn0
		en := en2 + beta*en0
		alpha2 := en*SD*SD - ED*sn*SD - 2*dn*DD*SD + 2*DD*DD*sn
		alpha2 /= SD * SD * SD
		scale := sigma * sigma // normalise across scale, sigma in mm
		for i := range n {
			n[i] *= scale / alpha2
		}
	default:
		panic("radiomics: recursive Gaussian order must be 0 or 2")
	}
	c.n0, c.n1, c.n2, c.n3 = n[0], n[1], n[2], n[3]

	// Symmetric kernel (orders 0 and 2).
	c.m1 = c.n1 - c.d1*c.n0
	c.m2 = c.n2 - c.d2*c.n0
	c.m3 = c.n3 - c.d3*c.n0
	c.m4 = -c.d4 * c.n0

	SN := c.n0 + c.n1 + c.n2 + c.n3
	SM := c.m1 + c.m2 + c.m3 + c.m4
	SD = 1.0 + c.d1 + c.d2 + c.d3 + c.d4
	c.bn1, c.bn2, c.bn3, c.bn4 = c.d1*SN/SD, c.d2*SN/SD, c.d3*SN/SD, c.d4*SN/SD
	c.bm1, c.bm2, c.bm3, c.bm4 = c.d1*SM/SD, c.d2*SM/SD, c.d3*SM/SD, c.d4*SM/SD
	return c
}

// logFilter holds the working buffers for the LoG images of one input image inside box b.
type logFilter struct {
	src        *source
	img        *Image
	b          bbox
	blk, t     []float64 // region block and its transpose
	a, c       []float64 // recursion output and scratch
	colsY, tmp []float64
}

// newLogFilter prepares buffers large enough for the largest sigma's region.
func newLogFilter(src *source, b bbox, sigmas []float64) *logFilter {
	img := src.img
	f := &logFilter{src: src, img: img, b: b}
	smax := 0.0
	for _, s := range sigmas {
		smax = math.Max(smax, s)
	}
	rw := min(img.Width, b.w()+2*logMargin(smax/img.Spacing[0]))
	rh := min(img.Height, b.h()+2*logMargin(smax/img.Spacing[1]))
	n := rw * rh
	pool := src.pool
	f.blk, f.t, f.a, f.c = pool.get(n), pool.get(n), pool.get(n), pool.get(n)
	f.colsY = pool.get(max(rh*b.w(), rw*b.h()))
	f.tmp = pool.get(b.w() * b.h())
	return f
}

// release hands the work space back to the source's pool.
func (f *logFilter) release() {
	f.src.pool.put(f.blk, f.t, f.a, f.c, f.colsY, f.tmp)
}

// logMargin is how far (pixels) a recursion along an axis of pixel size sigmaPix must start
// before the first sample it has to get right: the filter's poles have modulus at most
// exp(−1.3732/sigmaPix), so after 38·sigmaPix samples a different starting state has decayed
// by 2⁻⁷⁵ (far below float64 rounding of the result, let alone the float32 ITK stores).
func logMargin(sigmaPix float64) int { return int(math.Ceil(38*sigmaPix)) + 4 }

// apply returns the LoG image for sigma (mm) inside the box. As in ITK, every intermediate
// image (after the derivative, after the smoothing, and the running sum) is stored in float32,
// while each line is filtered in float64. Lines are filtered from the image border when the
// border is within logMargin of the box, otherwise from logMargin before it, with ITK's border
// initialisation at that point; the difference is far below float32 precision, and a box that
// is the whole image is filtered exactly as ITK does.
func (f *logFilter) apply(sigma float64) *Image {
	W, H := f.img.Width, f.img.Height
	b := f.b
	bw, bh := b.w(), b.h()
	sx, sy := f.img.Spacing[0], f.img.Spacing[1]
	kx, ky := logMargin(sigma/sx), logMargin(sigma/sy)
	rx0, rx1 := max(0, b.x0-kx), min(W, b.x1+kx)
	ry0, ry1 := max(0, b.y0-ky), min(H, b.y1+ky)
	rw, rh := rx1-rx0, ry1-ry0
	out := newBoxImage(f.src, b)

	// The region block, and its transpose (rw rows of rh).
	f.blk = growFloats(f.blk, rw*rh)
	for y := ry0; y < ry1; y++ {
		copy(f.blk[(y-ry0)*rw:(y-ry0+1)*rw], f.img.Pix[y*W+rx0:y*W+rx1])
	}
	f.t = growFloats(f.t, rw*rh)
	transpose(f.blk, rw, rh, f.t)
	f.a = growFloats(f.a, rw*rh)
	f.c = growFloats(f.c, rw*rh)

	// x term: second derivative along x (rows of the transposed block), kept for the box
	// columns; then smoothing along y of those columns, kept for the box rows.
	d := recursiveColumns(f.t, f.a, f.c, rh, rw, b.x0-rx0, b.x1-rx0,
		recursiveGaussian(sigma, sx, 2))
	roundFloat32(d)
	f.colsY = growFloats(f.colsY, rh*bw) // rh rows × box columns
	transpose(d, rh, bw, f.colsY)
	sm := recursiveColumns(f.colsY, f.a, f.c, bw, rh, b.y0-ry0, b.y1-ry0,
		recursiveGaussian(sigma, sy, 0))
	inv := 1.0 / (sx * sx)
	op := out.Pix[:len(sm)]
	for i, v := range sm {
		op[i] = float64(float32(0 + float64(float32(v))*inv))
	}

	// y term: second derivative along y (rw wide), kept for the box rows; then smoothing along
	// x of those rows, kept for the box columns.
	d = recursiveColumns(f.blk, f.a, f.c, rw, rh, b.y0-ry0, b.y1-ry0,
		recursiveGaussian(sigma, sy, 2))
	roundFloat32(d)
	f.colsY = growFloats(f.colsY, rw*bh) // rw rows (x) × box rows
	transpose(d, rw, bh, f.colsY)
	sm = recursiveColumns(f.colsY, f.a, f.c, bh, rw, b.x0-rx0, b.x1-rx0,
		recursiveGaussian(sigma, sx, 0))
	f.tmp = growFloats(f.tmp, bw*bh)
	transpose(sm, bh, bw, f.tmp) // back to box rows × box columns
	inv = 1.0 / (sy * sy)
	op = out.Pix[:len(f.tmp)]
	for i, v := range f.tmp {
		op[i] = float64(float32(op[i] + float64(float32(v))*inv))
	}
	return out
}

// roundFloat32 rounds every value to the nearest float32.
func roundFloat32(v []float64) {
	for i, x := range v {
		v[i] = float64(float32(x))
	}
}

// transpose writes the transpose of the row-major w×h matrix src (h rows of w) into dst
// (w rows of h).
func transpose(src []float64, w, h int, dst []float64) {
	const blk = 32
	for y0 := 0; y0 < h; y0 += blk {
		for x0 := 0; x0 < w; x0 += blk {
			for y := y0; y < min(y0+blk, h); y++ {
				row := src[y*w : y*w+w]
				for x := x0; x < min(x0+blk, w); x++ {
					dst[x*h+y] = row[x]
				}
			}
		}
	}
}

// recursiveColumns runs ITK's causal + anti-causal recursive filter along every column of the
// row-major w×h image in (h ≥ 4) and returns rows lo…hi−1 of the result (a slice of out, which
// must hold w·h values; scratch too). Columns are processed together, row by row, with the
// same operations and operation order per pixel as ITK's
// RecursiveSeparableImageFilter::FilterDataArray; the causal pass stops at row hi−1 and the
// anti-causal pass at row lo, which changes nothing in the rows returned.
func recursiveColumns(in, out, scratch []float64, w, h, lo, hi int, c recursiveCoeffs) []float64 {
	row := func(buf []float64, i int) []float64 { return buf[i*w : i*w+w] }

	// Causal pass; the first pixel is assumed to extend to −∞.
	d0, d1, d2, d3 := row(in, 0), row(in, 1), row(in, 2), row(in, 3)
	o0, o1, o2, o3 := row(out, 0), row(out, 1), row(out, 2), row(out, 3)
	for x := 0; x < w; x++ {
		v := d0[x]
		o0[x] = v*c.n0 + v*c.n1 + v*c.n2 + v*c.n3
		o1[x] = d1[x]*c.n0 + v*c.n1 + v*c.n2 + v*c.n3
		o2[x] = d2[x]*c.n0 + d1[x]*c.n1 + v*c.n2 + v*c.n3
		o3[x] = d3[x]*c.n0 + d2[x]*c.n1 + d1[x]*c.n2 + v*c.n3
		o0[x] -= v*c.bn1 + v*c.bn2 + v*c.bn3 + v*c.bn4
		o1[x] -= o0[x]*c.d1 + v*c.bn2 + v*c.bn3 + v*c.bn4
		o2[x] -= o1[x]*c.d1 + o0[x]*c.d2 + v*c.bn3 + v*c.bn4
		o3[x] -= o2[x]*c.d1 + o1[x]*c.d2 + o0[x]*c.d3 + v*c.bn4
	}
	for i := 4; i < hi; i++ {
		di, dm1, dm2, dm3 := row(in, i), row(in, i-1), row(in, i-2), row(in, i-3)
		oi, om1, om2, om3, om4 := row(out, i), row(out, i-1), row(out, i-2), row(out, i-3),
			row(out, i-4)
		// Equal lengths let the compiler drop the bounds checks inside the loop.
		dm1, dm2, dm3 = dm1[:len(di)], dm2[:len(di)], dm3[:len(di)]
		oi, om1, om2, om3, om4 = oi[:len(di)], om1[:len(di)], om2[:len(di)], om3[:len(di)],
			om4[:len(di)]
		for x := range di {
			s := di[x]*c.n0 + dm1[x]*c.n1 + dm2[x]*c.n2 + dm3[x]*c.n3
			s -= om1[x]*c.d1 + om2[x]*c.d2 + om3[x]*c.d3 + om4[x]*c.d4
			oi[x] = s
		}
	}

	// Anti-causal pass; the last pixel is assumed to extend to +∞.
	n := h
	e1, e2, e3 := row(in, n-1), row(in, n-2), row(in, n-3)
	s1, s2, s3, s4 := row(scratch, n-1), row(scratch, n-2), row(scratch, n-3), row(scratch, n-4)
	for x := 0; x < w; x++ {
		v := e1[x]
		s1[x] = v*c.m1 + v*c.m2 + v*c.m3 + v*c.m4
		s2[x] = e1[x]*c.m1 + v*c.m2 + v*c.m3 + v*c.m4
		s3[x] = e2[x]*c.m1 + e1[x]*c.m2 + v*c.m3 + v*c.m4
		s4[x] = e3[x]*c.m1 + e2[x]*c.m2 + e1[x]*c.m3 + v*c.m4
		s1[x] -= v*c.bm1 + v*c.bm2 + v*c.bm3 + v*c.bm4
		s2[x] -= s1[x]*c.d1 + v*c.bm2 + v*c.bm3 + v*c.bm4
		s3[x] -= s2[x]*c.d1 + s1[x]*c.d2 + v*c.bm3 + v*c.bm4
		s4[x] -= s3[x]*c.d1 + s2[x]*c.d2 + s1[x]*c.d3 + v*c.bm4
	}
	for i := n - 4; i > lo; i-- {
		di, dp1, dp2, dp3 := row(in, i), row(in, i+1), row(in, i+2), row(in, i+3)
		si, sp1, sp2, sp3 := row(scratch, i), row(scratch, i+1), row(scratch, i+2),
			row(scratch, i+3)
		sm := row(scratch, i-1)
		dp1, dp2, dp3 = dp1[:len(di)], dp2[:len(di)], dp3[:len(di)]
		si, sp1, sp2, sp3, sm = si[:len(di)], sp1[:len(di)], sp2[:len(di)], sp3[:len(di)],
			sm[:len(di)]
		for x := range di {
			s := di[x]*c.m1 + dp1[x]*c.m2 + dp2[x]*c.m3 + dp3[x]*c.m4
			s -= si[x]*c.d1 + sp1[x]*c.d2 + sp2[x]*c.d3 + sp3[x]*c.d4
			sm[x] = s
		}
	}
	res := out[lo*w : hi*w]
	sc := scratch[lo*w : hi*w]
	sc = sc[:len(res)]
	for i := range res {
		res[i] += sc[i]
	}
	return res
}
