package imageio

import (
	"encoding/binary"
	"fmt"
)

// jpegOrientation returns the EXIF orientation (1–8) of a JPEG file, or 0 when it has none,
// with a warning for an EXIF block that cannot be read.
//
// Only this one tag is needed, so it is read here rather than with an EXIF library: the one
// served by the Go proxy (github.com/dsoprea/go-exif/v3 v3.0.1) adds about 4.4 MB (1.0 MB
// gzipped) to the browser's WebAssembly build. The layout read is:
//
//	JPEG: FF D8, then segments FF xx + 2-byte big-endian length (which counts itself),
//	      until the scan (FF DA); the EXIF segment is APP1 (FF E1) starting "Exif\0\0".
//	TIFF header: "II" (little-endian) or "MM" (big-endian), the number 42, the 4-byte offset
//	      of IFD0 from the header's start.
//	IFD0: a 2-byte entry count, then 12-byte entries: tag (2), type (2), count (4), value (4).
//	      Orientation is tag 0x0112, type SHORT (3), count 1, its value in the first 2 bytes.
func jpegOrientation(data []byte) (int, string) {
	pos := 2 // after SOI
	for pos+4 <= len(data) {
		if data[pos] != 0xff {
			return 0, ""
		}
		marker := data[pos+1]
		if marker == 0xff { // fill byte
			pos++
			continue
		}
		if marker == 0xda || marker == 0xd9 { // start of scan or end of image
			return 0, ""
		}
		n := int(binary.BigEndian.Uint16(data[pos+2:]))
		if n < 2 || pos+2+n > len(data) {
			return 0, ""
		}
		seg := data[pos+4 : pos+2+n]
		if marker == 0xe1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		pos += 2 + n
	}
	return 0, ""
}

// tiffOrientation reads tag 0x0112 from IFD0 of an EXIF TIFF block.
func tiffOrientation(t []byte) (int, string) {
	bad := func(why string) (int, string) {
		return 0, "EXIF block ignored (" + why + "); no orientation applied"
	}
	if len(t) < 8 {
		return bad("too short")
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return bad("unknown byte order")
	}
	if bo.Uint16(t[2:]) != 42 {
		return bad("bad TIFF header")
	}
	ifd := int64(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > int64(len(t)) {
		return bad("IFD0 outside the block")
	}
	n := int64(bo.Uint16(t[ifd:]))
	for i := int64(0); i < n; i++ {
		e := ifd + 2 + 12*i
		if e+12 > int64(len(t)) {
			return bad("IFD0 truncated")
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		if typ, count := bo.Uint16(t[e+2:]), bo.Uint32(t[e+4:]); typ != 3 || count != 1 {
			return bad(fmt.Sprintf("orientation tag has type %d and count %d", typ, count))
		}
		o := int(bo.Uint16(t[e+8:]))
		if o < 1 || o > 8 {
			return bad(fmt.Sprintf("orientation value %d is not 1–8", o))
		}
		return o, ""
	}
	return 0, ""
}
