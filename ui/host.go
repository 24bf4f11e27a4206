// Package ui is the URAN page: vugu components for opening an image and a mask (or drawing
// the outline), choosing the model, running the prediction and showing and exporting the
// result. It holds no JavaScript glue: everything that touches the browser or the engine goes
// through the Host interface, which wasm/ implements with syscall/js and the tests with a
// fake. Components follow vugu v2's rules (logic in .go files, one top-level <div> per .vugu
// file) so that a later move to v2 stays small.
package ui

import (
	"github.com/uran-browser/uran/wasm/api"
	"github.com/vugu/vugu"
)

// File is a file's name and bytes, and for an image the frame chosen in it.
type File struct {
	Name string
	Data []byte
	// Frame is the frame of a multi-frame DICOM to decode, from 1 (a single-frame file
	// accepts 1 too); 0 for none.
	Frame int
}

// FileRef is a file chosen by the user; reading its bytes waits for the browser, so it is
// done outside event handlers.
type FileRef interface {
	Name() string
	Size() int64
	Read() ([]byte, error)
}

// RawMask is a drawn mask at image resolution: Labels[y*Width+x] is 1 in the lesion.
type RawMask struct {
	Width, Height int
	Labels        []uint8
}

// PredictRequest is one case for the engine: the image file as opened, and either the mask
// file or a drawn mask.
type PredictRequest struct {
	Image File
	Mask  *File
	Drawn *RawMask
	Label uint32 // 0: every non-zero mask pixel is lesion
}

// Scene is what the viewer canvas shows.
type Scene struct {
	Width, Height int     // image size in pixels
	Zoom          float64 // canvas pixels per image pixel
	RGBA          []byte  // the image after window/level, Width×Height×4
	Version       int     // changes whenever RGBA changes
	MaskEdges     []float32
	Outline       []Pt
	Closed        bool
	Selected      int // selected outline vertex, -1 for none
	Cursor        *Pt // keyboard drawing cursor
}

// Host is the browser and engine behind the page.
//
// The engine methods block until the Web Worker answers; call them from a goroutine, never
// from an event handler (the browser's event loop must keep running to deliver the answer).
type Host interface {
	LoadModel(data []byte, name string) (*api.ModelInfo, error) // data nil: default model
	Decode(f File, as string) (*api.Decoded, error)             // as: "image" or "mask"; f.Frame
	Predict(req PredictRequest, progress func(api.Progress)) (*api.Result, error)
	Cancel()

	// EventFiles returns the files of an <input type=file> change event or a drop event.
	EventFiles(ev vugu.DOMEvent) []FileRef
	// Fetch reads a static file of the page's own origin (samples); it blocks.
	Fetch(path string) ([]byte, error)
	// Paint draws s on the canvas with the given element id.
	Paint(canvasID string, s *Scene)
	// ElementWidth returns the inner width in CSS pixels of an element, 0 if absent.
	ElementWidth(id string) float64
	// Download offers data as a file to save.
	Download(name, mime string, data []byte)
	Print()
	Focus(id string)
	// SetValue sets the live value of a form control (input or select) by element id.
	SetValue(id, value string)
	// CapturePointer keeps pointer events on the event's target while a button is down.
	CapturePointer(ev vugu.DOMEvent)
}
