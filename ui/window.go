package ui

import "math"

// WindowLevel maps grey values to display: the window [level − width/2, level + width/2] is
// stretched linearly over 0..255, values outside are clipped, as on radiology workstations.
type WindowLevel struct {
	Width, Level float64
}

// FullRange returns the window that shows every value from lo to hi.
func FullRange(lo, hi float64) WindowLevel {
	if hi <= lo {
		return WindowLevel{Width: 1, Level: lo}
	}
	return WindowLevel{Width: hi - lo, Level: (lo + hi) / 2}
}

// Grey maps one value to 0..255.
func (wl WindowLevel) Grey(v float64) uint8 {
	w := math.Max(wl.Width, 1e-12)
	t := (v - (wl.Level - w/2)) / w
	switch {
	case !(t > 0): // also NaN
		return 0
	case t >= 1:
		return 255
	}
	return uint8(math.Round(t * 255))
}

// RenderRGBA converts grey pixels to opaque RGBA bytes for a canvas ImageData.
func (wl WindowLevel) RenderRGBA(pix []float32) []byte {
	out := make([]byte, 4*len(pix))
	for i, v := range pix {
		g := wl.Grey(float64(v))
		out[4*i], out[4*i+1], out[4*i+2], out[4*i+3] = g, g, g, 255
	}
	return out
}
