// Package imageio turns image and mask files into the radiomics package's Image and Mask.
//
// # Formats
//
// The format is recognised from the content (the file's first bytes), never from its name; the
// name only appears in messages. Supported:
//
//   - PNG: grey, grey+alpha, RGB, RGBA, palette; 1, 2, 4, 8 and 16 bits; interlaced or not
//     (image/png).
//   - JPEG: baseline and progressive; grey, YCbCr, CMYK and YCCK (image/jpeg). The EXIF
//     orientation tag (APP1, tag 0x0112) is applied, so the pixels are those a browser shows.
//   - BMP (golang.org/x/image/bmp) and TIFF (golang.org/x/image/tiff), first image only.
//   - NumPy .npy: 2-D arrays of bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64,
//     float32 or float64, C or Fortran order (codeberg.org/sbinet/npyio).
//   - DICOM Part 10 (github.com/suyashkumar/dicom parses the data set): MONOCHROME1,
//     MONOCHROME2 (1, 8, 16 or 32 bits, signed or not), RGB (8 or 16 bits, either planar
//     configuration), YBR_FULL and YBR_FULL_422 (8 bits); native pixel data in implicit or
//     explicit VR little endian or explicit big endian, or JPEG baseline/extended frames.
//     One frame is decoded: a multi-frame file needs Options.Frame. Pixel spacing comes from
//     Pixel Spacing (0028,0030), else from the ultrasound region calibration (Sequence of
//     Ultrasound Regions: Physical Delta X/Y of the largest 2-D region whose units are cm,
//     converted to mm). PALETTE COLOR, float pixel data and other compressions (JPEG-LS,
//     JPEG 2000, RLE, deflate) are refused with ErrUnsupported.
//
// # Grey levels of an image
//
// A grey file keeps its stored values: 0–255 for 8-bit, 0–65535 for 16-bit (no rescaling), the
// array values for .npy, and for DICOM the stored values with Rescale Slope/Intercept applied
// (MONOCHROME1 is first inverted over the stored range, v → 2^BitsStored − 1 − v, so that bright
// means echogenic as in MONOCHROME2).
//
// A colour pixel becomes grey by the ITU-R BT.601 luma weights applied to the colour channels as
// stored in the file (0–255, or 0–65535 for 16-bit files):
//
//	Y = (299·R + 587·G + 114·B) / 1000
//
// computed in float64 with the numerator exact, so the only rounding is that of the one
// division and a pixel with R = G = B gets exactly that value. The result is not rounded to an
// integer. Alpha is ignored (the colour channels are used as stored). Palette pixels use their
// palette colour; YCbCr pixels (JPEG, DICOM YBR_FULL) are first converted to 8-bit RGB with the
// JFIF equations of image/color; CMYK pixels with image/color's CMYKToRGB. Because breast
// ultrasound images are grey with R = G = B, Info.Warnings reports the share of pixels whose
// channels differ (colour Doppler, coloured annotations), which the luma rule mixes into the grey
// levels.
//
// # Mask labels
//
// A mask keeps its values as labels: a 0/255 mask has label 255, a 0/1 mask label 1, an 8-bit
// grey map with several values keeps them all; a 1-bit PNG decodes to 0/255 and so has label 255.
// A palette image's label is the palette index. An RGB mask whose pixels all have R = G = B is a
// grey mask. An RGB mask with coloured pixels is a colour-coded mask (a colour per class): each
// distinct non-black colour gets a label 1, 2, 3, … in increasing order of its 0xRRGGBB value
// (0xRRRRGGGGBBBB for 16-bit files), and Info.Labels gives the colour of each label. Float .npy
// masks must hold non-negative whole numbers. For DICOM masks the stored values are the labels
// (no inversion, no rescale). Info.Labels reports, per label, its pixel count and its number of
// 8-connected components; Info.Components counts the components of all non-zero pixels
// together.
//
// # The lesion
//
// CheckLesion finds the lesion a label selects in a decoded mask (label 0: every non-zero
// pixel) and reports, without changing any pixel: an empty mask or an absent label as an error
// (ErrNoLesion) that lists the labels present; and as warnings several separate regions
// (8-connected, measured together), several labels merged by label 0, a lesion touching the
// image's edge, coloured lesion pixels (colour Doppler or annotations inside the lesion) and a
// share of pure-white lesion pixels of SaturatedShareWarning (1 %) or more (clipped echoes,
// burnt-in text or calipers). MatchPair and MatchSizes give the size-mismatch error. The
// commands and the browser engine call these, so a problem reads the same everywhere.
//
// # Limits
//
// Before any pixel buffer is allocated, the header's width × height (and, for DICOM, rows ×
// columns) is compared with Options.MaxPixels (default DefaultMaxPixels, 40 megapixels) and the
// input length with Options.MaxBytes (default DefaultMaxBytes, 256 MiB). Decoding a grey image of
// the largest allowed size needs about 8 bytes per pixel for the result plus the decoder's own
// buffer (1 to 8 bytes per pixel), so the defaults bound one decode to roughly 640 MB.
//
// # Errors
//
// Every problem with the input is returned as an *Error whose Kind is one of the Err* values, so
// callers tell a bad file (errors.As(err, new(*imageio.Error))) from a bug, and a specific cause
// with errors.Is(err, imageio.ErrTooLarge). Panics of third-party decoders are recovered and
// returned as ErrCorrupt.
package imageio
