package imageio

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"codeberg.org/sbinet/npyio/npy"
)

// npyTypes maps the dtype codes this package reads (without the byte-order character) to
// their item size in bytes and a readable name.
var npyTypes = map[string]struct {
	size int
	name string
}{
	"b1": {1, "bool"}, "i1": {1, "int8"}, "u1": {1, "uint8"},
	"i2": {2, "int16"}, "u2": {2, "uint16"}, "i4": {4, "int32"}, "u4": {4, "uint32"},
	"i8": {8, "int64"}, "u8": {8, "uint64"}, "f4": {4, "float32"}, "f8": {8, "float64"},
}

// decodeNPY reads a 2-D NumPy array. The header is checked here before npyio reads it, so
// that a header or array size that does not fit in the file never reaches an allocation.
func decodeNPY(data []byte, opt *Options, info *Info) (*pixels, error) {
	// Layout: "\x93NUMPY", major, minor, header length (2 bytes for version 1, 4 for 2),
	// the header text, then the array bytes.
	if len(data) < 10 {
		return nil, inputError(NPY, ErrCorrupt, nil, "is truncated inside its preamble")
	}
	major := data[6]
	off, hlen := 10, int64(binary.LittleEndian.Uint16(data[8:]))
	switch major {
	case 1:
	case 2:
		if len(data) < 12 {
			return nil, inputError(NPY, ErrCorrupt, nil, "is truncated inside its preamble")
		}
		off, hlen = 12, int64(binary.LittleEndian.Uint32(data[8:]))
	default:
		return nil, inputError(NPY, ErrUnsupported, nil,
			"format version %d is not supported (versions 1 and 2 are)", major)
	}
	if hlen > int64(len(data)-off) {
		return nil, inputError(NPY, ErrCorrupt, nil,
			"is truncated: its header declares %d bytes but the file has %d after the "+
				"preamble", hlen, len(data)-off)
	}

	// npyio slices the header between these keys in this order (the order numpy writes),
	// and panics when they are missing, so check them first.
	hdr := data[off : off+int(hlen)]
	iDescr := bytes.Index(hdr, []byte("'descr': "))
	iOrder := bytes.Index(hdr, []byte("'fortran_order': "))
	iShape := bytes.Index(hdr, []byte("'shape': "))
	iEnd := bytes.LastIndexByte(hdr, '}')
	if iDescr < 0 || iOrder < iDescr || iShape < iOrder || iEnd < iShape ||
		bytes.LastIndexByte(hdr, '\n') < iEnd {
		return nil, inputError(NPY, ErrCorrupt, nil, "header is not a NumPy header dictionary "+
			"{'descr': …, 'fortran_order': …, 'shape': (…), } ending in a newline")
	}

	br := bytes.NewReader(data)
	r, err := npy.NewReader(br)
	if err != nil {
		return nil, inputError(NPY, ErrCorrupt, err, "header cannot be read")
	}
	d := r.Header.Descr
	dtype := strings.Trim(d.Type, `'" `) // npyio keeps the header's quotes
	code := strings.TrimLeft(dtype, "<>|=")
	typ, ok := npyTypes[code]
	if !ok || len(dtype)-len(code) > 1 {
		return nil, inputError(NPY, ErrUnsupported, nil, "dtype %q is not supported (supported: "+
			"bool, int8–int64, uint8–uint64, float32, float64)", dtype)
	}
	if len(d.Shape) != 2 {
		return nil, inputError(NPY, ErrUnsupported, nil, "array has shape %s%s; only 2-D "+
			"arrays (rows, columns) are supported: squeeze or select one slice, and convert "+
			"colour to grey", shapeText(d.Shape), shapeHint(d.Shape))
	}
	rows, cols := int64(d.Shape[0]), int64(d.Shape[1])
	if err := checkPixels(NPY, cols, rows, opt); err != nil {
		return nil, err
	}
	n := rows * cols
	if need := n * int64(typ.size); need > int64(br.Len()) {
		return nil, inputError(NPY, ErrCorrupt, nil, "is truncated: a %d × %d %s array needs "+
			"%d bytes of data, the file has %d", rows, cols, typ.name, need, br.Len())
	}

	v, big, err := readNPYValues(r, code, int(n))
	if err != nil {
		return nil, inputError(NPY, ErrCorrupt, err, "array data cannot be read")
	}
	if d.Fortran { // column-major: transpose to row-major
		t := make([]float64, n)
		for c := int64(0); c < cols; c++ {
			for rr := int64(0); rr < rows; rr++ {
				t[rr*cols+c] = v[c*rows+rr]
			}
		}
		v = t
	}
	if big >= 0 {
		return nil, inputError(NPY, ErrUnsupported, nil, "element %d (in file order) is a 64-bit "+
			"integer beyond ±2^53, which float64 cannot hold exactly", big)
	}

	info.ColorModel, info.BitDepth = typ.name, 8*typ.size
	info.Conversion = "array values as stored"
	if d.Fortran {
		info.Conversion += " (Fortran order transposed to row-major)"
	}
	return &pixels{w: int(cols), h: int(rows), plane: v}, nil
}

// readNPYValues reads n values of the given dtype code with npyio and widens them to float64.
// big is the index of the first 64-bit integer beyond ±2^53 (not exact in float64), or -1.
func readNPYValues(r *npy.Reader, code string, n int) (v []float64, big int, err error) {
	v = make([]float64, n)
	big = -1
	const exact = 1 << 53
	switch code {
	case "b1":
		s := make([]bool, n)
		err = r.Read(&s)
		for i, x := range s {
			if x {
				v[i] = 1
			}
		}
	case "i1":
		err = widen(r, n, v, func(x int8) float64 { return float64(x) })
	case "u1":
		err = widen(r, n, v, func(x uint8) float64 { return float64(x) })
	case "i2":
		err = widen(r, n, v, func(x int16) float64 { return float64(x) })
	case "u2":
		err = widen(r, n, v, func(x uint16) float64 { return float64(x) })
	case "i4":
		err = widen(r, n, v, func(x int32) float64 { return float64(x) })
	case "u4":
		err = widen(r, n, v, func(x uint32) float64 { return float64(x) })
	case "i8":
		err = widen(r, n, v, func(x int64) float64 {
			if (x > exact || x < -exact) && big < 0 {
				big = 0 // position found below
			}
			return float64(x)
		})
	case "u8":
		err = widen(r, n, v, func(x uint64) float64 {
			if x > exact && big < 0 {
				big = 0
			}
			return float64(x)
		})
	case "f4":
		err = widen(r, n, v, func(x float32) float64 { return float64(x) })
	case "f8":
		err = widen(r, n, v, func(x float64) float64 { return x })
	default:
		err = fmt.Errorf("dtype %s", code)
	}
	if big == 0 {
		big = firstBeyond(v, exact)
	}
	return v, big, err
}

// widen reads n values of type T and converts each into v.
func widen[T any](r *npy.Reader, n int, v []float64, conv func(T) float64) error {
	s := make([]T, n)
	if err := r.Read(&s); err != nil {
		return err
	}
	for i, x := range s {
		v[i] = conv(x)
	}
	return nil
}

// firstBeyond returns the index of the first value whose magnitude exceeds limit.
func firstBeyond(v []float64, limit float64) int {
	for i, x := range v {
		if math.Abs(x) > limit {
			return i
		}
	}
	return -1
}

// shapeHint says what a shape that is not 2-D probably holds.
func shapeHint(s []int) string {
	switch {
	case len(s) == 3 && (s[0] == 1 || s[2] == 1):
		return ", a 2-D image stored as 3-D (an axis of length 1): save arr.squeeze()"
	case len(s) == 3 && (s[2] == 3 || s[2] == 4):
		return ", a colour image (RGB or RGBA channels last)"
	case len(s) == 3:
		return fmt.Sprintf(", a 3-D volume or a stack of %d images: save one slice, "+
			"arr[k]", s[0])
	}
	return ""
}

func shapeText(s []int) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	if len(s) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
