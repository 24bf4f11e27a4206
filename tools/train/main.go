// Command train trains a URAN model on a labelled cohort and reports how good it is.
//
// Input is either a manifest of images and masks, whose radiomics features are extracted with
// the extraction parameters given (and cached), or a ready-made feature table. The tool runs
// data checks, a repeated stratified group K-fold cross-validation of URAN and its comparisons
// (URAN without HKFS, URAN without MAAE, L1 logistic regression, a plain MLP) on the same folds,
// writes a report (JSON, HTML and Markdown), and trains the final model on every row into a
// weights file the browser loads.
//
// With -manifest, -max-pixels (default 40000000) and -max-bytes (default 256 MiB) set the
// decoders' size limits, as in tools/extract; a case over them is reported with the flag to
// raise.
//
// Examples:
//
//	go run ./tools/train -manifest cases.csv -label cls -group patient \
//	    -params weights/default_params.yaml -weights model.uranw.json -report out/report
//	go run ./tools/train -features All.csv -labels namelist.csv -id namelist -label labels \
//	    -group-pattern '^([^_]+)_' -report out/bus_uclm
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/uran-browser/uran/radiomics/imageio"
	"github.com/uran-browser/uran/tools/internal/cohort"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

// options are the command-line flags.
type options struct {
	features, labels, manifest, params string
	id, label, group, groupPattern     string
	imageCol, maskCol                  string
	subgroups, classes, positive       string
	ignore                             string
	dropMixed                          bool
	cache                              string
	workers                            int
	decode                             imageio.Options // -manifest: frame and size limits

	weightsOut, reportOut string
	task, description     string
	dataset, date         string
	noCV                  bool
	folds, repeats        int
	seed                  uint64
	models                string
	permutations          int
}

func run(args []string) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	var o options
	s := defaultSettingsFlags(fs)
	fs.StringVar(&o.features, "features", "", "feature table CSV (one row per image)")
	fs.StringVar(&o.labels, "labels", "", "CSV with the label/group columns, joined on -id")
	fs.StringVar(&o.manifest, "manifest", "", "manifest CSV of image and mask files to extract")
	fs.StringVar(&o.params, "params", "", "radiomics parameter file (YAML) for -manifest")
	fs.StringVar(&o.id, "id", "", "id column (default: the row number, or the image path)")
	fs.StringVar(&o.label, "label", "label", "label column")
	fs.StringVar(&o.group, "group", "", "group column (patient); rows of a group share a fold")
	fs.StringVar(&o.groupPattern, "group-pattern", "",
		"regular expression on the id whose first capture group is the group")
	fs.StringVar(&o.imageCol, "image", "image", "manifest column with the image path")
	fs.StringVar(&o.maskCol, "mask", "mask", "manifest column with the mask path(s), ';'-separated")
	fs.StringVar(&o.subgroups, "subgroups", "", "comma-separated subgroup columns to report")
	fs.StringVar(&o.classes, "classes", "",
		"comma-separated classes in order (others are left out)")
	fs.StringVar(&o.positive, "positive", "", "positive class (default: the last class)")
	fs.StringVar(&o.ignore, "ignore", "", "comma-separated non-feature columns of -features")
	fs.BoolVar(&o.dropMixed, "drop-mixed-groups", false,
		"leave out groups whose rows carry more than one class (label conflicts)")
	fs.StringVar(&o.cache, "cache", ".uran-cache", "feature cache directory ('' disables it)")
	fs.IntVar(&o.workers, "workers", 0, "parallel workers (0: one per CPU)")
	fs.StringVar(&o.weightsOut, "weights", "", "write the final model to this weights file")
	fs.StringVar(&o.reportOut, "report", "",
		"write the report to PATH.json, PATH.html and PATH.md")
	fs.StringVar(&o.task, "task", "", "what the model predicts, for the weights file")
	fs.StringVar(&o.description, "description", "", "longer description for the weights file")
	fs.StringVar(&o.dataset, "dataset", "", "name and provenance of the training data")
	fs.StringVar(&o.date, "date", "",
		"training date YYYY-MM-DD recorded in the weights (default: $SOURCE_DATE_EPOCH or today)")
	fs.BoolVar(&o.noCV, "no-cv", false, "skip the cross-validation (no report)")
	fs.IntVar(&o.folds, "folds", 5, "folds of the cross-validation")
	fs.IntVar(&o.repeats, "repeats", 5, "repeats of the cross-validation")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed")
	fs.StringVar(&o.models, "models", "uran,uran_no_hkfs,uran_no_maae,l1_logistic,mlp",
		"models to cross-validate (uran first)")
	fs.IntVar(&o.permutations, "permutations", 3, "permutation-importance shuffles per fold")
	cohort.LimitFlags(fs, &o.decode)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cohort.CheckLimits(&o.decode); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if (o.features == "") == (o.manifest == "") {
		return fmt.Errorf("give exactly one of -features and -manifest")
	}
	if o.weightsOut == "" && o.reportOut == "" {
		return fmt.Errorf("nothing to write: give -weights and/or -report")
	}
	date, err := trainingDate(o.date)
	if err != nil {
		return err
	}
	return train(&o, s, date, strings.Join(append([]string{"go run ./tools/train"}, args...),
		" "))
}

// trainingDate returns the date recorded in the weights file: the flag, else the UTC date of
// $SOURCE_DATE_EPOCH (for reproducible builds), else today's UTC date.
func trainingDate(flagDate string) (string, error) {
	if flagDate != "" {
		if _, err := time.Parse(time.DateOnly, flagDate); err != nil {
			return "", fmt.Errorf("-date %q: want YYYY-MM-DD", flagDate)
		}
		return flagDate, nil
	}
	if e := os.Getenv("SOURCE_DATE_EPOCH"); e != "" {
		var sec int64
		if _, err := fmt.Sscan(e, &sec); err != nil {
			return "", fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", e)
		}
		return time.Unix(sec, 0).UTC().Format(time.DateOnly), nil
	}
	return time.Now().UTC().Format(time.DateOnly), nil
}
