package ui

import (
	"math"
	"sort"
)

// Pt is a point in image coordinates: x to the right, y down, in pixels; the centre of pixel
// (i, j) is (i + 0.5, j + 0.5).
type Pt struct{ X, Y float64 }

// Outline is a lesion outline drawn by the user: a polygon in image coordinates. While it is
// being drawn it is open; once closed it defines the mask.
type Outline struct {
	Points []Pt
	Closed bool
}

// Usable reports whether the outline encloses an area: closed with at least three vertices.
func (o Outline) Usable() bool { return o.Closed && len(o.Points) >= 3 }

func (o Outline) clone() Outline {
	return Outline{Points: append([]Pt(nil), o.Points...), Closed: o.Closed}
}

// Editor holds the outline being drawn and its undo history.
type Editor struct {
	Outline  Outline
	Selected int // index of the selected vertex, -1 for none
	history  []Outline
}

// NewEditor returns an empty editor.
func NewEditor() *Editor { return &Editor{Selected: -1} }

// Checkpoint records the current outline so that Undo can return to it. Call it before each
// user action that changes the outline (one drag is one action).
func (e *Editor) Checkpoint() {
	e.history = append(e.history, e.Outline.clone())
	if len(e.history) > 200 {
		e.history = e.history[1:]
	}
}

// CanUndo reports whether there is an action to undo.
func (e *Editor) CanUndo() bool { return len(e.history) > 0 }

// Undo restores the outline as it was before the last action.
func (e *Editor) Undo() {
	if n := len(e.history); n > 0 {
		e.Outline = e.history[n-1]
		e.history = e.history[:n-1]
		e.Selected = -1
	}
}

// Clear removes the outline (undoable).
func (e *Editor) Clear() {
	if len(e.Outline.Points) == 0 {
		return
	}
	e.Checkpoint()
	e.Outline = Outline{}
	e.Selected = -1
}

// AddPoint appends a vertex to the open outline; on a closed outline it starts a new one.
func (e *Editor) AddPoint(p Pt) {
	e.Checkpoint()
	if e.Outline.Closed {
		e.Outline = Outline{}
	}
	e.Outline.Points = append(e.Outline.Points, p)
	e.Selected = -1
}

// Close closes the outline if it has at least three vertices; it reports whether it did.
func (e *Editor) Close() bool {
	if e.Outline.Closed || len(e.Outline.Points) < 3 {
		return false
	}
	e.Checkpoint()
	e.Outline.Closed = true
	return true
}

// RemoveLast removes the last vertex of an open outline, or the selected vertex of a closed
// one (which stays closed while it keeps three vertices).
func (e *Editor) RemoveLast() {
	o := &e.Outline
	switch {
	case o.Closed && e.Selected >= 0 && e.Selected < len(o.Points):
		e.Checkpoint()
		o.Points = append(o.Points[:e.Selected], o.Points[e.Selected+1:]...)
		if len(o.Points) < 3 {
			o.Closed = false
		}
		e.Selected = -1
	case !o.Closed && len(o.Points) > 0:
		e.Checkpoint()
		o.Points = o.Points[:len(o.Points)-1]
	}
}

// Nearest returns the index of the vertex closest to p within radius r, or -1.
func (e *Editor) Nearest(p Pt, r float64) int {
	best, bestD := -1, r
	for i, q := range e.Outline.Points {
		if d := math.Hypot(q.X-p.X, q.Y-p.Y); d <= bestD {
			best, bestD = i, d
		}
	}
	return best
}

// InsertOnEdge inserts p as a vertex on the closest edge of a closed outline when p lies
// within r of it, and selects the new vertex. It reports whether it inserted.
func (e *Editor) InsertOnEdge(p Pt, r float64) bool {
	o := &e.Outline
	if !o.Closed {
		return false
	}
	best, bestD := -1, r
	n := len(o.Points)
	for i := 0; i < n; i++ {
		if d := segmentDistance(p, o.Points[i], o.Points[(i+1)%n]); d <= bestD {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return false
	}
	e.Checkpoint()
	o.Points = append(o.Points[:best+1], append([]Pt{p}, o.Points[best+1:]...)...)
	e.Selected = best + 1
	return true
}

// Move sets the position of vertex i (no checkpoint: a drag checkpoints once at its start).
func (e *Editor) Move(i int, p Pt) {
	if i >= 0 && i < len(e.Outline.Points) {
		e.Outline.Points[i] = p
	}
}

// segmentDistance is the distance from p to the segment ab.
func segmentDistance(p, a, b Pt) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = math.Max(0, math.Min(1, ((p.X-a.X)*dx+(p.Y-a.Y)*dy)/l2))
	}
	return math.Hypot(p.X-(a.X+t*dx), p.Y-(a.Y+t*dy))
}

// Rasterize returns the w×h mask (row-major, 1 inside, 0 outside) of the closed polygon pts:
// pixel (i, j) is inside when its centre (i + 0.5, j + 0.5) is inside by the even-odd rule.
// Vertices outside the image are allowed; the mask is clipped to it.
func Rasterize(pts []Pt, w, h int) []uint8 {
	m := make([]uint8, w*h)
	n := len(pts)
	if n < 3 {
		return m
	}
	xs := make([]float64, 0, 16)
	for j := 0; j < h; j++ {
		yc := float64(j) + 0.5
		xs = xs[:0]
		for k := 0; k < n; k++ {
			a, b := pts[k], pts[(k+1)%n]
			// Half-open rule: an edge counts when yc lies in [min(y), max(y)), so a vertex
			// exactly on the scan line is counted once.
			if (a.Y <= yc) != (b.Y <= yc) {
				xs = append(xs, a.X+(yc-a.Y)*(b.X-a.X)/(b.Y-a.Y))
			}
		}
		sort.Float64s(xs)
		for k := 0; k+1 < len(xs); k += 2 {
			// Pixels whose centre x+0.5 lies in [xs[k], xs[k+1]).
			i0 := int(math.Ceil(xs[k] - 0.5))
			i1 := int(math.Ceil(xs[k+1]-0.5)) - 1
			i0, i1 = max(i0, 0), min(i1, w-1)
			for i := i0; i <= i1; i++ {
				m[j*w+i] = 1
			}
		}
	}
	return m
}
