package cohort

import (
	"flag"
	"fmt"

	"github.com/uran-browser/uran/radiomics/imageio"
)

// LimitFlags registers the decoders' size limits on a command's flag set as -max-pixels and
// -max-bytes, filling opt (whose messages then name these flags); call CheckLimits after
// parsing.
func LimitFlags(fs *flag.FlagSet, opt *imageio.Options) {
	opt.LimitNames = imageio.CommandLimitNames
	fs.Int64Var(&opt.MaxPixels, "max-pixels", imageio.DefaultMaxPixels, "largest image or "+
		"mask accepted, in pixels (width × height, checked against the file's header before "+
		"decoding)")
	fs.Int64Var(&opt.MaxBytes, "max-bytes", imageio.DefaultMaxBytes, "largest image or mask "+
		"file accepted, in bytes")
}

// CheckLimits checks the values LimitFlags parsed.
func CheckLimits(opt *imageio.Options) error {
	if opt.MaxPixels < 1 {
		return fmt.Errorf("-max-pixels %d: want at least 1 pixel", opt.MaxPixels)
	}
	if opt.MaxBytes < 1 {
		return fmt.Errorf("-max-bytes %d: want at least 1 byte", opt.MaxBytes)
	}
	return nil
}
