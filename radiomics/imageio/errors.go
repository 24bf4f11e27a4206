package imageio

import (
	"errors"
	"fmt"
)

// Kinds of input problems. An *Error wraps exactly one of them, so errors.Is(err, ErrTooLarge)
// tells the cause without parsing the message.
var (
	// ErrUnknownFormat: the content is none of the supported formats.
	ErrUnknownFormat = errors.New("unrecognised file format")
	// ErrUnsupported: a supported format using a feature this package does not decode
	// (a compression, a sample type, a 3-D array, …).
	ErrUnsupported = errors.New("unsupported")
	// ErrCorrupt: the file is truncated or malformed.
	ErrCorrupt = errors.New("corrupt or truncated")
	// ErrTooLarge: the file or its declared pixel count is over the configured limit.
	ErrTooLarge = errors.New("too large")
	// ErrNotFinite: a float input holds NaN or ±Inf.
	ErrNotFinite = errors.New("not a finite number")
	// ErrBadLabel: a mask value cannot be a label (negative, fractional or over 2^32 − 1).
	ErrBadLabel = errors.New("invalid mask label")
	// ErrNoPixelData: a DICOM file without an image.
	ErrNoPixelData = errors.New("no pixel data")
	// ErrFrame: a multi-frame file without a frame choice, or a frame out of range.
	ErrFrame = errors.New("frame selection")
	// ErrEmpty: a zero-length input.
	ErrEmpty = errors.New("empty file")
	// ErrSizeMismatch: a mask whose size differs from its image's (see MatchPair).
	ErrSizeMismatch = errors.New("image and mask sizes differ")
	// ErrNoLesion: an empty mask, or a label the mask does not hold (see CheckLesion).
	ErrNoLesion = errors.New("no lesion")
	// ErrImageLikeMask: a mask read with label 0 that holds so many distinct values that it
	// is most likely an image (see CheckLesion and ImageLikeLabels).
	ErrImageLikeMask = errors.New("mask looks like an image")
)

// Error is a problem with an input file, as opposed to a bug or an I/O failure.
//
// Its message names the operation, the file, the format and the problem, for example
// "decode image big.png: PNG header declares 60000 × 60000 pixels (3600000000), over the
// limit of 40000000 pixels".
type Error struct {
	// Op is "decode image", "decode mask", "read image", "read mask", "match mask" or
	// "find lesion in".
	Op     string
	Name   string // the file name as the caller gave it
	Format Format // the detected format, or "" when unknown
	Kind   error  // one of the Err* values of this package
	Detail string // what is wrong, in words
	Err    error  // the underlying decoder error, or nil
}

func (e *Error) Error() string {
	msg := e.Op + " " + e.Name + ": "
	if e.Format != "" {
		msg += string(e.Format) + " "
	}
	msg += e.Detail
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the kind and the underlying error, so errors.Is and errors.As see both.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// inputError builds an *Error; the decoding context (op, name) is filled in by fail.
func inputError(format Format, kind error, err error, detail string, args ...any) *Error {
	return &Error{Format: format, Kind: kind, Detail: fmt.Sprintf(detail, args...), Err: err}
}
