package imageio

// reorient applies an EXIF orientation (TIFF/EXIF tag 0x0112) to a row-major w × h pixel
// slice and returns the pixels as they are meant to be displayed, with the new width and
// height. Orientation values (where the stored row 0 and column 0 belong when displayed):
//
//	1 row 0 top,    col 0 left   (as stored)       5 row 0 left,   col 0 top    (transpose)
//	2 row 0 top,    col 0 right  (mirrored)        6 row 0 right,  col 0 top    (rotate 90° CW)
//	3 row 0 bottom, col 0 right  (rotated 180°)    7 row 0 right,  col 0 bottom (transverse)
//	4 row 0 bottom, col 0 left   (flipped)         8 row 0 left,   col 0 bottom (rotate 90° CCW)
//
// Any other value leaves the pixels unchanged.
func reorient[T any](pix []T, w, h, orientation int) ([]T, int, int) {
	if orientation < 2 || orientation > 8 {
		return pix, w, h
	}
	nw, nh := w, h
	if orientation >= 5 {
		nw, nh = h, w
	}
	out := make([]T, len(pix))
	for Y := 0; Y < nh; Y++ {
		for X := 0; X < nw; X++ {
			// (X, Y) is the displayed pixel, (x, y) the stored one.
			var x, y int
			switch orientation {
			case 2:
				x, y = w-1-X, Y
			case 3:
				x, y = w-1-X, h-1-Y
			case 4:
				x, y = X, h-1-Y
			case 5:
				x, y = Y, X
			case 6:
				x, y = Y, h-1-X
			case 7:
				x, y = w-1-Y, h-1-X
			case 8:
				x, y = w-1-Y, X
			}
			out[Y*nw+X] = pix[y*w+x]
		}
	}
	return out, nw, nh
}
