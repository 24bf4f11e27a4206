package ui

import (
	"github.com/uran-browser/uran/wasm/api"
	"github.com/vugu/vugu"
)

// Root is the page.
type Root struct {
	App           *App
	EngineVersion string
}

// Init starts loading the model and the sample list.
func (c *Root) Init(ctx vugu.InitCtx) {
	c.App.Start(ctx.EventEnv())
}

// Disclaimer is the research-use statement.
func (c *Root) Disclaimer() string { return api.Disclaimer }

// Version is the footer's engine version line.
func (c *Root) Version() string {
	if c.EngineVersion == "" {
		return ""
	}
	return "Engine " + c.EngineVersion + "."
}
