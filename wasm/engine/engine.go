package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/radiomics/imageio"
	"github.com/uran-browser/uran/wasm/api"
	"github.com/uran-browser/uran/weights"
)

// Engine holds the loaded model. It is used by one goroutine at a time (the worker serves its
// messages in order).
type Engine struct {
	version string
	model   *weights.Model
	info    *api.ModelInfo
	// now is the clock for result timestamps and timings (replaceable in tests).
	now func() time.Time
}

// New returns an engine without a model; version names the build in results.
func New(version string) *Engine {
	return &Engine{version: version, now: time.Now}
}

// Model returns the loaded model, or nil.
func (e *Engine) Model() *weights.Model { return e.model }

// LoadDefault loads the model embedded in the binary.
func (e *Engine) LoadDefault() (*api.ModelInfo, error) {
	m, err := weights.Default()
	if err != nil {
		return nil, fmt.Errorf("default model: %w", err)
	}
	return e.use(m, "default", "default")
}

// LoadModel loads a weights file given as bytes; name is the file name for messages.
// Its errors read as those of tools/predict: "weights file NAME: problem" (weights.DecodeFile).
func (e *Engine) LoadModel(data []byte, name string) (*api.ModelInfo, error) {
	m, err := weights.DecodeFile(data, name, true)
	if err != nil {
		return nil, err
	}
	return e.use(m, "file", name)
}

func (e *Engine) use(m *weights.Model, source, name string) (*api.ModelInfo, error) {
	if _, err := m.Params(); err != nil {
		return nil, &weights.FileError{Name: name, Err: err}
	}
	info, err := Describe(m, source, name)
	if err != nil {
		return nil, err
	}
	e.model, e.info = m, info
	return info, nil
}

// Describe summarises a model for display.
func Describe(m *weights.Model, source, name string) (*api.ModelInfo, error) {
	body, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", name, err)
	}
	sum := sha256.Sum256(body)
	info := &api.ModelInfo{
		Source: source, Name: name, Task: m.Task, Description: m.Description,
		Classes: m.Classes, PositiveClass: m.PositiveClass, Threshold: m.Threshold,
		Features: len(m.Features), KeyFeatures: m.HKFS.Kept, Attention: m.MAAE != nil,
		Params: m.ParamsYAML, Checksum: hex.EncodeToString(sum[:]),
	}
	seen := map[string]bool{}
	for _, f := range m.Features {
		if t := weights.ImageType(f); !seen[t] {
			seen[t] = true
			info.ImageTypes = append(info.ImageTypes, t)
		}
	}
	t := m.Training
	info.Training = api.Training{Dataset: t.Dataset, Date: t.Date, Command: t.Command,
		Software: t.Software, Rows: t.Rows, Groups: t.Groups, Excluded: len(t.Excluded)}
	for _, c := range t.ClassCounts {
		info.Training.ClassCounts = append(info.Training.ClassCounts,
			api.ClassCount{Class: c.Class, N: c.N})
	}
	info.Warnings = append(info.Warnings, t.Warnings...)
	if ev := m.Evaluation; ev != nil {
		u := ev.URAN
		info.Evaluation = &api.Evaluation{Scheme: ev.Scheme, Folds: ev.Folds,
			Repeats: ev.Repeats, Rows: ev.Rows, AUC: u.AUC, AUCLow: u.AUCCI[0],
			AUCHigh: u.AUCCI[1], Accuracy: u.Accuracy, Sensitivity: u.Sensitivity,
			Specificity: u.Specificity, F1: u.F1}
		for _, s := range ev.Models {
			info.Evaluation.Compared = append(info.Evaluation.Compared,
				api.ModelScore{Name: s.Name, AUC: s.AUC})
		}
		info.Warnings = append(info.Warnings, ev.Warnings...)
	}
	return info, nil
}

// Request is one case: an image, its mask, and the mask label that marks the lesion (0: every
// non-zero pixel).
type Request struct {
	Image, Mask *Input
	Label       uint32
}

// decoded is a request after decoding.
type decoded struct {
	img       *radiomics.Image
	mask      *radiomics.Mask
	imgInfo   *imageio.Info
	maskInfo  *imageio.Info
	lesion    *imageio.Lesion
	warnings  []string // the lesion's, as "lesion in MASK: …"
	decodeDur time.Duration
}

// decode decodes both inputs, checks that they match (imageio.MatchPair) and checks the
// lesion that req.Label selects (imageio.CheckLesion: the same errors and warnings as the
// commands), then rewrites the mask so that the chosen lesion pixels carry the label the
// extraction settings select (label; 1 when label is 0) and every other pixel is 0. The
// user's choice of label thus always wins over the label recorded with the model's training
// settings.
func (e *Engine) decode(req Request, label uint32) (*decoded, error) {
	if req.Image == nil || req.Mask == nil {
		return nil, errors.New("an image and a mask are both needed")
	}
	start := e.now()
	img, imgInfo, err := req.Image.Image()
	if err != nil {
		return nil, err
	}
	mask, maskInfo, err := req.Mask.Mask()
	if err != nil {
		return nil, err
	}
	if err := imageio.MatchPair(img, imgInfo, mask, maskInfo); err != nil {
		return nil, err
	}
	lesion, err := imageio.CheckLesion(mask, req.Mask.Name, req.Label, img, imgInfo)
	if err != nil {
		return nil, err
	}
	sel := imageio.SelectLesion(mask, req.Label, label)
	sel.Spacing = img.Spacing
	d := &decoded{img: img, mask: sel, imgInfo: imgInfo, maskInfo: maskInfo, lesion: lesion,
		decodeDur: e.now().Sub(start)}
	for _, w := range lesion.Warnings {
		d.warnings = append(d.warnings, "lesion in "+req.Mask.Name+": "+w)
	}
	return d, nil
}

// lesionSummary is the api form of a lesion check.
func lesionSummary(l *imageio.Lesion) api.Lesion {
	return api.Lesion{Label: l.Label, Pixels: l.Pixels, Regions: l.Regions, Edges: l.Edges,
		ColoredPixels: l.ColoredPixels, SaturatedPixels: l.SaturatedPixels}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func progressFunc(f func(api.Progress)) *radiomics.Options {
	if f == nil {
		return nil
	}
	return &radiomics.Options{Progress: func(p radiomics.Progress) {
		f(api.Progress{Step: p.Step, Done: p.Done, Total: p.Total})
	}}
}

// Predict measures the lesion with the model's extraction settings and runs the model, via
// weights.Model.Predict, the code path tools/predict uses too.
func (e *Engine) Predict(req Request, progress func(api.Progress)) (*api.Result, error) {
	m := e.model
	if m == nil {
		return nil, errors.New("no model is loaded")
	}
	params, err := m.Params()
	if err != nil {
		return nil, err
	}
	if progress != nil {
		progress(api.Progress{Step: "decode"})
	}
	d, err := e.decode(req, params.Settings.Label)
	if err != nil {
		return nil, err
	}
	start := e.now()
	pred, res, err := m.Predict(d.img, d.mask, progressFunc(progress))
	if err != nil {
		return nil, err
	}
	r := &api.Result{
		Classes: pred.Classes, Probabilities: pred.Probabilities, Class: pred.Class,
		PositiveClass: pred.PositiveClass, Threshold: pred.Threshold,
		Image: summary(req.Image.Name, d.imgInfo), Mask: summary(req.Mask.Name, d.maskInfo),
		Label: req.Label, LesionPixels: d.lesion.Pixels, Lesion: lesionSummary(d.lesion),
		Params: m.ParamsYAML, Engine: e.version,
		Created: e.now().UTC().Format(time.RFC3339),
		Model: api.ModelRef{Name: e.info.Name, Source: e.info.Source, Task: m.Task,
			Checksum: e.info.Checksum, Dataset: m.Training.Dataset, Classes: m.Classes},
		Timing: api.Timing{DecodeMS: ms(d.decodeDur), ExtractMS: ms(e.now().Sub(start))},
	}
	for _, g := range pred.Gates {
		r.Gates = append(r.Gates, api.Gate{Feature: g.Feature, ImageType: g.ImageType,
			Value: g.Value})
	}
	r.Attention = api.AttentionShares(r.Gates)
	for _, f := range res.Features {
		r.Features = append(r.Features, api.Feature{Name: f.Name, Value: f.Value})
	}
	r.Warnings = append(append(r.Warnings, d.warnings...), res.Warnings...)
	return r, nil
}

// Extract measures the lesion only, with the parameter file paramsYAML (named paramsName in
// messages; "" for none) or, if it is empty, the loaded model's settings.
func (e *Engine) Extract(req Request, paramsYAML, paramsName string,
	progress func(api.Progress)) (*api.Extraction, error) {
	var p *radiomics.Params
	var err error
	switch {
	case paramsYAML != "":
		if p, err = radiomics.ParseParamsFile([]byte(paramsYAML), paramsName); err != nil {
			return nil, err
		}
	case e.model != nil:
		if p, err = e.model.Params(); err != nil {
			return nil, err
		}
	default:
		p = radiomics.DefaultParams()
	}
	d, err := e.decode(req, p.Settings.Label)
	if err != nil {
		return nil, err
	}
	start := e.now()
	res, err := radiomics.Extract(d.img, d.mask, p, progressFunc(progress))
	if err != nil {
		return nil, err
	}
	text, err := p.YAML()
	if err != nil {
		return nil, err
	}
	x := &api.Extraction{Image: summary(req.Image.Name, d.imgInfo),
		Mask: summary(req.Mask.Name, d.maskInfo), Params: string(text),
		Lesion:   lesionSummary(d.lesion),
		Warnings: append(d.warnings, res.Warnings...),
		Timing:   api.Timing{DecodeMS: ms(d.decodeDur), ExtractMS: ms(e.now().Sub(start))}}
	for _, f := range res.Features {
		x.Features = append(x.Features, api.Feature{Name: f.Name, Value: f.Value})
	}
	return x, nil
}
