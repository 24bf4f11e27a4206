package imageio

import (
	"fmt"
	"image"
	"math"
	"slices"
)

// labelsFromImage turns a decoded mask image into labels (see the package documentation) and
// records the rule and its warnings in info. Colour-coded masks also get their colour map,
// which describeLabels later copies into info.Labels.
func labelsFromImage(img image.Image, info *Info) []uint32 {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	labels := make([]uint32, w*h)

	if p, ok := img.(*image.Paletted); ok {
		for y := 0; y < h; y++ {
			copyIndices(labels[y*w:(y+1)*w], p.Pix[y*p.Stride:y*p.Stride+w])
		}
		info.Conversion += "label = palette index"
		if len(p.Palette) > 0 {
			if r, g, bl, _ := p.Palette[0].RGBA(); r|g|bl != 0 {
				info.warn("palette index 0 (the background label) is not black "+
					"(#%02x%02x%02x); labels are palette indices, not colours", r>>8, g>>8, bl>>8)
			}
		}
		return labels
	}

	ch := channelsOf(img)
	colored, translucent := false, 0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r, g, bl, a := ch.at(x, y)
			if r != g || g != bl {
				colored = true
			}
			if a != ch.max {
				translucent++
			}
			labels[y*w+x] = r
		}
	}
	if translucent > 0 {
		info.warn("alpha channel ignored: %d of %d pixels are not opaque", translucent, w*h)
	}
	if !colored {
		if ch.grey {
			info.Conversion += "label = stored grey value"
		} else {
			info.Conversion += "colour mask with R = G = B everywhere: label = grey value"
		}
		return labels
	}

	colorCoded(labels, w, h, ch, info)
	return labels
}

func copyIndices(dst []uint32, src []uint8) {
	for i, v := range src {
		dst[i] = uint32(v)
	}
}

// colorCoded gives each distinct non-black colour a label 1, 2, … in increasing order of its
// packed value, overwriting labels, and keeps the map for describeLabels.
func colorCoded(labels []uint32, w, h int, ch channels, info *Info) {
	shift := uint(8)
	if ch.max > 255 {
		shift = 16
	}
	key := func(r, g, b uint32) uint64 {
		return uint64(r)<<(2*shift) | uint64(g)<<shift | uint64(b)
	}

	seen := map[uint64]bool{}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r, g, b, _ := ch.at(x, y)
			if k := key(r, g, b); k != 0 {
				seen[k] = true
			}
		}
	}
	keys := make([]uint64, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	label := make(map[uint64]uint32, len(keys))
	info.colorMap = make(map[uint32]string, len(keys))
	for i, k := range keys {
		label[k] = uint32(i + 1)
		if shift == 8 {
			info.colorMap[uint32(i+1)] = fmt.Sprintf("#%06x", k)
		} else {
			info.colorMap[uint32(i+1)] = fmt.Sprintf("#%012x", k)
		}
	}

	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r, g, b, _ := ch.at(x, y)
			labels[y*w+x] = label[key(r, g, b)]
		}
	}
	info.Conversion += "colour-coded mask: each distinct non-black colour is a label, " +
		"numbered 1, 2, … in increasing order of its RGB value (see Labels)"
	if len(keys) > 16 {
		info.warn("colour-coded mask has %d distinct colours; is it an image or a lossy "+
			"(JPEG) mask rather than a label mask?", len(keys))
	}
}

// labelsFromPlane checks that every value is a whole number in [0, 2^32 − 1] and converts.
func labelsFromPlane(v []float64, w int, f Format) ([]uint32, error) {
	labels := make([]uint32, len(v))
	for i, x := range v {
		if !(x >= 0 && x <= math.MaxUint32 && x == math.Trunc(x)) {
			return nil, inputError(f, ErrBadLabel, nil, "mask pixel (row %d, column %d) is %v; "+
				"labels must be whole numbers from 0 to 4294967295", i/w, i%w, x)
		}
		labels[i] = uint32(x)
	}
	return labels, nil
}

// describeLabels fills info.Labels and info.Components, and warns about lossy masks. An empty
// mask gets no warning here: CheckLesion reports it as an error, once.
func describeLabels(labels []uint32, w, h int, info *Info) {
	count := map[uint32]int{}
	for _, l := range labels {
		if l != 0 {
			count[l]++
		}
	}
	perLabel := components(labels, w, h, func(l uint32) uint32 { return l })
	info.Components = components(labels, w, h, func(l uint32) uint32 {
		return min(l, 1)
	})[1]

	values := make([]uint32, 0, len(count))
	for l := range count {
		values = append(values, l)
	}
	slices.Sort(values)
	for _, l := range values {
		info.Labels = append(info.Labels, Label{Value: l, Pixels: count[l],
			Components: perLabel[l], Color: info.colorMap[l]})
	}
	info.colorMap = nil

	if info.Format == JPEG && len(values) > 1 {
		info.warn("JPEG is lossy: the mask has %d distinct non-zero values, compression noise "+
			"near edges included; save masks as PNG", len(values))
	}
}
