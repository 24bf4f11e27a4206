// Command radiomicsbench times the radiomics extractor on the BUSI reference cases of
// shared/reference/pyradiomics2d/busi, natively and as WebAssembly under Node, and sets the
// times beside PyRadiomics' recorded ones (summary_busi_timings.json).
//
// Each image type is timed alone, as PyRadiomics' per-image-type timings were taken: the image
// type with the classes firstorder, glcm, glrlm, glszm, gldm and ngtdm (no shape2D); then the
// whole configuration A (every image type and shape2D, 1311 features). A time is the median of
// -reps extractions after -warmup untimed ones, on one goroutine (Options.Workers = 1).
//
// Modes:
//
//	radiomicsbench [flags]           driver: measures natively in this process, builds itself
//	                                 for GOOS=js GOARCH=wasm, runs that under Node
//	                                 ($GOROOT/lib/wasm/go_js_wasm_exec) and prints markdown
//	                                 tables: per image type native ms, wasm ms, wasm ÷ native,
//	                                 PyRadiomics ms and PyRadiomics ÷ native; then memory.
//	radiomicsbench -json [flags]     measures in this process only and prints JSON (this is
//	                                 what the driver runs under Node).
//	radiomicsbench -once CASE [-n N] N (default 1) configuration-A extractions of CASE and
//	                                 nothing else (-n 0: only load the case),
//	                                 for instruction counting (valgrind --tool=callgrind).
//
// Usage:
//
//	go run ./tools/radiomicsbench [-shared DIR] [-reps N] [-warmup N] [-case SUBSTR] [-nowasm]
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/radiomics/pyref"
)

// busiCases are the BUSI reference cases, smallest ROI first.
var busiCases = []string{"busi_benign_388", "busi_malignant_155", "busi_malignant_176",
	"busi_benign_409", "busi_malignant_156"}

// allTypes are the image types of configuration A, in PyRadiomics' order.
var allTypes = []string{"Original", "Wavelet", "Square", "SquareRoot", "Logarithm",
	"Exponential", "Gradient", "LoG", "LBP2D"}

// imageTypes are timed, each alone; "A" is the whole configuration A.
var imageTypes = append(slices.Clone(allTypes), "A")

// typeSettings are the image type settings of configuration A.
var typeSettings = map[string]string{"LoG": "{sigma: [1.0, 2.0, 3.0]}"}

const textureClasses = "featureClass: {firstorder: , glcm: , glrlm: , glszm: , gldm: , ngtdm: }\n"

// Timing is one measurement: the median and the fastest of the timed repetitions.
type Timing struct {
	MedianMS float64 `json:"median_ms"`
	MinMS    float64 `json:"min_ms"`
	Features int     `json:"features"`
}

// Memory describes the heap of one configuration-A extraction.
type Memory struct {
	AllocatedMB float64 `json:"allocated_mb"` // bytes allocated during the extraction
	PeakHeapMB  float64 `json:"peak_heap_mb"` // sampled peak of live heap objects above the start
}

// CaseResult holds the measurements of one case.
type CaseResult struct {
	Case      string            `json:"case"`
	ImageSize [2]int            `json:"image_size"`
	BBox      [2]int            `json:"bbox_size"`
	ROIPixels int               `json:"roi_pixels"`
	FirstMS   float64           `json:"first_extraction_ms"` // configuration A, cold
	Times     map[string]Timing `json:"times"`
	Memory    *Memory           `json:"memory,omitempty"`
}

// Report is the JSON output of one measuring run.
type Report struct {
	GOOS   string       `json:"goos"`
	GOARCH string       `json:"goarch"`
	Reps   int          `json:"reps"`
	Warmup int          `json:"warmup"`
	Cases  []CaseResult `json:"cases"`
}

func main() {
	shared := flag.String("shared", "", "shared directory (default: $URAN_SHARED or a "+
		"\"shared\" directory next to the working directory or a parent)")
	reps := flag.Int("reps", 7, "timed repetitions per measurement (median reported)")
	warmup := flag.Int("warmup", 2, "untimed repetitions before timing")
	caseFilter := flag.String("case", "", "only cases whose name contains this")
	typeList := flag.String("types", "", "comma-separated image types to time (default: all, "+
		"and A for configuration A)")
	jsonOut := flag.Bool("json", false, "measure in this process and print JSON")
	once := flag.String("once", "", "extract configuration A once from this case and exit")
	onceN := flag.Int("n", 1, "with -once: number of extractions (0: only load the case)")
	noWasm := flag.Bool("nowasm", false, "driver: skip the WebAssembly run")
	mem := flag.Bool("mem", true, "measure memory (native only)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile (native) to this file")
	flag.Parse()

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "radiomicsbench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}

	if *typeList != "" {
		imageTypes = strings.Split(*typeList, ",")
		for _, t := range imageTypes {
			if t != "A" && t != "shape" && !slices.Contains(radiomics.AvailableImageTypes(), t) {
				fmt.Fprintf(os.Stderr, "radiomicsbench: -types: unknown image type %q\n", t)
				os.Exit(2)
			}
		}
	}
	err := run(*shared, *reps, *warmup, *caseFilter, *jsonOut, *once, *onceN, *noWasm,
		*mem)
	if err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "radiomicsbench:", err)
		os.Exit(1)
	}
}

func run(shared string, reps, warmup int, caseFilter string, jsonOut bool, once string,
	onceN int, noWasm, mem bool) error {
	if reps < 1 || warmup < 0 {
		return fmt.Errorf("-reps %d must be at least 1 and -warmup %d at least 0", reps, warmup)
	}
	if shared == "" {
		var err error
		if shared, err = pyref.SharedDir(); err != nil {
			return err
		}
	}
	if abs, err := filepath.Abs(shared); err == nil {
		shared = abs
	}
	if once != "" {
		in, err := loadCase(shared, once)
		if err != nil {
			return err
		}
		typ := "A"
		if len(imageTypes) == 1 {
			typ = imageTypes[0]
		}
		p, err := params(typ)
		if err != nil {
			return err
		}
		for i := 0; i < onceN; i++ {
			res, err := radiomics.Extract(in.img, in.mask, p, &radiomics.Options{Workers: 1})
			if err != nil {
				return err
			}
			fmt.Println(len(res.Features), "features")
		}
		return nil
	}
	cases := slices.DeleteFunc(slices.Clone(busiCases), func(c string) bool {
		return !strings.Contains(c, caseFilter)
	})
	if len(cases) == 0 {
		return fmt.Errorf("no BUSI case matches %q", caseFilter)
	}
	if jsonOut {
		rep, err := measure(shared, cases, reps, warmup, mem && runtime.GOOS != "js")
		if err != nil {
			return err
		}
		out, err := json.MarshalIndent(rep, "", " ")
		if err != nil {
			return err
		}
		fmt.Println(string(out))
		return nil
	}
	return drive(shared, cases, reps, warmup, noWasm, mem)
}

// input is a loaded BUSI case.
type input struct {
	img  *radiomics.Image
	mask *radiomics.Mask
}

func loadCase(shared, name string) (*input, error) {
	dir := filepath.Join(shared, "reference", "pyradiomics2d", "busi", "inputs")
	pix, h, w, err := pyref.LoadNPY(filepath.Join(dir, name+"_image.npy"))
	if err != nil {
		return nil, err
	}
	m, mh, mw, err := pyref.LoadNPY(filepath.Join(dir, name+"_mask.npy"))
	if err != nil {
		return nil, err
	}
	if mh != h || mw != w {
		return nil, fmt.Errorf("%s: mask %d×%d, image %d×%d", name, mw, mh, w, h)
	}
	labels := make([]uint32, len(m))
	for i, v := range m {
		labels[i] = uint32(v)
	}
	sp := [2]float64{1, 1}
	return &input{img: &radiomics.Image{Width: w, Height: h, Pix: pix, Spacing: sp},
		mask: &radiomics.Mask{Width: w, Height: h, Labels: labels, Spacing: sp}}, nil
}

// params returns the parameters timed for an image type ("A": configuration A).
func params(typ string) (*radiomics.Params, error) {
	var text string
	if typ == "shape" {
		text = "imageType: {Original: {}}\nfeatureClass: {shape2D: }\n"
	} else if typ == "A" {
		var b strings.Builder
		b.WriteString("imageType:\n")
		for _, t := range allTypes {
			fmt.Fprintf(&b, "  %s: %s\n", t, settingsOf(t))
		}
		b.WriteString("featureClass: {shape2D: , firstorder: , glcm: , glrlm: , glszm: , " +
			"gldm: , ngtdm: }\n")
		text = b.String()
	} else {
		text = "imageType: {" + typ + ": " + settingsOf(typ) + "}\n" + textureClasses
	}
	return radiomics.ParseParams([]byte(text))
}

func settingsOf(typ string) string {
	if s, ok := typeSettings[typ]; ok {
		return s
	}
	return "{}"
}

// measure times every image type and configuration A on each case.
func measure(shared string, cases []string, reps, warmup int, mem bool) (*Report, error) {
	rep := &Report{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Reps: reps, Warmup: warmup}
	ps := map[string]*radiomics.Params{}
	for _, t := range append(slices.Clone(imageTypes), "A") {
		p, err := params(t)
		if err != nil {
			return nil, fmt.Errorf("parameters of %s: %w", t, err)
		}
		ps[t] = p
	}
	opt := &radiomics.Options{Workers: 1}
	for _, name := range cases {
		in, err := loadCase(shared, name)
		if err != nil {
			return nil, err
		}
		cr := CaseResult{Case: name, ImageSize: [2]int{in.img.Width, in.img.Height},
			Times: map[string]Timing{}}
		// The first extraction (configuration A, with diagnostics) is timed on its own: in
		// WebAssembly it runs partly before the engine's optimising compiler has caught up.
		pA := *ps["A"]
		pA.Settings.AdditionalInfo = true
		start := time.Now()
		res, err := radiomics.Extract(in.img, in.mask, &pA, opt)
		cr.FirstMS = float64(time.Since(start).Nanoseconds()) / 1e6
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		d := res.Diagnostics
		cr.BBox = [2]int{d.BoundingBox[2], d.BoundingBox[3]}
		cr.ROIPixels = d.ROIPixels
		// Warm-up of every code path before any image type is timed.
		for i := 0; i < warmup; i++ {
			if _, err := radiomics.Extract(in.img, in.mask, ps["A"], opt); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		for _, t := range imageTypes {
			var ms []float64
			n := 0
			for i := 0; i < warmup+reps; i++ {
				start := time.Now()
				res, err := radiomics.Extract(in.img, in.mask, ps[t], opt)
				el := time.Since(start)
				if err != nil {
					return nil, fmt.Errorf("%s %s: %w", name, t, err)
				}
				n = len(res.Features)
				if i >= warmup {
					ms = append(ms, float64(el.Nanoseconds())/1e6)
				}
			}
			slices.Sort(ms)
			cr.Times[t] = Timing{MedianMS: median(ms), MinMS: ms[0], Features: n}
		}
		if mem {
			m, err := measureMemory(in, ps["A"])
			if err != nil {
				return nil, fmt.Errorf("%s memory: %w", name, err)
			}
			cr.Memory = m
		}
		rep.Cases = append(rep.Cases, cr)
	}
	return rep, nil
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// drive measures case by case, natively in this process and then as WebAssembly under Node,
// so that the two times of a case are taken close together on a shared machine; then it
// prints the tables.
func drive(shared string, cases []string, reps, warmup int, noWasm, mem bool) error {
	timings, err := pyTimings(shared)
	if err != nil {
		return err
	}
	var w *wasmRunner
	if !noWasm {
		fmt.Fprintln(os.Stderr, "radiomicsbench: building for GOOS=js GOARCH=wasm …")
		if w, err = newWasmRunner(); err != nil {
			return err
		}
		defer w.close()
	}
	native := &Report{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Reps: reps, Warmup: warmup}
	var wasm *Report
	if w != nil {
		wasm = &Report{GOOS: "js", GOARCH: "wasm", Reps: reps, Warmup: warmup}
	}
	for _, c := range cases {
		fmt.Fprintf(os.Stderr, "radiomicsbench: %s natively …\n", c)
		r, err := measure(shared, []string{c}, reps, warmup, mem)
		if err != nil {
			return err
		}
		native.Cases = append(native.Cases, r.Cases...)
		if w == nil {
			continue
		}
		fmt.Fprintf(os.Stderr, "radiomicsbench: %s under Node …\n", c)
		r, err = w.measure(shared, c, reps, warmup)
		if err != nil {
			return err
		}
		wasm.Cases = append(wasm.Cases, r.Cases...)
	}
	printTables(os.Stdout, native, wasm, timings)
	return nil
}

// pyTiming is one case's entry of summary_busi_timings.json.
type pyTiming struct {
	A struct {
		TimeS float64 `json:"time_s"`
	} `json:"A_default_allfilters"`
	PerType map[string]struct {
		MedianS float64 `json:"median_s"`
	} `json:"timing_per_image_type"`
}

// pyTimings reads PyRadiomics' recorded times: case → image type ("A": full configuration A,
// one execution) → milliseconds.
func pyTimings(shared string) (map[string]map[string]float64, error) {
	path := filepath.Join(shared, "reference", "pyradiomics2d", "busi",
		"summary_busi_timings.json")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	out := map[string]map[string]float64{}
	for name, msg := range raw {
		var t pyTiming
		if json.Unmarshal(msg, &t) != nil || t.PerType == nil {
			continue // not a case entry
		}
		m := map[string]float64{"A": t.A.TimeS * 1e3}
		for typ, v := range t.PerType {
			m[typ] = v.MedianS * 1e3
		}
		out[name] = m
	}
	if len(out) == 0 {
		return nil, errors.New("no case timings in " + path)
	}
	return out, nil
}
