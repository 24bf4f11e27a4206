package radiomics

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// This file holds the helpers that compare derived images with the PyRadiomics reference runs in
// shared/reference/pyradiomics2d (configuration A, every image type). Until the feature classes
// are available, the comparison uses the first-order features that need only the ROI values:
// their formulas are restated here (PyRadiomics firstorder.py conventions: population moments,
// numpy linear-interpolation percentiles, Kurtosis not in excess form).

// frefSharedDir finds the shared folder: $URAN_SHARED, else a "shared" directory beside one of
// the parent directories of the test's working directory.
func frefSharedDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("URAN_SHARED"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Skipf("shared data not found: %v", err)
	}
	for {
		cand := filepath.Join(dir, "shared")
		if st, err := os.Stat(filepath.Join(cand, "reference")); err == nil && st.IsDir() {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("shared/reference not found (set URAN_SHARED); skipping reference comparison")
		}
		dir = parent
	}
}

// frefReadNPY reads a 2-D C-order .npy array of an integer or float dtype as float64.
func frefReadNPY(path string) (rows, cols int, data []float64, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, nil, err
	}
	if len(b) < 10 || string(b[1:6]) != "NUMPY" {
		return 0, 0, nil, fmt.Errorf("%s: not a .npy file", path)
	}
	var hlen, off int
	if b[6] == 1 {
		hlen, off = int(binary.LittleEndian.Uint16(b[8:10])), 10
	} else {
		hlen, off = int(binary.LittleEndian.Uint32(b[8:12])), 12
	}
	header := string(b[off : off+hlen])
	body := b[off+hlen:]
	descr := regexp.MustCompile(`'descr':\s*'([^']*)'`).FindStringSubmatch(header)
	shape := regexp.MustCompile(`'shape':\s*\((\d+),\s*(\d+)\)`).FindStringSubmatch(header)
	if descr == nil || shape == nil || strings.Contains(header, "'fortran_order': True") {
		return 0, 0, nil, fmt.Errorf("%s: unsupported header %q", path, header)
	}
	rows, _ = strconv.Atoi(shape[1])
	cols, _ = strconv.Atoi(shape[2])
	n := rows * cols
	data = make([]float64, n)
	le := binary.LittleEndian
	switch descr[1] {
	case "|u1":
		for i := range data {
			data[i] = float64(body[i])
		}
	case "|i1":
		for i := range data {
			data[i] = float64(int8(body[i]))
		}
	case "<i2":
		for i := range data {
			data[i] = float64(int16(le.Uint16(body[2*i:])))
		}
	case "<u2":
		for i := range data {
			data[i] = float64(le.Uint16(body[2*i:]))
		}
	case "<i4":
		for i := range data {
			data[i] = float64(int32(le.Uint32(body[4*i:])))
		}
	case "<f8":
		for i := range data {
			data[i] = math.Float64frombits(le.Uint64(body[8*i:]))
		}
	default:
		return 0, 0, nil, fmt.Errorf("%s: unsupported dtype %s", path, descr[1])
	}
	return rows, cols, data, nil
}

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
	root := filepath.Join(frefSharedDir(t), "reference", "pyradiomics2d")
	var out []frefCase
	for _, sub := range []string{"", "busi"} {
		pattern := filepath.Join(root, sub, "outputs", "*__A_default_allfilters.json")
		files, _ := filepath.Glob(pattern)
		sort.Strings(files)
		for _, f := range files {
			c, err := frefLoadCase(f, filepath.Join(root, sub, "inputs"))
			if err != nil {
				t.Fatalf("load reference %s: %v", f, err)
			}
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		t.Skip("no configuration-A reference outputs found")
	}
	return out
}

func frefLoadCase(jsonPath, inputDir string) (frefCase, error) {
	raw, err := os.ReadFile(jsonPath)
	if err != nil {
		return frefCase{}, err
	}
	var doc struct {
		Case  string `json:"case"`
		Input struct {
			Image   string     `json:"image"`
			Mask    string     `json:"mask"`
			Spacing [2]float64 `json:"spacing_xy"`
		} `json:"input"`
		Features map[string]*float64 `json:"features"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return frefCase{}, err
	}
	r, c, pix, err := frefReadNPY(filepath.Join(inputDir, doc.Input.Image))
	if err != nil {
		return frefCase{}, err
	}
	mr, mc, mpix, err := frefReadNPY(filepath.Join(inputDir, doc.Input.Mask))
	if err != nil {
		return frefCase{}, err
	}
	if mr != r || mc != c {
		return frefCase{}, fmt.Errorf("mask %d×%d, image %d×%d", mc, mr, c, r)
	}
	labels := make([]uint32, len(mpix))
	for i, v := range mpix {
		labels[i] = uint32(v)
	}
	feats := map[string]float64{}
	for k, v := range doc.Features {
		if v == nil {
			feats[k] = math.NaN()
		} else {
			feats[k] = *v
		}
	}
	return frefCase{
		Name:     doc.Case,
		Image:    &Image{Width: c, Height: r, Pix: pix, Spacing: doc.Input.Spacing},
		Mask:     &Mask{Width: c, Height: r, Labels: labels, Spacing: doc.Input.Spacing},
		Features: feats,
	}, nil
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

// frefPairwise is numpy's pairwise summation of a contiguous float64 array (blocks of at most
// 128 summed with 8 partial sums, larger arrays split in halves rounded to multiples of 8).
func frefPairwise(a []float64) float64 {
	n := len(a)
	switch {
	case n < 8:
		s := 0.0
		for _, v := range a {
			s += v
		}
		return s
	case n <= 128:
		var r [8]float64
		copy(r[:], a[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := 0; j < 8; j++ {
				r[j] += a[i+j]
			}
		}
		s := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			s += a[i]
		}
		return s
	}
	n2 := n / 2
	n2 -= n2 % 8
	return frefPairwise(a[:n2]) + frefPairwise(a[n2:])
}

// frefNpMean is numpy.mean of a 1-D float64 array: add.reduce starts from the first element
// and adds the pairwise sum of the rest, then divides by the count.
func frefNpMean(a []float64) float64 {
	return (a[0] + frefPairwise(a[1:])) / float64(len(a))
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
