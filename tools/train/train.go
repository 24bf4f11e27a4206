package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/uran-browser/uran/tools/internal/cohort"
	"github.com/uran-browser/uran/tools/internal/learn"
	"github.com/uran-browser/uran/weights"
	"golang.org/x/term"
)

// newBar is a progress bar on standard error, drawn only when that is a terminal (a log file
// gets no carriage-return lines).
func newBar(max int, what string) *progressbar.ProgressBar {
	return progressbar.NewOptions(max, progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription(what), progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish(),
		progressbar.OptionSetVisibility(term.IsTerminal(int(os.Stderr.Fd()))))
}

// cvConfig is the cross-validation the flags ask for.
func cvConfig(o *options, s *weights.Settings) *learn.Config {
	return &learn.Config{Settings: *s, Folds: o.folds, Repeats: o.repeats, Seed: o.seed,
		Models: strings.Split(o.models, ","), Workers: o.workers, Permutations: o.permutations}
}

// train loads the data, cross-validates, trains the final model and writes the outputs.
func train(o *options, s *weights.Settings, date, command string) error {
	start := time.Now()
	// The model flags are checked before the cohort is read, so a typo does not cost an
	// extraction.
	check := learn.CheckSettings(s)
	if !o.noCV {
		check = learn.CheckConfig(cvConfig(o, s))
	}
	if check != nil {
		return check
	}
	d, excluded, paramsYAML, err := load(o)
	if err != nil {
		return err
	}
	if o.dropMixed {
		excluded = append(excluded, dropMixedGroups(d)...)
	}
	fmt.Fprintf(os.Stderr, "data: %d rows, %d groups, %d features, classes %s\n",
		len(d.X), d.NumGroups(), len(d.Features), classList(d))
	for _, e := range excluded {
		fmt.Fprintln(os.Stderr, "left out:", e)
	}

	var rep *learn.Report
	if !o.noCV {
		cfg := cvConfig(o, s)
		bar := newBar(1, "cross-validation")
		cfg.Progress = func(done, total int) {
			bar.ChangeMax(total)
			_ = bar.Set(done)
		}
		if rep, err = learn.Evaluate(d, cfg); err != nil {
			return err
		}
		_ = bar.Finish()
		rep.Title = o.task
		rep.Command = command
		rep.Data.Source = sourceOf(o)
		rep.Data.Excluded = excluded
		fmt.Fprintf(os.Stderr, "cross-validation done in %s\n",
			time.Since(start).Round(time.Second))
	}

	var m *weights.Model
	if o.weightsOut != "" || rep != nil {
		var fr *learn.FinalReport
		var warn []string
		m, fr, warn, err = learn.TrainFinal(d, *s, o.seed)
		if err != nil {
			return err
		}
		m.Task, m.Description, m.ParamsYAML = o.task, o.description, paramsYAML
		m.Training = provenance(o, d, s, m, date, command, excluded, warn)
		if rep != nil {
			rep.Final = fr
			m.Evaluation = rep.Summary()
		}
	}
	if rep != nil && o.reportOut != "" {
		if err := writeReport(rep, o.reportOut); err != nil {
			return err
		}
		printSummary(rep)
	}
	if o.weightsOut != "" {
		b, err := m.Encode()
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.weightsOut, b, 0o644); err != nil {
			return fmt.Errorf("write weights: %w", err)
		}
		fmt.Fprintf(os.Stderr, "wrote %s (%d key features, %d bytes)\n", o.weightsOut,
			len(m.HKFS.Kept), len(b))
	}
	fmt.Fprintf(os.Stderr, "total time %s\n", time.Since(start).Round(time.Second))
	return nil
}

// load reads the data set from a feature table or a manifest. It also returns notes on
// excluded rows and, for a manifest, the extraction parameters (canonical YAML).
func load(o *options) (*learn.Dataset, []string, string, error) {
	cols := cohort.Columns{ID: o.id, Label: o.label, Group: o.group,
		GroupPattern: o.groupPattern, Subgroups: splitList(o.subgroups),
		Classes: splitList(o.classes), Positive: o.positive}
	if o.features != "" {
		if o.params != "" {
			return nil, nil, "", fmt.Errorf("-params applies to -manifest only")
		}
		d, ex, err := cohort.ReadTable(cohort.TableOptions{Path: o.features, Labels: o.labels,
			Columns: cols, Ignore: splitList(o.ignore)})
		return d, ex, "", err
	}
	return loadManifest(o, cols)
}

// dropMixedGroups removes the rows of groups that carry more than one class and describes them.
func dropMixedGroups(d *learn.Dataset) []string {
	classes := map[string]map[int]bool{}
	for i, g := range d.Groups {
		if classes[g] == nil {
			classes[g] = map[int]bool{}
		}
		classes[g][d.Y[i]] = true
	}
	var keep []int
	var dropped []string
	for i, g := range d.Groups {
		if len(classes[g]) > 1 {
			dropped = append(dropped, d.IDs[i])
			continue
		}
		keep = append(keep, i)
	}
	if len(dropped) == 0 {
		return nil
	}
	d.Keep(keep)
	return []string{fmt.Sprintf("%d rows of groups holding more than one class (label "+
		"conflicts): %s", len(dropped), strings.Join(dropped, ", "))}
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func classList(d *learn.Dataset) string {
	var parts []string
	for c, n := range d.ClassCounts() {
		parts = append(parts, fmt.Sprintf("%s %d", d.Classes[c], n))
	}
	return strings.Join(parts, ", ")
}

func sourceOf(o *options) string {
	if o.dataset != "" {
		return o.dataset
	}
	if o.features != "" {
		return o.features
	}
	return o.manifest
}

// provenance fills the training record of the weights file.
func provenance(o *options, d *learn.Dataset, s *weights.Settings, m *weights.Model, date,
	command string, excluded, warn []string) weights.Provenance {
	p := weights.Provenance{Dataset: sourceOf(o), Command: command, Date: date, Seed: o.seed,
		GitCommit: gitCommit(), Software: "URAN tools/train", Rows: len(d.X),
		Groups: d.NumGroups(), Excluded: slices.Clone(excluded), Settings: *s,
		Epochs: m.Training.Epochs, Warnings: warn}
	for c, n := range d.ClassCounts() {
		p.ClassCounts = append(p.ClassCounts, weights.ClassCount{Class: d.Classes[c], N: n})
	}
	if p.Excluded == nil {
		p.Excluded = []string{}
	}
	if p.Warnings == nil {
		p.Warnings = []string{}
	}
	return p
}

// gitCommit returns the commit the program was built from (with "+dirty" for local changes),
// from the build information or else from git itself; empty when neither knows.
func gitCommit() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, dirty string
		for _, kv := range bi.Settings {
			switch kv.Key {
			case "vcs.revision":
				rev = kv.Value
			case "vcs.modified":
				if kv.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
		if rev != "" {
			return rev + dirty
		}
	}
	out, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		return ""
	}
	rev := strings.TrimSpace(string(out))
	st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output()
	if err == nil && len(strings.TrimSpace(string(st))) > 0 {
		rev += "+dirty"
	}
	return rev
}

// writeReport writes PATH.json, PATH.html and PATH.md.
func writeReport(rep *learn.Report, path string) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	js, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := os.WriteFile(path+".json", append(js, '\n'), 0o644); err != nil {
		return err
	}
	html, err := learn.HTML(rep)
	if err != nil {
		return fmt.Errorf("report page: %w", err)
	}
	if err := os.WriteFile(path+".html", html, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(path+".md", []byte(learn.Markdown(rep)), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s.json, %s.html, %s.md\n", path, path, path)
	return nil
}

// printSummary prints the comparison table to standard output.
func printSummary(rep *learn.Report) {
	fmt.Print(learn.Markdown(rep))
}
