package imageio

import (
	"bytes"
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
		return nil, decoderError(f, err)
	}
	if err := checkPixels(f, int64(cfg.Width), int64(cfg.Height), opt); err != nil {
		return nil, err
	}

	img, err := decode(bytes.NewReader(data))
	if err != nil {
		return nil, decoderError(f, err)
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

// decoderError classifies an error of a standard decoder.
func decoderError(f Format, err error) error {
	var (
		pngU  png.UnsupportedError
		jpegU jpeg.UnsupportedError
		tiffU tiff.UnsupportedError
	)
	switch {
	case errors.As(err, &pngU), errors.As(err, &jpegU), errors.As(err, &tiffU),
		errors.Is(err, bmp.ErrUnsupported):
		return inputError(f, ErrUnsupported, err, "uses a feature that is not supported")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return inputError(f, ErrCorrupt, err, "is truncated")
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
