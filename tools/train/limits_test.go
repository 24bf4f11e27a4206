package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics/imageio"
	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
	"github.com/uran-browser/uran/tools/internal/cohort"
)

// TestTrainLimitFlags: with -manifest, -max-pixels reaches the decoders and its message names
// the flag; a limit below 1 is refused before anything is read.
func TestTrainLimitFlags(t *testing.T) {
	dir := t.TempDir()
	err := run([]string{"-manifest", filepath.Join(dir, "none.csv"), "-max-pixels", "0",
		"-weights", filepath.Join(dir, "w.uranw")})
	if err == nil || err.Error() != "-max-pixels 0: want at least 1 pixel" {
		t.Errorf("-max-pixels 0: %v", err)
	}

	img := imageiotest.PNG(imageiotest.Gray(32, 24, func(x, y int) uint8 {
		return uint8(3*x + 5*y)
	}))
	mask := imageiotest.PNG(imageiotest.Gray(32, 24, func(x, y int) uint8 {
		if x > 4 && x < 20 && y > 4 && y < 18 {
			return 255
		}
		return 0
	}))
	var b strings.Builder
	b.WriteString("image,mask,label\n")
	for i := range 4 {
		for _, f := range []struct {
			name string
			data []byte
		}{{"i.png", img}, {"m.png", mask}} {
			p := filepath.Join(dir, string(rune('a'+i))+f.name)
			if err := os.WriteFile(p, f.data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		b.WriteString(string(rune('a'+i)) + "i.png," + string(rune('a'+i)) + "m.png," +
			[]string{"benign", "malignant"}[i%2] + "\n")
	}
	manifest := filepath.Join(dir, "cases.csv")
	if err := os.WriteFile(manifest, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	params := filepath.Join(dir, "p.yaml")
	if err := os.WriteFile(params, []byte("featureClass:\n  firstorder: [Mean]\n"),
		0o644); err != nil {
		t.Fatal(err)
	}
	o := &options{manifest: manifest, params: params, imageCol: "image", maskCol: "mask",
		decode: imageio.Options{MaxPixels: 700, LimitNames: imageio.CommandLimitNames}}
	_, notes, _, err := loadManifest(o, cohort.Columns{Label: "label"})
	if err != nil {
		t.Fatal(err)
	}
	want := "ai.png: decode image " + filepath.Join(dir, "ai.png") + ": PNG header " +
		"declares 32 × 24 pixels (768), over the limit of 700 pixels; if the file is " +
		"genuine, raise the limit with -max-pixels"
	if len(notes) != 4 || notes[0] != want {
		t.Errorf("notes %q; want 4, the first\n%s", notes, want)
	}
}
