package main

import (
	"fmt"

	"github.com/uran-browser/uran/tools/internal/cohort"
	"github.com/uran-browser/uran/tools/internal/learn"
)

// loadManifest extracts the features of a manifest's images.
func loadManifest(o *options, cols cohort.Columns) (*learn.Dataset, []string, string, error) {
	return nil, nil, "", fmt.Errorf("-manifest needs the radiomics extractor, which this " +
		"build does not have yet")
}
