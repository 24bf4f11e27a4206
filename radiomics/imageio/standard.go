package imageio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"strings"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

// decodeStandard decodes PNG, JPEG, BMP and TIFF with the standard library and x/image: the
// header first, to check the declared size against the limit, then the pixels.
func decodeStandard(f Format, data []byte, opt *Options, info *Info) (*pixels, error) {
	var decodeConfig func(io.Reader) (image.Config, error)
	var decode func(io.Reader) (image.Image, error)
	switch f {
	case PNG:
		decodeConfig, decode = png.DecodeConfig, png.Decode
	case JPEG:
		decodeConfig, decode = jpeg.DecodeConfig, jpeg.Decode
	case BMP:
		decodeConfig, decode = bmp.DecodeConfig, bmp.Decode
	case TIFF:
		decodeConfig, decode = tiff.DecodeConfig, tiff.Decode
	}

	cfg, err := decodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, decoderError(f, data, err)
	}
	if err := checkPixels(f, int64(cfg.Width), int64(cfg.Height), opt); err != nil {
		return nil, err
	}

	img, err := decode(bytes.NewReader(data))
	if err != nil {
		return nil, decoderError(f, data, err)
	}
	b := img.Bounds()
	if b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return nil, inputError(f, ErrCorrupt, nil, "decoded size %d × %d differs from the "+
			"header's %d × %d", b.Dx(), b.Dy(), cfg.Width, cfg.Height)
	}

	px := &pixels{w: cfg.Width, h: cfg.Height, img: img}
	info.ColorModel, info.BitDepth = modelOf(img)
	switch f {
	case PNG:
		describePNG(data, info)
	case JPEG:
		o, warning := jpegOrientation(data)
		if warning != "" {
			info.warn("%s", warning)
		}
		px.orientation = o
	}
	return px, nil
}

// decoderError classifies an error of a standard decoder of data.
func decoderError(f Format, data []byte, err error) error {
	var (
		pngU  png.UnsupportedError
		jpegU jpeg.UnsupportedError
		tiffU tiff.UnsupportedError
	)
	switch {
	case errors.As(err, &pngU), errors.As(err, &jpegU), errors.As(err, &tiffU),
		errors.Is(err, bmp.ErrUnsupported):
		return inputError(f, ErrUnsupported, err, "uses a feature that is not supported")
	case f == TIFF && tiffIFDPastEnd(data):
		// x/image/tiff reads the first IFD at its offset and reports io.EOF when it lies
		// beyond the data. Writers put the IFD before or after the pixels, so a cut file and
		// a damaged offset in a complete one look alike: the message says both.
		return inputError(f, ErrCorrupt, nil, "is truncated or its header is damaged: the "+
			"first IFD (the image's directory) is at byte %d, past the end of the file (%d "+
			"bytes)", tiffIFDOffset(data), len(data))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return inputError(f, ErrCorrupt, err, "is truncated")
	case f == JPEG && !jpegHasEnd(data):
		// A JPEG cut inside its entropy-coded data fails with "short Huffman data" or
		// similar; the missing end-of-image marker tells that the file was cut.
		return inputError(f, ErrCorrupt, err, "is truncated (it has no end-of-image marker)")
	case f == PNG && strings.HasSuffix(err.Error(), "too much pixel data"):
		// image/png stops inflating once the rows its header declares are full.
		return inputError(f, ErrCorrupt, err, "is corrupt: its compressed image data holds "+
			"more than the %d × %d pixels its header declares (a decompression bomb?)",
			pngWidth(data), pngHeight(data))
	case f == PNG && strings.HasSuffix(err.Error(), "not enough pixel data"):
		// image/png's word for compressed image data that ends before the last row.
		return inputError(f, ErrCorrupt, err, "is truncated (its image data ends early)")
	}
	return inputError(f, ErrCorrupt, err, "is corrupt")
}

// modelOf names the pixel model of a decoded image and its bits per sample.
func modelOf(img image.Image) (string, int) {
	switch img.(type) {
	case *image.Gray:
		return "Gray", 8
	case *image.Gray16:
		return "Gray16", 16
	case *image.RGBA, *image.NRGBA:
		return "RGBA", 8
	case *image.RGBA64, *image.NRGBA64:
		return "RGBA16", 16
	case *image.Paletted:
		return "Palette", 8
	case *image.YCbCr:
		return "YCbCr", 8
	case *image.CMYK:
		return "CMYK", 8
	}
	return "other", 16
}

// describePNG refines the model from the IHDR chunk (bit depth, colour type, interlace),
// which the decoded image type does not fully tell: a 1-bit grey PNG decodes to *image.Gray.
// The caller has decoded data, so the IHDR bytes exist.
func describePNG(data []byte, info *Info) {
	depth, ctype, interlace := int(data[24]), data[25], data[28]
	name := map[byte]string{0: "Gray", 2: "RGB", 3: "Palette", 4: "GrayAlpha", 6: "RGBA"}[ctype]
	if depth == 16 {
		name += "16"
	}
	info.ColorModel, info.BitDepth = name, depth
	if interlace == 1 {
		info.Conversion = "Adam7-interlaced PNG; "
	}
}

// tiffIFDOffset returns the offset of a TIFF's first IFD (header "II" or "MM", 42, offset).
func tiffIFDOffset(data []byte) uint32 {
	if len(data) < 8 {
		return 0
	}
	if data[0] == 'M' {
		return binary.BigEndian.Uint32(data[4:])
	}
	return binary.LittleEndian.Uint32(data[4:])
}

// tiffIFDPastEnd reports whether a TIFF's first IFD starts beyond its last bytes.
func tiffIFDPastEnd(data []byte) bool {
	return len(data) >= 8 && int64(tiffIFDOffset(data))+2 > int64(len(data))
}

// jpegHasEnd reports whether a JPEG ends with its end-of-image marker FF D9 (some writers
// pad a few bytes after it).
func jpegHasEnd(data []byte) bool {
	tail := data[max(0, len(data)-64):]
	return bytes.LastIndex(tail, []byte{0xff, 0xd9}) >= 0
}

func pngWidth(data []byte) uint32  { return binary.BigEndian.Uint32(data[16:]) }
func pngHeight(data []byte) uint32 { return binary.BigEndian.Uint32(data[20:]) }
