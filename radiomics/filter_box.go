package radiomics

import "fmt"

// boxFilter computes an image type's derived images inside a rectangle b of src.img only:
// every returned image has b's size and holds, pixel for pixel, the value the whole-image
// filter gives at the same place. Filters still see the whole image (its borders, its maximum,
// its periodic extension), so results equal PyRadiomics' "filter the full image, then crop".
// The pixels must be finite (the pipeline checks its input once; the whole-image versions in
// filters check it themselves).
type boxFilter func(src *source, s *Settings, b bbox) ([]Derived, error)

// source is the image the filters derive from, with what several filters need of the whole
// image, computed once per extraction rather than once per filter.
type source struct {
	img    *Image
	maxAbs float64    // M = max |x| over every pixel (the intensity filters' scale)
	pool   *floatPool // where filters take their buffers (nil: allocate), per worker
}

// newSource computes the whole-image statistics of img, whose pixels must be finite.
func newSource(img *Image) *source {
	return &source{img: img, maxAbs: maxAbs(img.Pix)}
}

// filterBoxes holds the box version of every filter, keyed like filters. The pipeline can call
// it with the ROI's bounding box so that time and memory follow the box rather than the image
// (the LoG filter still runs its recursions along whole rows and columns).
var filterBoxes = map[string]boxFilter{}

// register installs a filter under its PyRadiomics name: the box version, and the whole-image
// version built from it; check (may be nil) validates the settings the filter reads.
func register(name string, f boxFilter, names func(*Settings) []string,
	check func(*Settings) error) {
	filterBoxes[name] = f
	filters[name] = filter{
		check: check,
		derive: func(img *Image, s *Settings) ([]Derived, error) {
			if err := checkFilterInput(img); err != nil {
				return nil, fmt.Errorf("%s filter: %w", name, err)
			}
			if err := checkFinite(img); err != nil {
				return nil, fmt.Errorf("%s filter: %w", name, err)
			}
			return f(newSource(img), s, bbox{0, 0, img.Width, img.Height})
		},
		names: names,
	}
}

// checkBox validates the image geometry and the box for a box filter named name.
func checkBox(name string, img *Image, b bbox) error {
	if err := checkFilterInput(img); err != nil {
		return fmt.Errorf("%s filter: %w", name, err)
	}
	if b.x0 < 0 || b.y0 < 0 || b.x1 > img.Width || b.y1 > img.Height || b.w() <= 0 ||
		b.h() <= 0 {
		return fmt.Errorf("%s filter: box x %d…%d, y %d…%d is empty or outside the %d×%d "+
			"image", name, b.x0, b.x1-1, b.y0, b.y1-1, img.Width, img.Height)
	}
	return nil
}

// newBoxImage returns an image of the box's size with the source image's spacing, its pixels
// taken from the source's pool: their values are undefined until the filter writes them all.
func newBoxImage(src *source, b bbox) *Image {
	return &Image{Width: b.w(), Height: b.h(), Pix: src.pool.get(b.w() * b.h()),
		Spacing: src.img.Spacing}
}
