package imageio

import (
	"image"
	"image/color"
)

// lumaRule is the conversion sentence recorded in Info for colour images.
const lumaRule = "colour converted to grey with the ITU-R BT.601 luma weights, " +
	"Y = (299 R + 587 G + 114 B) / 1000, on the stored channel values, not rounded"

// channels gives uniform access to the colour channels of a decoded image as stored in the
// file: 8-bit images give 0–255, 16-bit images 0–65535.
type channels struct {
	max  uint32 // 255 or 65535
	grey bool   // the model has a single grey channel
	// at returns the channels of pixel (x, y), counted from the image's top-left corner.
	at func(x, y int) (r, g, b, a uint32)
}

func channelsOf(img image.Image) channels {
	b := img.Bounds()
	x0, y0 := b.Min.X, b.Min.Y
	switch m := img.(type) {
	case *image.Gray:
		return channels{255, true, func(x, y int) (r, g, b, a uint32) {
			v := uint32(m.Pix[(y)*m.Stride+x])
			return v, v, v, 255
		}}
	case *image.Gray16:
		return channels{65535, true, func(x, y int) (r, g, b, a uint32) {
			i := y*m.Stride + 2*x
			v := uint32(m.Pix[i])<<8 | uint32(m.Pix[i+1])
			return v, v, v, 65535
		}}
	case *image.RGBA:
		return channels{255, false, func(x, y int) (r, g, b, a uint32) {
			p := m.Pix[y*m.Stride+4*x:]
			return uint32(p[0]), uint32(p[1]), uint32(p[2]), uint32(p[3])
		}}
	case *image.NRGBA:
		return channels{255, false, func(x, y int) (r, g, b, a uint32) {
			p := m.Pix[y*m.Stride+4*x:]
			return uint32(p[0]), uint32(p[1]), uint32(p[2]), uint32(p[3])
		}}
	case *image.RGBA64:
		return channels{65535, false, func(x, y int) (r, g, b, a uint32) {
			return be16x4(m.Pix[y*m.Stride+8*x:])
		}}
	case *image.NRGBA64:
		return channels{65535, false, func(x, y int) (r, g, b, a uint32) {
			return be16x4(m.Pix[y*m.Stride+8*x:])
		}}
	case *image.CMYK:
		return channels{255, false, func(x, y int) (r, g, b, a uint32) {
			p := m.Pix[y*m.Stride+4*x:]
			r8, g8, b8 := color.CMYKToRGB(p[0], p[1], p[2], p[3])
			return uint32(r8), uint32(g8), uint32(b8), 255
		}}
	case *image.YCbCr:
		return channels{255, false, func(x, y int) (r, g, b, a uint32) {
			c := m.YCbCrAt(x0+x, y0+y)
			r8, g8, b8 := color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
			return uint32(r8), uint32(g8), uint32(b8), 255
		}}
	case *image.Paletted:
		pal := paletteChannels(m.Palette)
		return channels{255, false, func(x, y int) (r, g, b, a uint32) {
			i := int(m.Pix[y*m.Stride+x])
			if i >= len(pal) {
				return 0, 0, 0, 255 // an index past the palette: image/png rejects these
			}
			c := pal[i]
			return c[0], c[1], c[2], c[3]
		}}
	}
	// Any other model: non-premultiplied 16-bit channels through image/color.
	return channels{65535, false, func(x, y int) (r, g, b, a uint32) {
		c := color.NRGBA64Model.Convert(img.At(x0+x, y0+y)).(color.NRGBA64)
		return uint32(c.R), uint32(c.G), uint32(c.B), uint32(c.A)
	}}
}

func be16x4(p []byte) (r, g, b, a uint32) {
	return uint32(p[0])<<8 | uint32(p[1]), uint32(p[2])<<8 | uint32(p[3]),
		uint32(p[4])<<8 | uint32(p[5]), uint32(p[6])<<8 | uint32(p[7])
}

// paletteChannels returns the 8-bit channels of each palette entry as stored: PNG and BMP
// palettes hold color.RGBA (opaque) or color.NRGBA (with a tRNS alpha) entries.
func paletteChannels(p color.Palette) [][4]uint32 {
	out := make([][4]uint32, len(p))
	for i, c := range p {
		switch c := c.(type) {
		case color.NRGBA:
			out[i] = [4]uint32{uint32(c.R), uint32(c.G), uint32(c.B), uint32(c.A)}
		case color.RGBA:
			out[i] = [4]uint32{uint32(c.R), uint32(c.G), uint32(c.B), uint32(c.A)}
		default:
			n := color.NRGBAModel.Convert(c).(color.NRGBA)
			out[i] = [4]uint32{uint32(n.R), uint32(n.G), uint32(n.B), uint32(n.A)}
		}
	}
	return out
}

// luma is the ITU-R BT.601 luma of stored channel values. The numerator is an exact integer
// (at most 1000 · 65535), so the one division is the only rounding, and R = G = B gives R.
func luma(r, g, b uint32) float64 {
	return float64(299*r+587*g+114*b) / 1000
}

// greyFromImage converts a decoded image to grey values in row-major order and records the
// conversion, the coloured-pixel count and the warnings in info.
func greyFromImage(img image.Image, info *Info) []float64 {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	ch := channelsOf(img)
	v := make([]float64, w*h)
	colored, translucent := 0, 0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r, g, bl, a := ch.at(x, y)
			if r != g || g != bl {
				if info.colored == nil {
					info.colored = make([]bool, w*h)
				}
				info.colored[y*w+x] = true
				colored++
			}
			if a != ch.max {
				translucent++
			}
			v[y*w+x] = luma(r, g, bl)
		}
	}

	switch {
	case ch.grey:
		info.Conversion += "grey values as stored"
	case colored == 0:
		info.Conversion += "colour image with R = G = B everywhere: grey = R (" + lumaRule + ")"
	default:
		info.Conversion += lumaRule
	}
	info.ColoredPixels = colored
	info.white = float64(ch.max)
	if colored > 0 {
		info.warn("%d of %d pixels (%.2f%%) are coloured (R, G, B not all equal: colour "+
			"Doppler or annotations?); they were converted to grey with the BT.601 luma weights",
			colored, w*h, 100*float64(colored)/float64(w*h))
	}
	if translucent > 0 {
		info.warn("alpha channel ignored: %d of %d pixels are not opaque", translucent, w*h)
	}
	return v
}
