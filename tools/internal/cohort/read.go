package cohort

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/radiomics/imageio"
)

// Input is a decoded case: the image, the combined mask, the SHA-256 of the image file and of
// the whole input (image and masks), and the decoders' warnings.
type Input struct {
	Image     *radiomics.Image
	Mask      *radiomics.Mask
	ImageInfo *imageio.Info
	MaskName  string // the mask files joined by " + "
	ImageHash string
	InputHash string
	Warnings  []string
}

// CheckLesion checks the lesion that label selects in the case's mask (imageio.CheckLesion,
// with the image for the coloured and pure-white checks) and adds its warnings to
// in.Warnings as "lesion in MASK: …".
func (in *Input) CheckLesion(label uint32) (*imageio.Lesion, error) {
	l, err := imageio.CheckLesion(in.Mask, in.MaskName, label, in.Image, in.ImageInfo)
	if err != nil {
		return nil, err
	}
	for _, w := range l.Warnings {
		in.Warnings = append(in.Warnings, "lesion in "+in.MaskName+": "+w)
	}
	return l, nil
}

// files holds a case's file contents and their hashes.
type files struct {
	image     []byte
	masks     [][]byte
	imageHash string
	inputHash string
}

// readFiles reads a case's image and mask files and hashes them: imageHash is the SHA-256 of
// the image file, inputHash the SHA-256 of the image's and every mask's SHA-256 in order.
func readFiles(c *Case, opt *imageio.Options) (*files, error) {
	f := &files{}
	var err error
	// A file over the byte limit is refused before it is read.
	if st, err := os.Stat(c.Image); err == nil {
		if err := imageio.CheckFileSize("image", c.Image, st.Size(), opt); err != nil {
			return nil, err
		}
	}
	for _, path := range c.Masks {
		if st, err := os.Stat(path); err == nil {
			if err := imageio.CheckFileSize("mask", path, st.Size(), opt); err != nil {
				return nil, err
			}
		}
	}
	if f.image, err = os.ReadFile(c.Image); err != nil {
		return nil, fmt.Errorf("read image: %w", err)
	}
	ih := sha256.Sum256(f.image)
	f.imageHash = hex.EncodeToString(ih[:])
	all := sha256.New()
	all.Write(ih[:])
	for _, path := range c.Masks {
		md, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read mask: %w", err)
		}
		mh := sha256.Sum256(md)
		all.Write(mh[:])
		f.masks = append(f.masks, md)
	}
	f.inputHash = hex.EncodeToString(all.Sum(nil))
	return f, nil
}

// ReadInput reads and decodes a case's image and masks with imageio. Several masks are
// combined pixel by pixel, each pixel taking the label of the first mask that is non-zero
// there, so that with label 0 (every non-zero pixel) the region of interest is the union of the
// masks — the usual reading of BUSI's images with more than one lesion file.
func ReadInput(c *Case, opt *imageio.Options) (*Input, error) {
	f, err := readFiles(c, opt)
	if err != nil {
		return nil, err
	}
	return decode(c, f, opt)
}

func decode(c *Case, f *files, opt *imageio.Options) (*Input, error) {
	img, info, err := imageio.DecodeImage(f.image, c.Image, opt)
	if err != nil {
		return nil, err
	}
	in := &Input{Image: img, ImageInfo: info, MaskName: strings.Join(c.Masks, " + "),
		ImageHash: f.imageHash, InputHash: f.inputHash}
	note(&in.Warnings, "image", info)
	for k, md := range f.masks {
		m, minfo, err := imageio.DecodeMask(md, c.Masks[k], opt)
		if err != nil {
			return nil, err
		}
		if err := imageio.MatchPair(img, info, m, minfo); err != nil {
			return nil, err
		}
		note(&in.Warnings, "mask", minfo)
		if in.Mask == nil {
			in.Mask = m
			continue
		}
		for i, l := range m.Labels {
			if in.Mask.Labels[i] == 0 {
				in.Mask.Labels[i] = l
			}
		}
	}
	return in, nil
}

func note(w *[]string, what string, info *imageio.Info) {
	for _, s := range info.Warnings {
		*w = append(*w, what+" "+info.Name+": "+s)
	}
}
