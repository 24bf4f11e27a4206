package imageio

import "fmt"

// Format names a file format as detected from the content.
type Format string

// Detected formats.
const (
	PNG   Format = "PNG"
	JPEG  Format = "JPEG"
	BMP   Format = "BMP"
	TIFF  Format = "TIFF"
	NPY   Format = "NPY"
	DICOM Format = "DICOM"
)

// Info describes a decoded file: what it was and what was done to it.
type Info struct {
	Name   string `json:"name"`
	Format Format `json:"format"`
	Width  int    `json:"width"`  // after orientation
	Height int    `json:"height"` // after orientation

	// ColorModel is the file's pixel model: "Gray", "Gray16", "GrayAlpha", "RGB", "RGBA",
	// "RGB16", "RGBA16", "Palette", "YCbCr", "CMYK", for NPY the dtype ("uint16"), for DICOM
	// the Photometric Interpretation ("MONOCHROME2", "RGB", "YBR_FULL_422", …).
	ColorModel string `json:"colorModel"`
	// BitDepth is the number of bits per sample in the file (1, 8, 16, 32 or 64).
	BitDepth int `json:"bitDepth"`
	// Conversion says in words how file samples became image values or mask labels.
	Conversion string `json:"conversion"`

	// Orientation is the EXIF orientation tag (1–8) that was applied; 0 when there was none.
	Orientation int `json:"orientation,omitempty"`
	// Frames is the number of frames in the file; Frame the one decoded (from 1).
	Frames int `json:"frames"`
	Frame  int `json:"frame"`

	// Spacing is the pixel size in millimetres (x, y) and SpacingSource where it came from.
	Spacing       [2]float64 `json:"spacing"`
	SpacingSource string     `json:"spacingSource"`

	// ColoredPixels counts image pixels whose colour channels are not all equal.
	ColoredPixels int `json:"coloredPixels,omitempty"`

	// Labels lists each non-zero mask label in increasing order (masks only).
	Labels []Label `json:"labels,omitempty"`
	// Components is the number of 8-connected components of all non-zero mask pixels
	// together (masks only).
	Components int `json:"components,omitempty"`

	// Warnings are facts the user should know: coloured pixels converted to grey, an ignored
	// alpha channel, a lossy mask, a name that does not match the content, …
	Warnings []string `json:"warnings,omitempty"`

	colorMap map[uint32]string // label → colour of a colour-coded mask, until Labels is built

	// colored marks the coloured pixels of an image (row-major, after orientation); nil when
	// there are none. white is the largest value the file's samples can give (255 or 65535
	// for PNG, JPEG, BMP, TIFF and colour DICOM), 0 where the format has none. CheckLesion
	// reads both.
	colored []bool
	white   float64
}

// Label describes one mask label.
type Label struct {
	Value      uint32 `json:"value"`
	Pixels     int    `json:"pixels"`
	Components int    `json:"components"` // 8-connected components of this label
	// Color is the "#rrggbb" (or "#rrrrggggbbbb" for 16-bit files) colour that was mapped to
	// this label in a colour-coded mask; empty otherwise.
	Color string `json:"color,omitempty"`
}

func (in *Info) warn(format string, args ...any) {
	in.Warnings = append(in.Warnings, fmt.Sprintf(format, args...))
}
