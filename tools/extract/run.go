package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/radiomics/imageio"
	"github.com/uran-browser/uran/tools/internal/cohort"
)

// config holds the parsed command line.
type config struct {
	image, mask, params   string
	manifest, out, errors string
	format                string
	workers               int
	label                 int64 // −1: the parameter file's label
	decode                imageio.Options
	p                     *radiomics.Params
}

const usageText = `usage:
  extract -image I -mask M [-params P.yaml] [-label N] [-spacing x,y] [-frame N] [-format json|csv]
  extract -manifest cases.csv [-out features.csv] [-errors problems.csv] [-workers N]
          [-params P.yaml] [-label N] [-spacing x,y] [-frame N]
  both also take [-max-pixels N] [-max-bytes N]
`

// run is the command; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		var ue usageError
		switch {
		case errors.Is(err, flag.ErrHelp):
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "extract: %v\n%s", err, usageText)
		default:
			fmt.Fprintf(stderr, "extract: %v\n", err)
		}
		return 2
	}
	if cfg.manifest != "" {
		return runBatch(cfg, stdout, stderr)
	}
	return runSingle(cfg, stdout, stderr)
}

// usageError is a command-line mistake, answered with the usage text; the other errors of
// parseFlags (a bad parameter file) are answered with their message alone.
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usageText)
		fs.PrintDefaults()
	}
	cfg := &config{}
	fs.StringVar(&cfg.image, "image", "", "image file (PNG, JPEG, BMP, TIFF, NPY, DICOM)")
	fs.StringVar(&cfg.mask, "mask", "", "mask file, same formats")
	fs.StringVar(&cfg.params, "params", "", "PyRadiomics-style YAML parameter file "+
		"(default: Original image, all 2-D feature classes)")
	fs.Int64Var(&cfg.label, "label", -1, "mask label of the lesion; 0 = every non-zero pixel"+
		"; -1 = the parameter file's label setting, else 0")
	spacing := fs.String("spacing", "", "pixel spacing in mm as x,y (overrides the file's)")
	fs.IntVar(&cfg.decode.Frame, "frame", 0, "frame of a multi-frame DICOM, from 1")
	cohort.LimitFlags(fs, &cfg.decode)
	fs.StringVar(&cfg.format, "format", "json", "output of one case: json or csv")
	fs.StringVar(&cfg.manifest, "manifest", "", "CSV of cases (columns image, mask, …): "+
		"batch mode")
	fs.StringVar(&cfg.out, "out", "", "batch output CSV (default: standard output)")
	fs.StringVar(&cfg.errors, "errors", "", "batch problems CSV (default: OUT.problems.csv)")
	fs.IntVar(&cfg.workers, "workers", runtime.NumCPU(), "cases extracted in parallel")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usageError{err}
	}

	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q", fs.Arg(0))
	}
	if cfg.manifest == "" && (cfg.image == "" || cfg.mask == "") {
		return nil, usagef("give -image and -mask, or -manifest")
	}
	if cfg.manifest != "" && (cfg.image != "" || cfg.mask != "") {
		return nil, usagef("-manifest cannot be combined with -image or -mask")
	}
	if cfg.format != "json" && cfg.format != "csv" {
		return nil, usagef("-format %q: want json or csv", cfg.format)
	}
	if cfg.workers < 1 {
		return nil, usagef("-workers %d: want at least 1", cfg.workers)
	}
	if cfg.label < -1 || cfg.label > 1<<32-1 {
		return nil, usagef("-label %d: want 0 to 4294967295", cfg.label)
	}
	if cfg.decode.Frame < 0 {
		return nil, usagef("-frame %d: frames count from 1", cfg.decode.Frame)
	}
	if err := cohort.CheckLimits(&cfg.decode); err != nil {
		return nil, usageError{err}
	}
	if *spacing != "" {
		s, err := parseSpacing(*spacing)
		if err != nil {
			return nil, err
		}
		cfg.decode.Spacing = s
	}

	cfg.p = radiomics.DefaultParams()
	if cfg.params != "" {
		var err error
		if cfg.p, err = radiomics.ReadParamsFile(cfg.params); err != nil {
			return nil, err
		}
	}
	if cfg.label >= 0 {
		cfg.p.Settings.Label = uint32(cfg.label)
	}
	if err := cfg.p.Validate(); err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	return cfg, nil
}

// parseSpacing reads "x,y" in millimetres; both must be positive.
func parseSpacing(s string) ([2]float64, error) {
	parts := strings.Split(s, ",")
	var out [2]float64
	if len(parts) != 2 {
		return out, usagef("-spacing %q: want two numbers x,y", s)
	}
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || !(v > 0) || v > 1e6 {
			return out, usagef("-spacing %q: %q is not a positive number of mm", s, p)
		}
		out[i] = v
	}
	return out, nil
}
