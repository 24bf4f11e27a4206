package cohort

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/uran-browser/uran/radiomics"
)

func savePNG(t *testing.T, path string, w, h int, f func(x, y int) uint8) {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetGray(x, y, color.Gray{f(x, y)})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestExtractorCache: a second run reads every case from the cache with the same values; a
// case with an empty mask fails alone; changing the parameters misses the cache.
func TestExtractorCache(t *testing.T) {
	dir := t.TempDir()
	savePNG(t, filepath.Join(dir, "a.png"), 30, 24, func(x, y int) uint8 {
		return uint8(x*7 + y*3)
	})
	savePNG(t, filepath.Join(dir, "m.png"), 30, 24, func(x, y int) uint8 {
		if x > 5 && x < 20 && y > 4 && y < 15 {
			return 255
		}
		return 0
	})
	savePNG(t, filepath.Join(dir, "empty.png"), 30, 24, func(x, y int) uint8 { return 0 })
	cases := []Case{
		{ID: "ok", Image: filepath.Join(dir, "a.png"),
			Masks: []string{filepath.Join(dir, "m.png")}},
		{ID: "empty", Image: filepath.Join(dir, "a.png"),
			Masks: []string{filepath.Join(dir, "empty.png")}},
	}
	p, err := radiomics.ParseParams([]byte("imageType: {Original: {}}\n" +
		"featureClass: {firstorder: [Mean, Energy], glcm: [Contrast]}\nsetting: {label: 0}\n"))
	if err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(dir, "cache")
	run := func(p *radiomics.Params) []Extraction {
		e := &Extractor{Params: p, Cache: cache, Workers: 2}
		out, err := e.Run(cases)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	first := run(p)
	if first[0].Err != nil || first[0].Cached || len(first[0].Values) != 3 {
		t.Fatalf("first run: %+v", first[0])
	}
	if first[1].Err == nil {
		t.Fatal("an empty mask extracted without error")
	}
	second := run(p)
	if !second[0].Cached || !slices.Equal(second[0].Values, first[0].Values) ||
		second[0].ImageHash != first[0].ImageHash {
		t.Fatalf("second run: cached %v values %v vs %v", second[0].Cached, second[0].Values,
			first[0].Values)
	}
	p2, _ := radiomics.ParseParams([]byte("imageType: {Original: {}}\n" +
		"featureClass: {firstorder: [Mean, Energy], glcm: [Contrast]}\n" +
		"setting: {label: 0, binWidth: 5}\n"))
	if third := run(p2); third[0].Cached {
		t.Fatal("other parameters were served from the cache")
	}
}
