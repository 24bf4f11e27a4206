//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"syscall/js"
	"unsafe"

	"github.com/uran-browser/uran/radiomics/imageio"
	"github.com/uran-browser/uran/wasm/engine"
)

var (
	jsObject       = js.Global().Get("Object")
	jsArray        = js.Global().Get("Array")
	jsUint8Array   = js.Global().Get("Uint8Array")
	jsFloat32Array = js.Global().Get("Float32Array")
	jsUint32Array  = js.Global().Get("Uint32Array")
	jsArrayBuffer  = js.Global().Get("ArrayBuffer")
)

// toJS converts plain values as made by api.ToValue into JavaScript values. []float32,
// []uint32 and []uint8 become typed arrays (copied); their buffers are appended to transfer
// so postMessage can move instead of copy them.
func toJS(v any, transfer *[]any) js.Value {
	switch x := v.(type) {
	case nil:
		return js.Null()
	case map[string]any:
		o := jsObject.New()
		for k, e := range x {
			o.Set(k, toJS(e, transfer))
		}
		return o
	case []any:
		a := jsArray.New(len(x))
		for i, e := range x {
			a.SetIndex(i, toJS(e, transfer))
		}
		return a
	case []float32:
		a := jsFloat32Array.New(len(x))
		js.CopyBytesToJS(jsUint8Array.New(a.Get("buffer")), float32Bytes(x))
		*transfer = append(*transfer, a.Get("buffer"))
		return a
	case []uint32:
		a := jsUint32Array.New(len(x))
		js.CopyBytesToJS(jsUint8Array.New(a.Get("buffer")), uint32Bytes(x))
		*transfer = append(*transfer, a.Get("buffer"))
		return a
	case []uint8:
		a := jsUint8Array.New(len(x))
		js.CopyBytesToJS(a, x)
		*transfer = append(*transfer, a.Get("buffer"))
		return a
	case float64, string, bool:
		return js.ValueOf(x)
	}
	panic(fmt.Sprintf("toJS: unexpected %T", v))
}

// float32Bytes views a float32 slice as bytes (wasm and every JavaScript engine in use are
// little-endian, the byte order of typed arrays on them).
func float32Bytes(x []float32) []byte {
	if len(x) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&x[0])), 4*len(x))
}

func uint32Bytes(x []uint32) []byte {
	if len(x) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&x[0])), 4*len(x))
}

// byteLength is the length in bytes of a typed array or ArrayBuffer, 0 for anything else.
func byteLength(v js.Value) int64 {
	if v.Type() != js.TypeObject {
		return 0
	}
	if n := v.Get("byteLength"); n.Type() == js.TypeNumber {
		return int64(n.Float())
	}
	return 0
}

// typedBytes copies the bytes behind any typed array (or an ArrayBuffer).
func typedBytes(v js.Value) []byte {
	var u8 js.Value
	switch {
	case v.InstanceOf(jsArrayBuffer):
		u8 = jsUint8Array.New(v)
	case v.Get("buffer").Truthy():
		u8 = jsUint8Array.New(v.Get("buffer"), v.Get("byteOffset"), v.Get("byteLength"))
	default:
		return nil
	}
	b := make([]byte, u8.Length())
	js.CopyBytesToGo(b, u8)
	return b
}

// fromJS converts a JavaScript value into plain Go values for api.FromValue: objects become
// map[string]any, arrays []any, numbers float64 (NaN kept), Float32Array []float32,
// Uint32Array []uint32 and Uint8Array []uint8.
func fromJS(v js.Value) any {
	switch v.Type() {
	case js.TypeUndefined, js.TypeNull:
		return nil
	case js.TypeBoolean:
		return v.Bool()
	case js.TypeNumber:
		return v.Float()
	case js.TypeString:
		return v.String()
	case js.TypeObject:
		switch {
		case v.InstanceOf(jsFloat32Array):
			b := typedBytes(v)
			out := make([]float32, len(b)/4)
			copy(float32Bytes(out), b)
			return out
		case v.InstanceOf(jsUint32Array):
			b := typedBytes(v)
			out := make([]uint32, len(b)/4)
			copy(uint32Bytes(out), b)
			return out
		case v.InstanceOf(jsUint8Array):
			return typedBytes(v)
		case jsArray.Call("isArray", v).Bool():
			out := make([]any, v.Length())
			for i := range out {
				out[i] = fromJS(v.Index(i))
			}
			return out
		}
		keys := jsObject.Call("keys", v)
		m := make(map[string]any, keys.Length())
		for i := 0; i < keys.Length(); i++ {
			k := keys.Index(i).String()
			m[k] = fromJS(v.Get(k))
		}
		return m
	}
	return nil
}

// inputFromJS reads an image or mask message made by uran.js's toInput.
func inputFromJS(v js.Value, role string) (*engine.Input, error) {
	if v.Type() != js.TypeObject {
		return nil, fmt.Errorf("%s: missing", role)
	}
	in := &engine.Input{Kind: str(v, "kind"), Name: str(v, "name")}
	if in.Name == "" {
		in.Name = role
	}
	switch in.Kind {
	case engine.KindFile:
		in.MaxPixels, in.MaxBytes = limit(v, "maxPixels"), limit(v, "maxBytes")
		// A file over the decoder's byte limit is refused before it is copied into the
		// WebAssembly memory.
		if n := byteLength(v.Get("bytes")); n > 0 {
			opt := &imageio.Options{MaxBytes: in.MaxBytes, LimitNames: engine.JSLimitNames}
			if err := imageio.CheckFileSize(role, in.Name, n, opt); err != nil {
				return nil, err
			}
		}
		in.Bytes = typedBytes(v.Get("bytes"))
		in.Frame = integer(v, "frame")
	case engine.KindRGBA, engine.KindArray:
		in.MaxPixels = limit(v, "maxPixels")
		in.Bytes = typedBytes(v.Get("data"))
		in.Width, in.Height = integer(v, "width"), integer(v, "height")
		in.DType = str(v, "dtype")
	default:
		return nil, fmt.Errorf("%s: unknown input kind %q", role, in.Kind)
	}
	if in.Bytes == nil {
		return nil, fmt.Errorf("%s %s: no data", role, in.Name)
	}
	if sp := v.Get("spacing"); sp.Type() == js.TypeObject && sp.Length() == 2 {
		in.Spacing = [2]float64{sp.Index(0).Float(), sp.Index(1).Float()}
	}
	return in, nil
}

func str(v js.Value, k string) string {
	if f := v.Get(k); f.Type() == js.TypeString {
		return f.String()
	}
	return ""
}

// limit reads a size limit option: a positive whole number, else 0 (the default limit);
// uran.js refuses other values before they get here.
func limit(v js.Value, k string) int64 {
	f := v.Get(k)
	if f.Type() != js.TypeNumber {
		return 0
	}
	x := f.Float()
	if x != math.Trunc(x) || x < 1 || x > 1<<53 {
		return 0
	}
	return int64(x)
}

func integer(v js.Value, k string) int {
	f := v.Get(k)
	if f.Type() != js.TypeNumber {
		return 0
	}
	x := f.Float()
	if x != math.Trunc(x) || x < 0 || x > math.MaxInt32 {
		return -1
	}
	return int(x)
}
