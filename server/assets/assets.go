// Package assets embeds the built web files: the page, the JavaScript glue, the WebAssembly
// binary, the default weights and the sample cases, each with its precompressed .br and .gz
// siblings. `make build` fills dist/; a clean checkout holds only dist/README.md, so the
// package compiles before the build and the server explains what is missing.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// FS returns the built files, rooted at dist/.
func FS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic("assets: " + err.Error()) // the embed pattern above guarantees dist exists
	}
	return sub
}
