// Command predict scores lesions with a URAN weights file, by the same code path the browser
// uses (weights.Model.Predict: radiomics extraction with the model's own parameters, then the
// network).
//
// One case:
//
//	predict [-weights W] -image I -mask M [-label N] [-frame N] [-max-pixels N] [-max-bytes N]
//
// prints one JSON object: the class probabilities (class → probability, in the model's class
// order), the predicted class, the decision rule (positive class and threshold, binary
// models), the MAAE gates by feature name, the lesion (label, pixels, the pixel count of each
// separate region, image edges touched, coloured and pure-white pixels) and any warnings.
// Before scoring, the lesion is checked as in tools/extract and the browser
// (imageio.CheckLesion): an empty mask or an absent label is the case's error. Several mask
// files may be given separated by ';'; they are combined into one region (each pixel takes
// the first non-zero mask's label, so the region is their union).
//
// A batch:
//
//	predict [-weights W] -manifest cases.csv [-format json|csv]
//
// scores every row of a manifest (columns "image" and "mask", optional "id"; paths relative to
// the manifest) and prints a JSON array (one object per case, in manifest order) or CSV (one
// row per case: id, predicted class, one probability column per class, the lesion's pixels and
// regions, error). A case that
// fails gets its error and the others go on; the exit status is then 1.
//
// Without -weights the embedded default model is used.
//
// -frame chooses the frame (from 1) of a multi-frame DICOM image, and the same frame of a
// multi-frame mask; a single-frame mask is used as it is (as in tools/extract). In a manifest
// it applies to every case. -max-pixels and -max-bytes set the decoders' size limits
// (imageio.Options.MaxPixels and MaxBytes; defaults 40000000 pixels and 256 MiB), as in
// tools/extract.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/uran-browser/uran/radiomics/imageio"
	"github.com/uran-browser/uran/tools/internal/cohort"
	"github.com/uran-browser/uran/weights"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command and returns its exit status: 0 success, 1 some case failed, 2 usage
// or model error.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("predict", flag.ContinueOnError)
	fs.SetOutput(stderr)
	wpath := fs.String("weights", "", "weights file (default: the embedded default model)")
	image := fs.String("image", "", "image file of one case")
	mask := fs.String("mask", "", "mask file(s) of that case, ';'-separated")
	manifest := fs.String("manifest", "", "manifest CSV of cases (columns image, mask, id)")
	imageCol := fs.String("image-column", "image", "manifest column with the image path")
	maskCol := fs.String("mask-column", "mask", "manifest column with the mask path(s)")
	idCol := fs.String("id-column", "",
		"manifest column with the case id (default: \"id\" if present, else the image path)")
	format := fs.String("format", "json", "output format: json or csv")
	label := fs.Int64("label", -1, "mask label of the lesion; 0 = every non-zero pixel"+
		"; -1 = the model's label setting")
	var decode imageio.Options
	fs.IntVar(&decode.Frame, "frame", 0, "frame of a multi-frame DICOM, from 1")
	cohort.LimitFlags(fs, &decode)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "predict:", err)
		return 2
	}
	if fs.NArg() > 0 {
		return fail(fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	if *format != "json" && *format != "csv" {
		return fail(fmt.Errorf("-format %q: want json or csv", *format))
	}
	if *label < -1 || *label > 1<<32-1 {
		return fail(fmt.Errorf("-label %d: want 0 to 4294967295", *label))
	}
	if decode.Frame < 0 {
		return fail(fmt.Errorf("-frame %d: frames count from 1", decode.Frame))
	}
	if err := cohort.CheckLimits(&decode); err != nil {
		return fail(err)
	}
	m, err := loadModel(*wpath)
	if err != nil {
		return fail(err)
	}
	var cases []cohort.Case
	switch {
	case *manifest != "" && (*image != "" || *mask != ""):
		return fail(fmt.Errorf("give -manifest or -image/-mask, not both"))
	case *manifest != "":
		cases, err = cohort.ReadManifest(*manifest, *imageCol, *maskCol,
			cohort.Columns{ID: *idCol}, false)
		if err != nil {
			return fail(err)
		}
	case *image != "" && *mask != "":
		cases = []cohort.Case{{Row: 1, ID: *image, Image: *image,
			Masks: cohort.SplitMasks(*mask)}}
	default:
		return fail(fmt.Errorf("give -image and -mask, or -manifest"))
	}

	results := make([]result, len(cases))
	status := 0
	for i := range cases {
		results[i] = predictCase(m, &cases[i], *label, &decode)
		if results[i].Error != "" {
			status = 1
			fmt.Fprintf(stderr, "predict: %s: %s\n", cases[i].ID, results[i].Error)
		}
	}
	if err := write(stdout, m, results, *format, *manifest != ""); err != nil {
		return fail(err)
	}
	return status
}

// loadModel reads and checks a weights file, or returns the embedded default model.
func loadModel(path string) (*weights.Model, error) {
	if path == "" {
		return weights.Default()
	}
	return weights.ReadFile(path, true)
}

// predictCase decodes a case with opt, checks its lesion and scores it with
// weights.Model.Predict.
// label < 0 uses the model's label setting; otherwise the pixels it selects (0: every non-zero
// pixel) are measured whatever label the model's settings name, as in the browser.
func predictCase(m *weights.Model, c *cohort.Case, label int64, opt *imageio.Options) result {
	r := result{ID: c.ID, Image: c.Image, Masks: c.Masks}
	in, err := cohort.ReadInput(c, opt)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	p, err := m.Params()
	if err != nil {
		r.Error = err.Error()
		return r
	}
	sel := p.Settings.Label
	if label >= 0 {
		sel = uint32(label)
	}
	lesion, err := in.CheckLesion(sel)
	r.Warnings = in.Warnings
	if err != nil {
		r.Error = err.Error()
		return r
	}
	r.Lesion = lesion
	mask := in.Mask
	if label >= 0 {
		mask = imageio.SelectLesion(in.Mask, sel, p.Settings.Label)
	}
	pr, res, err := m.Predict(in.Image, mask, nil)
	if res != nil {
		for _, w := range res.Warnings {
			r.Warnings = append(r.Warnings, "features: "+w)
		}
	}
	if err != nil {
		r.Error = err.Error()
		return r
	}
	r.Prediction = pr
	return r
}
