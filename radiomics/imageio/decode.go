package imageio

import (
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os"

	"github.com/uran-browser/uran/radiomics"
)

// pixels is a decoded file before it becomes an Image or a Mask: either a Go image (PNG, JPEG,
// BMP, TIFF, DICOM colour or JPEG-compressed frames) or one value per pixel (NPY, DICOM grey).
type pixels struct {
	w, h        int
	img         image.Image
	plane       []float64
	orientation int // EXIF orientation to apply, 0 or 1 for none
}

// role tells a format decoder whether it decodes an image or a mask: DICOM applies inversion
// and rescaling to images only.
type role int

const (
	roleImage role = iota
	roleMask
)

// DecodeImage decodes the image file held in data into grey levels (see the package
// documentation for the rules). name is used in messages and Info only; the format comes
// from the content. A nil opt uses the defaults.
func DecodeImage(data []byte, name string, opt *Options) (*radiomics.Image, *Info, error) {
	return decodeImage("decode image", data, name, opt)
}

// DecodeMask decodes the mask file held in data into labels (see the package documentation
// for the rules). name is used in messages and Info only. A nil opt uses the defaults.
func DecodeMask(data []byte, name string, opt *Options) (*radiomics.Mask, *Info, error) {
	return decodeMask("decode mask", data, name, opt)
}

// ReadImage reads and decodes the image file at path, refusing files over the byte limit
// before reading them.
func ReadImage(path string, opt *Options) (*radiomics.Image, *Info, error) {
	data, err := readLimited("read image", path, opt)
	if err != nil {
		return nil, nil, err
	}
	return decodeImage("read image", data, path, opt)
}

// ReadMask reads and decodes the mask file at path, refusing files over the byte limit before
// reading them.
func ReadMask(path string, opt *Options) (*radiomics.Mask, *Info, error) {
	data, err := readLimited("read mask", path, opt)
	if err != nil {
		return nil, nil, err
	}
	return decodeMask("read mask", data, path, opt)
}

func readLimited(op, path string, opt *Options) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	defer f.Close()

	limit := opt.maxBytes()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > limit {
		return nil, fail(op, path, tooManyBytes(st.Size(), opt))
	}
	// The limit is enforced again while reading, for files whose size Stat does not know.
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", op, path, err)
	}
	if int64(len(data)) > limit {
		return nil, fail(op, path, tooManyBytes(int64(len(data)), opt))
	}
	return data, nil
}

// CheckFileSize returns the error DecodeImage (role "image") or DecodeMask (role "mask")
// gives for an input of size bytes over the byte limit, or nil. Callers that know a file's
// size before reading it (the page, the browser's worker) refuse it without reading it.
func CheckFileSize(role, name string, size int64, opt *Options) error {
	if size > opt.maxBytes() {
		return fail("decode "+role, name, tooManyBytes(size, opt))
	}
	return nil
}

func tooManyBytes(n int64, opt *Options) *Error {
	return inputError("", ErrTooLarge, nil, "file has %d bytes, over the limit of %d bytes%s",
		n, opt.maxBytes(), opt.limitHint(false))
}

func decodeImage(op string, data []byte, name string, opt *Options) (*radiomics.Image,
	*Info, error) {
	px, info, err := decodePixels(data, name, opt, roleImage)
	if err != nil {
		return nil, nil, fail(op, name, err)
	}

	var v []float64
	if px.img != nil {
		v = greyFromImage(px.img, info)
	} else {
		v = px.plane
	}
	if err := checkFinite(v, px.w, info.Format); err != nil {
		return nil, nil, fail(op, name, err)
	}

	v, w, h := reorient(v, px.w, px.h, px.orientation)
	if info.colored != nil {
		info.colored, _, _ = reorient(info.colored, px.w, px.h, px.orientation)
	}
	if err := finishInfo(info, w, h, px.orientation, opt); err != nil {
		return nil, nil, err
	}
	return &radiomics.Image{Width: w, Height: h, Pix: v, Spacing: info.Spacing}, info, nil
}

func decodeMask(op string, data []byte, name string, opt *Options) (*radiomics.Mask,
	*Info, error) {
	px, info, err := decodePixels(data, name, opt, roleMask)
	if err != nil && opt.frame() > 1 && errors.Is(err, ErrFrame) {
		// A single-frame mask was drawn on the chosen frame of its image: use it as it is.
		one := *opt
		one.Frame = 0
		if px1, info1, err1 := decodePixels(data, name, &one, roleMask); err1 == nil &&
			info1.Frames == 1 {
			px, info, err = px1, info1, nil
		}
	}
	if err != nil {
		return nil, nil, fail(op, name, err)
	}

	var labels []uint32
	if px.img != nil {
		labels = labelsFromImage(px.img, info)
	} else if labels, err = labelsFromPlane(px.plane, px.w, info.Format); err != nil {
		return nil, nil, fail(op, name, err)
	}

	labels, w, h := reorient(labels, px.w, px.h, px.orientation)
	if err := finishInfo(info, w, h, px.orientation, opt); err != nil {
		return nil, nil, err
	}
	describeLabels(labels, w, h, info)
	return &radiomics.Mask{Width: w, Height: h, Labels: labels, Spacing: info.Spacing}, info, nil
}

// decodePixels checks the size limit, detects the format and runs its decoder, turning a
// decoder panic into ErrCorrupt.
func decodePixels(data []byte, name string, opt *Options, r role) (px *pixels, info *Info,
	err error) {
	if len(data) == 0 {
		return nil, nil, inputError("", ErrEmpty, nil, "file is empty (0 bytes)")
	}
	if int64(len(data)) > opt.maxBytes() {
		return nil, nil, tooManyBytes(int64(len(data)), opt)
	}
	format, derr := detect(data)
	if derr != nil {
		return nil, nil, derr
	}

	info = &Info{Name: name, Format: format, Frames: 1, Frame: 1}
	if w := nameMismatch(name, format); w != "" {
		info.warn("%s", w)
	}
	if format != DICOM && opt.frame() > 1 {
		return nil, nil, inputError(format, ErrFrame, nil,
			"file has a single frame; frame %d was requested", opt.frame())
	}

	defer func() {
		if p := recover(); p != nil {
			px, info = nil, nil
			err = inputError(format, ErrCorrupt, nil, "decoder failed on this file (panic: %v)", p)
		}
	}()
	switch format {
	case NPY:
		px, err = decodeNPY(data, opt, info)
	case DICOM:
		px, err = decodeDICOM(data, opt, info, r)
	default:
		px, err = decodeStandard(format, data, opt, info)
	}
	if err != nil {
		return nil, nil, err
	}
	return px, info, nil
}

// checkPixels rejects a declared size that is empty or over the limit.
func checkPixels(f Format, w, h int64, opt *Options) *Error {
	if w <= 0 || h <= 0 {
		return inputError(f, ErrCorrupt, nil, "header declares an empty image (%d × %d)", w, h)
	}
	if w > math.MaxInt32 || h > math.MaxInt32 || w*h > opt.maxPixels() {
		return inputError(f, ErrTooLarge, nil,
			"header declares %d × %d pixels (%d), over the limit of %d pixels%s",
			w, h, w*h, opt.maxPixels(), opt.limitHint(true))
	}
	return nil
}

// checkFinite reports the first NaN or infinite value, by row and column.
func checkFinite(v []float64, w int, f Format) *Error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return inputError(f, ErrNotFinite, nil,
				"pixel (row %d, column %d) is %v; images must hold finite numbers", i/w, i%w, x)
		}
	}
	return nil
}

// spacingAssumed is the SpacingSource of a file without spacing.
const spacingAssumed = "none in the file; 1 × 1 mm assumed"

// finishInfo records the final geometry and settles the spacing: the caller's override, else
// the file's (swapped by a transposing orientation), else 1 × 1.
func finishInfo(info *Info, w, h, orientation int, opt *Options) error {
	info.Width, info.Height = w, h
	if orientation > 1 {
		info.Orientation = orientation
		info.Conversion += fmt.Sprintf("; EXIF orientation %d applied", orientation)
	}
	if orientation >= 5 {
		info.Spacing[0], info.Spacing[1] = info.Spacing[1], info.Spacing[0]
	}

	s := opt.spacing()
	switch {
	case s != [2]float64{}:
		for _, v := range s {
			if !(v > 0) || math.IsInf(v, 0) {
				return fmt.Errorf("imageio: Options.Spacing %v: both values must be positive "+
					"and finite", s)
			}
		}
		info.Spacing, info.SpacingSource = s, "given by the caller"
	case info.Spacing == [2]float64{}:
		info.Spacing = [2]float64{1, 1}
		info.SpacingSource = spacingAssumed
	}
	return nil
}

// fail fills in the operation and file name of an input error; other errors are wrapped.
func fail(op, name string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		e.Op, e.Name = op, name
		return e
	}
	return fmt.Errorf("%s %s: %w", op, name, err)
}
