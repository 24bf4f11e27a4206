package ui

// MaskContour returns the boundary of the lesion in a label map as line segments along pixel
// edges, in image coordinates, four numbers per segment (x1, y1, x2, y2). A pixel belongs to
// the lesion when its label is non-zero (label 0) or equals label. An edge is on the boundary
// when exactly one of the two pixels it separates belongs to the lesion; the image border
// counts as outside.
func MaskContour(labels []uint32, w, h int, label uint32) []float32 {
	in := func(x, y int) bool {
		if x < 0 || y < 0 || x >= w || y >= h {
			return false
		}
		v := labels[y*w+x]
		if label == 0 {
			return v != 0
		}
		return v == label
	}
	var seg []float32
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if !in(x, y) {
				continue
			}
			fx, fy := float32(x), float32(y)
			if !in(x, y-1) {
				seg = append(seg, fx, fy, fx+1, fy)
			}
			if !in(x, y+1) {
				seg = append(seg, fx, fy+1, fx+1, fy+1)
			}
			if !in(x-1, y) {
				seg = append(seg, fx, fy, fx, fy+1)
			}
			if !in(x+1, y) {
				seg = append(seg, fx+1, fy, fx+1, fy+1)
			}
		}
	}
	return seg
}

// CountLesion returns how many pixels of labels belong to the lesion (see MaskContour).
func CountLesion(labels []uint32, label uint32) int {
	n := 0
	for _, v := range labels {
		if (label == 0 && v != 0) || (label != 0 && v == label) {
			n++
		}
	}
	return n
}
