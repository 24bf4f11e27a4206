//go:build js && wasm

package main

import (
	"fmt"
	"runtime/debug"
	"syscall/js"

	"github.com/uran-browser/uran/wasm/api"
	"github.com/uran-browser/uran/wasm/engine"
	"github.com/uran-browser/uran/weights"
)

// runWorker serves the engine's messages (see uran.js) one at a time, in arrival order, so a
// prediction always uses the model loaded before it.
func runWorker() {
	eng := engine.New(version)
	queue := make(chan js.Value, 64)
	handler := js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) > 0 {
			queue <- args[0]
		}
		return nil
	})
	js.Global().Call("uranWorkerReady", handler, version)
	for msg := range queue {
		serve(eng, msg)
	}
}

// serve answers one message with {id, ok, result} or {id, ok: false, error}, and reports
// progress as {id, progress}. A panic becomes an error message instead of killing the worker.
func serve(eng *engine.Engine, msg js.Value) {
	id := msg.Get("id")
	post := func(reply map[string]any, transfer []any) {
		o := js.Global().Get("Object").New()
		o.Set("id", id)
		for k, v := range reply {
			o.Set(k, v)
		}
		js.Global().Call("postMessage", o, js.ValueOf(transfer))
	}
	defer func() {
		if r := recover(); r != nil {
			js.Global().Get("console").Call("error", fmt.Sprintf("engine panic: %v\n%s", r,
				debug.Stack()))
			post(map[string]any{"ok": false,
				"error": fmt.Sprintf("internal error in the engine: %v", r)}, nil)
		}
	}()
	progress := func(p api.Progress) {
		var tr []any
		post(map[string]any{"progress": toJS(api.ToValue(p), &tr)}, nil)
	}
	result, err := dispatch(eng, msg, progress)
	if err != nil {
		post(map[string]any{"ok": false, "error": err.Error()}, nil)
		return
	}
	var transfer []any
	v := toJS(api.ToValue(result), &transfer)
	post(map[string]any{"ok": true, "result": v}, transfer)
}

func dispatch(eng *engine.Engine, msg js.Value, progress func(api.Progress)) (any, error) {
	switch op := str(msg, "op"); op {
	case "decode":
		in, err := inputFromJS(msg.Get("input"), str(msg, "as"))
		if err != nil {
			return nil, err
		}
		return engine.DecodeForDisplay(in, str(msg, "as"))
	case "loadModel":
		if str(msg, "source") == "default" {
			return eng.LoadDefault()
		}
		name := str(msg, "name")
		if err := weights.CheckFileSize(name, byteLength(msg.Get("bytes"))); err != nil {
			return nil, err
		}
		data := typedBytes(msg.Get("bytes"))
		if data == nil {
			return nil, fmt.Errorf("weights file %s: no bytes", str(msg, "name"))
		}
		return eng.LoadModel(data, str(msg, "name"))
	case "predict", "extract":
		img, err := inputFromJS(msg.Get("image"), "image")
		if err != nil {
			return nil, err
		}
		mask, err := inputFromJS(msg.Get("mask"), "mask")
		if err != nil {
			return nil, err
		}
		label := msg.Get("label")
		req := engine.Request{Image: img, Mask: mask}
		if label.Type() == js.TypeNumber {
			l := label.Float()
			if l < 0 || l != float64(uint32(l)) {
				return nil, fmt.Errorf("label %v is not a whole number from 0 to 4294967295", l)
			}
			req.Label = uint32(l)
		}
		if op == "extract" {
			return eng.Extract(req, str(msg, "params"), str(msg, "paramsName"), progress)
		}
		return eng.Predict(req, progress)
	case "export":
		var r api.Result
		if err := api.FromValue(fromJS(msg.Get("result")), &r); err != nil {
			return nil, fmt.Errorf("export: the result is not a URAN result: %w", err)
		}
		switch str(msg, "format") {
		case "csv":
			return string(api.FeaturesCSV(&r)), nil
		case "json":
			b, err := api.Report(&r)
			return string(b), err
		}
		return nil, fmt.Errorf("export: format %q is not csv or json", str(msg, "format"))
	case "version":
		return version, nil
	default:
		return nil, fmt.Errorf("unknown operation %q", op)
	}
}
