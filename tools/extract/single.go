package main

import (
	"encoding/csv"
	"fmt"
	"io"

	"github.com/uran-browser/uran/tools/internal/cohort"
)

// runSingle extracts one case and prints it as JSON or CSV; warnings go to standard error.
func runSingle(cfg *config, stdout, stderr io.Writer) int {
	o := extractCase(cfg.image, cohort.SplitMasks(cfg.mask), cfg)
	for _, w := range o.warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if o.err != nil {
		fmt.Fprintf(stderr, "extract: %v\n", o.err)
		return 1
	}

	if cfg.format == "json" {
		if _, err := stdout.Write(writeJSONObject(o.result.Features)); err != nil {
			fmt.Fprintf(stderr, "extract: %v\n", err)
			return 1
		}
		return 0
	}
	header := []string{"image", "mask"}
	row := []string{cfg.image, cfg.mask}
	for _, f := range o.result.Features {
		header = append(header, f.Name)
		row = append(row, csvNumber(f.Value))
	}
	w := csv.NewWriter(stdout)
	w.Write(header)
	w.Write(row)
	w.Flush()
	if err := w.Error(); err != nil {
		fmt.Fprintf(stderr, "extract: %v\n", err)
		return 1
	}
	return 0
}
