package ui

import "math"

// PointerDown handles a press at p (image coordinates); r is the pick radius in image pixels.
func (a *App) PointerDown(p Pt, r float64) {
	e := a.Editor
	a.Result = nil
	switch a.Tool {
	case ToolPolygon:
		o := e.Outline
		if !o.Closed && len(o.Points) >= 3 && e.Nearest(p, r) == 0 {
			if e.Close() {
				a.say("Outline closed with %d points.", len(e.Outline.Points))
			}
			return
		}
		e.AddPoint(p)
	case ToolFreehand:
		e.Checkpoint()
		e.Outline = Outline{Points: []Pt{p}}
		e.Selected = -1
		a.dragging = true
	case ToolEdit:
		if i := e.Nearest(p, r); i >= 0 {
			e.Checkpoint()
			e.Selected = i
			a.dragging = true
			return
		}
		if e.InsertOnEdge(p, r) {
			a.dragging = true
			return
		}
		e.Selected = -1
	}
}

// PointerMove extends a freehand stroke (points at least minStep apart) or drags the selected
// vertex.
func (a *App) PointerMove(p Pt, minStep float64) {
	e := a.Editor
	switch a.Tool {
	case ToolFreehand:
		pts := e.Outline.Points
		if n := len(pts); n > 0 && math.Hypot(p.X-pts[n-1].X, p.Y-pts[n-1].Y) >= minStep {
			e.Outline.Points = append(pts, p)
		}
	case ToolEdit:
		e.Move(e.Selected, p)
	}
}

// PointerUp ends a stroke (closing it when it has three points) or a drag.
func (a *App) PointerUp() {
	if !a.dragging {
		return
	}
	a.dragging = false
	if a.Tool == ToolFreehand {
		o := &a.Editor.Outline
		if len(o.Points) >= 3 {
			o.Closed = true
			a.say("Outline closed with %d points.", len(o.Points))
		}
	}
}

// Key handles a key pressed on the canvas; it reports whether the key was used.
func (a *App) Key(key string, shift, ctrl bool) bool {
	e := a.Editor
	step := 1.0
	if shift {
		step = 10
	}
	move := func(dx, dy float64) {
		if a.Tool == ToolEdit && e.Selected >= 0 {
			e.Checkpoint()
			q := e.Outline.Points[e.Selected]
			e.Move(e.Selected, a.clampPt(Pt{q.X + dx, q.Y + dy}))
			return
		}
		a.Cursor = a.clampPt(Pt{a.Cursor.X + dx, a.Cursor.Y + dy})
		a.CursorOn = true
	}
	switch {
	case ctrl && (key == "z" || key == "Z"):
		e.Undo()
	case ctrl:
		return false
	case key == "ArrowLeft":
		move(-step, 0)
	case key == "ArrowRight":
		move(step, 0)
	case key == "ArrowUp":
		move(0, -step)
	case key == "ArrowDown":
		move(0, step)
	case key == " " || key == "Spacebar":
		if a.Tool == ToolEdit {
			return false
		}
		e.AddPoint(a.Cursor)
		a.Result = nil
		a.say("Point %d added.", len(e.Outline.Points))
	case key == "Enter":
		if e.Close() {
			a.Result = nil
			a.say("Outline closed with %d points.", len(e.Outline.Points))
		}
	case key == "Backspace" || key == "Delete":
		e.RemoveLast()
		a.Result = nil
	case key == "[" || key == "]":
		n := len(e.Outline.Points)
		if n == 0 {
			return false
		}
		a.Tool = ToolEdit
		if key == "]" {
			e.Selected = (e.Selected + 1) % n
		} else {
			e.Selected = (e.Selected - 1 + n) % n
		}
		a.say("Point %d of %d selected.", e.Selected+1, n)
	case key == "Escape":
		e.Selected = -1
	default:
		return false
	}
	return true
}

// clampPt keeps a point inside the image.
func (a *App) clampPt(p Pt) Pt {
	if a.Image == nil {
		return p
	}
	s := a.Image.Decoded.Summary
	return Pt{math.Max(0, math.Min(float64(s.Width), p.X)),
		math.Max(0, math.Min(float64(s.Height), p.Y))}
}
