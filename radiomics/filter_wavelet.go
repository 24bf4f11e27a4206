package radiomics

import (
	"fmt"
	"strconv"
)

func init() {
	register("Wavelet", waveletBox, waveletNames, waveletCheck)
}

// The Wavelet image type is PyRadiomics' stationary (undecimated) wavelet transform, computed
// as PyRadiomics calls PyWavelets' swtn:
//
//  1. An axis of odd length is padded by one sample at its end, a copy of its first sample
//     (numpy "wrap" padding); the padding is cut off every output again.
//  2. One level is one call of swtn(level=1, start_level=0) on the current approximation: the
//     filters are never dilated, also for start_level > 0 or level > 1.
//  3. Along each axis, x (columns) first and then y (rows), a signal s of length n gives
//     a[k] = Σ_j DecLo[j]·s[(k + F/2 − j) mod n] and d[k] likewise with DecHi (F = filter
//     length), summed in the order j = 0, 1, …, F−1 as PyWavelets does.
//  4. start_level levels are computed first and only their approximation kept; then level
//     levels are emitted, each from the previous approximation.
//
// Names: the first letter is the x band, the second the y band, L = low-pass (approximation),
// H = high-pass (detail). Each emitted level k yields "LH", "HL", "HH" named "wavelet-XY" for
// k = 1 and "wavelet<k>-XY" otherwise (k counts emitted levels, start_level does not shift it);
// after the last level comes the approximation "wavelet-LL" (or "wavelet<level>-LL").

// waveletLevels validates the level settings and returns (start_level, level).
func waveletLevels(s *Settings) (int, int, error) {
	if s.StartLevel < 0 {
		return 0, 0, fmt.Errorf("start_level %d is negative", s.StartLevel)
	}
	if s.Level < 1 {
		return 0, 0, fmt.Errorf("level %d: at least one level is needed", s.Level)
	}
	return s.StartLevel, s.Level, nil
}

// waveletCheck validates the wavelet settings: a supported wavelet name and the levels.
func waveletCheck(s *Settings) error {
	if _, _, err := waveletLevels(s); err != nil {
		return err
	}
	if _, _, err := parseWaveletName(waveletName(s)); err != nil {
		return err
	}
	return nil
}

// waveletName returns the configured wavelet, PyRadiomics' default coif1 when unset.
func waveletName(s *Settings) string {
	if s.Wavelet == "" {
		return "coif1"
	}
	return s.Wavelet
}

// waveletNames lists the derived image names for the settings, in PyRadiomics order.
func waveletNames(s *Settings) []string {
	_, level, err := waveletLevels(s)
	if err != nil {
		return nil
	}
	var names []string
	for k := 1; k <= level; k++ {
		prefix := "wavelet-"
		if k > 1 {
			prefix = "wavelet" + strconv.Itoa(k) + "-"
		}
		names = append(names, prefix+"LH", prefix+"HL", prefix+"HH")
	}
	if level == 1 {
		return append(names, "wavelet-LL")
	}
	return append(names, "wavelet"+strconv.Itoa(level)+"-LL")
}

// waveletBox computes the Wavelet derived images of img inside box b.
//
// Along each axis the transform either covers the whole padded axis with periodic indexing, or
// only a window: a level turns n input samples into n − (F−1) outputs (output k uses inputs
// k … k+F−1), so T levels need the box widened by T·(F−1−F/2) samples before and T·F/2
// after it (taken from the padded image modulo its size). The window is used when it is
// shorter than the padded axis. Both give the same numbers, operation for operation.
func waveletBox(src *source, s *Settings, b bbox) ([]Derived, error) {
	img := src.img
	if err := checkBox("wavelet", img, b); err != nil {
		return nil, err
	}
	start, level, err := waveletLevels(s)
	if err != nil {
		return nil, fmt.Errorf("wavelet filter: %w", err)
	}
	bank, err := lookupWavelet(waveletName(s))
	if err != nil {
		return nil, fmt.Errorf("wavelet filter: %w", err)
	}
	F := len(bank.DecLo)
	T := start + level
	pw, ph := img.Width+img.Width%2, img.Height+img.Height%2
	ax := newSWTAxis(b.x0, b.x1, pw, T, F)
	ay := newSWTAxis(b.y0, b.y1, ph, T, F)

	// Level-0 input: the padded image over the x and y windows.
	w0, h0 := ax.length(0), ay.length(0)
	pool := src.pool
	data := pool.get(w0 * h0)
	for j := 0; j < h0; j++ {
		y := ay.coord(0, j) % img.Height // padded row H (odd height) repeats row 0
		row := img.Pix[y*img.Width : (y+1)*img.Width]
		for i := 0; i < w0; i++ {
			data[j*w0+i] = row[ax.coord(0, i)%img.Width]
		}
	}

	names := waveletNames(s)
	var out []Derived
	t := &swtLevel{lo: bank.DecLo, hi: bank.DecHi, pool: pool}
	defer t.release()
	for lev := 1; lev <= T; lev++ {
		emit := lev > start
		t.run(data, ax, ay, lev, emit)
		if emit {
			k := lev - start - 1
			for j, band := range [][]float64{t.ad, t.da, t.dd} {
				out = append(out, Derived{Name: names[3*k+j],
					Image: cropBand(band, ax, ay, lev, src, b)})
			}
		}
		data, t.aa = t.aa, data
	}
	out = append(out, Derived{Name: names[len(names)-1], Image: cropBand(data, ax, ay, T, src, b)})
	pool.put(data)
	return out, nil
}

// swtAxis describes which samples of one padded axis a box transform keeps at each level.
type swtAxis struct {
	periodic bool // whole padded axis, periodic indexing
	n        int  // padded length
	a0       int  // first coordinate of the level-0 window (window mode)
	len0     int  // length of the level-0 window (window mode)
	shrink   int  // F − 1: samples lost per level (window mode)
	front    int  // F − 1 − F/2: of which in front of the window
	box0     int  // first box coordinate
}

func newSWTAxis(lo, hi, n, T, F int) swtAxis {
	before, after := T*(F-1-F/2), T*(F/2)
	length := hi - lo + before + after
	if length >= n {
		return swtAxis{periodic: true, n: n, box0: lo}
	}
	return swtAxis{n: n, a0: lo - before, len0: length, shrink: F - 1, front: F - 1 - F/2,
		box0: lo}
}

// length is the number of samples held after lev levels (lev = 0: the input).
func (a swtAxis) length(lev int) int {
	if a.periodic {
		return a.n
	}
	return a.len0 - lev*a.shrink
}

// coord is the padded-axis coordinate (0 … n−1) of sample i after lev levels.
func (a swtAxis) coord(lev, i int) int {
	if a.periodic {
		return i
	}
	c := a.a0 + lev*a.front + i
	return ((c % a.n) + a.n) % a.n
}

// offset is the index of the first box sample in the level-lev arrays.
func (a swtAxis) offset(lev int) int {
	if a.periodic {
		return a.box0
	}
	return a.box0 - (a.a0 + lev*a.front)
}

// cropBand copies the box part of a level-lev band into a new image of the box's size.
func cropBand(band []float64, ax, ay swtAxis, lev int, src *source, b bbox) *Image {
	out := newBoxImage(src, b)
	bw, stride := b.w(), ax.length(lev)
	ox, oy := ax.offset(lev), ay.offset(lev)
	for j := 0; j < b.h(); j++ {
		copy(out.Pix[j*bw:(j+1)*bw], band[(oy+j)*stride+ox:(oy+j)*stride+ox+bw])
	}
	return out
}

// swtLevel holds the buffers of one level of the 2-D stationary transform.
type swtLevel struct {
	lo, hi         []float64
	xa, xd         []float64 // after the x pass
	aa, ad, da, dd []float64 // bands, x letter first as in PyWavelets
	ext            []float64
	pool           *floatPool
}

// grow returns buf resized to n, taken from the pool (and buf handed back) when too small.
func (t *swtLevel) grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		t.pool.put(buf)
		return t.pool.get(n)
	}
	return buf[:n]
}

// release hands the level's buffers back to the pool.
func (t *swtLevel) release() {
	t.pool.put(t.xa, t.xd, t.aa, t.ad, t.da, t.dd, t.ext)
	t.xa, t.xd, t.aa, t.ad, t.da, t.dd, t.ext = nil, nil, nil, nil, nil, nil, nil
}

// growFloats returns buf resized to n, reallocated if its capacity is smaller.
func growFloats(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}

// run transforms data (the level lev−1 approximation) into the level-lev bands; the detail
// bands are computed only when details is true.
func (t *swtLevel) run(data []float64, ax, ay swtAxis, lev int, details bool) {
	wi, hi := ax.length(lev-1), ay.length(lev-1)
	wo, ho := ax.length(lev), ay.length(lev)
	t.xa = t.grow(t.xa, wo*hi)
	t.xd = t.grow(t.xd, wo*hi)
	t.aa = t.grow(t.aa, wo*ho)
	t.rows(data, wi, hi, ax.periodic, t.xa, t.xd, wo, details)
	if !details {
		t.cols(t.xa, wo, hi, ay.periodic, t.lo, t.aa, nil, nil, ho)
		return
	}
	t.ad = t.grow(t.ad, wo*ho)
	t.da = t.grow(t.da, wo*ho)
	t.dd = t.grow(t.dd, wo*ho)
	t.cols(t.xa, wo, hi, ay.periodic, t.lo, t.aa, t.hi, t.ad, ho)
	t.cols(t.xd, wo, hi, ay.periodic, t.lo, t.da, t.hi, t.dd, ho)
}

// rows filters every row of src (wi×hi) with the low-pass filter into xa and, when both is
// set, with the high-pass filter into xd (wo columns each):
// out[k] = Σ_j f[j]·in[k + F/2 − j] (periodic) or Σ_j f[j]·in[k + F−1 − j] (window), summed
// in the order j = 0 … F−1. The sums are accumulated tap by tap along the whole row (the same
// additions in the same order per output), so that the inner loops stream.
func (t *swtLevel) rows(src []float64, wi, hi int, periodic bool, xa, xd []float64, wo int,
	both bool) {
	lo, hiF := t.lo, t.hi
	F := len(lo)
	for y := 0; y < hi; y++ {
		row := src[y*wi : (y+1)*wi]
		ext := row
		if periodic {
			off := F - 1 - F/2
			t.ext = t.grow(t.ext, wi+F-1)
			for i := range t.ext {
				t.ext[i] = row[((i-off)%wi+wi)%wi]
			}
			ext = t.ext
		}
		oa := xa[y*wo : (y+1)*wo]
		clear(oa)
		if !both {
			for j, c := range lo {
				e := ext[F-1-j : F-1-j+len(oa)]
				o := oa[:len(e)]
				for k, v := range e {
					o[k] += c * v
				}
			}
			continue
		}
		od := xd[y*wo : (y+1)*wo]
		od = od[:len(oa)]
		clear(od)
		for j, c := range lo {
			d := hiF[j]
			e := ext[F-1-j : F-1-j+len(oa)]
			a, b := oa[:len(e)], od[:len(e)]
			for k, v := range e {
				a[k] += c * v
				b[k] += d * v
			}
		}
	}
}

// cols filters every column of src (w×hi) with f1 into o1 and, if f2 is not nil, with f2 into
// o2 (ho rows each), accumulating row by row in the order j = 0 … F−1.
func (t *swtLevel) cols(src []float64, w, hi int, periodic bool, f1, o1, f2, o2 []float64,
	ho int) {
	F := len(f1)
	for k := 0; k < ho; k++ {
		a := o1[k*w : (k+1)*w]
		clear(a)
		var d []float64
		if f2 != nil {
			d = o2[k*w : (k+1)*w]
			clear(d)
		}
		for j := 0; j < F; j++ {
			r := k + F - 1 - j
			if periodic {
				r = ((k+F/2-j)%hi + hi) % hi
			}
			row := src[r*w : (r+1)*w]
			c1 := f1[j]
			if f2 == nil {
				a = a[:len(row)]
				for x, v := range row {
					a[x] += c1 * v
				}
				continue
			}
			c2 := f2[j]
			d = d[:len(row)]
			a = a[:len(row)]
			for x, v := range row {
				a[x] += c1 * v
				d[x] += c2 * v
			}
		}
	}
}
