package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vugu/vugu"
)

// Inputs opens the image and the mask: file pickers, drag and drop, bundled samples.
type Inputs struct {
	App      *App
	dragOver bool
}

// Accept lists the file types offered by the pickers.
func (c *Inputs) Accept() string {
	return ".png,.jpg,.jpeg,.bmp,.tif,.tiff,.dcm,.dicom,.npy,image/png,image/jpeg,image/bmp," +
		"image/tiff,application/dicom"
}

// Err returns the message for an area, or "".
func (c *Inputs) Err(area string) string { return c.App.Errors[area] }

// DropClass styles the drop zone while a file is dragged over it.
func (c *Inputs) DropClass() string {
	if c.dragOver {
		return "dropzone dragover"
	}
	return "dropzone"
}

// DragOver accepts the drag (the browser only allows a drop after preventDefault).
func (c *Inputs) DragOver(ev vugu.DOMEvent) {
	ev.PreventDefault()
	c.dragOver = true
}

// DragLeave ends the highlight.
func (c *Inputs) DragLeave(ev vugu.DOMEvent) { c.dragOver = false }

// Drop opens the dropped files.
func (c *Inputs) Drop(ev vugu.DOMEvent) {
	ev.PreventDefault()
	c.dragOver = false
	c.App.OpenDropped(c.App.Host.EventFiles(ev))
}

// ImageChosen opens the picked image.
func (c *Inputs) ImageChosen(ev vugu.DOMEvent) {
	if fs := c.App.Host.EventFiles(ev); len(fs) > 0 {
		c.App.OpenImage(fs[0])
	}
}

// MaskChosen opens the picked mask.
func (c *Inputs) MaskChosen(ev vugu.DOMEvent) {
	if fs := c.App.Host.EventFiles(ev); len(fs) > 0 {
		c.App.OpenMask(fs[0])
	}
}

// SampleChosen opens a bundled sample.
func (c *Inputs) SampleChosen(ev vugu.DOMEvent) {
	if id := ev.PropString("target", "value"); id != "" {
		c.App.OpenSample(id)
	}
}

// LabelChosen selects the mask label.
func (c *Inputs) LabelChosen(ev vugu.DOMEvent) {
	v, err := strconv.ParseUint(ev.PropString("target", "value"), 10, 32)
	if err == nil {
		c.App.SetLabel(uint32(v))
	}
}

// ShowFrame tells whether the open image has several frames to choose from.
func (c *Inputs) ShowFrame() bool { return c.App.Frames() > 1 }

// FrameMax is the last frame's number, for the frame field.
func (c *Inputs) FrameMax() string { return strconv.Itoa(c.App.Frames()) }

// FrameValue is the shown frame's number.
func (c *Inputs) FrameValue() string { return strconv.Itoa(c.App.Image.File.Frame) }

// FrameChosen shows the frame typed or stepped to; a number outside 1 to FrameMax is ignored
// (Rendered puts the shown frame back in the field).
func (c *Inputs) FrameChosen(ev vugu.DOMEvent) {
	if n, err := strconv.Atoi(strings.TrimSpace(ev.PropString("target", "value"))); err == nil {
		c.App.SetFrame(n)
	}
}

// LabelText names a label value.
func (c *Inputs) LabelText(v uint32) string { return "Value " + strconv.FormatUint(uint64(v), 10) }

// ImageSummary describes the opened image.
func (c *Inputs) ImageSummary() string {
	s := c.App.Image.Decoded.Summary
	out := fmt.Sprintf("%s — %s, %d × %d pixels, spacing %g × %g mm", s.Name, s.Format,
		s.Width, s.Height, s.Spacing[0], s.Spacing[1])
	if len(s.Notes) > 0 {
		out += " (" + strings.Join(s.Notes, "; ") + ")"
	}
	return out
}

// MaskSummary describes the opened mask.
func (c *Inputs) MaskSummary() string {
	m := c.App.Mask
	s := m.Decoded.Summary
	out := fmt.Sprintf("%s — %s, %d lesion pixels", s.Name, s.Format, m.Pixels)
	if m.Lesion != nil && len(m.Lesion.Regions) > 1 {
		out += fmt.Sprintf(" in %d separate regions", len(m.Lesion.Regions))
	}
	if len(s.Notes) > 0 {
		out += " (" + strings.Join(s.Notes, "; ") + ")"
	}
	return out
}

// Rendered keeps the selects' live values in line with the state.
func (c *Inputs) Rendered(ctx vugu.RenderedCtx) {
	c.App.Host.SetValue("sample", c.App.SampleID)
	if c.ShowFrame() {
		c.App.Host.SetValue("image-frame", c.FrameValue())
	}
	if c.App.Mask != nil && len(c.App.Mask.Decoded.LabelValues) > 1 {
		c.App.Host.SetValue("mask-label", strconv.FormatUint(uint64(c.App.Label), 10))
	}
}

// MaskWarnings are the lesion check's warnings for the selected label (several regions,
// several labels, the image edge).
func (c *Inputs) MaskWarnings() []string {
	if m := c.App.Mask; m != nil && m.Lesion != nil {
		return m.Lesion.Warnings
	}
	return nil
}
