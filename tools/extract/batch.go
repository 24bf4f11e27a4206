package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// runBatch extracts every case of the manifest with cfg.workers goroutines and writes the
// rows in manifest order as they complete.
func runBatch(cfg *config, stdout, stderr io.Writer) int {
	m, err := readManifest(cfg.manifest)
	if err != nil {
		fmt.Fprintf(stderr, "extract: %v\n", err)
		return 2
	}
	names := cfg.p.FeatureNames()
	for _, col := range m.header {
		if slices.Contains(names, col) {
			fmt.Fprintf(stderr, "extract: manifest column %q has a feature's name\n", col)
			return 2
		}
	}

	out := stdout
	if cfg.out != "" {
		f, err := os.Create(cfg.out)
		if err != nil {
			fmt.Fprintf(stderr, "extract: %v\n", err)
			return 2
		}
		defer f.Close()
		out = f
	}
	w := csv.NewWriter(out)
	w.Write(append(slices.Clone(m.header), names...))

	results := make(chan indexed)
	go extractAll(m, cfg, results)

	bar := newBar(len(m.rows), stderr)
	var problems [][]string
	pending := map[int]outcome{}
	next, failed, warned := 0, 0, 0
	for r := range results {
		pending[r.i] = r.o
		for {
			o, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			if o.err == nil {
				o.err = checkNames(o, names)
			}
			if o.err != nil {
				failed++
				problems = append(problems, m.problem(next, "error", o.err.Error()))
			} else {
				row := slices.Clone(m.rows[next])
				for _, f := range o.result.Features {
					row = append(row, csvNumber(f.Value))
				}
				w.Write(row)
				w.Flush() // a long batch keeps what it has done
			}
			if len(o.warnings) > 0 {
				warned++
			}
			for _, msg := range o.warnings {
				problems = append(problems, m.problem(next, "warning", msg))
			}
			next++
		}
		if bar != nil {
			bar.Add(1)
		}
	}
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(stderr)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		fmt.Fprintf(stderr, "extract: write %s: %v\n", outName(cfg), err)
		return 1
	}

	summary := fmt.Sprintf("extract: %d cases: %d extracted, %d failed, %d with warnings",
		len(m.rows), len(m.rows)-failed, failed, warned)
	if len(problems) > 0 {
		path := problemsPath(cfg)
		if err := writeProblems(path, problems); err != nil {
			fmt.Fprintf(stderr, "extract: %v\n", err)
			return 1
		}
		summary += "; details in " + path
	}
	fmt.Fprintln(stderr, summary)
	if failed > 0 {
		return 1
	}
	return 0
}

type indexed struct {
	i int
	o outcome
}

// extractAll runs the cases on cfg.workers goroutines and closes results when done.
func extractAll(m *manifest, cfg *config, results chan<- indexed) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(cfg.workers, len(m.rows)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results <- indexed{i, runCase(m, i, cfg)}
			}
		}()
	}
	for i := range m.rows {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(results)
}

// runCase extracts one manifest row; a panic (a bug) becomes that case's error so the batch
// goes on.
func runCase(m *manifest, i int, cfg *config) (o outcome) {
	defer func() {
		if p := recover(); p != nil {
			o = outcome{err: fmt.Errorf("internal error (please report): %v", p)}
		}
	}()
	img, masks, err := m.paths(i)
	if err != nil {
		return outcome{err: err}
	}
	return extractCase(img, masks, cfg)
}

// checkNames guards the column layout: every case must give the header's features.
func checkNames(o outcome, names []string) error {
	f := o.result.Features
	if len(f) != len(names) {
		return fmt.Errorf("internal error: %d features, header has %d", len(f), len(names))
	}
	for i := range f {
		if f[i].Name != names[i] {
			return fmt.Errorf("internal error: feature %d is %s, header says %s", i, f[i].Name,
				names[i])
		}
	}
	return nil
}

// problem is a row of the problems file: manifest line, id, image, mask, level, message.
func (m *manifest) problem(i int, level, msg string) []string {
	id := ""
	if m.id >= 0 {
		id = m.rows[i][m.id]
	}
	return []string{strconv.Itoa(i + 2), id, m.rows[i][m.image], m.rows[i][m.mask], level, msg}
}

func writeProblems(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"manifest_line", "id", "image", "mask", "level", "message"})
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

func outName(cfg *config) string {
	if cfg.out == "" {
		return "standard output"
	}
	return cfg.out
}

// problemsPath is -errors, else the output's name with ".problems.csv".
func problemsPath(cfg *config) string {
	switch {
	case cfg.errors != "":
		return cfg.errors
	case cfg.out != "":
		return strings.TrimSuffix(cfg.out, ".csv") + ".problems.csv"
	}
	return "extract.problems.csv"
}

// newBar returns a progress bar on stderr when it is a terminal, else nil.
func newBar(n int, stderr io.Writer) *progressbar.ProgressBar {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription("extracting"), progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true), progressbar.OptionThrottle(100*time.Millisecond))
}
