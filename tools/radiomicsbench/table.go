package main

import (
	"fmt"
	"io"
	"math"
)

// printTables writes one markdown table per image type (and one for configuration A): per
// case the native and wasm medians, their ratio, PyRadiomics' recorded time and its ratio to
// the native time; then the memory table. wasm may be nil.
func printTables(w io.Writer, native, wasm *Report, py map[string]map[string]float64) {
	fmt.Fprintf(w, "Median of %d runs after %d warm-up runs, one goroutine; native %s/%s",
		native.Reps, native.Warmup, native.GOOS, native.GOARCH)
	if wasm != nil {
		fmt.Fprintf(w, ", wasm %s/%s under Node", wasm.GOOS, wasm.GOARCH)
	}
	fmt.Fprintln(w, "; each case natively, then under Node right after. (fastest runs): the "+
		"ratio of the fastest runs, less affected by other load. PyRadiomics: recorded medians "+
		"(summary_busi_timings.json).")
	wasmCase := map[string]CaseResult{}
	if wasm != nil {
		for _, c := range wasm.Cases {
			wasmCase[c.Case] = c
		}
	}
	for _, typ := range imageTypes {
		fmt.Fprintln(w)
		switch typ {
		case "A":
			fmt.Fprintln(w, "### Configuration A (all image types + shape2D, 1311 features)")
			fmt.Fprintln(w)
			fmt.Fprintln(w, "PyRadiomics: one full execute() (its LoG part includes a "+
				"helper process per sigma).")
		case "LoG":
			fmt.Fprintln(w, "### LoG (sigma 1, 2, 3 mm)")
			fmt.Fprintln(w)
			fmt.Fprintln(w, "Compare separately: PyRadiomics' LoG time includes starting a "+
				"helper process per sigma.")
		default:
			fmt.Fprintf(w, "### %s\n", typ)
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| case | ROI px | native ms | wasm ms | wasm ÷ native | "+
			"(fastest runs) | PyRadiomics ms | PyRadiomics ÷ native |")
		fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
		for _, c := range native.Cases {
			nt := c.Times[typ].MedianMS
			wt, ratio, minRatio := "–", "–", "–"
			if wc, ok := wasmCase[c.Case]; ok {
				v := wc.Times[typ].MedianMS
				wt = fmt.Sprintf("%.1f", v)
				ratio = fmt.Sprintf("%.2f", v/nt)
				minRatio = fmt.Sprintf("%.2f", wc.Times[typ].MinMS/c.Times[typ].MinMS)
			}
			pt, speed := "–", "–"
			if v, ok := py[c.Case][typ]; ok && v > 0 {
				pt = fmt.Sprintf("%.0f", v)
				speed = fmt.Sprintf("%.1f×", v/math.Max(nt, 1e-9))
			}
			fmt.Fprintf(w, "| %s | %d | %.1f | %s | %s | %s | %s | %s |\n", c.Case, c.ROIPixels,
				nt, wt, ratio, minRatio, pt, speed)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "### First extraction (configuration A, before any warm-up)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "In WebAssembly the first extraction of a process runs partly in the engine's "+
		"baseline code, before its optimising compiler has caught up (the wasm run of each case "+
		"is a fresh Node process).")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| case | native ms | wasm ms | wasm ÷ native |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	for _, c := range native.Cases {
		wt, ratio := "–", "–"
		if wc, ok := wasmCase[c.Case]; ok {
			wt = fmt.Sprintf("%.1f", wc.FirstMS)
			ratio = fmt.Sprintf("%.2f", wc.FirstMS/c.FirstMS)
		}
		fmt.Fprintf(w, "| %s | %.1f | %s | %s |\n", c.Case, c.FirstMS, wt, ratio)
	}
	if native.Cases[0].Memory == nil {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "### Memory of one configuration-A extraction (native)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Peak: live heap objects above the level before the extraction, sampled "+
		"every 20 µs at GOGC=10. Bytes per box pixel: peak ÷ (bounding box width × height).")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| case | image | ROI bounding box | allocated MB | peak heap MB | "+
		"peak bytes per box pixel | peak bytes per image pixel |")
	fmt.Fprintln(w, "|---|---|---|---:|---:|---:|---:|")
	for _, c := range native.Cases {
		m := c.Memory
		box := float64(c.BBox[0] * c.BBox[1])
		imgPx := float64(c.ImageSize[0] * c.ImageSize[1])
		peak := m.PeakHeapMB * (1 << 20)
		fmt.Fprintf(w, "| %s | %d×%d | %d×%d | %.1f | %.1f | %.0f | %.0f |\n", c.Case,
			c.ImageSize[0], c.ImageSize[1], c.BBox[0], c.BBox[1], m.AllocatedMB, m.PeakHeapMB,
			peak/box, peak/imgPx)
	}
}
