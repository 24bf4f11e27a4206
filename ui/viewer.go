package ui

import (
	"fmt"
	"math"
	"strconv"

	"github.com/vugu/vugu"
)

// Viewer shows the image with the lesion outline and lets the user draw it.
type Viewer struct {
	App *App
}

// pickRadius is how close (in CSS pixels) a pointer must be to a vertex or edge to grab it.
const pickRadius = 8

// Rendered paints the canvas after vugu has updated the DOM, and brings the form controls'
// live values in line with the state (attributes alone do not move a control the user has
// already touched).
//
// Limitation: vugu v0.4.0 holds its event lock while it patches the DOM, so an event that the
// browser fires synchronously during the patch (focus and blur when a focused element is
// replaced) deadlocks the page. The components therefore listen to no focus or blur event and
// keep elements before the canvas in place (hidden rather than removed).
func (c *Viewer) Rendered(ctx vugu.RenderedCtx) {
	s := c.App.Scene()
	if s == nil {
		return
	}
	c.App.Host.Paint("viewer-canvas", s)
	h := c.App.Host
	h.SetValue("wl-window", strconv.FormatFloat(c.App.Window.Width, 'g', -1, 64))
	h.SetValue("wl-level", strconv.FormatFloat(c.App.Window.Level, 'g', -1, 64))
}

// Pressed renders aria-pressed for a toggle button.
func (c *Viewer) Pressed(b bool) string { return strconv.FormatBool(b) }

func (c *Viewer) rangeOf() (lo, hi float64) {
	d := c.App.Image.Decoded
	return d.Min, math.Max(d.Max, d.Min+1)
}

// WindowMin is the narrowest window.
func (c *Viewer) WindowMin() float64 { lo, hi := c.rangeOf(); return (hi - lo) / 256 }

// WindowMax is the widest window.
func (c *Viewer) WindowMax() float64 { lo, hi := c.rangeOf(); return 2 * (hi - lo) }

// LevelMin is the lowest level.
func (c *Viewer) LevelMin() float64 { lo, _ := c.rangeOf(); return lo }

// LevelMax is the highest level.
func (c *Viewer) LevelMax() float64 { _, hi := c.rangeOf(); return hi }

// WindowText is the window width for screen readers.
func (c *Viewer) WindowText() string { return fmt.Sprintf("width %.4g", c.App.Window.Width) }

// LevelText is the level for screen readers.
func (c *Viewer) LevelText() string { return fmt.Sprintf("level %.4g", c.App.Window.Level) }

// WindowInput applies the window slider.
func (c *Viewer) WindowInput(ev vugu.DOMEvent) {
	if v, err := strconv.ParseFloat(ev.PropString("target", "value"), 64); err == nil {
		c.App.SetWindow(v, c.App.Window.Level)
	}
}

// LevelInput applies the level slider.
func (c *Viewer) LevelInput(ev vugu.DOMEvent) {
	if v, err := strconv.ParseFloat(ev.PropString("target", "value"), 64); err == nil {
		c.App.SetWindow(c.App.Window.Width, v)
	}
}

// ZoomBy multiplies the zoom.
func (c *Viewer) ZoomBy(f float64) { c.App.SetZoom(c.App.Zoom * f) }

// ZoomText shows the zoom in percent.
func (c *Viewer) ZoomText() string { return fmt.Sprintf("%.0f %%", 100*c.App.Zoom) }

// CanvasWidth is the canvas width in pixels.
func (c *Viewer) CanvasWidth() int {
	return int(math.Round(float64(c.App.Image.Decoded.Summary.Width) * c.App.Zoom))
}

// CanvasHeight is the canvas height in pixels.
func (c *Viewer) CanvasHeight() int {
	return int(math.Round(float64(c.App.Image.Decoded.Summary.Height) * c.App.Zoom))
}

// CanvasClass sets the cursor for the current tool.
func (c *Viewer) CanvasClass() string {
	if c.App.MaskMode == MaskDrawn {
		return "viewer-canvas drawing"
	}
	return "viewer-canvas"
}

// CanvasLabel describes the canvas for assistive technology.
func (c *Viewer) CanvasLabel() string {
	s := c.App.Image.Decoded.Summary
	l := fmt.Sprintf("Ultrasound image %s, %d × %d pixels", s.Name, s.Width, s.Height)
	switch {
	case c.App.MaskMode == MaskDrawn:
		l += ", drawn outline: " + c.OutlineState()
	case c.App.Mask != nil:
		l += fmt.Sprintf(", lesion outline from the mask (%d pixels)", c.App.Mask.Pixels)
	}
	return l
}

// SetTool chooses a drawing tool.
func (c *Viewer) SetTool(t string) {
	c.App.Tool = t
	c.App.Editor.Selected = -1
}

// CanClose reports whether Close outline applies.
func (c *Viewer) CanClose() bool {
	o := c.App.Editor.Outline
	return !o.Closed && len(o.Points) >= 3
}

// CloseOutline closes the polygon.
func (c *Viewer) CloseOutline() {
	if c.App.Editor.Close() {
		c.App.Result = nil
		c.App.say("Outline closed with %d points.", len(c.App.Editor.Outline.Points))
	}
}

// OutlineState summarises the drawn outline.
func (c *Viewer) OutlineState() string {
	o := c.App.Editor.Outline
	switch {
	case len(o.Points) == 0:
		return "no outline yet"
	case o.Closed:
		return fmt.Sprintf("closed outline, %d points", len(o.Points))
	}
	return fmt.Sprintf("open outline, %d points", len(o.Points))
}

// Help explains the drawing controls.
func (c *Viewer) Help() string {
	if c.App.MaskMode != MaskDrawn {
		return "The lesion outline from the mask is drawn in yellow. Choose “Draw outline” " +
			"to draw it yourself."
	}
	switch c.App.Tool {
	case ToolFreehand:
		return "Freehand: press and drag around the lesion; releasing closes the outline. " +
			"Keyboard: arrows move the cross, Space adds a point, Enter closes."
	case ToolEdit:
		return "Edit: drag a point to move it, press on an edge to add a point. Keyboard: " +
			"[ and ] select a point, arrows move it (Shift: 10 pixels), Delete removes it."
	}
	return "Polygon: click to add points; click the first point or double-click to close. " +
		"Keyboard: focus the image, arrows move the cross (Shift: 10 pixels), Space adds a " +
		"point, Enter closes, Backspace removes the last point, Ctrl+Z undoes."
}

// imagePoint converts an event's offset (CSS pixels on the canvas) to image coordinates.
func (c *Viewer) imagePoint(ev vugu.DOMEvent) Pt {
	return Pt{ev.PropFloat64("offsetX") / c.App.Zoom, ev.PropFloat64("offsetY") / c.App.Zoom}
}

// PointerDown starts a point, a freehand stroke or a vertex drag.
func (c *Viewer) PointerDown(ev vugu.DOMEvent) {
	if c.App.MaskMode != MaskDrawn || ev.PropFloat64("button") != 0 {
		return
	}
	c.App.Host.CapturePointer(ev)
	c.App.CursorOn = false // the keyboard cross shows again at the next key
	c.App.PointerDown(c.imagePoint(ev), pickRadius/c.App.Zoom)
}

// PointerMove extends a stroke or moves a vertex.
func (c *Viewer) PointerMove(ev vugu.DOMEvent) {
	if c.App.MaskMode == MaskDrawn && c.App.dragging {
		c.App.PointerMove(c.imagePoint(ev), 1.5/c.App.Zoom)
	}
}

// PointerUp ends a stroke or drag.
func (c *Viewer) PointerUp(ev vugu.DOMEvent) {
	if c.App.MaskMode == MaskDrawn {
		c.App.PointerUp()
	}
}

// DoubleClick closes the polygon.
func (c *Viewer) DoubleClick(ev vugu.DOMEvent) {
	if c.App.MaskMode == MaskDrawn && c.App.Tool == ToolPolygon {
		c.CloseOutline()
	}
}

// KeyDown handles keyboard drawing; keys it uses do not scroll the page.
func (c *Viewer) KeyDown(ev vugu.DOMEvent) {
	if c.App.MaskMode != MaskDrawn {
		return
	}
	if c.App.Key(ev.PropString("key"), ev.PropBool("shiftKey"),
		ev.PropBool("ctrlKey") || ev.PropBool("metaKey")) {
		ev.PreventDefault()
	}
}
