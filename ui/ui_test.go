package ui

import (
	"math"
	"testing"
)

func count(m []uint8) int {
	n := 0
	for _, v := range m {
		n += int(v)
	}
	return n
}

func TestRasterizeRectangle(t *testing.T) {
	// The rectangle x ∈ [1, 4], y ∈ [1, 3] holds the centres of pixels x = 1..3, y = 1..2.
	m := Rasterize([]Pt{{1, 1}, {4, 1}, {4, 3}, {1, 3}}, 6, 5)
	if count(m) != 6 {
		t.Fatalf("%d pixels inside, want 6", count(m))
	}
	for y := 1; y <= 2; y++ {
		for x := 1; x <= 3; x++ {
			if m[y*6+x] != 1 {
				t.Errorf("pixel (%d,%d) outside", x, y)
			}
		}
	}
}

func TestRasterizeDiscArea(t *testing.T) {
	// A 64-gon approximating a circle of radius 40: the pixel count approaches the polygon
	// area n/2·r²·sin(2π/n) = 5018.3; pixel-centre sampling errs by about the perimeter/2.
	var pts []Pt
	const n, r = 64, 40.0
	for k := 0; k < n; k++ {
		a := 2 * math.Pi * float64(k) / n
		pts = append(pts, Pt{50 + r*math.Cos(a), 50 + r*math.Sin(a)})
	}
	area := n / 2.0 * r * r * math.Sin(2*math.Pi/n)
	got := float64(count(Rasterize(pts, 100, 100)))
	if math.Abs(got-area) > 40 {
		t.Errorf("disc: %v pixels, want %.1f ± 40", got, area)
	}
}

func TestRasterizeClipsAndEvenOdd(t *testing.T) {
	// A square larger than the image fills it.
	if c := count(Rasterize([]Pt{{-5, -5}, {20, -5}, {20, 20}, {-5, 20}}, 4, 3)); c != 12 {
		t.Errorf("clipped square: %d, want 12", c)
	}
	// A self-intersecting bow tie: two triangles, one against each side, touching at the
	// centre (5, 5). Row 1 (centre y 1.5) is inside only near x = 0 and x = 10.
	bow := Rasterize([]Pt{{0, 0}, {10, 10}, {10, 0}, {0, 10}}, 10, 10)
	if bow[5*10+0] != 1 || bow[5*10+9] != 1 || bow[1*10+5] != 0 || bow[1*10+0] != 1 ||
		bow[1*10+1] != 0 || bow[1*10+9] != 1 {
		t.Errorf("bow tie rows: %v", bow[50:60])
	}
	if c := count(Rasterize([]Pt{{0, 0}, {5, 5}}, 6, 6)); c != 0 {
		t.Errorf("two points filled %d pixels", c)
	}
}

func TestEditorUndo(t *testing.T) {
	e := NewEditor()
	e.AddPoint(Pt{1, 1})
	e.AddPoint(Pt{5, 1})
	if e.Close() {
		t.Fatal("closed with two points")
	}
	e.AddPoint(Pt{5, 5})
	if !e.Close() || !e.Outline.Usable() {
		t.Fatal("did not close with three points")
	}
	if !e.InsertOnEdge(Pt{3, 1.2}, 1) || len(e.Outline.Points) != 4 || e.Selected != 1 {
		t.Fatalf("insert on edge: %+v sel %d", e.Outline, e.Selected)
	}
	e.Checkpoint()
	e.Move(1, Pt{3, 0})
	e.Undo()
	if e.Outline.Points[1] != (Pt{3, 1.2}) {
		t.Errorf("undo move: %v", e.Outline.Points[1])
	}
	e.Undo() // insert
	e.Undo() // close
	if e.Outline.Closed || len(e.Outline.Points) != 3 {
		t.Errorf("after undoing close: %+v", e.Outline)
	}
	e.Clear()
	if len(e.Outline.Points) != 0 {
		t.Errorf("clear left %v", e.Outline.Points)
	}
	e.Undo()
	if len(e.Outline.Points) != 3 {
		t.Errorf("undo clear: %v", e.Outline.Points)
	}
	if got := e.Nearest(Pt{5.5, 5.5}, 1); got != 2 {
		t.Errorf("nearest = %d, want 2", got)
	}
}

func TestMaskContour(t *testing.T) {
	// A 2×1 lesion has a boundary of 6 unit edges.
	labels := []uint32{
		0, 0, 0, 0,
		0, 255, 255, 0,
		0, 0, 0, 7,
	}
	if seg := MaskContour(labels, 4, 3, 0); len(seg) != 4*(6+4) {
		t.Errorf("label 0: %d segments, want 10", len(seg)/4)
	}
	if seg := MaskContour(labels, 4, 3, 255); len(seg) != 4*6 {
		t.Errorf("label 255: %d segments, want 6", len(seg)/4)
	}
	if CountLesion(labels, 0) != 3 || CountLesion(labels, 7) != 1 {
		t.Errorf("CountLesion")
	}
}

func TestWindowLevel(t *testing.T) {
	wl := FullRange(0, 200)
	for v, want := range map[float64]uint8{-5: 0, 0: 0, 100: 128, 200: 255, 300: 255} {
		if got := wl.Grey(v); got != want {
			t.Errorf("Grey(%v) = %d want %d", v, got, want)
		}
	}
	if (WindowLevel{Width: 40, Level: 50}).Grey(40) != 64 { // (40-30)/40·255 = 63.75
		t.Errorf("narrow window")
	}
	if wl.Grey(math.NaN()) != 0 {
		t.Errorf("NaN")
	}
}

func TestFreehandAndDrag(t *testing.T) {
	a := NewApp(nil)
	a.MaskMode, a.Tool = MaskDrawn, ToolFreehand
	a.PointerDown(Pt{10, 10}, 1)
	for i := 1; i <= 40; i++ { // a circle of radius 10 in 40 moves, 1.57 px apart
		th := 2 * math.Pi * float64(i) / 40
		a.PointerMove(Pt{20 + 10*math.Cos(th+math.Pi), 10 + 10*math.Sin(th+math.Pi)}, 2)
	}
	a.PointerUp()
	o := a.Editor.Outline
	if !o.Closed || len(o.Points) < 15 || len(o.Points) > 30 {
		t.Fatalf("freehand outline: closed %v, %d points (moves under 2 px apart are dropped)",
			o.Closed, len(o.Points))
	}
	for i := 1; i < len(o.Points); i++ {
		p, q := o.Points[i-1], o.Points[i]
		if math.Hypot(p.X-q.X, p.Y-q.Y) < 2 {
			t.Errorf("points %d and %d are closer than the minimum step", i-1, i)
		}
	}
	// Edit: drag vertex 0 and undo the whole drag at once.
	a.Tool = ToolEdit
	p0 := o.Points[0]
	a.PointerDown(p0, 1)
	a.PointerMove(Pt{p0.X - 3, p0.Y}, 0)
	a.PointerMove(Pt{p0.X - 5, p0.Y + 1}, 0)
	a.PointerUp()
	if a.Editor.Outline.Points[0] != (Pt{p0.X - 5, p0.Y + 1}) {
		t.Errorf("drag moved vertex 0 to %v", a.Editor.Outline.Points[0])
	}
	a.Editor.Undo()
	if a.Editor.Outline.Points[0] != p0 {
		t.Errorf("undo after the drag gives %v, want %v", a.Editor.Outline.Points[0], p0)
	}
}
