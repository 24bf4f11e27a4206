package ui

import "fmt"

// RunPanel starts the prediction and shows its progress.
type RunPanel struct {
	App *App
}

// StepText names the current step.
func (c *RunPanel) StepText() string {
	p := c.App.Progress
	if p.Total > 0 {
		return fmt.Sprintf("Measuring: %s (step %d of %d)", p.Step, min(p.Done+1, p.Total),
			p.Total)
	}
	return "Working: " + p.Step
}

// PercentText is the progress bar's fallback content.
func (c *RunPanel) PercentText() string { return fmt.Sprintf("%d %%", c.App.ProgressPercent()) }
