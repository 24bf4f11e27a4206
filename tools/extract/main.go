// Command extract computes PyRadiomics-compatible radiomics features of a lesion from an image
// and its mask, for one case or for a batch described by a manifest.
//
// One case:
//
//	extract -image I -mask M [-params P.yaml] [-label N] [-spacing x,y] [-frame N]
//	        [-format json|csv]
//
// prints the features as one JSON object (feature name → value, in PyRadiomics' order; an
// undefined feature is null) or as CSV (a header row and a value row: image, mask, features;
// an undefined feature is "nan", as PyRadiomics writes it).
//
// A batch:
//
//	extract -manifest cases.csv [-out features.csv] [-errors problems.csv] [-workers N] …
//
// The manifest is a CSV file with a header row. Columns "image" and "mask" are required;
// "id", "label" (the case's class, not a mask value), "group" and any other column are
// carried through to the output in the manifest's order. Column names are matched without
// regard to case. Paths are relative to the manifest's folder. A mask cell may list several
// mask files separated by ';': they are combined pixel by pixel into one mask, each pixel
// taking the value of the first listed mask that is non-zero there, so that with the default
// label 0 the ROI is the union of the masks (how BUSI's multi-lesion images are usually
// read). The output has one row per extracted case: the carried columns, then one column per
// feature with PyRadiomics' names. Cases that fail are left out of it and listed, with the
// reason, in the problems file (default: the output's name with ".problems.csv", or
// "extract.problems.csv"), which also lists warnings (coloured pixels converted to grey,
// undefined features, …). A summary line goes to standard error, with a progress bar when
// standard error is a terminal. The exit status is 0 when every case was extracted, 1 when
// some failed, 2 for a usage error.
//
// Pixel spacing comes from the image file (DICOM) unless -spacing is given; a mask without
// spacing of its own takes its image's. -frame chooses the frame of a multi-frame DICOM image
// (and of a multi-frame mask); a single-frame mask is used as it is.
//
// -max-pixels (default 40000000, imageio.DefaultMaxPixels) refuses an image or mask whose
// header declares more pixels (width × height), before decoding it; -max-bytes (default
// 268435456, 256 MiB, imageio.DefaultMaxBytes) refuses a longer file before reading it. The
// messages name the flag to raise.
//
// Before extraction the lesion is checked (imageio.CheckLesion): an empty mask, or a -label
// the mask does not hold, is an error that lists the labels present; several separate
// regions, several labels merged by label 0, a lesion touching the image's edge, coloured
// (colour Doppler, annotations) and pure-white (clipped, burnt-in text or calipers) lesion
// pixels are warnings, printed as "warning: lesion in MASK: …" (one case) or listed in the
// problems file (a batch). Problems with the inputs exit with status 1, a bad parameter file
// or command line with status 2.
package main

import (
	"io"
	"log"
	"os"
)

func main() {
	// The DICOM library logs parse problems with the standard logger; the command reports
	// every problem itself, naming the file, so those lines would only interleave with the
	// progress bar.
	log.SetOutput(io.Discard)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
