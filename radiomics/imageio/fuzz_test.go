package imageio

import (
	"errors"
	"testing"
)

// fuzzOptions keep each fuzz input small: at most 1 megapixel and 1 MiB.
var fuzzOptions = &Options{MaxPixels: 1 << 20, MaxBytes: 1 << 20, Frame: 1}

// fuzzAllocLimit bounds what one decode may allocate under fuzzOptions: the largest result
// (8 bytes per pixel), the decoder's buffers (up to 8 bytes per pixel, twice for
// reorientation) and the DICOM library's copy of its input, with room to spare.
const fuzzAllocLimit = 96 << 20

// checkDecodeResult asserts the decoder contract: an error is an *Error (never a bug type),
// or the result is consistent.
func checkDecodeResult(t *testing.T, w, h, n int, info *Info, err error) {
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error %q (%T) is not an *imageio.Error", err, err)
		}
		return
	}
	if w <= 0 || h <= 0 || w*h != n || info == nil || info.Width != w || info.Height != h {
		t.Fatalf("inconsistent result %d×%d with %d values, info %+v", w, h, n, info)
	}
}

// FuzzDecodeImage runs every decoder path on arbitrary bytes (the format is chosen by the
// content). The seed corpus in testdata/fuzz/FuzzDecodeImage holds one small valid file of
// each format and variant, written by internal/mkfixtures.
func FuzzDecodeImage(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var err error
		var w, h, n int
		var info *Info
		alloc := allocated(func() {
			img, in, e := DecodeImage(data, "fuzz", fuzzOptions)
			if e == nil {
				w, h, n = img.Width, img.Height, len(img.Pix)
			}
			info, err = in, e
		})
		checkDecodeResult(t, w, h, n, info, err)
		if alloc > fuzzAllocLimit {
			t.Fatalf("allocated %d bytes for a %d-byte input", alloc, len(data))
		}
	})
}

// checkFuzzLesion runs CheckLesion on a decoded mask, with label 0 and with its first label:
// an empty mask is an ErrNoLesion error, otherwise the regions partition the lesion pixels.
func checkFuzzLesion(t *testing.T, data []byte, info *Info) {
	m, _, err := DecodeMask(data, "fuzz", fuzzOptions)
	if err != nil {
		t.Fatalf("second decode failed: %v", err)
	}
	labels := []uint32{0}
	if len(info.Labels) > 0 {
		labels = append(labels, info.Labels[0].Value)
	}
	for _, label := range labels {
		l, err := CheckLesion(m, "fuzz", label, nil, nil)
		if len(info.Labels) == 0 {
			if !errors.Is(err, ErrNoLesion) {
				t.Fatalf("empty mask: error %v", err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("label %d: %v", label, err)
		}
		sum := 0
		for _, r := range l.Regions {
			sum += r
		}
		if sum != l.Pixels || l.Pixels == 0 {
			t.Fatalf("label %d: regions %v for %d pixels", label, l.Regions, l.Pixels)
		}
	}
}

// FuzzDecodeMask is FuzzDecodeImage for masks (labels, colour maps, components, and the
// lesion check of CheckLesion).
func FuzzDecodeMask(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var err error
		var w, h, n int
		var info *Info
		alloc := allocated(func() {
			m, in, e := DecodeMask(data, "fuzz", fuzzOptions)
			if e == nil {
				w, h, n = m.Width, m.Height, len(m.Labels)
			}
			info, err = in, e
		})
		checkDecodeResult(t, w, h, n, info, err)
		if err == nil {
			total := 0
			for _, l := range info.Labels {
				total += l.Pixels
				if l.Components < 1 || l.Components > l.Pixels {
					t.Fatalf("label %+v", l)
				}
			}
			if total > n {
				t.Fatalf("labels count %d pixels of %d", total, n)
			}
			checkFuzzLesion(t, data, info)
		}
		if alloc > fuzzAllocLimit {
			t.Fatalf("allocated %d bytes for a %d-byte input", alloc, len(data))
		}
	})
}
