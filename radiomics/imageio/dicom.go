package imageio

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"math"
	"strconv"
	"strings"

	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/tag"
	"github.com/suyashkumar/dicom/pkg/uid"
)

// dicomImage holds the attributes of the Image Pixel module that decoding needs.
type dicomImage struct {
	rows, cols, frames, frame int
	samples, bitsAllocated    int
	bitsStored, pixelRep      int
	planar                    int
	photometric               string
	bo                        binary.ByteOrder
}

// decodeDICOM decodes one frame of a DICOM Part 10 file. The library parses the data set; the
// native pixel bytes are kept raw (SkipProcessingPixelDataValue) and only the chosen frame is
// decoded here, because the library's own frame decoding builds a slice per pixel for every
// frame, ignores Planar Configuration, signed pixels and Bits Stored.
func decodeDICOM(data []byte, opt *Options, info *Info, r role) (*pixels, error) {
	ts, err := guardDICOM(data)
	if err != nil {
		return nil, err
	}
	ds, err := dicom.Parse(bytes.NewReader(data), int64(len(data)), nil,
		dicom.SkipProcessingPixelDataValue())
	if err != nil {
		return nil, inputError(DICOM, ErrCorrupt, err, "cannot be parsed")
	}

	el := ds.Elements
	pd := findElement(el, tag.PixelData)
	if pd == nil {
		if findElement(el, tag.Tag{Group: 0x7fe0, Element: 0x0008}) != nil ||
			findElement(el, tag.Tag{Group: 0x7fe0, Element: 0x0009}) != nil {
			return nil, inputError(DICOM, ErrUnsupported, nil,
				"holds float pixel data (7FE0,0008/0009), which is not supported")
		}
		return nil, inputError(DICOM, ErrNoPixelData, nil, "has no Pixel Data element "+
			"(7FE0,0010): it holds no image (a report, a presentation state, …?)")
	}
	pdi, ok := pd.Value.GetValue().(dicom.PixelDataInfo)
	if !ok {
		return nil, corruptDICOM("Pixel Data (7FE0,0010) has an unexpected value type")
	}

	d, err := dicomAttributes(el, ts, opt)
	if err != nil {
		return nil, err
	}
	info.Frames, info.Frame = d.frames, d.frame
	info.ColorModel, info.BitDepth = d.photometric, d.bitsAllocated
	dicomSpacing(el, info)

	if pdi.IsEncapsulated {
		return decodeDICOMJPEG(pdi, d, ts, info)
	}
	if !pdi.IntentionallyUnprocessed {
		return nil, corruptDICOM("Pixel Data (7FE0,0010) could not be read")
	}
	if isCompressed(ts) {
		return nil, corruptDICOM("transfer syntax %s is compressed but the pixel data is not "+
			"encapsulated", ts)
	}
	return decodeDICOMNative(pdi.UnprocessedValueData, d, el, info, r)
}

// dicomAttributes reads and checks the Image Pixel attributes and the frame choice.
func dicomAttributes(el []*dicom.Element, ts string, opt *Options) (*dicomImage, error) {
	d := &dicomImage{bo: binary.LittleEndian}
	if ts == uid.ExplicitVRBigEndian {
		d.bo = binary.BigEndian
	}
	var ok bool
	if d.rows, ok = intOf(el, tag.Rows); !ok {
		return nil, corruptDICOM("lacks Rows (0028,0010)")
	}
	if d.cols, ok = intOf(el, tag.Columns); !ok {
		return nil, corruptDICOM("lacks Columns (0028,0011)")
	}
	if err := checkPixels(DICOM, int64(d.cols), int64(d.rows), opt); err != nil {
		return nil, err
	}
	if d.bitsAllocated, ok = intOf(el, tag.BitsAllocated); !ok {
		return nil, corruptDICOM("lacks Bits Allocated (0028,0100)")
	}
	d.samples = intOr(el, tag.SamplesPerPixel, 1)
	d.bitsStored = intOr(el, tag.BitsStored, d.bitsAllocated)
	d.pixelRep = intOr(el, tag.PixelRepresentation, 0)
	d.planar = intOr(el, tag.PlanarConfiguration, 0)
	d.photometric = strings.TrimSpace(firstString(el, tag.PhotometricInterpretation))
	if d.photometric == "" {
		d.photometric = map[bool]string{true: "MONOCHROME2", false: "RGB"}[d.samples == 1]
	}
	if d.bitsStored < 1 || d.bitsStored > d.bitsAllocated {
		return nil, corruptDICOM("Bits Stored %d does not fit Bits Allocated %d",
			d.bitsStored, d.bitsAllocated)
	}

	d.frames = intOr(el, tag.NumberOfFrames, 1)
	if d.frames < 1 {
		return nil, corruptDICOM("Number of Frames (0028,0008) is %d", d.frames)
	}
	d.frame = opt.frame()
	switch {
	case d.frames > 1 && d.frame == 0:
		return nil, inputError(DICOM, ErrFrame, nil, "has %d frames (a cine loop or a "+
			"volume) but URAN measures one 2-D image: choose one with the frame option (1 to "+
			"%d; -frame in the commands, frame in the JavaScript API) or export that frame "+
			"as a single image", d.frames, d.frames)
	case d.frame > d.frames || d.frame < 0:
		return nil, inputError(DICOM, ErrFrame, nil, "frame %d was requested but the file "+
			"has %d frame(s)", d.frame, d.frames)
	case d.frame == 0:
		d.frame = 1
	}
	return d, nil
}

// decodeDICOMNative decodes one frame of uncompressed pixel data. Samples are little endian
// except in the explicit big-endian transfer syntax; 1-bit data is packed least significant
// bit first (PS3.5 §8.1.1); colour samples are interleaved (Planar Configuration 0) or one
// plane per colour (1); YBR_FULL_422 stores Y1 Y2 Cb Cr for each pair of pixels.
func decodeDICOMNative(raw []byte, d *dicomImage, el []*dicom.Element, info *Info,
	r role) (*pixels, error) {
	n := d.rows * d.cols
	px := &pixels{w: d.cols, h: d.rows}

	var frameBits int64
	switch {
	case d.samples == 1 && (d.photometric == "MONOCHROME1" || d.photometric == "MONOCHROME2"):
		if d.bitsAllocated != 1 && d.bitsAllocated != 8 && d.bitsAllocated != 16 &&
			d.bitsAllocated != 32 {
			return nil, unsupportedDICOM(d)
		}
		frameBits = int64(n) * int64(d.bitsAllocated)
	case d.samples == 3 && d.photometric == "RGB" && (d.bitsAllocated == 8 ||
		d.bitsAllocated == 16) && d.pixelRep == 0:
		frameBits = int64(n) * 3 * int64(d.bitsAllocated)
	case d.samples == 3 && d.photometric == "YBR_FULL" && d.bitsAllocated == 8:
		frameBits = int64(n) * 3 * 8
	case d.samples == 3 && d.photometric == "YBR_FULL_422" && d.bitsAllocated == 8:
		if d.cols%2 != 0 || d.planar != 0 {
			return nil, corruptDICOM("YBR_FULL_422 needs an even number of columns and "+
				"Planar Configuration 0 (has %d columns, %d)", d.cols, d.planar)
		}
		frameBits = int64(n) * 2 * 8
	default:
		return nil, unsupportedDICOM(d)
	}

	need := (frameBits*int64(d.frames) + 7) / 8
	if int64(len(raw)) < need {
		return nil, corruptDICOM("pixel data holds %d bytes; %d frame(s) of %d × %d pixels, "+
			"%d sample(s) of %d bits, need %d", len(raw), d.frames, d.rows, d.cols, d.samples,
			d.bitsAllocated, need)
	}
	frameStart := frameBits * int64(d.frame-1) // in bits

	if d.samples == 1 {
		px.plane = monochrome(raw, frameStart, n, d)
		if r == roleMask {
			info.Conversion = "label = stored value (masks are neither inverted nor rescaled)"
			return px, nil
		}
		info.Conversion = "stored values"
		if err := invertAndRescale(px.plane, d, el, info); err != nil {
			return nil, err
		}
		return px, nil
	}

	off := int(frameStart / 8)
	rect := image.Rect(0, 0, d.cols, d.rows)
	sample := func(i, c int) int { // byte offset of sample c of pixel i
		if d.planar == 1 {
			return off + (c*n+i)*d.bitsAllocated/8
		}
		return off + (3*i+c)*d.bitsAllocated/8
	}
	switch d.photometric {
	case "RGB":
		if d.bitsAllocated == 8 {
			m := image.NewNRGBA(rect)
			for i := 0; i < n; i++ {
				m.Pix[4*i], m.Pix[4*i+1], m.Pix[4*i+2], m.Pix[4*i+3] =
					raw[sample(i, 0)], raw[sample(i, 1)], raw[sample(i, 2)], 255
			}
			px.img = m
			break
		}
		m := image.NewNRGBA64(rect)
		mask := uint16(1<<d.bitsStored - 1)
		for i := 0; i < n; i++ {
			for c := 0; c < 3; c++ {
				binary.BigEndian.PutUint16(m.Pix[8*i+2*c:], d.bo.Uint16(raw[sample(i, c):])&mask)
			}
			m.Pix[8*i+6], m.Pix[8*i+7] = 255, 255
		}
		px.img = m
	case "YBR_FULL":
		m := image.NewYCbCr(rect, image.YCbCrSubsampleRatio444)
		for i := 0; i < n; i++ {
			m.Y[i], m.Cb[i], m.Cr[i] = raw[sample(i, 0)], raw[sample(i, 1)], raw[sample(i, 2)]
		}
		px.img = m
		info.Conversion = "YBR_FULL converted to RGB with the JFIF equations of image/color; "
	case "YBR_FULL_422":
		m := image.NewYCbCr(rect, image.YCbCrSubsampleRatio422)
		for i := 0; i < n/2; i++ {
			p := raw[off+4*i:]
			m.Y[2*i], m.Y[2*i+1], m.Cb[i], m.Cr[i] = p[0], p[1], p[2], p[3]
		}
		px.img = m
		info.Conversion = "YBR_FULL_422 converted to RGB with the JFIF equations of " +
			"image/color; "
	}
	return px, nil
}

func unsupportedDICOM(d *dicomImage) error {
	return inputError(DICOM, ErrUnsupported, nil, "pixel format is not supported: %s, %d "+
		"sample(s) per pixel, %d bits allocated, pixel representation %d (supported: "+
		"MONOCHROME1/2 at 1, 8, 16 or 32 bits; RGB at 8 or 16 bits; YBR_FULL and YBR_FULL_422 "+
		"at 8 bits)", d.photometric, d.samples, d.bitsAllocated, d.pixelRep)
}

// monochrome extracts n grey samples starting at bit offset start, keeping the low
// Bits Stored bits, sign-extended when Pixel Representation is 1.
// Limitation: High Bit is assumed to be Bits Stored − 1, as native pixel data requires.
func monochrome(raw []byte, start int64, n int, d *dicomImage) []float64 {
	v := make([]float64, n)
	mask := uint64(1)<<d.bitsStored - 1
	sign := uint64(1) << (d.bitsStored - 1)
	off := int(start / 8)
	for i := 0; i < n; i++ {
		var s uint64
		switch d.bitsAllocated {
		case 1:
			bit := start + int64(i)
			s = uint64(raw[bit/8]>>(bit%8)) & 1
		case 8:
			s = uint64(raw[off+i])
		case 16:
			s = uint64(d.bo.Uint16(raw[off+2*i:]))
		case 32:
			s = uint64(d.bo.Uint32(raw[off+4*i:]))
		}
		s &= mask
		if d.pixelRep == 1 && s&sign != 0 {
			v[i] = float64(int64(s) - int64(mask) - 1)
		} else {
			v[i] = float64(s)
		}
	}
	return v
}

// invertAndRescale turns stored grey values into image values: MONOCHROME1 is inverted over
// the stored range, then Rescale Slope and Intercept are applied when present.
func invertAndRescale(v []float64, d *dicomImage, el []*dicom.Element, info *Info) error {
	if d.photometric == "MONOCHROME1" {
		// Unsigned: v → (2^BitsStored − 1) − v; signed: v → −1 − v (the range reversed).
		top := float64(uint64(1)<<d.bitsStored - 1)
		if d.pixelRep == 1 {
			top = -1
		}
		for i := range v {
			v[i] = top - v[i]
		}
		info.Conversion += "; MONOCHROME1 inverted (v → 2^BitsStored − 1 − v)"
	}

	slope, intercept := 1.0, 0.0
	if s := floatsOf(el, tag.RescaleSlope); len(s) > 0 {
		slope = s[0]
	}
	if s := floatsOf(el, tag.RescaleIntercept); len(s) > 0 {
		intercept = s[0]
	}
	if math.IsNaN(slope) || math.IsInf(slope, 0) || slope == 0 ||
		math.IsNaN(intercept) || math.IsInf(intercept, 0) {
		return inputError(DICOM, ErrNotFinite, nil, "Rescale Slope %v / Intercept %v are not "+
			"usable numbers", slope, intercept)
	}
	if slope != 1 || intercept != 0 {
		for i := range v {
			v[i] = v[i]*slope + intercept
		}
		info.Conversion += "; Rescale Slope " + strconv.FormatFloat(slope, 'g', -1, 64) +
			" and Intercept " + strconv.FormatFloat(intercept, 'g', -1, 64) + " applied"
	}
	return nil
}

// jpegSyntaxes are the encapsulated transfer syntaxes that image/jpeg decodes.
var jpegSyntaxes = map[string]bool{
	"1.2.840.10008.1.2.4.50": true, // JPEG Baseline (Process 1), 8-bit
	"1.2.840.10008.1.2.4.51": true, // JPEG Extended (Process 2 & 4); 12-bit is refused
}

func isCompressed(ts string) bool {
	switch ts {
	case "", uid.ImplicitVRLittleEndian, uid.ExplicitVRLittleEndian, uid.ExplicitVRBigEndian:
		return false
	}
	return true
}

// decodeDICOMJPEG decodes a JPEG-compressed frame. One frame may span several fragments; with
// several frames, each fragment must be one frame (the basic offset table is not used).
func decodeDICOMJPEG(pdi dicom.PixelDataInfo, d *dicomImage, ts string, info *Info) (*pixels,
	error) {
	if !jpegSyntaxes[ts] {
		name := ts
		if e, err := uid.Lookup(ts); err == nil {
			name += " (" + e.Name + ")"
		}
		return nil, inputError(DICOM, ErrUnsupported, nil, "compressed transfer syntax %s is "+
			"not supported (only JPEG baseline/extended); export the file uncompressed", name)
	}
	var stream []byte
	switch {
	case d.frames == 1:
		for _, f := range pdi.Frames {
			stream = append(stream, f.EncapsulatedData.Data...)
		}
	case len(pdi.Frames) == d.frames:
		stream = pdi.Frames[d.frame-1].EncapsulatedData.Data
	default:
		return nil, inputError(DICOM, ErrUnsupported, nil, "%d compressed fragments for %d "+
			"frames: frames split over fragments are not supported", len(pdi.Frames), d.frames)
	}

	cfg, err := jpeg.DecodeConfig(bytes.NewReader(stream))
	if err != nil {
		return nil, dicomJPEGError(d.frame, err)
	}
	if cfg.Width != d.cols || cfg.Height != d.rows {
		return nil, corruptDICOM("JPEG frame is %d × %d but Columns × Rows say %d × %d",
			cfg.Width, cfg.Height, d.cols, d.rows)
	}
	img, err := jpeg.Decode(bytes.NewReader(stream))
	if err != nil {
		return nil, dicomJPEGError(d.frame, err)
	}
	info.BitDepth = 8
	info.Conversion = "JPEG-compressed frame decoded with image/jpeg; "

	// A DICOM that says RGB over a JPEG stream has no colour transform: the decoder's
	// "Y, Cb, Cr" planes are then R, G, B.
	if y, ok := img.(*image.YCbCr); ok && d.photometric == "RGB" &&
		y.SubsampleRatio == image.YCbCrSubsampleRatio444 {
		m := image.NewNRGBA(y.Rect)
		for yy := 0; yy < d.rows; yy++ {
			for x := 0; x < d.cols; x++ {
				i, j := yy*y.YStride+x, yy*y.CStride+x
				o := m.PixOffset(x, yy)
				m.Pix[o], m.Pix[o+1], m.Pix[o+2], m.Pix[o+3] = y.Y[i], y.Cb[j], y.Cr[j], 255
			}
		}
		img = m
		info.Conversion = "JPEG-compressed RGB frame (no colour transform) decoded with " +
			"image/jpeg; "
	}
	return &pixels{w: d.cols, h: d.rows, img: img}, nil
}

func dicomJPEGError(frame int, err error) error {
	e := decoderError(DICOM, nil, err).(*Error)
	e.Detail = "JPEG-compressed frame " + strconv.Itoa(frame) + " " + e.Detail
	return e
}

// dicomSpacing sets the pixel spacing from Pixel Spacing (0028,0030) (row spacing, then
// column spacing, in mm), else from the ultrasound region calibration: the 2-D tissue region
// (Region Spatial Format 1) of largest area whose Physical Units X and Y are centimetres
// (code 3), its Physical Delta X and Y converted to mm.
func dicomSpacing(el []*dicom.Element, info *Info) {
	if ps := floatsOf(el, tag.PixelSpacing); len(ps) == 2 {
		if positive(ps[0]) && positive(ps[1]) {
			info.Spacing = [2]float64{ps[1], ps[0]}
			info.SpacingSource = "DICOM Pixel Spacing (0028,0030)"
			return
		}
		info.warn("DICOM Pixel Spacing (0028,0030) %v is not two positive numbers; ignored", ps)
	}

	seq := findElement(el, tag.SequenceOfUltrasoundRegions)
	if seq == nil {
		return
	}
	items, _ := seq.Value.GetValue().([]*dicom.SequenceItemValue)
	best, bestArea, usable := -1, -1.0, 0
	var spacing [2]float64
	for i, item := range items {
		r, _ := item.GetValue().([]*dicom.Element)
		ux, okx := intOf(r, tag.PhysicalUnitsXDirection)
		uy, oky := intOf(r, tag.PhysicalUnitsYDirection)
		dx, dy := floatsOf(r, tag.PhysicalDeltaX), floatsOf(r, tag.PhysicalDeltaY)
		if !okx || !oky || ux != 3 || uy != 3 || len(dx) == 0 || len(dy) == 0 ||
			!positive(dx[0]) || !positive(dy[0]) {
			continue
		}
		usable++
		area := 0.0
		x0, _ := intOf(r, tag.RegionLocationMinX0)
		y0, _ := intOf(r, tag.RegionLocationMinY0)
		x1, _ := intOf(r, tag.RegionLocationMaxX1)
		y1, _ := intOf(r, tag.RegionLocationMaxY1)
		area = float64(x1-x0+1) * float64(y1-y0+1)
		if f, ok := intOf(r, tag.RegionSpatialFormat); ok && f == 1 {
			area += 1e18 // a 2-D tissue region wins over M-mode, Doppler, … regions
		}
		if area > bestArea {
			best, bestArea, spacing = i, area, [2]float64{10 * dx[0], 10 * dy[0]}
		}
	}
	if best < 0 {
		return
	}
	info.Spacing = spacing
	info.SpacingSource = "DICOM ultrasound region calibration (Physical Delta X/Y in cm, " +
		"region " + strconv.Itoa(best+1) + " of " + strconv.Itoa(len(items)) + ")"
	if usable > 1 {
		info.warn("%d calibrated ultrasound regions; the spacing of region %d (the largest 2-D "+
			"one) was used", usable, best+1)
	}
}

func positive(v float64) bool { return v > 0 && !math.IsInf(v, 0) }

// findElement returns the element with tag t among el (not inside sequences), or nil.
func findElement(el []*dicom.Element, t tag.Tag) *dicom.Element {
	for _, e := range el {
		if e != nil && e.Tag == t && e.Value != nil {
			return e
		}
	}
	return nil
}

func firstString(el []*dicom.Element, t tag.Tag) string {
	if e := findElement(el, t); e != nil {
		if s, ok := e.Value.GetValue().([]string); ok && len(s) > 0 {
			return s[0]
		}
	}
	return ""
}

// intOf reads the first value of a binary integer element or an IS string.
func intOf(el []*dicom.Element, t tag.Tag) (int, bool) {
	e := findElement(el, t)
	if e == nil {
		return 0, false
	}
	switch v := e.Value.GetValue().(type) {
	case []int:
		if len(v) > 0 {
			return v[0], true
		}
	case []string:
		if len(v) > 0 {
			n, err := strconv.Atoi(strings.TrimSpace(v[0]))
			return n, err == nil
		}
	}
	return 0, false
}

func intOr(el []*dicom.Element, t tag.Tag, def int) int {
	if v, ok := intOf(el, t); ok {
		return v
	}
	return def
}

// floatsOf reads a binary float element or a DS string (values separated by backslashes,
// which the library splits).
func floatsOf(el []*dicom.Element, t tag.Tag) []float64 {
	e := findElement(el, t)
	if e == nil {
		return nil
	}
	switch v := e.Value.GetValue().(type) {
	case []float64:
		return v
	case []string:
		out := make([]float64, 0, len(v))
		for _, s := range v {
			f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil {
				return nil
			}
			out = append(out, f)
		}
		return out
	}
	return nil
}
