package main

import (
	"fmt"
	"os"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/tools/internal/cohort"
	"github.com/uran-browser/uran/tools/internal/learn"
)

// loadManifest extracts the features of a manifest's images with the parameters of -params
// (cached in -cache), leaving out cases of other classes, cases that fail and cases with
// undefined features. It returns the data set, notes on what was left out and the canonical
// parameter text recorded in the weights file.
func loadManifest(o *options, cols cohort.Columns) (*learn.Dataset, []string, string, error) {
	if o.params == "" {
		return nil, nil, "", fmt.Errorf("-manifest needs -params " +
			"(e.g. weights/default_params.yaml)")
	}
	p, err := radiomics.ReadParamsFile(o.params)
	if err != nil {
		return nil, nil, "", err
	}
	canon, err := p.YAML()
	if err != nil {
		return nil, nil, "", fmt.Errorf("%s: %w", o.params, err)
	}
	cases, err := cohort.ReadManifest(o.manifest, o.imageCol, o.maskCol, cols, true)
	if err != nil {
		return nil, nil, "", err
	}
	cases, classes, pos, notes, err := cohort.Select(cases, cols.Classes, cols.Positive)
	if err != nil {
		return nil, nil, "", err
	}
	bar := newBar(len(cases), "extracting features")
	ex := &cohort.Extractor{Params: p, Decode: o.decode, Cache: o.cache, Workers: o.workers,
		Progress: func(done, total int) { _ = bar.Set(done) }}
	res, err := ex.Run(cases)
	if err != nil {
		return nil, nil, "", err
	}
	_ = bar.Finish()
	cached := 0
	for _, r := range res {
		if r.Cached {
			cached++
		}
	}
	fmt.Fprintf(os.Stderr, "features: %d cases (%d from the cache)\n", len(res), cached)
	d, more := cohort.ManifestDataset(cases, res, p.FeatureNames(), classes, cols.Subgroups, pos)
	return d, append(notes, more...), string(canon), nil
}
