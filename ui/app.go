package ui

import (
	"encoding/json"
	"fmt"
	"math"
	"path"
	"strings"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/radiomics/imageio"
	"github.com/uran-browser/uran/wasm/api"
	"github.com/uran-browser/uran/weights"
	"github.com/vugu/vugu"
)

// Sample is one bundled phantom case, as listed in samples/samples.json.
type Sample struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Image       string `json:"image"`
	Mask        string `json:"mask"`
}

// ImageLayer is the opened image.
type ImageLayer struct {
	File    File
	Decoded *api.Decoded
	RGBA    []byte
	Version int
}

// MaskLayer is the opened mask file.
type MaskLayer struct {
	File    File
	Decoded *api.Decoded
	Edges   []float32
	Pixels  int // lesion pixels for the selected label
	// Lesion is the lesion the selected label picks (imageio.CheckLesion), nil when it picks
	// none; the problem is then in App.Errors["mask"].
	Lesion *imageio.Lesion
}

// Mask sources.
const (
	MaskFromFile = "file"
	MaskDrawn    = "draw"
)

// Drawing tools.
const (
	ToolPolygon  = "polygon"
	ToolFreehand = "freehand"
	ToolEdit     = "edit"
)

// App is the page's state and the actions on it. Components read it and call its methods;
// slow work (reading files, the engine) runs in goroutines that apply their outcome under the
// vugu event lock and request a re-render.
type App struct {
	Host Host
	env  vugu.EventEnv

	Samples  []Sample
	SampleID string

	Image    *ImageLayer
	Mask     *MaskLayer
	MaskMode string
	Label    uint32
	Editor   *Editor
	Tool     string
	Window   WindowLevel
	Zoom     float64
	Cursor   Pt
	CursorOn bool
	dragging bool
	version  int
	// imageSeq and maskSeq number the opens of the image and of the mask; an older open that
	// finishes after a newer one of the same input is dropped.
	imageSeq, maskSeq int
	modelSeq          int // the same for model loads

	Model     *api.ModelInfo
	ModelBusy bool

	Running  bool
	Runs     int // runs finished (with a result, an error or cancelled)
	Progress api.Progress
	Result   *api.Result
	AllFeats bool

	Errors map[string]string // by area: image, mask, model, run, samples
	Status string            // announced to screen readers
	Busy   map[string]bool
}

// NewApp returns the initial state.
func NewApp(h Host) *App {
	return &App{Host: h, Editor: NewEditor(), Tool: ToolPolygon, Zoom: 1, MaskMode: MaskFromFile,
		Errors: map[string]string{}, Busy: map[string]bool{}}
}

// Start loads the sample list and the default model. env is the vugu event environment used
// to apply results that arrive later.
func (a *App) Start(env vugu.EventEnv) {
	a.env = env
	a.Busy["model"] = true
	a.ModelBusy = true
	a.modelSeq++
	seq := a.modelSeq
	a.later(func() func() {
		info, err := a.Host.LoadModel(nil, "default")
		return func() { a.modelLoaded(seq, info, err) }
	})
	a.later(func() func() {
		data, err := a.Host.Fetch("samples/samples.json")
		var list []Sample
		if err == nil {
			err = json.Unmarshal(data, &list)
		}
		return func() {
			if err != nil {
				a.Errors["samples"] = "The bundled samples could not be loaded: " + err.Error()
				return
			}
			a.Samples = list
		}
	})
}

// later runs work in a goroutine and applies the function it returns under the event lock.
func (a *App) later(work func() func()) {
	go func() {
		apply := work()
		if a.env == nil {
			apply()
			return
		}
		a.env.Lock()
		apply()
		a.env.UnlockRender()
	}()
}

func (a *App) say(format string, args ...any) { a.Status = fmt.Sprintf(format, args...) }

// ---- model ----

// LoadModelFile loads a weights file chosen by the user.
func (a *App) LoadModelFile(ref FileRef) {
	if ref == nil {
		return
	}
	a.ModelBusy = true
	delete(a.Errors, "model")
	a.say("Loading model %s…", ref.Name())
	a.modelSeq++
	seq := a.modelSeq
	a.later(func() func() {
		// A file over the weights size limit is refused before it is read.
		err := weights.CheckFileSize(ref.Name(), ref.Size())
		var data []byte
		if err == nil {
			data, err = ref.Read()
		}
		var info *api.ModelInfo
		if err == nil {
			info, err = a.Host.LoadModel(data, ref.Name())
		}
		return func() { a.modelLoaded(seq, info, err) }
	})
}

// UseDefaultModel switches back to the embedded model.
func (a *App) UseDefaultModel() {
	a.ModelBusy = true
	delete(a.Errors, "model")
	a.modelSeq++
	seq := a.modelSeq
	a.later(func() func() {
		info, err := a.Host.LoadModel(nil, "default")
		return func() { a.modelLoaded(seq, info, err) }
	})
}

func (a *App) modelLoaded(seq int, info *api.ModelInfo, err error) {
	if seq != a.modelSeq {
		return // a later load is under way
	}
	a.ModelBusy = false
	delete(a.Busy, "model")
	if err != nil {
		a.Errors["model"] = err.Error()
		a.say("The model could not be loaded.")
		return
	}
	a.Model = info
	a.Result = nil
	a.say("Model loaded: %s.", info.Task)
}

// ---- image and mask ----

// source is a file to read: a picked or dropped file, or a bundled sample fetched from the
// page's origin.
type source struct {
	name string
	size int64 // bytes, -1 when unknown before reading
	read func() ([]byte, error)
}

func fileSource(ref FileRef) *source { return &source{ref.Name(), ref.Size(), ref.Read} }

// PageLimitNames name the decoder's size limits for a user of the page, who cannot change them
// there (the page keeps the defaults).
var PageLimitNames = imageio.LimitNames{
	Pixels: "the -max-pixels flag of the command-line tools (the page keeps the default)",
	Bytes:  "the -max-bytes flag of the command-line tools (the page keeps the default)"}

// pageLimits are the decoder's default limits, named for the page's users.
var pageLimits = &imageio.Options{LimitNames: PageLimitNames}

// readAs reads a source to be decoded as role ("image" or "mask"), refusing a file over the
// decoder's byte limit before reading it, with the decoder's own message.
func (s *source) readAs(role string) ([]byte, error) {
	if s.size >= 0 {
		if err := imageio.CheckFileSize(role, s.name, s.size, pageLimits); err != nil {
			return nil, err
		}
	}
	return s.read()
}

// OpenImage decodes an image chosen by the user.
func (a *App) OpenImage(ref FileRef) {
	if ref != nil {
		a.SampleID = ""
		a.open(fileSource(ref), nil)
	}
}

// OpenMask decodes a mask chosen by the user.
func (a *App) OpenMask(ref FileRef) {
	if ref != nil {
		a.open(nil, fileSource(ref))
	}
}

// open reads and decodes an image, a mask or both in one goroutine and applies them in that
// order, so a mask opened with its image is checked against it. Each input keeps only its
// latest open: a slower earlier one (or a duplicate event) cannot replace what came after it,
// and opening the mask while the image is still opening (or the reverse) loses neither.
func (a *App) open(img, mask *source) {
	var iseq, mseq int
	if img != nil {
		a.imageSeq++
		iseq = a.imageSeq
		a.Busy["image"] = true
		delete(a.Errors, "image")
		a.say("Opening %s…", img.name)
	}
	if mask != nil {
		a.maskSeq++
		mseq = a.maskSeq
		a.Busy["mask"] = true
		delete(a.Errors, "mask")
	}
	a.later(func() func() {
		var imgFile, maskFile File
		var imgDec, maskDec *api.Decoded
		var imgErr, maskErr error
		if img != nil {
			// Frame 1: a multi-frame DICOM opens on its first frame, and the page offers
			// the others (Inputs' frame field); any other file has just that frame.
			imgFile.Name, imgFile.Frame = img.name, 1
			if imgFile.Data, imgErr = img.readAs("image"); imgErr == nil {
				imgDec, imgErr = a.Host.Decode(imgFile, "image")
			}
		}
		if mask != nil {
			maskFile.Name = mask.name
			if maskFile.Data, maskErr = mask.readAs("mask"); maskErr == nil {
				maskDec, maskErr = a.Host.Decode(maskFile, "mask")
			}
		}
		return func() {
			imageFailed := false
			if img != nil && iseq == a.imageSeq {
				delete(a.Busy, "image")
				if imgErr != nil {
					a.Errors["image"] = imgErr.Error()
					a.say("The image could not be opened.")
					imageFailed = true
				} else {
					a.setImage(imgFile, imgDec)
				}
			}
			if mask != nil && mseq == a.maskSeq {
				delete(a.Busy, "mask")
				switch {
				case imageFailed:
					// The mask came with that image (a sample): it is not applied alone.
				case maskErr != nil:
					a.Errors["mask"] = maskErr.Error()
					a.say("The mask could not be opened.")
				default:
					a.setMask(maskFile, maskDec)
				}
			}
		}
	})
}

func (a *App) setImage(f File, d *api.Decoded) {
	a.version++
	a.Image = &ImageLayer{File: f, Decoded: d, Version: a.version}
	a.Window = FullRange(d.Min, d.Max)
	a.Image.RGBA = a.Window.RenderRGBA(d.Pixels)
	a.Result = nil
	a.Editor = NewEditor()
	a.Cursor = Pt{float64(d.Summary.Width) / 2, float64(d.Summary.Height) / 2}
	if m := a.Mask; m != nil && !a.maskFits(m.Decoded) {
		a.Mask = nil
		a.Errors["mask"] = a.sizeMismatch(m.File.Name, m.Decoded).Error()
		a.say("The mask does not fit this image and was removed.")
	}
	if a.Mask == nil {
		a.MaskMode = MaskFromFile
	}
	a.FitZoom()
	a.say("Image %s opened: %d × %d pixels.", f.Name, d.Summary.Width, d.Summary.Height)
}

func (a *App) setMask(f File, d *api.Decoded) {
	// While an image is still opening, the mask is checked against that image when it
	// arrives (setImage), not against the one it replaces.
	if err := a.sizeMismatch(f.Name, d); err != nil && !a.Busy["image"] {
		a.Errors["mask"] = err.Error()
		a.say("The mask does not fit the image.")
		return
	}
	a.Mask = &MaskLayer{File: f, Decoded: d}
	a.MaskMode = MaskFromFile
	a.Label = 0
	a.Result = nil
	a.updateMaskEdges()
	a.say("Mask %s opened: %d lesion pixels.", f.Name, a.Mask.Pixels)
}

// Frames is the number of frames in the open image (several for a DICOM cine loop), 0 when
// no image is open.
func (a *App) Frames() int {
	if a.Image == nil {
		return 0
	}
	return a.Image.Decoded.Summary.Frames
}

// SetFrame shows frame n (from 1) of a multi-frame image; the prediction measures it. The mask
// and the drawn outline stay: every frame has the image's size.
func (a *App) SetFrame(n int) {
	if a.Image == nil || n < 1 || n > a.Frames() || n == a.Image.File.Frame {
		return
	}
	a.imageSeq++
	seq := a.imageSeq
	f := a.Image.File
	f.Frame = n
	a.Busy["image"] = true
	delete(a.Errors, "image")
	a.say("Opening frame %d of %s…", n, f.Name)
	a.later(func() func() {
		d, err := a.Host.Decode(f, "image")
		return func() {
			if seq != a.imageSeq {
				return
			}
			delete(a.Busy, "image")
			if err != nil {
				a.Errors["image"] = err.Error()
				a.say("Frame %d could not be opened.", n)
				return
			}
			a.version++
			a.Image = &ImageLayer{File: f, Decoded: d, Version: a.version}
			a.Window = FullRange(d.Min, d.Max)
			a.Image.RGBA = a.Window.RenderRGBA(d.Pixels)
			a.Result = nil
			a.say("Frame %d of %d shown.", n, d.Summary.Frames)
		}
	})
}

// sizeMismatch returns imageio's error for a mask of another size than the open image (the
// message the commands and the JavaScript API give), or nil.
func (a *App) sizeMismatch(name string, d *api.Decoded) error {
	if a.Image == nil || d == nil {
		return nil
	}
	s := a.Image.Decoded.Summary
	return imageio.MatchSizes(s.Name, s.Width, s.Height, name, imageio.Format(d.Summary.Format),
		d.Summary.Width, d.Summary.Height)
}

func (a *App) maskFits(d *api.Decoded) bool {
	if a.Image == nil || d == nil {
		return true
	}
	s := a.Image.Decoded.Summary
	return d.Summary.Width == s.Width && d.Summary.Height == s.Height
}

// updateMaskEdges redraws the outline of the selected lesion and checks it as the engine will
// (imageio.CheckLesion): an empty mask or an absent label is shown as the mask's error.
func (a *App) updateMaskEdges() {
	m := a.Mask
	if m == nil {
		return
	}
	s := m.Decoded.Summary
	m.Edges = MaskContour(m.Decoded.Labels, s.Width, s.Height, a.Label)
	m.Pixels = CountLesion(m.Decoded.Labels, a.Label)
	mask := &radiomics.Mask{Width: s.Width, Height: s.Height, Labels: m.Decoded.Labels}
	var err error
	m.Lesion, err = imageio.CheckLesion(mask, m.File.Name, a.Label, nil, nil)
	if err != nil {
		a.Errors["mask"] = err.Error()
	} else {
		delete(a.Errors, "mask")
	}
}

// SetLabel selects which mask value is the lesion (0: every non-zero value).
func (a *App) SetLabel(v uint32) {
	a.Label = v
	a.Result = nil
	a.updateMaskEdges()
}

// OpenSample loads a bundled phantom and its mask.
func (a *App) OpenSample(id string) {
	if id == a.SampleID && a.Busy["image"] {
		return // the same choice reported twice
	}
	for _, smp := range a.Samples {
		if smp.ID != id {
			continue
		}
		a.SampleID = id
		a.Mask = nil
		fetch := func(name string) func() ([]byte, error) {
			return func() ([]byte, error) { return a.Host.Fetch(path.Join("samples", name)) }
		}
		a.open(&source{smp.Image, -1, fetch(smp.Image)},
			&source{smp.Mask, -1, fetch(smp.Mask)})
		return
	}
}

// SetMaskMode switches between the mask file and the drawn outline.
func (a *App) SetMaskMode(mode string) {
	if mode == MaskFromFile || mode == MaskDrawn {
		a.MaskMode = mode
		a.Result = nil
	}
}

// ---- view ----

// SetWindow changes window/level and re-renders the image.
func (a *App) SetWindow(width, level float64) {
	if a.Image == nil || math.IsNaN(width) || math.IsNaN(level) {
		return
	}
	a.Window = WindowLevel{Width: math.Max(width, 1e-6), Level: level}
	a.version++
	a.Image.RGBA = a.Window.RenderRGBA(a.Image.Decoded.Pixels)
	a.Image.Version = a.version
}

// ResetWindow shows the full grey range.
func (a *App) ResetWindow() {
	if a.Image != nil {
		d := a.Image.Decoded
		wl := FullRange(d.Min, d.Max)
		a.SetWindow(wl.Width, wl.Level)
	}
}

// Zoom limits.
const (
	MinZoom = 0.1
	MaxZoom = 8
)

// SetZoom sets canvas pixels per image pixel, within [MinZoom, MaxZoom].
func (a *App) SetZoom(z float64) {
	if math.IsNaN(z) {
		return
	}
	a.Zoom = math.Min(MaxZoom, math.Max(MinZoom, z))
}

// FitZoom fits the image to the viewer's width (at most 1:1 magnified to 2×).
func (a *App) FitZoom() {
	if a.Image == nil {
		return
	}
	w := a.Host.ElementWidth("viewer-scroll")
	if w <= 0 {
		a.SetZoom(1)
		return
	}
	a.SetZoom(math.Min(2, (w-4)/float64(a.Image.Decoded.Summary.Width)))
}

// Scene returns what the canvas must show.
func (a *App) Scene() *Scene {
	if a.Image == nil {
		return nil
	}
	s := a.Image.Decoded.Summary
	sc := &Scene{Width: s.Width, Height: s.Height, Zoom: a.Zoom, RGBA: a.Image.RGBA,
		Version: a.Image.Version, Selected: -1}
	if a.MaskMode == MaskFromFile && a.Mask != nil {
		sc.MaskEdges = a.Mask.Edges
	}
	if a.MaskMode == MaskDrawn {
		sc.Outline = a.Editor.Outline.Points
		sc.Closed = a.Editor.Outline.Closed
		sc.Selected = a.Editor.Selected
		if a.CursorOn {
			c := a.Cursor
			sc.Cursor = &c
		}
	}
	return sc
}

// ---- run ----

// CanRun reports whether an image, a lesion and a model are ready.
func (a *App) CanRun() bool {
	if a.Image == nil || a.Model == nil || a.Running || a.ModelBusy {
		return false
	}
	if a.MaskMode == MaskDrawn {
		return a.Editor.Outline.Usable()
	}
	return a.Mask != nil && a.Mask.Pixels > 0
}

// RunHint says what is missing before Run can start.
func (a *App) RunHint() string {
	switch {
	case a.Model == nil:
		return "Waiting for the model."
	case a.Image == nil:
		return "Open an image or choose a sample."
	case a.MaskMode == MaskDrawn && !a.Editor.Outline.Usable():
		return "Draw and close the lesion outline (at least three points)."
	case a.MaskMode == MaskFromFile && a.Mask == nil:
		return "Open the lesion mask, or draw the outline."
	case a.MaskMode == MaskFromFile && a.Mask.Pixels == 0:
		return "The mask has no lesion pixels for the selected label."
	}
	return ""
}

// Run measures the lesion and predicts, in the engine's worker.
func (a *App) Run() {
	if !a.CanRun() {
		return
	}
	req := PredictRequest{Image: a.Image.File, Label: a.Label}
	if a.MaskMode == MaskDrawn {
		s := a.Image.Decoded.Summary
		req.Drawn = &RawMask{Width: s.Width, Height: s.Height,
			Labels: Rasterize(a.Editor.Outline.Points, s.Width, s.Height)}
		req.Label = 0
	} else {
		f := a.Mask.File
		req.Mask = &f
	}
	a.Running = true
	a.Result = nil
	a.Progress = api.Progress{Step: "starting"}
	delete(a.Errors, "run")
	a.say("Measuring the lesion…")
	a.later(func() func() {
		res, err := a.Host.Predict(req, func(p api.Progress) {
			if a.env == nil {
				a.Progress = p
				return
			}
			a.env.Lock()
			a.Progress = p
			a.env.UnlockRender()
		})
		return func() {
			a.Running = false
			a.Runs++
			if err != nil {
				a.Errors["run"] = err.Error()
				a.say("The prediction failed.")
				return
			}
			a.Result = res
			a.say("Result: %s, probability %.1f %%.", res.Class, 100*a.ClassProbability(res.Class))
			a.Host.Focus("results")
		}
	})
}

// CancelRun stops a running prediction.
func (a *App) CancelRun() {
	if a.Running {
		a.Host.Cancel()
		a.Running = false
		a.Errors["run"] = "Cancelled."
	}
}

// ClassProbability returns the probability of class c in the current result.
func (a *App) ClassProbability(c string) float64 {
	if a.Result == nil {
		return math.NaN()
	}
	for i, n := range a.Result.Classes {
		if n == c && i < len(a.Result.Probabilities) {
			return a.Result.Probabilities[i]
		}
	}
	return math.NaN()
}

// ProgressPercent is the share of extraction steps done, 0..100.
func (a *App) ProgressPercent() int {
	if a.Progress.Total <= 0 {
		return 0
	}
	return int(math.Round(100 * float64(a.Progress.Done) / float64(a.Progress.Total)))
}

// ---- export ----

func (a *App) exportBase() string {
	if a.Result == nil {
		return "uran"
	}
	name := a.Result.Image.Name
	name = strings.TrimSuffix(name, path.Ext(name))
	if name == "" {
		name = "case"
	}
	return "uran-" + name
}

// ExportCSV downloads the features as CSV.
func (a *App) ExportCSV() {
	if a.Result != nil {
		a.Host.Download(a.exportBase()+"-features.csv", "text/csv", api.FeaturesCSV(a.Result))
		a.say("Features CSV saved.")
	}
}

// ExportJSON downloads the JSON report.
func (a *App) ExportJSON() {
	if a.Result == nil {
		return
	}
	b, err := api.Report(a.Result)
	if err != nil {
		a.Errors["run"] = "The report could not be written: " + err.Error()
		return
	}
	a.Host.Download(a.exportBase()+"-report.json", "application/json", b)
	a.say("JSON report saved.")
}

// PrintSummary opens the browser's print dialog on the printable summary.
func (a *App) PrintSummary() {
	if a.Result != nil {
		a.Host.Print()
	}
}

// OpenDropped sorts dropped files into image and mask: a name containing "mask" is the mask;
// with one other file it is the image; a single file is the image unless its name says mask.
func (a *App) OpenDropped(files []FileRef) {
	var image, mask *source
	for _, f := range files {
		src := fileSource(f)
		if strings.Contains(strings.ToLower(f.Name()), "mask") && mask == nil {
			mask = src
		} else if image == nil {
			image = src
		}
	}
	if image != nil {
		a.SampleID = ""
		if mask == nil {
			a.Mask = nil
		}
	}
	if image != nil || mask != nil {
		a.open(image, mask)
	}
}
