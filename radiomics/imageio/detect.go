package imageio

import (
	"bytes"
	"fmt"
	"path"
	"strings"
)

// supported lists the formats in user messages.
const supported = "PNG, JPEG, BMP, TIFF, NPY, DICOM"

// detect recognises the format from the first bytes of data. For a known but unsupported
// format it returns "" and a helpful error; for unknown content, ErrUnknownFormat.
func detect(data []byte) (Format, *Error) {
	has := func(off int, magic string) bool {
		return len(data) >= off+len(magic) && string(data[off:off+len(magic)]) == magic
	}
	switch {
	case has(0, "\x89PNG\r\n\x1a\n"):
		return PNG, nil
	case has(0, "\xff\xd8\xff"):
		return JPEG, nil
	case has(0, "BM"):
		return BMP, nil
	case has(0, "II*\x00"), has(0, "MM\x00*"):
		return TIFF, nil
	case has(0, "\x93NUMPY"):
		return NPY, nil
	case has(128, "DICM"):
		return DICOM, nil
	}

	var other string
	switch {
	case has(0, "GIF87a"), has(0, "GIF89a"):
		other = "GIF"
	case has(0, "RIFF") && has(8, "WEBP"):
		other = "WebP"
	case has(4, "ftypheic"), has(4, "ftypheix"), has(4, "ftypmif1"), has(4, "ftypavif"):
		other = "HEIF/AVIF"
	case has(0, "\x00\x00\x00\x0cjP  "), has(0, "\xff\x4f\xff\x51"):
		other = "JPEG 2000"
	case has(0, "II+\x00"), has(0, "MM\x00+"):
		other = "BigTIFF"
	case has(344, "n+1\x00"), has(344, "ni1\x00"), has(344, "n+2\x00"):
		other = "NIfTI"
	case has(0, "NRRD"):
		other = "NRRD"
	case has(0, "\x1f\x8b"):
		other = "gzip-compressed"
	case has(0, "PK\x03\x04"):
		other = "ZIP (an .npz archive?)"
	case bytes.Contains(data[:min(len(data), 256)], []byte("ObjectType")):
		other = "MetaImage (.mha/.mhd)"
	case looksLikeHeaderlessDICOM(data):
		return "", inputError("", ErrUnsupported, nil,
			"looks like DICOM without the 128-byte preamble and \"DICM\" prefix "+
				"(a raw data set); re-save it as a DICOM Part 10 file")
	}
	if other != "" {
		return "", inputError("", ErrUnsupported, nil,
			"is a %s file, which is not supported (supported: %s)", other, supported)
	}
	return "", inputError("", ErrUnknownFormat, nil,
		"content is not a supported format (first bytes % x; supported: %s)",
		data[:min(len(data), 8)], supported)
}

// looksLikeHeaderlessDICOM recognises a data set that starts directly with an element of
// group 0x0008 in little-endian order, as some old exporters write.
func looksLikeHeaderlessDICOM(data []byte) bool {
	return len(data) >= 8 && data[0] == 0x08 && data[1] == 0x00 && data[3] == 0x00
}

// nameMismatch returns a warning when the file name's extension suggests another format than
// the content, or "" when they agree or the name says nothing.
func nameMismatch(name string, f Format) string {
	ext := strings.ToLower(path.Ext(strings.ReplaceAll(name, "\\", "/")))
	want := map[string]Format{
		".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".jpe": JPEG, ".bmp": BMP, ".tif": TIFF,
		".tiff": TIFF, ".npy": NPY, ".dcm": DICOM, ".dicom": DICOM,
	}[ext]
	if want == "" || want == f {
		return ""
	}
	return fmt.Sprintf("the name ends in %s but the content is %s; decoded as %s", ext, f, f)
}
