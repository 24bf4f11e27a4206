package cohort

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/radiomics/imageio"
)

// cacheVersion is part of every cache key. Bump it when the cache's file layout changes.
//
// Limitation: the key follows the extractor's numbers (extractorFingerprint) but not the
// image decoders; after a change to how files are decoded, delete the cache directory (or
// bump this constant) to extract again.
const cacheVersion = "uran-features-1"

// extractorFingerprint extracts a fixed synthetic case (64 × 64 pseudo-random texture, a disc
// of radius 20 as the lesion) with p and hashes the values bit for bit, or the error. Any
// change of the extractor's code that changes a number for these parameters changes the
// fingerprint, so the cache cannot hand stale features to training.
func extractorFingerprint(p *radiomics.Params) string {
	const n = 64
	img := &radiomics.Image{Width: n, Height: n, Spacing: [2]float64{1, 1},
		Pix: make([]float64, n*n)}
	mask := &radiomics.Mask{Width: n, Height: n, Spacing: img.Spacing,
		Labels: make([]uint32, n*n)}
	state := uint32(12345)
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			state = state*1664525 + 1013904223 // a fixed linear congruential sequence
			img.Pix[y*n+x] = float64(x+y) + float64(state>>24)
			if dx, dy := x-32, y-32; dx*dx+dy*dy <= 20*20 {
				mask.Labels[y*n+x] = 1
			}
		}
	}
	h := sha256.New()
	res, err := radiomics.Extract(img, mask, p, &radiomics.Options{Workers: 1})
	if err != nil {
		fmt.Fprintf(h, "error: %v", err)
	} else {
		for _, f := range res.Features {
			fmt.Fprintf(h, "%s=%x\n", f.Name, math.Float64bits(f.Value))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Extraction is the outcome of extracting one case.
type Extraction struct {
	Values    []float64 // in Params.FeatureNames order; NaN where a feature is undefined
	ImageHash string
	Warnings  []string
	Err       error
	Cached    bool
}

// Extractor extracts the features of manifest cases, in parallel, with a cache on disk.
type Extractor struct {
	Params  *radiomics.Params
	Decode  imageio.Options
	Cache   string // directory; "" disables caching
	Workers int    // 0: GOMAXPROCS
	// Progress, when set, is called after each case with the cases done and the total; calls
	// never overlap.
	Progress func(done, total int)

	key   string // hash of the cache version, parameters and decoding options
	names []string
}

// Run extracts every case; the result is indexed like cases. A case that cannot be read or
// extracted gets its error in Err; the others go on.
func (e *Extractor) Run(cases []Case) ([]Extraction, error) {
	yaml, err := e.Params.YAML()
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%s\n", cacheVersion, yaml, decodeKey(e.Decode),
		extractorFingerprint(e.Params))
	e.key = hex.EncodeToString(h.Sum(nil))
	e.names = e.Params.FeatureNames()
	if e.Cache != "" {
		if err := os.MkdirAll(e.Cache, 0o755); err != nil {
			return nil, fmt.Errorf("feature cache: %w", err)
		}
	}
	out := make([]Extraction, len(cases))
	workers := e.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range min(workers, len(cases)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = e.one(&cases[i])
				mu.Lock()
				done++
				if e.Progress != nil {
					e.Progress(done, len(cases))
				}
				mu.Unlock()
			}
		}()
	}
	for i := range cases {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, nil
}

// cached is the file format of one cache entry.
type cached struct {
	Values    []*float64 `json:"values"` // null for NaN
	ImageHash string     `json:"image_hash"`
	Warnings  []string   `json:"warnings"`
}

// one extracts a case, or reads it from the cache.
func (e *Extractor) one(c *Case) Extraction {
	f, err := readFiles(c, &e.Decode)
	if err != nil {
		return Extraction{Err: err}
	}
	var path string
	if e.Cache != "" {
		k := sha256.Sum256([]byte(e.key + "\n" + f.inputHash))
		path = filepath.Join(e.Cache, hex.EncodeToString(k[:])+".json")
		if ex, ok := e.load(path); ok {
			return ex
		}
	}
	in, err := decode(c, f, &e.Decode)
	if err != nil {
		return Extraction{Err: err}
	}
	if _, err := in.CheckLesion(e.Params.Settings.Label); err != nil {
		return Extraction{Err: err}
	}
	res, err := radiomics.Extract(in.Image, in.Mask, e.Params, nil)
	if err != nil {
		return Extraction{Err: fmt.Errorf("extract features of %s: %w", c.Image, err)}
	}
	if len(res.Features) != len(e.names) {
		return Extraction{Err: fmt.Errorf("extract features of %s: %d features, the "+
			"parameters name %d", c.Image, len(res.Features), len(e.names))}
	}
	ex := Extraction{ImageHash: in.ImageHash, Warnings: in.Warnings,
		Values: make([]float64, len(res.Features))}
	for i, f := range res.Features {
		if f.Name != e.names[i] {
			return Extraction{Err: fmt.Errorf("extract features of %s: feature %d is %q, "+
				"the parameters name %q", c.Image, i, f.Name, e.names[i])}
		}
		ex.Values[i] = f.Value
	}
	for _, w := range res.Warnings {
		ex.Warnings = append(ex.Warnings, "features: "+w)
	}
	if path != "" {
		e.store(path, &ex) // a cache that cannot be written only costs time later
	}
	return ex
}

func (e *Extractor) load(path string) (Extraction, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Extraction{}, false
	}
	var c cached
	if json.Unmarshal(data, &c) != nil || len(c.Values) != len(e.names) {
		return Extraction{}, false
	}
	ex := Extraction{ImageHash: c.ImageHash, Warnings: c.Warnings, Cached: true,
		Values: make([]float64, len(c.Values))}
	for i, v := range c.Values {
		ex.Values[i] = math.NaN()
		if v != nil {
			ex.Values[i] = *v
		}
	}
	return ex, true
}

func (e *Extractor) store(path string, ex *Extraction) {
	c := cached{ImageHash: ex.ImageHash, Warnings: ex.Warnings,
		Values: make([]*float64, len(ex.Values))}
	for i := range ex.Values {
		if v := ex.Values[i]; !math.IsNaN(v) && !math.IsInf(v, 0) {
			c.Values[i] = &v
		}
	}
	data, err := json.Marshal(&c)
	if err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(path), "tmp-*")
	if err != nil {
		return
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr != nil || cerr != nil || os.Rename(f.Name(), path) != nil {
		_ = os.Remove(f.Name())
	}
}

// decodeKey is the part of the cache key that the decoding options contribute: the frame and
// the spacing, which change the features. The size limits only refuse inputs and are left out.
func decodeKey(o imageio.Options) string {
	return fmt.Sprintf("frame %d, spacing %v", o.Frame, o.Spacing)
}
