//go:build js && wasm

package main

// Tests of the JavaScript boundary, run under Node:
//
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"syscall/js"
	"testing"

	"github.com/uran-browser/uran/wasm/api"
	"github.com/uran-browser/uran/wasm/engine"
)

func TestValuesCrossTheBoundary(t *testing.T) {
	r := &api.Result{Classes: []string{"a", "b"}, Probabilities: []float64{0.25, 0.75},
		Features: []api.Feature{{Name: "x", Value: math.NaN()}, {Name: "y", Value: -2}},
		Label:    255}
	var transfer []any
	v := toJS(api.ToValue(r), &transfer)
	if got := v.Get("probabilities").Index(1).Float(); got != 0.75 {
		t.Errorf("probabilities[1] = %v in JavaScript", got)
	}
	if !math.IsNaN(v.Get("features").Index(0).Get("value").Float()) {
		t.Errorf("NaN did not survive")
	}
	if v.Get("label").Int() != 255 {
		t.Errorf("label %v", v.Get("label"))
	}
	var back api.Result
	if err := api.FromValue(fromJS(v), &back); err != nil {
		t.Fatal(err)
	}
	if back.Features[1].Value != -2 || back.Classes[1] != "b" || !math.IsNaN(back.Features[0].Value) {
		t.Errorf("back: %+v", back)
	}

	d := &api.Decoded{Pixels: []float32{1.5, -2}, Labels: []uint32{0, 4000000000}}
	transfer = nil
	dv := toJS(api.ToValue(d), &transfer)
	if !dv.Get("pixels").InstanceOf(js.Global().Get("Float32Array")) ||
		dv.Get("pixels").Index(0).Float() != 1.5 {
		t.Errorf("pixels are not a Float32Array holding the values")
	}
	if dv.Get("labels").Index(1).Float() != 4000000000 {
		t.Errorf("labels[1] = %v", dv.Get("labels").Index(1))
	}
	if len(transfer) != 2 {
		t.Errorf("%d buffers to transfer, want 2", len(transfer))
	}
	var dBack api.Decoded
	if err := api.FromValue(fromJS(dv), &dBack); err != nil || dBack.Labels[1] != 4000000000 ||
		dBack.Pixels[1] != -2 {
		t.Errorf("decoded back: %+v %v", dBack, err)
	}
}

// message builds a worker message object from Go values.
func message(fields map[string]any) js.Value {
	o := js.Global().Get("Object").New()
	for k, v := range fields {
		o.Set(k, v)
	}
	return o
}

func u8(b []byte) js.Value {
	a := jsUint8Array.New(len(b))
	js.CopyBytesToJS(a, b)
	return a
}

func pngBytes(t *testing.T, w, h int, at func(x, y int) uint8) []byte {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			g.SetGray(x, y, color.Gray{Y: at(x, y)})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestInputsFromJavaScript(t *testing.T) {
	file := message(map[string]any{"kind": "file", "name": "a.png", "bytes": u8([]byte{1, 2})})
	in, err := inputFromJS(file, "image")
	if err != nil || in.Kind != engine.KindFile || in.Name != "a.png" || len(in.Bytes) != 2 {
		t.Errorf("file input %+v %v", in, err)
	}
	f32 := js.Global().Get("Float32Array").New(js.ValueOf([]any{1.5, 2.5}))
	arr := message(map[string]any{"kind": "array", "dtype": "float32", "data": f32,
		"width": 2, "height": 1, "spacing": js.ValueOf([]any{0.1, 0.2})})
	in, err = inputFromJS(arr, "image")
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := in.Image()
	if err != nil || img.Pix[1] != 2.5 || img.Spacing != [2]float64{0.1, 0.2} {
		t.Errorf("array image %+v %v", img, err)
	}
	if _, err := inputFromJS(message(map[string]any{"kind": "video"}), "image"); err == nil ||
		!strings.Contains(err.Error(), "unknown input kind") {
		t.Errorf("bad kind: %v", err)
	}
	if _, err := inputFromJS(js.Undefined(), "mask"); err == nil {
		t.Errorf("missing mask accepted")
	}

	// The maxPixels and maxBytes options: read into the input; a file over maxBytes is
	// refused before it is copied.
	limited := message(map[string]any{"kind": "file", "name": "a.png",
		"bytes": u8([]byte{1, 2}), "maxPixels": 1000, "maxBytes": 5000, "frame": 2})
	if in, err := inputFromJS(limited, "image"); err != nil || in.MaxPixels != 1000 ||
		in.MaxBytes != 5000 || in.Frame != 2 {
		t.Errorf("limits %+v %v", in, err)
	}
	big := message(map[string]any{"kind": "file", "name": "a.png",
		"bytes": u8([]byte{1, 2, 3}), "maxBytes": 2})
	if _, err := inputFromJS(big, "mask"); err == nil || err.Error() != "decode mask a.png: "+
		"file has 3 bytes, over the limit of 2 bytes; if the file is genuine, raise the "+
		"limit with the maxBytes option" {
		t.Errorf("maxBytes: %v", err)
	}
}

// TestDispatch drives the worker's operations with JavaScript messages, as uran.js sends
// them, and checks the answers.
func TestDispatch(t *testing.T) {
	eng := engine.New("test")
	noProgress := func(api.Progress) {}
	img := pngBytes(t, 64, 48, func(x, y int) uint8 { return uint8((x*7 + y*13) % 200) })
	mask := pngBytes(t, 64, 48, func(x, y int) uint8 {
		if x > 20 && x < 44 && y > 12 && y < 36 {
			return 255
		}
		return 0
	})
	res, err := dispatch(eng, message(map[string]any{"op": "decode", "as": "mask",
		"input": message(map[string]any{"kind": "file", "name": "m.png", "bytes": u8(mask)})}),
		noProgress)
	if err != nil {
		t.Fatal(err)
	}
	if d := res.(*api.Decoded); len(d.LabelValues) != 1 || d.LabelValues[0] != 255 {
		t.Errorf("decoded mask labels %v", d.LabelValues)
	}
	if _, err := dispatch(eng, message(map[string]any{"op": "predict",
		"image": message(map[string]any{"kind": "file", "name": "i.png", "bytes": u8(img)}),
		"mask":  message(map[string]any{"kind": "file", "name": "m.png", "bytes": u8(mask)})}),
		noProgress); err == nil || !strings.Contains(err.Error(), "no model") {
		t.Errorf("predict before loadModel: %v", err)
	}
	info, err := dispatch(eng, message(map[string]any{"op": "loadModel", "source": "default"}),
		noProgress)
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	out, err := dispatch(eng, message(map[string]any{"op": "predict", "label": 0,
		"image": message(map[string]any{"kind": "file", "name": "i.png", "bytes": u8(img)}),
		"mask":  message(map[string]any{"kind": "file", "name": "m.png", "bytes": u8(mask)})}),
		func(p api.Progress) { steps = append(steps, p.Step) })
	if err != nil {
		t.Fatal(err)
	}
	r := out.(*api.Result)
	if len(r.Classes) != len(info.(*api.ModelInfo).Classes) || r.LesionPixels != 23*23 {
		t.Errorf("result: classes %v, %d lesion pixels (want 529)", r.Classes, r.LesionPixels)
	}
	if len(steps) < 3 {
		t.Errorf("progress steps %v", steps)
	}
	// Export the result as uran.js would: the JavaScript object goes back in.
	var tr []any
	csv, err := dispatch(eng, message(map[string]any{"op": "export", "format": "csv",
		"result": toJS(api.ToValue(r), &tr)}), noProgress)
	if err != nil || !strings.HasPrefix(csv.(string), "Image,Mask,original_shape2D_") {
		t.Errorf("CSV export: %v %.60q", err, csv)
	}
	if _, err := dispatch(eng, message(map[string]any{"op": "export", "format": "xml",
		"result": toJS(api.ToValue(r), &tr)}), noProgress); err == nil {
		t.Error("unknown export format accepted")
	}
	if _, err := dispatch(eng, message(map[string]any{"op": "predict", "label": -3,
		"image": message(map[string]any{"kind": "file", "name": "i.png", "bytes": u8(img)}),
		"mask":  message(map[string]any{"kind": "file", "name": "m.png", "bytes": u8(mask)})}),
		noProgress); err == nil || !strings.Contains(err.Error(), "label -3") {
		t.Errorf("negative label: %v", err)
	}
	if _, err := dispatch(eng, message(map[string]any{"op": "launch"}), noProgress); err == nil {
		t.Error("unknown operation accepted")
	}
}

// TestPageLimitAdvice: the engine's advice on a size limit names the JavaScript API's option;
// the page, whose users cannot set it, shows the command-line flag instead.
func TestPageLimitAdvice(t *testing.T) {
	in := &engine.Input{Kind: engine.KindArray, Name: "big", Width: 5000, Height: 5000,
		DType: "uint8", MaxPixels: 1000}
	_, _, err := in.Image()
	if err == nil || !strings.Contains(err.Error(), "the maxPixels option") {
		t.Fatalf("engine error %v, want the maxPixels advice", err)
	}
	got := pageLimitWords.Replace(err.Error())
	if !strings.Contains(got, "raise the limit with the -max-pixels flag of the command-line "+
		"tools (the page keeps the default)") || strings.Contains(got, "maxPixels option") {
		t.Errorf("page message %q", got)
	}
}
