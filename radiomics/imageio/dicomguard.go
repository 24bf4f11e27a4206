package imageio

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/suyashkumar/dicom/pkg/tag"
	"github.com/suyashkumar/dicom/pkg/uid"
)

// The DICOM library (github.com/suyashkumar/dicom v1.0.7) allocates each element's declared
// value length before reading it, and recurses for each nested sequence. A 200-byte file that
// declares a 4 GB element, or a million nested sequences, would therefore exhaust the memory
// or the stack of a browser tab, which no recover() can catch. dicomGuard walks the element
// framing first, with the library's own rules (how the VR and the length are read, which
// values are sequences, items or encapsulated fragments), and rejects what would make the
// library allocate past the end of the data. It decodes no values.
const (
	dicomMaxDepth    = 32      // nested sequences and items
	dicomMaxElements = 500_000 // elements and fragments in the file
	// dicomMaxNumbers bounds one binary-number element (US, SS, UL, SL, FL, FD, AT), which
	// the library widens to 8 bytes per value. Real ones (LUTs included) are far smaller.
	dicomMaxNumbers = 4 << 20
)

const undefinedLength = 0xffff_ffff

// errStop ends a walk where the library would stop reading without allocating (a truncated
// tag or length at the end of the data).
var errStop = errors.New("end of data")

type dicomGuard struct {
	d        []byte
	pos      int
	bo       binary.ByteOrder
	implicit bool
	count    int
}

// guardDICOM checks a DICOM Part 10 file (preamble, "DICM", then the file meta group) and
// returns the transfer syntax UID of its data set.
func guardDICOM(data []byte) (string, error) {
	g := &dicomGuard{d: data, pos: 132, bo: binary.LittleEndian}

	// The library reads the meta group as explicit VR little endian; its first element must
	// be the group length (0002,0000), which bounds the rest of the group.
	t, vr, vl, err := g.header(len(data))
	if err != nil {
		return "", corruptDICOM("file meta information is truncated")
	}
	if t != tag.FileMetaInformationGroupLength || vr != "UL" || vl != 4 {
		return "", corruptDICOM("file meta information does not start with its group " +
			"length (0002,0000): the file is damaged, or is not a DICOM Part 10 file")
	}
	if len(data)-g.pos < 4 {
		return "", corruptDICOM("file meta information is truncated")
	}
	metaEnd := int64(g.pos) + 4 + int64(binary.LittleEndian.Uint32(data[g.pos:]))
	g.pos += 4
	if metaEnd > int64(len(data)) {
		return "", corruptDICOM("file meta group length runs past the end of the file (truncated?)")
	}

	ts := ""
	for g.pos < int(metaEnd) {
		start := g.pos
		t, err := g.element(int(metaEnd), 0)
		if err == errStop {
			return "", corruptDICOM("file meta information is truncated")
		}
		if err != nil {
			return "", err
		}
		if t == tag.TransferSyntaxUID {
			ts = trimUID(data[start+8 : g.pos])
		}
	}

	// Without a transfer syntax the library reads implicit VR little endian.
	g.implicit = true
	if ts != "" {
		switch ts {
		case uid.ImplicitVRLittleEndian:
		case uid.ExplicitVRBigEndian:
			g.bo, g.implicit = binary.BigEndian, false
		case uid.DeflatedExplicitVRLittleEndian:
			return "", inputError(DICOM, ErrUnsupported, nil,
				"transfer syntax %s (Deflated Explicit VR Little Endian) is not supported", ts)
		default:
			if _, err := uid.CanonicalTransferSyntaxUID(ts); err != nil {
				return "", inputError(DICOM, ErrUnsupported, nil,
					"transfer syntax %q is unknown", ts)
			}
			g.implicit = false
		}
	}

	for g.pos < len(data) {
		start := g.pos
		if _, err := g.element(len(data), 0); err != nil {
			if err == errStop {
				return "", corruptDICOM("is truncated: the element at byte %d is cut short", start)
			}
			return "", err
		}
	}
	return ts, nil
}

func trimUID(b []byte) string {
	for len(b) > 0 && (b[len(b)-1] == 0 || b[len(b)-1] == ' ') {
		b = b[:len(b)-1]
	}
	return string(b)
}

func corruptDICOM(format string, args ...any) error {
	return inputError(DICOM, ErrCorrupt, nil, format, args...)
}

// header reads an element's tag, VR and value length exactly as the library does.
func (g *dicomGuard) header(end int) (tag.Tag, string, uint32, error) {
	if end-g.pos < 4 {
		return tag.Tag{}, "", 0, errStop
	}
	t := tag.Tag{Group: g.bo.Uint16(g.d[g.pos:]), Element: g.bo.Uint16(g.d[g.pos+2:])}
	g.pos += 4
	g.count++
	if g.count > dicomMaxElements {
		return t, "", 0, inputError(DICOM, ErrUnsupported, nil,
			"has more than %d elements", dicomMaxElements)
	}

	implicit := g.implicit || t == tag.Item
	vr := tag.UnknownVR
	if implicit {
		if e, err := tag.Find(t); err == nil {
			vr = e.VR
		}
		if end-g.pos < 4 {
			return t, vr, 0, errStop
		}
		vl := g.bo.Uint32(g.d[g.pos:])
		g.pos += 4
		return t, vr, vl, nil
	}

	if end-g.pos < 2 {
		return t, "", 0, errStop
	}
	vr = string(g.d[g.pos : g.pos+2])
	g.pos += 2
	switch vr {
	case "NA", "OB", "OD", "OF", "OL", "OW", "SQ", "UN", "UC", "UR", "UT":
		if end-g.pos < 6 {
			return t, vr, 0, errStop
		}
		vl := g.bo.Uint32(g.d[g.pos+2:])
		g.pos += 6
		return t, vr, vl, nil
	}
	if end-g.pos < 2 {
		return t, vr, 0, errStop
	}
	vl := uint32(g.bo.Uint16(g.d[g.pos:]))
	g.pos += 2
	if vl == 0xffff {
		vl = undefinedLength
	}
	return t, vr, vl, nil
}

// element walks one element that must end by end.
func (g *dicomGuard) element(end, depth int) (tag.Tag, error) {
	t, vr, vl, err := g.header(end)
	if err != nil {
		return t, err
	}
	switch tag.GetVRKind(t, vr) {
	case tag.VRItem:
		return t, g.container(t, vl, end, depth, tag.ItemDelimitationItem)
	case tag.VRSequence:
		return t, g.container(t, vl, end, depth, tag.SequenceDelimitationItem)
	case tag.VRPixelData:
		if vl == undefinedLength {
			return t, g.fragments(end)
		}
		return t, g.skip(t, vl, end)
	case tag.VRUInt16List, tag.VRUInt32List, tag.VRInt16List, tag.VRInt32List, tag.VRTagList,
		tag.VRFloat32List, tag.VRFloat64List:
		if vl != undefinedLength && vl > dicomMaxNumbers {
			return t, inputError(DICOM, ErrUnsupported, nil, "element %v (VR %s) declares %d "+
				"bytes of numbers, over the %d this package accepts", t, vr, vl, dicomMaxNumbers)
		}
	}
	return t, g.skip(t, vl, end)
}

// skip passes over a value of vl bytes, which must be defined and fit before end.
func (g *dicomGuard) skip(t tag.Tag, vl uint32, end int) error {
	if vl == undefinedLength {
		return corruptDICOM("element %v has an undefined length but is not a sequence", t)
	}
	if int64(vl) > int64(end-g.pos) {
		return g.overrun(t, vl, end)
	}
	g.pos += int(vl)
	return nil
}

// overrun is the error for an element value of vl bytes that does not fit before end: at the
// top level the file is cut short (or the length is damaged), inside a sequence or an item
// the length disagrees with its container's.
func (g *dicomGuard) overrun(t tag.Tag, vl uint32, end int) error {
	if end == len(g.d) {
		return corruptDICOM("is truncated: element %s declares %d bytes but only %d remain "+
			"in the file", tagText(t), vl, end-g.pos)
	}
	return corruptDICOM("is corrupt: element %s declares %d bytes but only %d remain in "+
		"the sequence item holding it", tagText(t), vl, end-g.pos)
}

// tagText writes a tag as DICOM does, "(7FE0,0010)".
func tagText(t tag.Tag) string { return fmt.Sprintf("(%04X,%04X)", t.Group, t.Element) }

// container walks a sequence or an item: until its delimiter when its length is undefined,
// else over exactly vl bytes.
func (g *dicomGuard) container(t tag.Tag, vl uint32, end, depth int, delim tag.Tag) error {
	if depth >= dicomMaxDepth {
		return inputError(DICOM, ErrUnsupported, nil,
			"sequences are nested more than %d deep", dicomMaxDepth)
	}
	if vl == undefinedLength {
		for {
			sub, err := g.element(end, depth+1)
			if err != nil {
				return err
			}
			if sub == delim {
				return nil
			}
			if delim == tag.SequenceDelimitationItem && sub != tag.Item {
				return corruptDICOM("sequence %v holds %v, which is not an item", t, sub)
			}
		}
	}
	if int64(vl) > int64(end-g.pos) {
		return g.overrun(t, vl, end)
	}
	stop := g.pos + int(vl)
	for g.pos < stop {
		if _, err := g.element(stop, depth+1); err != nil {
			if err == errStop {
				return corruptDICOM("is corrupt: sequence or item %s ends in the middle of an "+
					"element it holds", tagText(t))
			}
			return err
		}
	}
	return nil
}

// fragments walks encapsulated pixel data: items of defined length up to the sequence
// delimiter, read as the library reads them (always implicit, 8-byte headers).
func (g *dicomGuard) fragments(end int) error {
	for g.pos < end {
		if end-g.pos < 8 {
			return errStop
		}
		t := tag.Tag{Group: g.bo.Uint16(g.d[g.pos:]), Element: g.bo.Uint16(g.d[g.pos+2:])}
		vl := g.bo.Uint32(g.d[g.pos+4:])
		g.pos += 8
		if g.count++; g.count > dicomMaxElements {
			return inputError(DICOM, ErrUnsupported, nil,
				"has more than %d elements", dicomMaxElements)
		}
		switch {
		case t == tag.SequenceDelimitationItem:
			return nil
		case t != tag.Item || vl == undefinedLength:
			continue // the library skips such a header and reads on
		case int64(vl) > int64(end-g.pos):
			if end == len(g.d) {
				return corruptDICOM("is truncated: a pixel data fragment declares %d bytes "+
					"but only %d remain in the file", vl, end-g.pos)
			}
			return corruptDICOM("is corrupt: a pixel data fragment declares %d bytes but "+
				"only %d remain in the sequence item holding it", vl, end-g.pos)
		}
		g.pos += int(vl)
	}
	return nil
}
