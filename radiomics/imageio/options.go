package imageio

// Default limits, used when the corresponding Options field is 0.
const (
	// DefaultMaxPixels is the largest width × height accepted: 40 megapixels, about 25 times
	// a large ultrasound frame (1280 × 1024). The decoded float64 image alone takes 8 bytes
	// per pixel, 320 MB at this limit.
	DefaultMaxPixels = 40_000_000
	// DefaultMaxBytes is the largest input accepted: 256 MiB, enough for an uncompressed
	// 40-megapixel 16-bit RGB TIFF or a long multi-frame DICOM cine loop.
	DefaultMaxBytes = 256 << 20
)

// Options control decoding. The zero value (or a nil *Options) uses the defaults.
type Options struct {
	// MaxPixels rejects images whose header declares more than this many pixels
	// (width × height), before anything is allocated. 0 means DefaultMaxPixels.
	MaxPixels int64
	// MaxBytes rejects inputs longer than this. 0 means DefaultMaxBytes.
	MaxBytes int64
	// Frame chooses the frame of a multi-frame DICOM file, counting from 1. 0 means "not
	// chosen", which is an error for a file of several frames. A single-frame image accepts
	// 0 or 1; a single-frame mask accepts any frame (it was drawn on that frame of its
	// image) and is used as it is.
	Frame int
	// Spacing overrides the pixel spacing in millimetres (x = column width, y = row height).
	// Zero means: from the file where it has one (DICOM), else 1 × 1.
	Spacing [2]float64
	// LimitNames names MaxPixels and MaxBytes in messages the way the caller's users set
	// them. The zero value names the Go fields: "… over the limit of 40000000 pixels
	// (Options.MaxPixels)". A command that has a -max-pixels flag sets Pixels to
	// "-max-pixels", and the message ends "…; if the file is genuine, raise the limit with
	// -max-pixels" instead.
	LimitNames LimitNames
}

// LimitNames are the user-facing names of the size limits (see Options.LimitNames).
type LimitNames struct {
	Pixels string // how MaxPixels is set, for example "-max-pixels"
	Bytes  string // how MaxBytes is set, for example "-max-bytes"
}

// CommandLimitNames are the names the URAN commands give the limits (their -max-pixels and
// -max-bytes flags).
var CommandLimitNames = LimitNames{Pixels: "-max-pixels", Bytes: "-max-bytes"}

func (o *Options) maxPixels() int64 {
	if o == nil || o.MaxPixels <= 0 {
		return DefaultMaxPixels
	}
	return o.MaxPixels
}

func (o *Options) maxBytes() int64 {
	if o == nil || o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

// limitHint ends a limit message: the Go field in parentheses, or how the caller's users
// raise the limit.
func (o *Options) limitHint(pixels bool) string {
	var names LimitNames
	if o != nil {
		names = o.LimitNames
	}
	name, field := names.Bytes, "Options.MaxBytes"
	if pixels {
		name, field = names.Pixels, "Options.MaxPixels"
	}
	if name == "" {
		return " (" + field + ")"
	}
	return "; if the file is genuine, raise the limit with " + name
}

func (o *Options) frame() int {
	if o == nil {
		return 0
	}
	return o.Frame
}

func (o *Options) spacing() [2]float64 {
	if o == nil {
		return [2]float64{}
	}
	return o.Spacing
}
