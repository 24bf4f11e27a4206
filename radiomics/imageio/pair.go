package imageio

import "github.com/uran-browser/uran/radiomics"

// MatchPair checks that a mask belongs to an image: the same width and height, else an
// *Error of kind ErrSizeMismatch naming both files. A mask whose file holds no spacing (1 × 1
// assumed) takes the image's spacing, since a mask drawn on an image shares its pixels;
// two different spacings both read from files are left alone with a warning in maskInfo.
func MatchPair(img *radiomics.Image, imgInfo *Info, mask *radiomics.Mask, maskInfo *Info) error {
	if err := MatchSizes(imgInfo.Name, img.Width, img.Height, maskInfo.Name, maskInfo.Format,
		mask.Width, mask.Height); err != nil {
		return err
	}
	if mask.Spacing == img.Spacing {
		return nil
	}
	if maskInfo.SpacingSource == spacingAssumed {
		mask.Spacing = img.Spacing
		maskInfo.Spacing = img.Spacing
		maskInfo.SpacingSource = "taken from the image " + imgInfo.Name
		return nil
	}
	maskInfo.warn("mask spacing %v (%s) differs from the image's %v (%s)", mask.Spacing,
		maskInfo.SpacingSource, img.Spacing, imgInfo.SpacingSource)
	return nil
}

// MatchSizes is MatchPair's size check for callers that hold only the names and sizes (the
// page, which decodes image and mask separately): nil when the sizes agree, else the same
// *Error of kind ErrSizeMismatch, so the message reads the same everywhere.
func MatchSizes(imageName string, imageW, imageH int, maskName string, maskFormat Format,
	maskW, maskH int) error {
	if imageW == maskW && imageH == maskH {
		return nil
	}
	return &Error{Op: "match mask", Name: maskName, Format: maskFormat, Kind: ErrSizeMismatch,
		Detail: sprintf("mask is %d × %d pixels but image %s is %d × %d; a mask must have "+
			"its image's size", maskW, maskH, imageName, imageW, imageH)}
}
