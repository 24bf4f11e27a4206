package learn

import (
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/uran-browser/uran/weights"
)

// Config is a cross-validation run.
type Config struct {
	Settings weights.Settings
	Folds    int      // K of the K-fold
	Repeats  int      // repeats with new fold assignments
	Seed     uint64   // every random stream derives from it
	Models   []string // model identifiers; URAN must be first
	Workers  int      // goroutines; 0 means GOMAXPROCS
	// Permutations is the number of permutation-importance shuffles per fold (0 = none).
	Permutations int
	// Progress, when set, is called after every fit with the fits done and the total; calls
	// never overlap.
	Progress func(done, total int)
}

// foldFit is the outcome of one model on one test fold.
type foldFit struct {
	test     []int
	prob     [][]float64 // per test row
	pred     []int
	gates    [][]float64 // URAN: MAAE gates per test row over kept
	kept     []int       // URAN: kept feature positions
	nKept    int         // features the model uses (non-zero L1 weights for the logistic)
	perm     *permutation
	epochs   int
	thr      float64
	warnings []string
}

// cvResult holds every out-of-fold prediction of a run.
type cvResult struct {
	cfg     *Config
	folds   [][]int         // [repeat] fold of each row
	fits    [][][]*foldFit  // [model][repeat][fold]
	prob    [][][][]float64 // [model][repeat][row] class probabilities
	pred    [][][]int       // [model][repeat][row] predicted class
	warning []string
}

// crossValidate runs the repeated stratified group K-fold for every model of cfg on d. Scaler,
// HKFS, early stopping and thresholds see training rows only; each test fold is scored once by
// each model. The work is spread over cfg.Workers goroutines; results do not depend on their
// scheduling because each fit draws from its own random stream and writes its own slot.
// cfg must have passed CheckConfig.
func crossValidate(d *Dataset, cfg *Config) (*cvResult, error) {
	R, K, M := cfg.Repeats, cfg.Folds, len(cfg.Models)
	res := &cvResult{cfg: cfg, folds: make([][]int, R)}
	all := make([]int, len(d.X))
	for i := range all {
		all[i] = i
	}
	splits := make([][]split, R)
	for r := range R {
		f, err := groupKFold(d.Y, d.Groups, all, len(d.Classes), K,
			newRNG(cfg.Seed, streamFolds+uint64(r)))
		if err != nil {
			return nil, err
		}
		res.folds[r] = f
		splits[r] = kFoldSplits(all, f, K)
	}

	needSel := slices.Contains(cfg.Models, ModelURAN) || slices.Contains(cfg.Models, ModelNoMAAE)
	preps := make([]*foldPrep, R*K)
	for i := range preps {
		preps[i] = &foldPrep{users: M}
	}
	res.fits = make([][][]*foldFit, M)
	for m := range M {
		res.fits[m] = make([][]*foldFit, R)
		for r := range R {
			res.fits[m][r] = make([]*foldFit, K)
		}
	}

	type task struct{ r, f, m int }
	var tasks []task
	for r := range R {
		for f := range K {
			for m := range M {
				tasks = append(tasks, task{r, f, m})
			}
		}
	}
	errs := make([]error, len(tasks))
	var mu sync.Mutex
	done := 0
	runParallel(cfg.Workers, len(tasks), func(ti int) {
		t := tasks[ti]
		fp := preps[t.r*K+t.f]
		p, err := fp.get(func() (*prepared, error) {
			return prepare(d, splits[t.r][t.f].train, &cfg.Settings, needSel,
				newRNG(cfg.Seed, streamFit+fitKey(t.r, t.f, 0)))
		})
		if err == nil {
			res.fits[t.m][t.r][t.f], err = runFold(d, cfg, cfg.Models[t.m], p,
				splits[t.r][t.f].test, fitKey(t.r, t.f, t.m+1))
		}
		fp.release()
		if err != nil {
			errs[ti] = fmt.Errorf("repeat %d fold %d %s: %w", t.r+1, t.f+1,
				ModelName(cfg.Models[t.m]), err)
		}
		mu.Lock()
		done++
		if cfg.Progress != nil {
			cfg.Progress(done, len(tasks))
		}
		mu.Unlock()
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	res.collect(d)
	return res, nil
}

// foldPrep computes a fold's shared preparation once and frees it when its last user is done.
type foldPrep struct {
	once  sync.Once
	mu    sync.Mutex
	p     *prepared
	err   error
	users int
}

func (fp *foldPrep) get(make func() (*prepared, error)) (*prepared, error) {
	fp.once.Do(func() { fp.p, fp.err = make() })
	return fp.p, fp.err
}

func (fp *foldPrep) release() {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	if fp.users--; fp.users == 0 {
		fp.p = nil
	}
}

// runFold fits one model on a fold's training rows and scores its test rows.
func runFold(d *Dataset, cfg *Config, id string, p *prepared, test []int, key uint64) (
	*foldFit, error) {
	rng := newRNG(cfg.Seed, streamFit+key)
	f, err := fitModel(d, id, p, &cfg.Settings, rng)
	if err != nil {
		return nil, err
	}
	raw := pick(d.X, test)
	prob, gates, err := f.score(raw)
	if err != nil {
		return nil, err
	}
	ff := &foldFit{test: test, prob: prob, pred: make([]int, len(test)), epochs: f.epochs,
		thr: f.threshold, warnings: f.warnings, nKept: f.used()}
	for i, pr := range prob {
		ff.pred[i] = decide(pr, d.Positive, f.threshold)
	}
	if id == ModelURAN {
		ff.gates = gates
		ff.kept = p.sel.kept
		if cfg.Permutations > 0 {
			ff.perm, err = permute(d, f, test, prob, cfg.Permutations,
				newRNG(cfg.Seed, streamPermutation+key))
			if err != nil {
				return nil, err
			}
		}
	}
	return ff, nil
}

// collect gathers the per-fold outputs into per-repeat out-of-fold tables.
func (res *cvResult) collect(d *Dataset) {
	M, R := len(res.fits), res.cfg.Repeats
	res.prob = make([][][][]float64, M)
	res.pred = make([][][]int, M)
	for m := range M {
		res.prob[m] = make([][][]float64, R)
		res.pred[m] = make([][]int, R)
		for r := range R {
			res.prob[m][r] = make([][]float64, len(d.X))
			res.pred[m][r] = make([]int, len(d.X))
			for _, ff := range res.fits[m][r] {
				for k, i := range ff.test {
					res.prob[m][r][i] = ff.prob[k]
					res.pred[m][r][i] = ff.pred[k]
				}
				for _, w := range ff.warnings {
					if !slices.Contains(res.warning, w) {
						res.warning = append(res.warning, w)
					}
				}
			}
		}
	}
}

// runParallel calls fn(0 … n−1) on up to workers goroutines (GOMAXPROCS when workers ≤ 0).
func runParallel(workers, n int, fn func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
