package imageio

// components counts the 8-connected components of each class of a label map, where
// class(label) maps a label to its class and class 0 is background. Two pixels are connected
// when they have the same class and touch by an edge or a corner.
//
// It works on runs (maximal horizontal stretches of one class) with a union-find over runs, so
// memory grows with the number of runs, not pixels. Runs of consecutive rows touch 8-wise when
// their column ranges, widened by one, overlap.
func components(labels []uint32, w, h int, class func(uint32) uint32) map[uint32]int {
	type run struct {
		x0, x1 int // inclusive column range
		class  uint32
	}
	var runs []run
	var parent []int
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}

	prevStart, prevEnd := 0, 0 // runs of the previous row: runs[prevStart:prevEnd]
	for y := 0; y < h; y++ {
		row := labels[y*w : (y+1)*w]
		start := len(runs)
		for x := 0; x < w; {
			c := class(row[x])
			x1 := x
			for x1+1 < w && class(row[x1+1]) == c {
				x1++
			}
			if c != 0 {
				runs = append(runs, run{x, x1, c})
				parent = append(parent, len(parent))
			}
			x = x1 + 1
		}

		// Join each new run with the touching runs above; both lists are sorted by column.
		j := prevStart
		for i := start; i < len(runs); i++ {
			for j < prevEnd && runs[j].x1 < runs[i].x0-1 {
				j++
			}
			for k := j; k < prevEnd && runs[k].x0 <= runs[i].x1+1; k++ {
				if runs[k].class == runs[i].class {
					if a, b := find(i), find(k); a != b {
						parent[a] = b
					}
				}
			}
		}
		prevStart, prevEnd = start, len(runs)
	}

	count := map[uint32]int{}
	for i := range runs {
		if find(i) == i {
			count[runs[i].class]++
		}
	}
	return count
}
