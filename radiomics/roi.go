package radiomics

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// ErrMask is wrapped by every error about the mask or the region of interest (empty, absent
// label, too small, mismatched geometry), so callers can tell mask problems from others.
var ErrMask = errors.New("mask")

func maskErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMask, fmt.Sprintf(format, args...))
}

// bbox is a bounding box in pixel coordinates: columns x0…x1−1, rows y0…y1−1.
type bbox struct{ x0, y0, x1, y1 int }

func (b bbox) w() int { return b.x1 - b.x0 }
func (b bbox) h() int { return b.y1 - b.y0 }

// labelSelector tells whether a label value is in the ROI: label 0 selects every non-zero
// value, any other label that value. It is branch-free (selected = (v == key) XOR flip),
// which matters in WebAssembly.
type labelSelector struct {
	key  uint32
	flip int
}

func newLabelSelector(label uint32) labelSelector {
	if label == 0 {
		return labelSelector{key: 0, flip: 1}
	}
	return labelSelector{key: label}
}

func (ls labelSelector) selected(v uint32) int { return b2i(v == ls.key) ^ ls.flip }

// labelBox returns the bounding box and the number of pixels of the ROI the label selects,
// in one pass over the mask and without allocating. It fails with a clear message when
// nothing is selected.
func labelBox(m *Mask, label uint32) (bbox, int, error) {
	ls := newLabelSelector(label)
	n := 0
	var all uint32 // OR of every label: 0 for an empty mask
	b := bbox{x0: math.MaxInt, y0: math.MaxInt, x1: -1, y1: -1}
	w := m.Width
	for y := 0; y < m.Height; y++ {
		row := m.Labels[y*w : (y+1)*w]
		cnt := 0
		for _, v := range row {
			all |= v
			cnt += ls.selected(v)
		}
		if cnt == 0 {
			continue
		}
		first, last := 0, len(row)-1
		for ls.selected(row[first]) == 0 {
			first++
		}
		for ls.selected(row[last]) == 0 {
			last--
		}
		n += cnt
		b.x0, b.x1 = min(b.x0, first), max(b.x1, last+1)
		b.y0 = min(b.y0, y)
		b.y1 = y + 1
	}
	if all == 0 {
		return bbox{}, 0, maskErr("the mask is empty (no non-zero pixel), nothing is segmented")
	}
	if n == 0 {
		return bbox{}, 0, maskErr("label %d is not present in the mask; labels present: %s",
			label, labelList(m.Labels))
	}
	return b, n, nil
}

// selectBox returns the ROI the label selects inside b (b.w()×b.h(), row-major).
func selectBox(m *Mask, label uint32, b bbox) []bool {
	ls := newLabelSelector(label)
	out := make([]bool, b.w()*b.h())
	for y := b.y0; y < b.y1; y++ {
		row := m.Labels[y*m.Width+b.x0 : y*m.Width+b.x1]
		dst := out[(y-b.y0)*b.w() : (y-b.y0+1)*b.w()]
		dst = dst[:len(row)]
		for x, v := range row {
			dst[x] = ls.selected(v) != 0
		}
	}
	return out
}

// selectROI returns the ROI (true where the mask selects the pixel) for the label over the
// whole mask, its bounding box and its number of pixels.
func selectROI(m *Mask, label uint32) ([]bool, bbox, int, error) {
	b, n, err := labelBox(m, label)
	if err != nil {
		return nil, b, n, err
	}
	return selectBox(m, label, bbox{0, 0, m.Width, m.Height}), b, n, nil
}

// labelList describes the non-zero values of a label map, for error messages.
func labelList(labels []uint32) string {
	seen := map[uint32]bool{}
	var vals []uint32
	for _, v := range labels {
		if v != 0 && !seen[v] {
			seen[v] = true
			vals = append(vals, v)
			if len(vals) > 64 {
				break
			}
		}
	}
	slices.Sort(vals)
	var b strings.Builder
	for i, v := range vals {
		if i == 20 {
			fmt.Fprintf(&b, ", … (%d or more labels)", len(vals))
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d", v)
	}
	return b.String()
}

// roiBounds returns the bounding box and pixel count of the ROI in a w-wide image.
func roiBounds(in []bool, w int) (bbox, int) {
	b := bbox{x0: math.MaxInt, y0: math.MaxInt, x1: -1, y1: -1}
	n := 0
	for y := 0; y*w < len(in); y++ {
		row := in[y*w : (y+1)*w]
		first, last, cnt := -1, -1, 0
		for x, ok := range row {
			if ok {
				if first < 0 {
					first = x
				}
				last = x
				cnt++
			}
		}
		if cnt == 0 {
			continue
		}
		n += cnt
		b.x0 = min(b.x0, first)
		b.x1 = max(b.x1, last+1)
		b.y0 = min(b.y0, y)
		b.y1 = y + 1
	}
	if n == 0 {
		return bbox{}, 0
	}
	return b, n
}

// checkROI applies PyRadiomics' checkMask rules to the ROI and returns its bounding box:
// a single pixel is rejected; the number of dimensions along which the ROI spans more than one
// pixel must reach minimumROIDimensions; with minimumROISize set, the ROI must have MORE than
// that many pixels (PyRadiomics rejects size ≤ minimumROISize).
func checkROI(in []bool, w int, s *Settings) (bbox, int, error) {
	b, n := roiBounds(in, w)
	return b, n, checkROIBox(b, n, s)
}

// checkROIBox is checkROI for an ROI whose bounding box b and pixel count n are known.
func checkROIBox(b bbox, n int, s *Settings) error {
	if n == 0 {
		return maskErr("the region of interest is empty")
	}
	dims := 0
	if b.w() > 1 {
		dims++
	}
	if b.h() > 1 {
		dims++
	}
	if dims == 0 {
		return maskErr("the region of interest is a single pixel (x %d, y %d); features "+
			"cannot be computed for one pixel", b.x0, b.y0)
	}
	if dims < s.MinimumROIDimensions {
		shape := "a single row"
		if b.w() == 1 {
			shape = "a single column"
		}
		return maskErr("the region of interest is %s (%d×%d pixels): it spans %d "+
			"dimension(s), minimumROIDimensions requires %d", shape, b.w(), b.h(), dims,
			s.MinimumROIDimensions)
	}
	if s.MinimumROISize > 0 && n <= s.MinimumROISize {
		return maskErr("the region of interest has %d pixels; minimumROISize %d requires "+
			"more than %d", n, s.MinimumROISize, s.MinimumROISize)
	}
	return nil
}

// components counts the connected components of the ROI with 4-connectivity (pixels sharing
// an edge), as PyRadiomics' diagnostics (SimpleITK ConnectedComponent, not fully connected) do.
func components(in []bool, w, h int) int {
	// Flood fill over a copy padded with one background cell on every side, so that the
	// four neighbours of a cell never need a bounds check.
	pw := w + 2
	g := make([]bool, pw*(h+2))
	for y := 0; y < h; y++ {
		copy(g[(y+1)*pw+1:(y+1)*pw+1+w], in[y*w:(y+1)*w])
	}
	stack := make([]int32, 0, 256)
	n := 0
	for i, ok := range g {
		if !ok {
			continue
		}
		n++
		g[i] = false
		stack = append(stack[:0], int32(i))
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, q := range [4]int32{p - 1, p + 1, p - int32(pw), p + int32(pw)} {
				if g[q] {
					g[q] = false
					stack = append(stack, q)
				}
			}
		}
	}
	return n
}

// maskSpacing returns the mask's spacing; a mask without spacing (0 × 0, for example a PNG
// drawn over a calibrated DICOM image) takes the image's.
func maskSpacing(img *Image, m *Mask) [2]float64 {
	if m.Spacing == [2]float64{} {
		return spacingOf(img.Spacing)
	}
	return spacingOf(m.Spacing)
}

// spacingOf returns an image's spacing with 0 (uncalibrated) read as 1 mm.
func spacingOf(sp [2]float64) [2]float64 {
	for i := range sp {
		if sp[i] == 0 {
			sp[i] = 1
		}
	}
	return sp
}

func validSpacing(sp [2]float64) bool {
	for _, v := range sp {
		if !(v > 0) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// sameGeometry reports whether image and mask have the same size and spacing within the
// tolerance (relative to the image x spacing, like ITK's coordinate tolerance).
func sameGeometry(img *Image, m *Mask, tol float64) bool {
	if img.Width != m.Width || img.Height != m.Height {
		return false
	}
	is, ms := spacingOf(img.Spacing), maskSpacing(img, m)
	t := tol * is[0]
	return math.Abs(is[0]-ms[0]) <= t && math.Abs(is[1]-ms[1]) <= t
}

// correctROI maps an ROI defined on the mask's grid onto the image's grid by nearest
// neighbour in physical space (both grids have their first pixel centre at the origin), as
// PyRadiomics' correctMask does. The ROI's bounding box must lie inside the image (tolerance
// 1e-3 pixel).
func correctROI(img *Image, m *Mask, in []bool) ([]bool, error) {
	is, ms := spacingOf(img.Spacing), maskSpacing(img, m)
	b, n := roiBounds(in, m.Width)
	if n == 0 {
		return nil, maskErr("the region of interest is empty")
	}
	// ROI corners in image continuous index space.
	const tol = 1e-3
	lo := [2]float64{(float64(b.x0) - 0.5) * ms[0] / is[0], (float64(b.y0) - 0.5) * ms[1] / is[1]}
	hi := [2]float64{(float64(b.x1) - 0.5) * ms[0] / is[0], (float64(b.y1) - 0.5) * ms[1] / is[1]}
	if lo[0] < -0.5-tol || lo[1] < -0.5-tol || hi[0] > float64(img.Width)-0.5+tol ||
		hi[1] > float64(img.Height)-0.5+tol {
		return nil, maskErr("correctMask: the region of interest (x %d–%d, y %d–%d of a %d×%d "+
			"mask, spacing %g×%g mm) extends outside the %d×%d image (spacing %g×%g mm)",
			b.x0, b.x1-1, b.y0, b.y1-1, m.Width, m.Height, ms[0], ms[1], img.Width, img.Height,
			is[0], is[1])
	}
	out := make([]bool, img.Width*img.Height)
	for y := 0; y < img.Height; y++ {
		my := int(math.Floor(float64(y)*is[1]/ms[1] + 0.5))
		if my < 0 || my >= m.Height {
			continue
		}
		for x := 0; x < img.Width; x++ {
			mx := int(math.Floor(float64(x)*is[0]/ms[0] + 0.5))
			if mx < 0 || mx >= m.Width {
				continue
			}
			out[y*img.Width+x] = in[my*m.Width+mx]
		}
	}
	return out, nil
}
