package imageio

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/uran-browser/uran/radiomics"
)

// SaturatedShareWarning is the share of a lesion's pixels at the image's largest storable
// value (pure white) from which CheckLesion warns. Bright echoes clip to white in ordinary
// B-mode images too: in the 441 BUSI lesions of /work/shared, 51 hold some pure-white pixels,
// at most 0.97% of the lesion (bright tissue echoes, by inspection). Burnt-in text or a
// caliper mark inside a lesion adds white pixels beyond that.
const SaturatedShareWarning = 0.01

// LargeLesionShareWarning is the share of the image's pixels above which a lesion is
// reported as suspicious: the largest BUSI lesion covers 56% of its frame, while an inverted
// mask (lesion black on white) or an all-white one covers nearly all of it.
const LargeLesionShareWarning = 0.8

// ImageLikeLabels is the largest number of distinct non-zero values a mask may hold when no
// label is chosen (label 0). A lesion mask holds one value per class (BUSI: 255; multi-label
// masks a few); a grey image given as the mask holds a hundred or more, and measuring every
// non-zero pixel of it as one lesion gives wrong numbers with only warnings. 64 leaves room
// for label maps of many classes and stays well below the 200 to 256 levels of an 8-bit
// ultrasound image.
const ImageLikeLabels = 64

// maxListedRegions bounds the region sizes spelled out in a warning.
const maxListedRegions = 5

// Lesion describes the region of interest that a mask label selects, as CheckLesion found it.
type Lesion struct {
	// Label is the label selected; 0 means every non-zero pixel.
	Label uint32 `json:"label"`
	// Pixels is the number of lesion pixels.
	Pixels int `json:"pixels"`
	// Regions holds the pixel count of each 8-connected region of the lesion, largest first:
	// one entry for a single lesion, several when the mask outlines separate lesions (or
	// stray pixels).
	Regions []int `json:"regions"`
	// Edges lists the image edges the lesion touches ("top", "bottom", "left", "right").
	Edges []string `json:"edges,omitempty"`
	// ColoredPixels counts lesion pixels whose colour channels differ in the image file (see
	// Info.ColoredPixels); SaturatedPixels those at the file's largest value (pure white).
	// Both are 0 when the image was not checked or its format has no such notion.
	ColoredPixels   int `json:"coloredPixels,omitempty"`
	SaturatedPixels int `json:"saturatedPixels,omitempty"`
	// Warnings say in words what the user should know about this lesion.
	Warnings []string `json:"warnings,omitempty"`
}

// CheckLesion finds the lesion that label selects in mask (0: every non-zero pixel) and
// describes it; maskName names the mask in messages.
//
// An empty mask and a label absent from the mask are errors (*Error of kind ErrNoLesion); the
// message for an absent label lists the labels present with their pixel and region counts.
// With label 0, a mask of more than ImageLikeLabels distinct non-zero values is an error of
// kind ErrImageLikeMask: it is most likely the image given in the mask's place.
// Warnings, never errors, report: several separate regions (measured together as one region
// of interest), several labels merged by label 0, a lesion touching the image's edge, and,
// when the image and its Info are given (img may be nil), coloured lesion pixels (colour
// Doppler or annotations: their grey values come from the overlay, not from the echo) and a
// share of pure-white lesion pixels of SaturatedShareWarning or more (clipped echoes, burnt-in
// text or calipers). Nothing is changed in the pixels: the checks only report. The image, if
// given, must have the mask's size (MatchPair).
func CheckLesion(mask *radiomics.Mask, maskName string, label uint32, img *radiomics.Image,
	imgInfo *Info) (*Lesion, error) {
	w, h := mask.Width, mask.Height
	if w <= 0 || h <= 0 || len(mask.Labels) != w*h {
		return nil, fmt.Errorf("find lesion in %s: mask of %d × %d pixels has %d labels",
			maskName, w, h, len(mask.Labels))
	}
	les := &Lesion{Label: label}
	in := make([]bool, len(mask.Labels))
	anyLabel := false
	for i, v := range mask.Labels {
		if v == 0 {
			continue
		}
		anyLabel = true
		if label == 0 || v == label {
			in[i] = true
			les.Pixels++
		}
	}
	if !anyLabel {
		return nil, lesionError(maskName, "the mask is empty (every pixel is 0), so there is "+
			"no lesion to measure")
	}
	present := describeMaskLabels(mask.Labels, w, h)
	if label == 0 && len(present) > ImageLikeLabels {
		e := lesionError(maskName, "the mask holds %d distinct non-zero values, more than "+
			"the %d a lesion mask has, so it looks like a grey image, not a mask: check that "+
			"the image and the mask were not given in each other's place, or choose the "+
			"lesion's label if the mask really holds that many labels", len(present),
			ImageLikeLabels)
		e.Kind = ErrImageLikeMask
		return nil, e
	}
	if les.Pixels == 0 {
		return nil, lesionError(maskName, "label %d is not in the mask; the mask's labels are "+
			"%s. Choose one of them, or 0 for every non-zero pixel", label, present.text())
	}

	les.Regions = regionSizes(in, w, h)
	les.Edges = touchedEdges(in, w, h)
	what := "the lesion (every non-zero pixel)"
	if label != 0 {
		what = fmt.Sprintf("the lesion (label %d)", label)
	}
	if n := len(les.Regions); n > 1 {
		les.warn("%s has %d separate regions (8-connected) of %s; they are measured "+
			"together as one region of interest", what, n, sizeList(les.Regions))
	}
	if label == 0 && len(present) > 1 {
		les.warn("the mask has %d labels, %s; with label 0 every non-zero pixel is one "+
			"lesion: choose a label to measure one of them", len(present), present.text())
	}
	if share := float64(les.Pixels) / float64(w*h); share > LargeLesionShareWarning {
		les.warn("%s covers %.1f%% of the image: is the mask inverted (lesion black on "+
			"white), or not this image's mask? A lesion rarely fills most of the frame",
			what, 100*share)
	}
	if len(les.Edges) > 0 {
		les.warn("%s touches the image's %s %s: it may continue outside the image, and its "+
			"shape features describe only the part inside", what, andList(les.Edges),
			plural(len(les.Edges), "edge", "edges"))
	}
	if img != nil && imgInfo != nil {
		les.checkImage(in, img, imgInfo)
	}
	return les, nil
}

func (l *Lesion) warn(format string, args ...any) {
	l.Warnings = append(l.Warnings, fmt.Sprintf(format, args...))
}

// checkImage counts the coloured and pure-white lesion pixels and warns about them.
func (l *Lesion) checkImage(in []bool, img *radiomics.Image, info *Info) {
	if len(img.Pix) != len(in) {
		return
	}
	for i, ok := range in {
		if !ok {
			continue
		}
		if info.colored != nil && info.colored[i] {
			l.ColoredPixels++
		}
		if info.white > 0 && img.Pix[i] >= info.white {
			l.SaturatedPixels++
		}
	}
	if l.ColoredPixels > 0 {
		l.warn("%d of the lesion's %d pixels (%.1f%%) are coloured (R, G, B not all equal): "+
			"colour Doppler or annotations inside the lesion; their grey values come from the "+
			"overlay, not from the B-mode echo, and change the features", l.ColoredPixels,
			l.Pixels, 100*float64(l.ColoredPixels)/float64(l.Pixels))
	}
	if share := float64(l.SaturatedPixels) / float64(l.Pixels); share >= SaturatedShareWarning {
		l.warn("%d of the lesion's %d pixels (%.1f%%) are pure white (%g, the largest value "+
			"the file holds): clipped echoes, or text or calipers burnt into the image; their "+
			"true intensity is unknown", l.SaturatedPixels, l.Pixels, 100*share, info.white)
	}
}

func lesionError(maskName, detail string, args ...any) *Error {
	return &Error{Op: "find lesion in", Name: maskName, Kind: ErrNoLesion,
		Detail: fmt.Sprintf(detail, args...)}
}

// maskLabel is one label value of a mask with its pixel and 8-connected region counts.
type maskLabel struct {
	value           uint32
	pixels, regions int
}

type maskLabels []maskLabel

// describeMaskLabels lists the non-zero labels of a label map in increasing order.
func describeMaskLabels(labels []uint32, w, h int) maskLabels {
	count := map[uint32]int{}
	for _, v := range labels {
		if v != 0 {
			count[v]++
		}
	}
	regions := components(labels, w, h, func(l uint32) uint32 { return l })
	out := make(maskLabels, 0, len(count))
	for v, n := range count {
		out = append(out, maskLabel{v, n, regions[v]})
	}
	slices.SortFunc(out, func(a, b maskLabel) int { return cmp.Compare(a.value, b.value) })
	return out
}

// text spells the labels out: "255 (1523 pixels, 1 region)", at most 8 of them.
func (ls maskLabels) text() string {
	const most = 8
	parts := make([]string, 0, min(len(ls), most))
	for i, l := range ls {
		if i == most {
			break
		}
		parts = append(parts, fmt.Sprintf("%d (%d %s, %d %s)", l.value, l.pixels,
			plural(l.pixels, "pixel", "pixels"), l.regions, plural(l.regions, "region",
				"regions")))
	}
	s := andList(parts)
	if len(ls) > most {
		s = strings.Join(parts, ", ") + fmt.Sprintf(" and %d more", len(ls)-most)
	}
	return s
}

// regionSizes returns the pixel counts of the 8-connected regions of in, largest first. Like
// components it joins horizontal runs with a union-find, carrying each run's length.
func regionSizes(in []bool, w, h int) []int {
	type run struct{ x0, x1 int }
	var runs []run
	var parent, size []int
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	prevStart, prevEnd := 0, 0
	for y := 0; y < h; y++ {
		row := in[y*w : (y+1)*w]
		start := len(runs)
		for x := 0; x < w; {
			if !row[x] {
				x++
				continue
			}
			x1 := x
			for x1+1 < w && row[x1+1] {
				x1++
			}
			runs = append(runs, run{x, x1})
			parent = append(parent, len(parent))
			size = append(size, x1-x+1)
			x = x1 + 1
		}
		j := prevStart
		for i := start; i < len(runs); i++ {
			for j < prevEnd && runs[j].x1 < runs[i].x0-1 {
				j++
			}
			for k := j; k < prevEnd && runs[k].x0 <= runs[i].x1+1; k++ {
				if a, b := find(i), find(k); a != b {
					parent[a] = b
					size[b] += size[a]
				}
			}
		}
		prevStart, prevEnd = start, len(runs)
	}
	var out []int
	for i := range runs {
		if find(i) == i {
			out = append(out, size[i])
		}
	}
	slices.SortFunc(out, func(a, b int) int { return b - a })
	return out
}

// touchedEdges lists the image edges on which in has a pixel.
func touchedEdges(in []bool, w, h int) []string {
	var edges []string
	if slices.Contains(in[:w], true) {
		edges = append(edges, "top")
	}
	if slices.Contains(in[(h-1)*w:], true) {
		edges = append(edges, "bottom")
	}
	left, right := false, false
	for y := 0; y < h; y++ {
		left = left || in[y*w]
		right = right || in[y*w+w-1]
	}
	if left {
		edges = append(edges, "left")
	}
	if right {
		edges = append(edges, "right")
	}
	return edges
}

// sizeList spells region sizes out: "1200 and 300 pixels", "50, 20, 3, 2 and 1 pixels and 4
// smaller regions".
func sizeList(sizes []int) string {
	parts := make([]string, 0, maxListedRegions)
	for i, s := range sizes {
		if i == maxListedRegions {
			break
		}
		parts = append(parts, fmt.Sprint(s))
	}
	s := andList(parts) + " " + plural(sizes[0], "pixel", "pixels")
	if len(sizes) > maxListedRegions {
		s += fmt.Sprintf(" and %d smaller regions", len(sizes)-maxListedRegions)
	}
	return s
}

// andList joins words as "a", "a and b", "a, b and c".
func andList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// SelectLesion returns a copy of mask in which the pixels that label selects (0: every
// non-zero pixel) carry target and every other pixel is 0, so that an extraction whose
// settings select target (0 or target itself) measures exactly the chosen lesion. The browser
// engine and tools/predict use it to let the user's label choice win over the label recorded
// in a model's settings.
func SelectLesion(mask *radiomics.Mask, label, target uint32) *radiomics.Mask {
	if target == 0 {
		target = 1
	}
	out := &radiomics.Mask{Width: mask.Width, Height: mask.Height, Spacing: mask.Spacing,
		Labels: make([]uint32, len(mask.Labels))}
	for i, v := range mask.Labels {
		if (label == 0 && v != 0) || (label != 0 && v == label) {
			out.Labels[i] = target
		}
	}
	return out
}
