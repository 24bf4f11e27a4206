// Package pyref reads the PyRadiomics reference values kept outside the repository
// (shared/reference/pyradiomics2d): the input images and masks (.npy) and the feature values
// PyRadiomics computed for them (one JSON file per case and configuration). Tests and the
// conformance tool use it; it does not depend on package radiomics.
package pyref

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"codeberg.org/sbinet/npyio"
)

// ErrNoShared is returned when the shared reference directory cannot be found.
var ErrNoShared = errors.New("shared reference directory not found (set URAN_SHARED)")

// SharedDir returns the shared directory: $URAN_SHARED if set, else the first directory named
// "shared" holding reference/ found next to the working directory or one of its parents.
func SharedDir() (string, error) {
	if d := os.Getenv("URAN_SHARED"); d != "" {
		if st, err := os.Stat(filepath.Join(d, "reference")); err == nil && st.IsDir() {
			return d, nil
		}
		return "", fmt.Errorf("URAN_SHARED=%s has no reference directory: %w", d, ErrNoShared)
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		cand := filepath.Join(dir, "shared")
		if st, err := os.Stat(filepath.Join(cand, "reference")); err == nil && st.IsDir() {
			return cand, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNoShared
		}
		dir = parent
	}
}

// Input describes a reference case's input, from its JSON "input" entry.
type Input struct {
	Image      string     `json:"image"`
	Mask       string     `json:"mask"`
	Shape      [2]int     `json:"array_shape_rows_cols"`
	DType      string     `json:"dtype"`
	Spacing    [2]float64 `json:"spacing_xy"`
	MaskLabel  int        `json:"mask_label"`
	MaskPixels int        `json:"mask_pixels"`
}

// Reference is one PyRadiomics output file.
type Reference struct {
	Path        string
	Case        string
	Config      string
	Input       Input
	Names       []string           // feature names in PyRadiomics' order
	Values      map[string]float64 // NaN where PyRadiomics wrote null
	NaN         []string
	Diagnostics map[string]any
	WallTime    float64 // seconds, PyRadiomics' execute()
	InputsDir   string  // directory holding Input.Image and Input.Mask
}

type rawRef struct {
	Case        string          `json:"case"`
	Config      string          `json:"config"`
	Input       Input           `json:"input"`
	Features    json.RawMessage `json:"features"`
	NaN         []string        `json:"nan_features"`
	Diagnostics map[string]any  `json:"diagnostics"`
	WallTime    float64         `json:"wall_time_s_full_execute"`
}

// LoadReference reads one output JSON; inputsDir is where its .npy inputs are.
func LoadReference(path, inputsDir string) (*Reference, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var raw rawRef
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	r := &Reference{Path: path, Case: raw.Case, Config: raw.Config, Input: raw.Input, NaN: raw.NaN,
		Diagnostics: raw.Diagnostics, WallTime: raw.WallTime, InputsDir: inputsDir,
		Values: map[string]float64{}}
	// Decode the features object keeping its order.
	dec := json.NewDecoder(bytes.NewReader(raw.Features))
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("read %s: features: %w", path, err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("read %s: features: %w", path, err)
		}
		name, _ := tok.(string)
		var v *float64
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("read %s: feature %s: %w", path, name, err)
		}
		r.Names = append(r.Names, name)
		if v == nil {
			r.Values[name] = math.NaN()
		} else {
			r.Values[name] = *v
		}
	}
	return r, nil
}

// CaseFile names one reference output and where its inputs are.
type CaseFile struct {
	Case, Config string
	JSON         string
	InputsDir    string
}

// List returns every reference output of pyradiomics2d (synthetic, breast1 and BUSI cases),
// sorted by case then configuration.
func List(shared string) ([]CaseFile, error) {
	base := filepath.Join(shared, "reference", "pyradiomics2d")
	var out []CaseFile
	for _, sub := range []string{"", "busi"} {
		outDir := filepath.Join(base, sub, "outputs")
		files, err := filepath.Glob(filepath.Join(outDir, "*__*.json"))
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			name := strings.TrimSuffix(filepath.Base(f), ".json")
			i := strings.Index(name, "__")
			out = append(out, CaseFile{Case: name[:i], Config: name[i+2:], JSON: f,
				InputsDir: filepath.Join(base, sub, "inputs")})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no reference outputs under %s", base)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Case != out[j].Case {
			return out[i].Case < out[j].Case
		}
		return out[i].Config < out[j].Config
	})
	return out, nil
}

// ParamsFile returns the YAML parameter file of a configuration ("A_default_allfilters" →
// params/A_default_allfilters.yaml, or the file whose name starts with the config's letter).
func ParamsFile(shared, config string) (string, error) {
	dir := filepath.Join(shared, "reference", "pyradiomics2d", "params")
	p := filepath.Join(dir, config+".yaml")
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	for _, f := range files {
		b := filepath.Base(f)
		if strings.HasPrefix(b, config[:1]+"_") || strings.HasPrefix(b, config[:1]+".") {
			return f, nil
		}
	}
	return "", fmt.Errorf("no parameter file for configuration %s in %s", config, dir)
}

// LoadNPY reads a 2-D .npy array of any integer or float dtype as float64, row-major.
func LoadNPY(path string) (data []float64, rows, cols int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, 0, err
	}
	defer f.Close()
	r, err := npyio.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return nil, 0, 0, fmt.Errorf("read %s: %w", path, err)
	}
	shape := r.Header.Descr.Shape
	if len(shape) != 2 || r.Header.Descr.Fortran {
		return nil, 0, 0, fmt.Errorf("read %s: want a C-order 2-D array, got shape %v", path,
			shape)
	}
	rows, cols = shape[0], shape[1]
	data = make([]float64, 0, rows*cols)
	add := func(v float64) { data = append(data, v) }
	typ := strings.Trim(r.Header.Descr.Type, "'\"")
	if len(typ) < 2 {
		return nil, 0, 0, fmt.Errorf("read %s: bad dtype %q", path, typ)
	}
	switch typ[1:] {
	case "u1", "b1":
		var v []uint8
		err = r.Read(&v)
		for _, x := range v {
			add(float64(x))
		}
	case "u2":
		var v []uint16
		err = r.Read(&v)
		for _, x := range v {
			add(float64(x))
		}
	case "i2":
		var v []int16
		err = r.Read(&v)
		for _, x := range v {
			add(float64(x))
		}
	case "i4":
		var v []int32
		err = r.Read(&v)
		for _, x := range v {
			add(float64(x))
		}
	case "i8":
		var v []int64
		err = r.Read(&v)
		for _, x := range v {
			add(float64(x))
		}
	case "f4":
		var v []float32
		err = r.Read(&v)
		for _, x := range v {
			add(float64(x))
		}
	case "f8":
		var v []float64
		err = r.Read(&v)
		data = v
	default:
		return nil, 0, 0, fmt.Errorf("read %s: unsupported dtype %s", path, typ)
	}
	if err != nil {
		return nil, 0, 0, fmt.Errorf("read %s: %w", path, err)
	}
	if len(data) != rows*cols {
		return nil, 0, 0, fmt.Errorf("read %s: %d values for shape %v", path, len(data), shape)
	}
	return data, rows, cols, nil
}

// LoadInputs reads a reference's image and mask.
func (r *Reference) LoadInputs() (img []float64, mask []uint32, w, h int, err error) {
	img, h, w, err = LoadNPY(filepath.Join(r.InputsDir, r.Input.Image))
	if err != nil {
		return nil, nil, 0, 0, err
	}
	m, mh, mw, err := LoadNPY(filepath.Join(r.InputsDir, r.Input.Mask))
	if err != nil {
		return nil, nil, 0, 0, err
	}
	if mh != h || mw != w {
		return nil, nil, 0, 0, fmt.Errorf("%s: mask %dx%d, image %dx%d", r.Path, mw, mh, w, h)
	}
	mask = make([]uint32, len(m))
	for i, v := range m {
		mask[i] = uint32(v)
	}
	return img, mask, w, h, nil
}

// Compare returns the relative error of got against want, and whether they agree within rel
// (or within abs when want is near zero). NaN agrees only with NaN.
func Compare(got, want, rel, abs float64) (float64, bool) {
	if math.IsNaN(want) || math.IsNaN(got) {
		if math.IsNaN(want) && math.IsNaN(got) {
			return 0, true
		}
		return math.Inf(1), false
	}
	d := math.Abs(got - want)
	if d == 0 {
		return 0, true
	}
	e := d / math.Max(math.Abs(want), math.SmallestNonzeroFloat64)
	return e, d <= abs || e <= rel
}

// TB is the part of testing.TB that Unavailable needs.
type TB interface {
	Helper()
	Skipf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// Unavailable reports that something a test needs is missing (the shared data, a browser, a
// built asset): the test is skipped, or fails when the environment sets URAN_STRICT=1, as
// `make test` and CI do, so that a missing prerequisite cannot pass for a green run.
func Unavailable(tb TB, format string, args ...any) {
	tb.Helper()
	if os.Getenv("URAN_STRICT") == "1" {
		tb.Fatalf("URAN_STRICT=1: "+format, args...)
	}
	tb.Skipf(format, args...)
}
