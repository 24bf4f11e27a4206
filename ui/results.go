package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/uran-browser/uran/wasm/api"
)

// TopGateCount is how many gates the bar chart shows.
const TopGateCount = 15

// Results shows the prediction, the attention and the exports.
type Results struct {
	App *App
}

// RowClass highlights the predicted class.
func (c *Results) RowClass(cl string) string {
	if cl == c.App.Result.Class {
		return "predicted"
	}
	return ""
}

func (c *Results) prob(i int) float64 {
	if p := c.App.Result.Probabilities; i < len(p) {
		return p[i]
	}
	return math.NaN()
}

// Prob formats a probability in percent.
func (c *Results) Prob(i int) string { return c.Percent(c.prob(i)) }

// ProbRaw is the exact probability (for tests and scripts reading the page).
func (c *Results) ProbRaw(i int) string { return strconv.FormatFloat(c.prob(i), 'g', -1, 64) }

// ProbValue is the meter value.
func (c *Results) ProbValue(i int) float64 { return c.prob(i) }

// ProbLabel names a probability bar.
func (c *Results) ProbLabel(i int) string {
	return fmt.Sprintf("%s %s", c.App.Result.Classes[i], c.Prob(i))
}

// Percent formats a share.
func (c *Results) Percent(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf("%.1f %%", 100*v)
}

// Fixed formats a gate.
func (c *Results) Fixed(v float64) string { return fmt.Sprintf("%.3f", v) }

// Value formats a feature value as in the CSV.
func (c *Results) Value(v float64) string { return api.FormatValue(v) }

// ThresholdText explains how the class was chosen.
func (c *Results) ThresholdText() string {
	r := c.App.Result
	if r.PositiveClass != "" {
		return fmt.Sprintf("The class is %q when its probability is at least %.3g (threshold "+
			"chosen in training), otherwise the other class.", r.PositiveClass, r.Threshold)
	}
	return "The class with the highest probability is shown."
}

// TopGates are the most weighted key features.
func (c *Results) TopGates() []api.Gate { return api.TopGates(c.App.Result.Gates, TopGateCount) }

// GatesCaption titles the gate chart.
func (c *Results) GatesCaption() string {
	n := len(c.App.Result.Gates)
	if n > TopGateCount {
		return fmt.Sprintf("MAAE gates of the %d most weighted of %d key features", TopGateCount, n)
	}
	return fmt.Sprintf("MAAE gates of the %d key features", n)
}

// ShareName labels an image type row.
func (c *Results) ShareName(t string, n int) string {
	if n == 1 {
		return t + " (1 feature)"
	}
	return fmt.Sprintf("%s (%d features)", t, n)
}

// TimingText reports where the time went.
func (c *Results) TimingText() string {
	t := c.App.Result.Timing
	return fmt.Sprintf("Computed in this browser: decoding %.0f ms, radiomics and network "+
		"%.0f ms; %d lesion pixels, %d features.", t.DecodeMS, t.ExtractMS,
		c.App.Result.LesionPixels, len(c.App.Result.Features))
}

// ToggleFeatures shows or hides the full feature table.
func (c *Results) ToggleFeatures() { c.App.AllFeats = !c.App.AllFeats }

// Expanded renders aria-expanded.
func (c *Results) Expanded() string { return strconv.FormatBool(c.App.AllFeats) }

// FeaturesButton labels the toggle.
func (c *Results) FeaturesButton() string {
	if c.App.AllFeats {
		return "Hide features"
	}
	return fmt.Sprintf("Show all %d features", len(c.App.Result.Features))
}

// Provenance identifies the result on the printed summary.
func (c *Results) Provenance() string {
	r := c.App.Result
	sum := r.Model.Checksum
	if len(sum) > 12 {
		sum = sum[:12]
	}
	return fmt.Sprintf("Computed %s by URAN engine %s with model %q (%s, sha256 %s…).",
		r.Created, r.Engine, r.Model.Task, r.Model.Name, sum)
}

// LesionText describes the measured lesion: its pixels, the label chosen, its separate
// regions and its coloured and pure-white pixels (the warnings above say what they mean).
func (c *Results) LesionText() string {
	l := c.App.Result.Lesion
	if l.Pixels == 0 {
		return ""
	}
	which := "every non-zero mask pixel"
	if l.Label != 0 {
		which = fmt.Sprintf("mask label %d", l.Label)
	}
	out := fmt.Sprintf("Lesion: %d pixels (%s)", l.Pixels, which)
	if n := len(l.Regions); n > 1 {
		out += fmt.Sprintf(" in %d separate regions", n)
	}
	var extra []string
	if l.ColoredPixels > 0 {
		extra = append(extra, fmt.Sprintf("%d coloured", l.ColoredPixels))
	}
	if l.SaturatedPixels > 0 {
		extra = append(extra, fmt.Sprintf("%d pure white", l.SaturatedPixels))
	}
	if len(extra) > 0 {
		out += "; " + strings.Join(extra, " and ") + " in the image"
	}
	return out + "."
}
