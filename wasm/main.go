//go:build js && wasm

// Command wasm is URAN's WebAssembly program (uran.wasm). The same binary plays two roles, so
// the browser downloads and compiles it once:
//
//   - in a Web Worker (started by uran.js) it is the engine: it decodes images and masks,
//     extracts the radiomics features and runs the URAN network, answering messages;
//   - on the page (started by app.js) it mounts the vugu user interface, which talks to the
//     engine through the same JavaScript API that embedders use.
//
// Only this package touches syscall/js; the engine (wasm/engine), the exchanged values
// (wasm/api), the extractor and the network are pure Go.
package main

import (
	"fmt"
	"syscall/js"
)

// version identifies the build; set with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	if js.Global().Get("document").IsUndefined() {
		runWorker()
		return
	}
	if err := runPage(); err != nil {
		showFatal(err)
	}
}

// showFatal puts a start-up failure where the page's loading message was.
func showFatal(err error) {
	msg := fmt.Sprintf("URAN could not start: %v", err)
	js.Global().Get("console").Call("error", msg)
	doc := js.Global().Get("document")
	if el := doc.Call("getElementById", "boot-status"); el.Truthy() {
		el.Set("textContent", msg)
		el.Get("classList").Call("add", "error")
	}
}
