// Command conformance compares the Go extractor with PyRadiomics' own feature values on every
// case of shared/reference/pyradiomics2d (synthetic images, the breast1 slice and five BUSI
// images) for every configuration (A: all image types, B: binCount 32, C: normalisation,
// D: distances 1 and 2).
//
// It prints, per image type and feature class, how many features were compared, how many match
// (1e-9 relative, 1e-6 for LoG, or 1e-12 absolute near zero; NaN must be NaN), the worst
// relative error and the feature that has it; then features missing or extra, and the time
// of each extraction next to PyRadiomics' recorded time. Image types whose filters are not in
// this build are reported as not available. The exit status is 1 if anything does not match.
//
// Usage:
//
//	go run ./tools/conformance [-shared DIR] [-case SUBSTR] [-config LETTER] [-v]
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/radiomics/pyref"
)

// imageTypeOf maps a feature name's image part to the PyRadiomics image type.
func imageTypeOf(name string) string {
	img := name[:strings.Index(name, "_")]
	switch {
	case img == "original":
		return "Original"
	case strings.HasPrefix(img, "wavelet"):
		return "Wavelet"
	case strings.HasPrefix(img, "log-"):
		return "LoG"
	case img == "square":
		return "Square"
	case img == "squareroot":
		return "SquareRoot"
	case img == "logarithm":
		return "Logarithm"
	case img == "exponential":
		return "Exponential"
	case img == "gradient":
		return "Gradient"
	case strings.HasPrefix(img, "lbp-2D"):
		return "LBP2D"
	}
	return img
}

func classOf(name string) string {
	parts := strings.SplitN(name, "_", 3)
	if len(parts) < 3 {
		return "?"
	}
	return parts[1]
}

// cell aggregates the comparison of one image type × class.
type cell struct {
	compared, matching int
	worst              float64
	worstName          string
}

type key struct{ imageType, class string }

// params reads a configuration's parameter file, leaving out image types not in this build.
func params(shared, config string) (*radiomics.Params, []string, error) {
	path, err := pyref.ParamsFile(shared, config)
	if err != nil {
		return nil, nil, err
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	avail := radiomics.AvailableImageTypes()
	var dropped []string
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "imageType" {
			continue
		}
		m := root.Content[i+1]
		var kept []*yaml.Node
		for j := 0; j+1 < len(m.Content); j += 2 {
			if slices.Contains(avail, m.Content[j].Value) {
				kept = append(kept, m.Content[j], m.Content[j+1])
			} else {
				dropped = append(dropped, m.Content[j].Value)
			}
		}
		m.Content = kept
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		return nil, nil, err
	}
	p, err := radiomics.ParseParams(out)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, dropped, nil
}

func main() {
	sharedFlag := flag.String("shared", "", "shared directory (default: $URAN_SHARED or a "+
		"\"shared\" directory next to the working directory or a parent)")
	caseFilter := flag.String("case", "", "only cases whose name contains this")
	configFilter := flag.String("config", "", "only configurations starting with this (A, B, C, D)")
	verbose := flag.Bool("v", false, "list every mismatching feature")
	flag.Parse()

	shared := *sharedFlag
	if shared == "" {
		var err error
		if shared, err = pyref.SharedDir(); err != nil {
			fmt.Fprintln(os.Stderr, "conformance:", err)
			os.Exit(2)
		}
	}
	files, err := pyref.List(shared)
	if err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		os.Exit(2)
	}

	cells := map[key]*cell{}
	unavailable := map[string]int{} // image type → features not compared
	var missing, extra, mismatches []string
	failed := false
	type timing struct {
		name       string
		ours, pyra float64
	}
	var times []timing
	for _, cf := range files {
		if !strings.Contains(cf.Case, *caseFilter) || !strings.HasPrefix(cf.Config, *configFilter) {
			continue
		}
		label := cf.Case + "/" + cf.Config
		ref, err := pyref.LoadReference(cf.JSON, cf.InputsDir)
		if err != nil {
			fmt.Fprintln(os.Stderr, label+":", err)
			failed = true
			continue
		}
		pix, labels, w, h, err := ref.LoadInputs()
		if err != nil {
			fmt.Fprintln(os.Stderr, label+":", err)
			failed = true
			continue
		}
		p, dropped, err := params(shared, cf.Config)
		if err != nil {
			fmt.Fprintln(os.Stderr, label+":", err)
			failed = true
			continue
		}
		p.Settings.Label = uint32(ref.Input.MaskLabel)
		img := &radiomics.Image{Width: w, Height: h, Pix: pix, Spacing: ref.Input.Spacing}
		mask := &radiomics.Mask{Width: w, Height: h, Labels: labels, Spacing: ref.Input.Spacing}
		start := time.Now()
		res, err := radiomics.Extract(img, mask, p, nil)
		elapsed := time.Since(start).Seconds()
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: extract: %v\n", label, err)
			failed = true
			continue
		}
		if len(dropped) == 0 {
			times = append(times, timing{label, elapsed, ref.WallTime})
		}
		got := map[string]float64{}
		for _, f := range res.Features {
			got[f.Name] = f.Value
			if _, ok := ref.Values[f.Name]; !ok {
				extra = append(extra, label+": "+f.Name)
			}
		}
		for _, name := range ref.Names {
			it := imageTypeOf(name)
			if slices.Contains(dropped, it) {
				unavailable[it]++
				continue
			}
			v, ok := got[name]
			if !ok {
				missing = append(missing, label+": "+name)
				continue
			}
			rel := 1e-9
			if it == "LoG" {
				rel = 1e-6
			}
			e, match := pyref.Compare(v, ref.Values[name], rel, 1e-12)
			k := key{it, classOf(name)}
			c := cells[k]
			if c == nil {
				c = &cell{}
				cells[k] = c
			}
			c.compared++
			if match {
				c.matching++
			} else {
				mismatches = append(mismatches, fmt.Sprintf("%s: %s got %.17g want %.17g "+
					"(rel %.3g)", label, name, v, ref.Values[name], e))
			}
			if e > c.worst || c.worstName == "" {
				c.worst, c.worstName = e, cf.Case+" "+name
			}
		}
	}

	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "image type\tclass\tcompared\tmatching\tworst rel. error\tfeature (case)")
	order := []string{"Original", "Wavelet", "Square", "SquareRoot", "Logarithm", "Exponential",
		"Gradient", "LoG", "LBP2D"}
	classes := []string{"shape2D", "firstorder", "glcm", "glrlm", "glszm", "gldm", "ngtdm"}
	total, totalMatch := 0, 0
	for _, it := range order {
		if n := unavailable[it]; n > 0 {
			fmt.Fprintf(tw, "%s\t(all)\t–\t–\tnot available\t%d features not compared\n", it, n)
			continue
		}
		for _, cl := range classes {
			c := cells[key{it, cl}]
			if c == nil {
				continue
			}
			total += c.compared
			totalMatch += c.matching
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.2g\t%s\n", it, cl, c.compared, c.matching,
				c.worst, c.worstName)
		}
	}
	fmt.Fprintf(tw, "total\t\t%d\t%d\t\t\n", total, totalMatch)
	tw.Flush()

	fmt.Printf("\nmissing features: %d, extra features: %d, mismatching: %d\n", len(missing),
		len(extra), len(mismatches))
	show := func(title string, list []string) {
		if len(list) == 0 {
			return
		}
		fmt.Println(title + ":")
		for i, s := range list {
			if i == 20 && !*verbose {
				fmt.Printf("  … %d more (-v lists all)\n", len(list)-20)
				break
			}
			fmt.Println("  " + s)
		}
	}
	show("missing", missing)
	show("extra", extra)
	sort.Strings(mismatches)
	show("mismatching", mismatches)

	if len(times) > 0 {
		fmt.Println()
		tw = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "case/config\tthis extractor (ms)\tPyRadiomics (ms)\tspeed-up\t")
		for _, t := range times {
			fmt.Fprintf(tw, "%s\t%.1f\t%.0f\t%.0f×\t\n", t.name, t.ours*1e3, t.pyra*1e3,
				t.pyra/math.Max(t.ours, 1e-9))
		}
		tw.Flush()
		fmt.Println("(PyRadiomics' times are single full executions recorded on a shared " +
			"2-core machine; ours is one run, no warm-up.)")
	}
	if failed || len(missing)+len(extra)+len(mismatches) > 0 {
		os.Exit(1)
	}
}
