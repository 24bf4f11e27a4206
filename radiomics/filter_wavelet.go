package radiomics

import (
	"fmt"
	"strconv"
)

func init() {
	filters["Wavelet"] = filter{derive: waveletImages, names: waveletNames}
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

// waveletImages computes the Wavelet derived images of img.
func waveletImages(img *Image, s *Settings) ([]Derived, error) {
	if err := checkFilterInput(img); err != nil {
		return nil, fmt.Errorf("wavelet filter: %w", err)
	}
	if err := checkFinite(img); err != nil {
		return nil, fmt.Errorf("wavelet filter: %w", err)
	}
	start, level, err := waveletLevels(s)
	if err != nil {
		return nil, fmt.Errorf("wavelet filter: %w", err)
	}
	bank, err := lookupWavelet(waveletName(s))
	if err != nil {
		return nil, fmt.Errorf("wavelet filter: %w", err)
	}

	w, h := img.Width, img.Height
	pw, ph := w+w%2, h+h%2
	data := make([]float64, pw*ph)
	for y := 0; y < ph; y++ {
		src := img.Pix[(y%h)*w : (y%h)*w+w]
		row := data[y*pw : (y+1)*pw]
		copy(row, src)
		if pw > w {
			row[w] = src[0]
		}
	}

	t := newSWT2D(pw, ph, bank)
	for i := 0; i < start; i++ {
		t.approximation(data)
		data, t.aa = t.aa, data
	}
	names := waveletNames(s)
	var out []Derived
	for k := 0; k < level; k++ {
		t.level(data)
		for j, band := range [][]float64{t.ad, t.da, t.dd} {
			out = append(out, Derived{Name: names[3*k+j], Image: cropPadded(band, pw, img)})
		}
		data, t.aa = t.aa, data
	}
	out = append(out, Derived{Name: names[len(names)-1], Image: cropPadded(data, pw, img)})
	return out, nil
}

// cropPadded copies the top-left Width×Height part of a padded pw-wide band into a new image
// with the geometry of img.
func cropPadded(band []float64, pw int, img *Image) *Image {
	out := newImageLike(img)
	for y := 0; y < img.Height; y++ {
		copy(out.Pix[y*img.Width:(y+1)*img.Width], band[y*pw:y*pw+img.Width])
	}
	return out
}

// swt2D holds the buffers of one 2-D stationary transform level on a w×h (even) grid.
type swt2D struct {
	w, h           int
	lo, hi         []float64
	xa, xd         []float64 // after the x pass
	aa, ad, da, dd []float64 // keys as in PyWavelets: x letter first
	ext            []float64 // one wrapped row
}

func newSWT2D(w, h int, b *waveletBank) *swt2D {
	n := w * h
	return &swt2D{
		w: w, h: h, lo: b.DecLo, hi: b.DecHi,
		xa: make([]float64, n), xd: make([]float64, n),
		aa: make([]float64, n), ad: make([]float64, n),
		da: make([]float64, n), dd: make([]float64, n),
		ext: make([]float64, w+len(b.DecLo)-1),
	}
}

// level computes all four bands of data into aa, ad, da, dd.
func (t *swt2D) level(data []float64) {
	t.rows(data, t.lo, t.xa)
	t.rows(data, t.hi, t.xd)
	t.cols(t.xa, t.lo, t.aa)
	t.cols(t.xa, t.hi, t.ad)
	t.cols(t.xd, t.lo, t.da)
	t.cols(t.xd, t.hi, t.dd)
}

// approximation computes only the aa band of data.
func (t *swt2D) approximation(data []float64) {
	t.rows(data, t.lo, t.xa)
	t.cols(t.xa, t.lo, t.aa)
}

// rows filters every row of src periodically with f into dst:
// dst[k] = Σ_j f[j]·src[(k + F/2 − j) mod w].
func (t *swt2D) rows(src, f, dst []float64) {
	w, F := t.w, len(f)
	off := F - 1 - F/2
	ext := t.ext
	for y := 0; y < t.h; y++ {
		row := src[y*w : (y+1)*w]
		for i := range ext {
			ext[i] = row[((i-off)%w+w)%w]
		}
		o := dst[y*w : (y+1)*w]
		for k := range o {
			// ext[k + F−1 − j] = row[(k + F/2 − j) mod w]
			e := ext[k : k+F]
			s := 0.0
			for j := 0; j < F; j++ {
				s += f[j] * e[F-1-j]
			}
			o[k] = s
		}
	}
}

// cols filters every column of src periodically with f into dst:
// dst[k][x] = Σ_j f[j]·src[(k + F/2 − j) mod h][x], accumulated row by row in j order.
func (t *swt2D) cols(src, f, dst []float64) {
	w, h, F := t.w, t.h, len(f)
	for k := 0; k < h; k++ {
		o := dst[k*w : (k+1)*w]
		for x := range o {
			o[x] = 0
		}
		for j := 0; j < F; j++ {
			r := ((k+F/2-j)%h + h) % h
			row := src[r*w : (r+1)*w]
			c := f[j]
			for x, v := range row {
				o[x] += c * v
			}
		}
	}
}
