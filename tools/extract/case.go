package main

import (
	"fmt"
	"strings"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/radiomics/imageio"
)

// outcome is the result of one case: the features, or the error, and the warnings met.
type outcome struct {
	result   *radiomics.Result
	lesion   *imageio.Lesion
	err      error
	warnings []string
}

// extractCase reads the image and its masks (combined as the package documentation says),
// checks that they belong together, checks the lesion (imageio.CheckLesion: an empty mask or
// an absent label is an error; several regions, coloured or pure-white lesion pixels are
// warnings) and extracts the features.
func extractCase(imagePath string, maskPaths []string, cfg *config) outcome {
	var o outcome
	img, info, err := imageio.ReadImage(imagePath, &cfg.decode)
	if err != nil {
		o.err = err
		return o
	}
	o.note("image", info)

	var mask *radiomics.Mask
	for _, mp := range maskPaths {
		m, minfo, err := imageio.ReadMask(mp, &cfg.decode)
		if err != nil {
			o.err = err
			return o
		}
		if err := imageio.MatchPair(img, info, m, minfo); err != nil {
			o.err = err
			return o
		}
		o.note("mask", minfo)
		if mask == nil {
			mask = m
			continue
		}
		for i, l := range m.Labels {
			if mask.Labels[i] == 0 {
				mask.Labels[i] = l
			}
		}
	}

	maskName := strings.Join(maskPaths, " + ")
	lesion, err := imageio.CheckLesion(mask, maskName, cfg.p.Settings.Label, img, info)
	if err != nil {
		o.err = err
		return o
	}
	for _, w := range lesion.Warnings {
		o.warnings = append(o.warnings, "lesion in "+maskName+": "+w)
	}
	o.lesion = lesion

	res, err := radiomics.Extract(img, mask, cfg.p, nil)
	if err != nil {
		o.err = fmt.Errorf("extract features of %s: %w", imagePath, err)
		return o
	}
	o.result = res
	for _, w := range res.Warnings {
		o.warnings = append(o.warnings, "features: "+w)
	}
	return o
}

func (o *outcome) note(what string, info *imageio.Info) {
	for _, w := range info.Warnings {
		o.warnings = append(o.warnings, what+" "+info.Name+": "+w)
	}
}
