package ui

import "fmt"

// RunPanel starts the prediction and shows its progress.
type RunPanel struct {
	App *App
}

// StepText names the last step finished: the engine reports a step when it is done, so
// the bar says which image type was measured and how many of the steps are done.
func (c *RunPanel) StepText() string {
	p := c.App.Progress
	if p.Total > 0 {
		return fmt.Sprintf("Measured: %s (%d of %d steps)", p.Step, p.Done, p.Total)
	}
	return "Working: " + p.Step
}

// PercentText is the progress bar's fallback content.
func (c *RunPanel) PercentText() string { return fmt.Sprintf("%d %%", c.App.ProgressPercent()) }
