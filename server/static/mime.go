package static

import (
	"path"
	"strings"
)

// contentTypes maps file extensions to media types. The table is explicit rather than taken
// from the operating system, so every deployment (Linux, macOS, the Cloudflare Worker) sends
// the same types; browsers need application/wasm for WebAssembly.compileStreaming and a
// JavaScript type for module scripts and service workers.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".wasm":        "application/wasm",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".svg":         "image/svg+xml",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
	".yaml":        "application/yaml",
	".npy":         "application/octet-stream",
	".dcm":         "application/dicom",
	".uranw":       "application/json",
}

// contentType returns the media type for name, or application/octet-stream.
func contentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

// compressible reports whether a precompressed sibling is worth looking for: text and
// WebAssembly shrink well, PNG and JPEG are compressed already.
func compressible(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".ico", ".gz", ".br":
		return false
	}
	return true
}
