//go:build js && wasm

// Command worker serves the URAN page as a Cloudflare Worker, written with
// github.com/syumai/workers. It embeds the same built files as the Go server (compressed
// copies only, see server/bundle -worker) and answers with the same handler (server/static),
// so headers, ETags and the Content-Security-Policy are identical in both deployments.
//
// Build and run locally with `make worker-serve` (workerd on 127.0.0.1:8790).
package main

import (
	"embed"
	"io/fs"

	"github.com/syumai/workers"
	"github.com/uran-browser/uran/server/static"
)

//go:embed all:dist
var dist embed.FS

// frameAncestors may be set at build time (-ldflags "-X main.frameAncestors=…") to let
// portals frame the page.
var frameAncestors = "'none'"

func main() {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err)
	}
	fa, err := static.ParseFrameAncestors(frameAncestors)
	if err != nil {
		panic(err)
	}
	// Cloudflare always serves HTTPS, so HSTS is safe here.
	h, err := static.New(sub, static.Config{Policy: static.Policy{FrameAncestors: fa, HSTS: true}})
	if err != nil {
		panic(err)
	}
	workers.Serve(h)
}
