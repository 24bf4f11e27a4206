package imageio

import (
	"image"
	"image/color"
	"slices"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
)

func maskOf(rows [][]uint8) *radiomics.Mask {
	h, w := len(rows), len(rows[0])
	m := &radiomics.Mask{Width: w, Height: h, Labels: make([]uint32, w*h)}
	for y, r := range rows {
		for x, v := range r {
			m.Labels[y*w+x] = uint32(v)
		}
	}
	return m
}

func hasLesionWarning(l *Lesion, part string) bool {
	return slices.ContainsFunc(l.Warnings, func(w string) bool {
		return strings.Contains(w, part)
	})
}

// TestCheckLesionErrors: an empty mask and labels 1 on 0/255 and 0/120 masks (the classic
// PyRadiomics failure) are errors that name the mask and list the labels present.
func TestCheckLesionErrors(t *testing.T) {
	empty := maskOf([][]uint8{{0, 0, 0}, {0, 0, 0}})
	_, err := CheckLesion(empty, "empty.png", 0, nil, nil)
	wantErr(t, err, ErrNoLesion, "find lesion in empty.png: the mask is empty (every pixel "+
		"is 0), so there is no lesion to measure")

	for _, v := range []uint8{255, 120} {
		m := maskOf([][]uint8{{0, v, v}, {0, v, v}})
		_, err = CheckLesion(m, "m.png", 1, nil, nil)
		want := "find lesion in m.png: label 1 is not in the mask; the mask's labels are " +
			map[uint8]string{255: "255", 120: "120"}[v] + " (4 pixels, 1 region). Choose " +
			"one of them, or 0 for every non-zero pixel"
		wantErr(t, err, ErrNoLesion, want)
	}

	// Several labels are listed in increasing order with their counts (componentMap: see
	// mask_test.go).
	_, err = CheckLesion(maskOf(componentMap), "multi.png", 9, nil, nil)
	wantErr(t, err, ErrNoLesion, "the mask's labels are 1 (7 pixels, 2 regions), 2 (6 pixels, "+
		"3 regions) and 3 (2 pixels, 1 region)")

	// A label map of the wrong length is a caller's bug, reported without a panic.
	if _, err := CheckLesion(&radiomics.Mask{Width: 3, Height: 3}, "x", 0, nil, nil); err == nil {
		t.Error("inconsistent mask accepted")
	}
}

// TestCheckLesionRegions: componentMap by hand (8-connectivity, all non-zero pixels
// together): label 2's {(4,3) (5,4)} joins label 1's {(7,4) (6,5) (7,5)} into 5 pixels;
// label 1's {(0,0) (1,0) (0,1) (1,2)} has 4, label 2's {(4,0) (5,0) (5,1)} 3, label 3's
// {(7,1) (7,2)} 2 and label 2's {(0,5)} 1. The map has pixels on all four edges.
// TestCheckLesionInverted: a mask whose lesion covers most of the image (here an inverted
// one: a 2 × 2 background in a 6 × 5 frame, 26 of 30 pixels "lesion") is measured, with a
// warning that it is probably inverted; a lesion of 80% of the frame (24 pixels) is not.
func TestCheckLesionInverted(t *testing.T) {
	m := &radiomics.Mask{Width: 6, Height: 5, Labels: make([]uint32, 30)}
	for i := range m.Labels {
		if x, y := i%6, i/6; x < 1 || x > 2 || y < 1 || y > 2 {
			m.Labels[i] = 255
		}
	}
	l, err := CheckLesion(m, "inverted.png", 0, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "the lesion (every non-zero pixel) covers 86.7% of the image: is the mask " +
		"inverted (lesion black on white), or not this image's mask?"
	if !hasLesionWarning(l, want) {
		t.Errorf("no warning %q in %q", want, l.Warnings)
	}
	for i := range m.Labels {
		m.Labels[i] = 0
		if i < 24 {
			m.Labels[i] = 1 // 80% of the frame
		}
	}
	if l, err = CheckLesion(m, "large.png", 0, nil, nil); err != nil ||
		hasLesionWarning(l, "is the mask inverted") {
		t.Errorf("80%% of the frame: %v, warnings %q", err, l.Warnings)
	}
}

func TestCheckLesionRegions(t *testing.T) {
	l, err := CheckLesion(maskOf(componentMap), "multi.png", 0, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l.Pixels != 15 || !slices.Equal(l.Regions, []int{5, 4, 3, 2, 1}) ||
		!slices.Equal(l.Edges, []string{"top", "bottom", "left", "right"}) {
		t.Errorf("lesion %+v", l)
	}
	for _, w := range []string{
		"the lesion (every non-zero pixel) has 5 separate regions (8-connected) of 5, 4, 3, 2 " +
			"and 1 pixels; they are measured together as one region of interest",
		"the mask has 3 labels, 1 (7 pixels, 2 regions), 2 (6 pixels, 3 regions) and 3 (2 " +
			"pixels, 1 region); with label 0 every non-zero pixel is one lesion: choose a " +
			"label to measure one of them",
		"the lesion (every non-zero pixel) touches the image's top, bottom, left and right " +
			"edges: it may continue outside the image",
	} {
		if !hasLesionWarning(l, w) {
			t.Errorf("no warning %q in %q", w, l.Warnings)
		}
	}

	// Label 2 alone: {(4,0) (5,0) (5,1)}, {(4,3) (5,4)}, {(0,5)}; it touches the top, the
	// bottom and the left edge; no "several labels" warning once a label is chosen.
	l, err = CheckLesion(maskOf(componentMap), "multi.png", 2, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l.Pixels != 6 || !slices.Equal(l.Regions, []int{3, 2, 1}) ||
		!slices.Equal(l.Edges, []string{"top", "bottom", "left"}) ||
		hasLesionWarning(l, "labels") || !hasLesionWarning(l, "the lesion (label 2) has 3 "+
		"separate regions (8-connected) of 3, 2 and 1 pixels") {
		t.Errorf("label 2: %+v", l)
	}

	// One lesion inside the image: no warning at all. Seven regions: the two smallest are
	// summed up rather than listed.
	one := maskOf([][]uint8{{0, 0, 0, 0}, {0, 1, 1, 0}, {0, 0, 1, 0}, {0, 0, 0, 0}})
	if l, err := CheckLesion(one, "one.png", 0, nil, nil); err != nil || len(l.Warnings) != 0 ||
		!slices.Equal(l.Regions, []int{3}) || l.Edges != nil {
		t.Errorf("single lesion: %+v, %v", l, err)
	}
	dots := maskOf([][]uint8{
		{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0},
		{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}})
	l, err = CheckLesion(dots, "dots.png", 0, nil, nil)
	if err != nil || !hasLesionWarning(l, "7 separate regions (8-connected) of 1, 1, 1, 1 "+
		"and 1 pixel and 2 smaller regions") {
		t.Errorf("dots: %+v %v", l, err)
	}
}

// dopplerCase is a 20 × 20 grey ramp whose block x, y ∈ [10, 14] is red (a colour Doppler
// patch) and whose pixels (2, 2) … (5, 2) are pure white (a caliper mark), with a lesion mask
// covering x, y ∈ [2, 11]: 100 pixels, of which the 2 × 2 block x, y ∈ [10, 11] (4 pixels) is
// red and 4 are white.
func dopplerCase() (img []byte, mask *radiomics.Mask) {
	m := image.NewRGBA(image.Rect(0, 0, 20, 20))
	mask = &radiomics.Mask{Width: 20, Height: 20, Labels: make([]uint32, 400)}
	for y := 0; y < 20; y++ {
		for x := 0; x < 20; x++ {
			v := uint8(40 + 5*x)
			c := color.RGBA{v, v, v, 255}
			if x >= 10 && x < 15 && y >= 10 && y < 15 {
				c = color.RGBA{220, 30, 30, 255}
			}
			if y == 2 && x >= 2 && x < 6 {
				c = color.RGBA{255, 255, 255, 255}
			}
			m.Set(x, y, c)
			if x >= 2 && x < 12 && y >= 2 && y < 12 {
				mask.Labels[y*20+x] = 255
			}
		}
	}
	return imageiotest.PNG(m), mask
}

// TestCheckLesionColouredAndWhite: the coloured share of the whole image is a decoder
// warning; the lesion's own coloured pixels and its pure-white share (4 %, over the 1 %
// threshold) are lesion warnings with exact counts.
func TestCheckLesionColouredAndWhite(t *testing.T) {
	data, mask := dopplerCase()
	img, info, err := DecodeImage(data, "doppler.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	if info.ColoredPixels != 25 || !hasWarning(info, "25 of 400 pixels (6.25%) are coloured") {
		t.Errorf("image info %+v", info)
	}
	l, err := CheckLesion(mask, "doppler_mask.png", 0, img, info)
	if err != nil {
		t.Fatal(err)
	}
	if l.ColoredPixels != 4 || l.SaturatedPixels != 4 {
		t.Errorf("coloured %d, white %d; want 4 and 4", l.ColoredPixels, l.SaturatedPixels)
	}
	for _, w := range []string{
		"4 of the lesion's 100 pixels (4.0%) are coloured (R, G, B not all equal): colour " +
			"Doppler or annotations inside the lesion; their grey values come from the " +
			"overlay, not from the B-mode echo",
		"4 of the lesion's 100 pixels (4.0%) are pure white (255, the largest value the file " +
			"holds): clipped echoes, or text or calipers burnt into the image",
	} {
		if !hasLesionWarning(l, w) {
			t.Errorf("no warning %q in %q", w, l.Warnings)
		}
	}

	// The same image as a JPEG (YCbCr): the red block stays coloured after compression.
	_, mask = dopplerCase()
	rgba := image.NewRGBA(image.Rect(0, 0, 20, 20))
	src, _, _ := image.Decode(strings.NewReader(string(data)))
	for y := 0; y < 20; y++ {
		for x := 0; x < 20; x++ {
			rgba.Set(x, y, src.At(x, y))
		}
	}
	jimg, jinfo, err := DecodeImage(imageiotest.JPEG(rgba, 95), "doppler.jpg", nil)
	if err != nil {
		t.Fatal(err)
	}
	l, err = CheckLesion(mask, "doppler_mask.png", 0, jimg, jinfo)
	if err != nil || l.ColoredPixels < 4 || !hasLesionWarning(l, "are coloured") {
		t.Errorf("JPEG Doppler: %+v %v", l, err)
	}

	// Fewer white pixels than 1 % of the lesion (2 of 225, 0.89 %): counted, not warned
	// (bright echoes); 3 of 225 (1.33 %) are warned.
	for _, c := range []struct {
		white int
		warn  bool
	}{{2, false}, {3, true}} {
		grey := imageiotest.PNG(imageiotest.Gray(30, 30, func(x, y int) uint8 {
			if y == 5 && x >= 5 && x < 5+c.white {
				return 255
			}
			return 100
		}))
		gimg, ginfo, err := DecodeImage(grey, "grey.png", nil)
		if err != nil {
			t.Fatal(err)
		}
		sq := &radiomics.Mask{Width: 30, Height: 30, Labels: make([]uint32, 900)}
		for y := 5; y < 20; y++ {
			for x := 5; x < 20; x++ {
				sq.Labels[y*30+x] = 1
			}
		}
		l, err = CheckLesion(sq, "m.png", 0, gimg, ginfo)
		if err != nil || l.SaturatedPixels != c.white || (len(l.Warnings) > 0) != c.warn {
			t.Errorf("%d white pixels: %+v %v", c.white, l, err)
		}
	}
}

// TestCheckLesionOrientedColour: the coloured-pixel map follows the EXIF orientation applied
// to the image, so the lesion check looks at the displayed pixels.
func TestCheckLesionOrientedColour(t *testing.T) {
	// 16 × 8 stored, red in the stored top-left 8 × 8 block; orientation 6 (rotate 90° CW)
	// shows it as 8 × 16 with the red block at the top (displayed (X, Y) comes from stored
	// (Y, h−1−X)): rows 0–7 are red.
	m := image.NewRGBA(image.Rect(0, 0, 16, 8))
	for y := 0; y < 8; y++ {
		for x := 0; x < 16; x++ {
			c := color.RGBA{90, 90, 90, 255}
			if x < 8 {
				c = color.RGBA{200, 40, 40, 255}
			}
			m.Set(x, y, c)
		}
	}
	jpg := imageiotest.WithEXIFOrientation(imageiotest.JPEG(m, 100), 6, false)
	img, info, err := DecodeImage(jpg, "rot.jpg", nil)
	if err != nil {
		t.Fatal(err)
	}
	if img.Width != 8 || img.Height != 16 {
		t.Fatalf("oriented size %d × %d", img.Width, img.Height)
	}
	top := &radiomics.Mask{Width: 8, Height: 16, Labels: make([]uint32, 128)}
	bottom := &radiomics.Mask{Width: 8, Height: 16, Labels: make([]uint32, 128)}
	for y := 2; y < 6; y++ {
		for x := 2; x < 6; x++ {
			top.Labels[y*8+x] = 1
			bottom.Labels[(y+8)*8+x] = 1
		}
	}
	lt, err1 := CheckLesion(top, "top", 0, img, info)
	lb, err2 := CheckLesion(bottom, "bottom", 0, img, info)
	if err1 != nil || err2 != nil || lt.ColoredPixels != 16 || lb.ColoredPixels != 0 {
		t.Errorf("coloured pixels under the top lesion %d (want 16), bottom %d (want 0)",
			lt.ColoredPixels, lb.ColoredPixels)
	}
}

// TestSelectLesion: label 2 of componentMap becomes label 7, everything else 0; target 0
// writes 1.
func TestSelectLesion(t *testing.T) {
	m := maskOf(componentMap)
	s := SelectLesion(m, 2, 7)
	n := 0
	for i, v := range s.Labels {
		switch {
		case m.Labels[i] == 2 && v != 7, m.Labels[i] != 2 && v != 0:
			t.Fatalf("pixel %d: %d became %d", i, m.Labels[i], v)
		}
		if v != 0 {
			n++
		}
	}
	if n != 6 {
		t.Errorf("%d pixels selected, want 6", n)
	}
	if s := SelectLesion(m, 0, 0); s.Labels[0] != 1 || s.Labels[2] != 0 {
		t.Errorf("label 0, target 0: %v", s.Labels[:8])
	}
}
