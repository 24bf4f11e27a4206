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
func (e *Engine) LoadModel(data []byte, name string) (*api.ModelInfo, error) {
	m, err := weights.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("weights file %s: %w", name, err)
	}
	return e.use(m, "file", name)
}

func (e *Engine) use(m *weights.Model, source, name string) (*api.ModelInfo, error) {
	if m.ParamsYAML == "" {
		return nil, fmt.Errorf("weights file %s has no radiomics parameters: it was trained on "+
			"a ready-made feature table and can score feature vectors but not images", name)
	}
	if _, err := m.Params(); err != nil {
		return nil, fmt.Errorf("weights file %s: %w", name, err)
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
	lesion    int
	decodeDur time.Duration
}

// decode decodes both inputs, checks that they match, and rewrites the mask so that the
// chosen lesion pixels carry the label the extraction settings select (label; 1 when label
// is 0) and every other pixel is 0. The user's choice of label thus always wins over the label
// recorded with the model's training settings.
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
	if img.Width != mask.Width || img.Height != mask.Height {
		return nil, fmt.Errorf("the mask %s is %d × %d pixels but the image %s is %d × %d; "+
			"they must have the same size", req.Mask.Name, mask.Width, mask.Height,
			req.Image.Name, img.Width, img.Height)
	}
	target := label
	if target == 0 {
		target = 1
	}
	sel := &radiomics.Mask{Width: mask.Width, Height: mask.Height, Spacing: img.Spacing,
		Labels: make([]uint32, len(mask.Labels))}
	n := 0
	for i, v := range mask.Labels {
		if (req.Label == 0 && v != 0) || (req.Label != 0 && v == req.Label) {
			sel.Labels[i] = target
			n++
		}
	}
	if n == 0 {
		if req.Label != 0 {
			return nil, fmt.Errorf("the mask %s has no pixel with label %d", req.Mask.Name,
				req.Label)
		}
		return nil, fmt.Errorf("the mask %s is empty: it has no non-zero pixel",
			req.Mask.Name)
	}
	return &decoded{img: img, mask: sel, imgInfo: imgInfo, maskInfo: maskInfo, lesion: n,
		decodeDur: e.now().Sub(start)}, nil
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
		Label: req.Label, LesionPixels: d.lesion, Params: m.ParamsYAML, Engine: e.version,
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
	r.Warnings = append(r.Warnings, res.Warnings...)
	return r, nil
}

// Extract measures the lesion only, with the parameter file paramsYAML or, if it is empty,
// the loaded model's settings.
func (e *Engine) Extract(req Request, paramsYAML string, progress func(api.Progress)) (
	*api.Extraction, error) {
	var p *radiomics.Params
	var err error
	switch {
	case paramsYAML != "":
		if p, err = radiomics.ParseParams([]byte(paramsYAML)); err != nil {
			return nil, fmt.Errorf("parameter file: %w", err)
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
		Warnings: res.Warnings,
		Timing:   api.Timing{DecodeMS: ms(d.decodeDur), ExtractMS: ms(e.now().Sub(start))}}
	for _, f := range res.Features {
		x.Features = append(x.Features, api.Feature{Name: f.Name, Value: f.Value})
	}
	return x, nil
}
