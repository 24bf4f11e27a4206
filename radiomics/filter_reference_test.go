package radiomics

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics/pyref"
)

// This file holds the helpers that compare derived images with the PyRadiomics reference runs in
// shared/reference/pyradiomics2d (configuration A, every image type) through the first-order
// features that need only the ROI values, so that a filter is checked on its own, apart from
// the feature classes: their formulas are restated here (PyRadiomics firstorder.py
// conventions: population moments, numpy linear-interpolation percentiles, Kurtosis not in
// excess form). The oracle is PyRadiomics' values; NumPy's summation comes from npmath.go.

// frefCase is one reference case: the input image and mask and PyRadiomics' feature values.
type frefCase struct {
	Name     string
	Image    *Image
	Mask     *Mask
	Features map[string]float64
}

// frefLoadCases loads every configuration-A case of shared/reference/pyradiomics2d (synthetic,
// breast1 slice and BUSI). It skips the test if the reference folder is missing.
func frefLoadCases(t testing.TB) []frefCase {
	t.Helper()
	shared, err := pyref.SharedDir()
	if err != nil {
		pyref.Unavailable(t, "PyRadiomics reference values not available: %v", err)
	}
	files, err := pyref.List(shared)
	if err != nil {
		t.Fatal(err)
	}
	var out []frefCase
	for _, f := range files {
		if !strings.HasPrefix(f.Config, "A_") {
			continue
		}
		ref, err := pyref.LoadReference(f.JSON, f.InputsDir)
		if err != nil {
			t.Fatal(err)
		}
		pix, labels, w, h, err := ref.LoadInputs()
		if err != nil {
			t.Fatal(err)
		}
		sp := ref.Input.Spacing
		out = append(out, frefCase{Name: ref.Case, Features: ref.Values,
			Image: &Image{Width: w, Height: h, Pix: pix, Spacing: sp},
			Mask:  &Mask{Width: w, Height: h, Labels: labels, Spacing: sp}})
	}
	if len(out) == 0 {
		pyref.Unavailable(t, "no configuration-A reference outputs found")
	}
	return out
}

// frefROI returns the values of img where mask == 1, in row-major order.
func frefROI(img *Image, m *Mask) []float64 {
	var v []float64
	for i, l := range m.Labels {
		if l == 1 {
			v = append(v, img.Pix[i])
		}
	}
	return v
}

// frefPercentile is numpy.percentile with linear interpolation on sorted values.
func frefPercentile(sorted []float64, p float64) float64 {
	pos := p / 100 * float64(len(sorted)-1)
	lo := math.Floor(pos)
	i := int(lo)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	f := pos - lo
	return sorted[i] + (sorted[i+1]-sorted[i])*f
}

// frefNpMean is numpy.mean of a 1-D float64 array: add.reduce starts from the first element
// and adds the pairwise sum of the rest, then divides by the count.
func frefNpMean(a []float64) float64 {
	return (a[0] + pairwiseSum(a[1:])) / float64(len(a))
}

// frefFirstOrder computes the first-order features that depend only on the ROI values, with
// numpy's summation order so that rounding matches PyRadiomics closely.
func frefFirstOrder(x []float64) map[string]float64 {
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	mean := frefNpMean(x)
	d2 := make([]float64, len(x))
	d3 := make([]float64, len(x))
	d4 := make([]float64, len(x))
	ad := make([]float64, len(x))
	for i, v := range x {
		d := v - mean
		d2[i] = d * d
		d3[i] = math.Pow(d, 3)
		d4[i] = math.Pow(d, 4)
		ad[i] = math.Abs(d)
	}
	m2, m3, m4, mad := frefNpMean(d2), frefNpMean(d3), frefNpMean(d4), frefNpMean(ad)
	std := math.Sqrt(m2)
	skew, kurt := 0.0, 0.0
	if m2 != 0 {
		skew = m3 / math.Pow(m2, 1.5)
		kurt = m4 / (m2 * m2)
	}
	return map[string]float64{
		"Minimum":               s[0],
		"Maximum":               s[len(s)-1],
		"Mean":                  mean,
		"Median":                frefPercentile(s, 50),
		"10Percentile":          frefPercentile(s, 10),
		"90Percentile":          frefPercentile(s, 90),
		"Range":                 s[len(s)-1] - s[0],
		"Variance":              std * std,
		"Skewness":              skew,
		"Kurtosis":              kurt,
		"MeanAbsoluteDeviation": mad,
	}
}

// frefRelErr is |a−b| / max(|a|, |b|), 0 when both are 0.
func frefRelErr(a, b float64) float64 {
	d := math.Abs(a - b)
	if d == 0 {
		return 0
	}
	return d / math.Max(math.Abs(a), math.Abs(b))
}

// frefCompareFirstOrder compares the ROI first-order features of the derived images with the
// reference and returns, per derived image name, the worst relative error, and a description of
// every feature above tol. scaleFloor is an absolute scale below which differences are measured
// relative to it instead (values that are zero up to rounding, like a wavelet mean).
func frefCompareFirstOrder(c frefCase, derived []Derived, tol float64) (
	map[string]float64, []string) {
	worst := map[string]float64{}
	var bad []string
	for _, d := range derived {
		got := frefFirstOrder(frefROI(d.Image, c.Mask))
		names := make([]string, 0, len(got))
		for k := range got {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			key := d.Name + "_firstorder_" + k
			want, ok := c.Features[key]
			if !ok {
				bad = append(bad, fmt.Sprintf("%s: %s missing in reference", c.Name, key))
				continue
			}
			e := frefRelErr(got[k], want)
			if e > worst[d.Name] {
				worst[d.Name] = e
			}
			if e > tol || math.IsNaN(got[k]) != math.IsNaN(want) {
				bad = append(bad, fmt.Sprintf("%s %s: got %.17g want %.17g (rel %.2g)",
					c.Name, key, got[k], want, e))
			}
		}
	}
	return worst, bad
}
