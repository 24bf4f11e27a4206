package ui

import (
	"fmt"
	"strings"

	"github.com/vugu/vugu"
)

// ModelCard shows the model in use and loads another weights file.
type ModelCard struct {
	App *App
}

// WeightsChosen loads a weights file.
func (c *ModelCard) WeightsChosen(ev vugu.DOMEvent) {
	if fs := c.App.Host.EventFiles(ev); len(fs) > 0 {
		c.App.LoadModelFile(fs[0])
	}
}

// SourceText says where the model came from.
func (c *ModelCard) SourceText() string {
	if c.App.Model.Source == "default" {
		return "default model"
	}
	return "from file " + c.App.Model.Name
}

// Classes lists the class names.
func (c *ModelCard) Classes() string {
	m := c.App.Model
	s := strings.Join(m.Classes, ", ")
	if m.PositiveClass != "" {
		s += fmt.Sprintf(" (positive class %q, threshold %.3g)", m.PositiveClass, m.Threshold)
	}
	return s
}

// Training describes the training data.
func (c *ModelCard) Training() string {
	t := c.App.Model.Training
	if t.Dataset == "" && t.Rows == 0 {
		return "not recorded in the weights file"
	}
	var counts []string
	for _, cc := range t.ClassCounts {
		counts = append(counts, fmt.Sprintf("%d %s", cc.N, cc.Class))
	}
	s := t.Dataset
	if t.Rows > 0 {
		s += fmt.Sprintf(": %d cases", t.Rows)
		if len(counts) > 0 {
			s += " (" + strings.Join(counts, ", ") + ")"
		}
		if t.Groups > 0 {
			s += fmt.Sprintf(" in %d groups (a group is never split between folds)", t.Groups)
		}
	}
	if t.Date != "" {
		s += ", trained " + t.Date
	}
	return s
}

// Metrics summarises the cross-validated performance.
func (c *ModelCard) Metrics() string {
	e := c.App.Model.Evaluation
	if e == nil {
		return "none recorded (the model was not cross-validated)"
	}
	s := fmt.Sprintf("AUC %.3f", e.AUC)
	if e.AUCHigh > e.AUCLow {
		s += fmt.Sprintf(" (95%% CI %.3f–%.3f)", e.AUCLow, e.AUCHigh)
	}
	s += fmt.Sprintf(", accuracy %.3f, sensitivity %.3f, specificity %.3f", e.Accuracy,
		e.Sensitivity, e.Specificity)
	if e.Scheme != "" {
		s += "; " + e.Scheme
	}
	return s
}

// FeatureText counts the features.
func (c *ModelCard) FeatureText() string {
	m := c.App.Model
	s := fmt.Sprintf("%d measured, %d kept by key-feature selection", m.Features,
		len(m.KeyFeatures))
	if len(m.ImageTypes) > 0 {
		s += "; image types: " + strings.Join(m.ImageTypes, ", ")
	}
	if !m.Attention {
		s += "; no attention block"
	}
	return s
}
