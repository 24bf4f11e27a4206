// Package engine is what the URAN Web Worker runs: it turns the images, masks and weights
// handed over by JavaScript into radiomics inputs, runs extraction and the URAN network, and
// answers with the values of package api. It is pure Go (no syscall/js), so every code path
// the browser takes is tested natively; wasm/ only converts JavaScript values.
package engine

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"math"
	"slices"
	"strings"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/radiomics/imageio"
	"github.com/uran-browser/uran/wasm/api"
)

// Input kinds.
const (
	KindFile  = "file"  // the bytes of an image file (PNG, JPEG, BMP, TIFF, DICOM, NPY)
	KindRGBA  = "rgba"  // canvas ImageData: 4 bytes per pixel, non-premultiplied
	KindArray = "array" // one number per pixel, little-endian, of type DType
)

// Input is an image or a mask as JavaScript handed it over.
type Input struct {
	Kind    string
	Name    string
	Bytes   []byte // file bytes (KindFile), RGBA samples (KindRGBA) or raw array bytes
	DType   string // KindArray: uint8, int8, uint16, int16, uint32, int32, float32, float64
	Width   int    // KindRGBA and KindArray
	Height  int
	Spacing [2]float64 // pixel size in mm; zero means from the file, else 1 × 1
	Frame   int        // KindFile: the frame of a multi-frame DICOM, from 1; 0 for none
	// MaxPixels and MaxBytes are the decoder's size limits (imageio.Options); 0 means the
	// defaults. The JavaScript API sets them from its maxPixels and maxBytes options.
	MaxPixels, MaxBytes int64
}

// JSLimitNames are the limits' names in messages of the JavaScript API.
var JSLimitNames = imageio.LimitNames{Pixels: "the maxPixels option",
	Bytes: "the maxBytes option"}

// dtypeSize is the byte size of each array element type.
var dtypeSize = map[string]int{"uint8": 1, "int8": 1, "uint16": 2, "int16": 2, "uint32": 4,
	"int32": 4, "float32": 4, "float64": 8}

// ArrayValues converts raw little-endian array bytes of type dtype into float64 values.
func ArrayValues(raw []byte, dtype string) ([]float64, error) {
	size, ok := dtypeSize[dtype]
	if !ok {
		return nil, fmt.Errorf("unsupported pixel type %q (want one of uint8, int8, uint16, "+
			"int16, uint32, int32, float32, float64)", dtype)
	}
	if len(raw)%size != 0 {
		return nil, fmt.Errorf("%d bytes is not a whole number of %s values", len(raw), dtype)
	}
	n := len(raw) / size
	v := make([]float64, n)
	le := binary.LittleEndian
	for i := range v {
		b := raw[i*size:]
		switch dtype {
		case "uint8":
			v[i] = float64(b[0])
		case "int8":
			v[i] = float64(int8(b[0]))
		case "uint16":
			v[i] = float64(le.Uint16(b))
		case "int16":
			v[i] = float64(int16(le.Uint16(b)))
		case "uint32":
			v[i] = float64(le.Uint32(b))
		case "int32":
			v[i] = float64(int32(le.Uint32(b)))
		case "float32":
			v[i] = float64(math.Float32frombits(le.Uint32(b)))
		case "float64":
			v[i] = math.Float64frombits(le.Uint64(b))
		}
	}
	return v, nil
}

func (in *Input) decodeOptions() *imageio.Options {
	return &imageio.Options{Spacing: in.Spacing, Frame: in.Frame, MaxPixels: in.MaxPixels,
		MaxBytes: in.MaxBytes, LimitNames: JSLimitNames}
}

// maxPixels is the pixel limit of raw inputs, as imageio applies it to files.
func (in *Input) maxPixels() int64 {
	if in.MaxPixels > 0 {
		return in.MaxPixels
	}
	return imageio.DefaultMaxPixels
}

func (in *Input) spacing() [2]float64 {
	if in.Spacing[0] > 0 && in.Spacing[1] > 0 {
		return in.Spacing
	}
	return [2]float64{1, 1}
}

// checkRaw validates the geometry of an rgba or array input.
func (in *Input) checkRaw(role string, perPixel int) error {
	if in.Width <= 0 || in.Height <= 0 {
		return fmt.Errorf("%s %s: width and height must be positive, got %d × %d", role,
			in.Name, in.Width, in.Height)
	}
	if n := int64(in.Width) * int64(in.Height); n > in.maxPixels() {
		return fmt.Errorf("%s %s: %d × %d pixels (%d) is over the limit of %d pixels; if the "+
			"image is genuine, raise the limit with %s", role, in.Name, in.Width, in.Height, n,
			in.maxPixels(), JSLimitNames.Pixels)
	}
	if want := in.Width * in.Height * perPixel; len(in.Bytes) != want {
		return fmt.Errorf("%s %s: %d bytes given for %d × %d pixels, want %d", role, in.Name,
			len(in.Bytes), in.Width, in.Height, want)
	}
	if in.Spacing[0] < 0 || in.Spacing[1] < 0 || math.IsNaN(in.Spacing[0]) ||
		math.IsNaN(in.Spacing[1]) {
		return fmt.Errorf("%s %s: spacing %v must be positive", role, in.Name, in.Spacing)
	}
	return nil
}

// rgbaPNG wraps ImageData samples as a PNG so that canvas pixels go through exactly the same
// colour-to-grey (and colour-to-label) rules as image files.
func (in *Input) rgbaPNG(role string) ([]byte, error) {
	if err := in.checkRaw(role, 4); err != nil {
		return nil, err
	}
	img := &image.NRGBA{Pix: in.Bytes, Stride: 4 * in.Width,
		Rect: image.Rect(0, 0, in.Width, in.Height)}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.NoCompression}
	if err := enc.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("%s %s: %w", role, in.Name, err)
	}
	return b.Bytes(), nil
}

// Image decodes the input as an ultrasound image.
func (in *Input) Image() (*radiomics.Image, *imageio.Info, error) {
	switch in.Kind {
	case KindFile:
		return imageio.DecodeImage(in.Bytes, in.Name, in.decodeOptions())
	case KindRGBA:
		data, err := in.rgbaPNG("image")
		if err != nil {
			return nil, nil, err
		}
		return imageio.DecodeImage(data, in.Name, in.decodeOptions())
	case KindArray:
		size := dtypeSize[in.DType]
		if size == 0 {
			size = 1
		}
		if err := in.checkRaw("image", size); err != nil {
			return nil, nil, err
		}
		v, err := ArrayValues(in.Bytes, in.DType)
		if err != nil {
			return nil, nil, fmt.Errorf("image %s: %w", in.Name, err)
		}
		for i, x := range v {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, nil, fmt.Errorf("image %s: pixel (%d, %d) is %v; every pixel "+
					"must be a finite number", in.Name, i%in.Width, i/in.Width, x)
			}
		}
		img := &radiomics.Image{Width: in.Width, Height: in.Height, Pix: v,
			Spacing: in.spacing()}
		info := &imageio.Info{Name: in.Name, Format: "array", Width: in.Width,
			Height: in.Height, ColorModel: in.DType, Spacing: img.Spacing,
			Conversion: "raw " + in.DType + " values"}
		return img, info, nil
	}
	return nil, nil, fmt.Errorf("image %s: unknown input kind %q", in.Name, in.Kind)
}

// Mask decodes the input as a lesion mask.
func (in *Input) Mask() (*radiomics.Mask, *imageio.Info, error) {
	switch in.Kind {
	case KindFile:
		return imageio.DecodeMask(in.Bytes, in.Name, in.decodeOptions())
	case KindRGBA:
		data, err := in.rgbaPNG("mask")
		if err != nil {
			return nil, nil, err
		}
		return imageio.DecodeMask(data, in.Name, in.decodeOptions())
	case KindArray:
		size := dtypeSize[in.DType]
		if size == 0 {
			size = 1
		}
		if err := in.checkRaw("mask", size); err != nil {
			return nil, nil, err
		}
		v, err := ArrayValues(in.Bytes, in.DType)
		if err != nil {
			return nil, nil, fmt.Errorf("mask %s: %w", in.Name, err)
		}
		labels := make([]uint32, len(v))
		for i, x := range v {
			if x < 0 || x != math.Trunc(x) || x > math.MaxUint32 {
				return nil, nil, fmt.Errorf("mask %s: value %v at (%d, %d) is not a label "+
					"(labels are whole numbers from 0 to 4294967295)", in.Name, x,
					i%in.Width, i/in.Width)
			}
			labels[i] = uint32(x)
		}
		m := &radiomics.Mask{Width: in.Width, Height: in.Height, Labels: labels,
			Spacing: in.spacing()}
		info := &imageio.Info{Name: in.Name, Format: "array", Width: in.Width,
			Height: in.Height, ColorModel: in.DType, Spacing: m.Spacing,
			Conversion: "raw " + in.DType + " labels"}
		return m, info, nil
	}
	return nil, nil, fmt.Errorf("mask %s: unknown input kind %q", in.Name, in.Kind)
}

// summary turns imageio's Info into the description shown to the user.
func summary(name string, info *imageio.Info) api.InputSummary {
	s := api.InputSummary{Name: name, Format: string(info.Format), Width: info.Width,
		Height: info.Height, Spacing: info.Spacing, Frames: max(info.Frames, 1),
		Frame: max(info.Frame, 1)}
	if info.Conversion != "" {
		s.Notes = append(s.Notes, info.Conversion)
	}
	if info.Frames > 1 {
		s.Notes = append(s.Notes, fmt.Sprintf("frame %d of %d", info.Frame, info.Frames))
	}
	if info.SpacingSource != "" {
		s.Notes = append(s.Notes, "spacing "+info.SpacingSource)
	}
	s.Notes = append(s.Notes, info.Warnings...)
	return s
}

// DecodeForDisplay decodes an image ("image") or a mask ("mask") for the viewer.
func DecodeForDisplay(in *Input, as string) (*api.Decoded, error) {
	switch strings.ToLower(as) {
	case "image":
		img, info, err := in.Image()
		if err != nil {
			return nil, err
		}
		d := &api.Decoded{Summary: summary(in.Name, info), Pixels: make([]float32, len(img.Pix)),
			Min: math.Inf(1), Max: math.Inf(-1)}
		for i, v := range img.Pix {
			d.Pixels[i] = float32(v)
			d.Min = math.Min(d.Min, v)
			d.Max = math.Max(d.Max, v)
		}
		return d, nil
	case "mask":
		m, info, err := in.Mask()
		if err != nil {
			return nil, err
		}
		d := &api.Decoded{Summary: summary(in.Name, info), Labels: m.Labels,
			LabelValues: []uint32{}}
		seen := map[uint32]bool{}
		for _, v := range m.Labels {
			if v != 0 && !seen[v] {
				seen[v] = true
				d.LabelValues = append(d.LabelValues, v)
			}
		}
		slices.Sort(d.LabelValues)
		return d, nil
	}
	return nil, fmt.Errorf("decode: want \"image\" or \"mask\", got %q", as)
}
