package cohort

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics"
)

// TestExtractorLesionErrors: for training, a case with an empty mask or a mask without the
// parameter file's label fails alone with the message tools/extract and the browser give;
// a case with two lesions is extracted with the regions warning.
func TestExtractorLesionErrors(t *testing.T) {
	dir := t.TempDir()
	file := func(name string, f func(x, y int) uint8) string {
		p := filepath.Join(dir, name)
		savePNG(t, p, 30, 24, f)
		return p
	}
	img := file("a.png", func(x, y int) uint8 { return uint8(x*7 + y*3) })
	m255 := file("m255.png", func(x, y int) uint8 {
		if x > 5 && x < 20 && y > 4 && y < 15 { // 14 × 10 = 140 pixels
			return 255
		}
		return 0
	})
	two := file("two.png", func(x, y int) uint8 {
		if (x > 1 && x < 6 && y > 1 && y < 6) || (x > 20 && x < 26 && y > 10 && y < 20) {
			return 1 // 16 and 45 pixels
		}
		return 0
	})
	empty := file("empty.png", func(x, y int) uint8 { return 0 })
	cases := []Case{
		{ID: "label", Image: img, Masks: []string{m255}},
		{ID: "empty", Image: img, Masks: []string{empty}},
		{ID: "two", Image: img, Masks: []string{two}},
	}
	p, err := radiomics.ParseParams([]byte("imageType: {Original: {}}\n" +
		"featureClass: {firstorder: [Mean]}\nsetting: {label: 1}\n"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := (&Extractor{Params: p, Workers: 1}).Run(cases)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"find lesion in " + m255 + ": label 1 is not in the mask; the mask's labels are 255 " +
			"(140 pixels, 1 region). Choose one of them, or 0 for every non-zero pixel",
		"find lesion in " + empty + ": the mask is empty (every pixel is 0), so there is no " +
			"lesion to measure",
	}
	for i, w := range want {
		if out[i].Err == nil || out[i].Err.Error() != w {
			t.Errorf("%s: error %v\nwant %s", cases[i].ID, out[i].Err, w)
		}
	}
	if out[2].Err != nil || len(out[2].Warnings) != 1 || !strings.HasPrefix(out[2].Warnings[0],
		"lesion in "+two+": the lesion (label 1) has 2 separate regions (8-connected) of 45 "+
			"and 16 pixels") {
		t.Errorf("two lesions: %v %q", out[2].Err, out[2].Warnings)
	}
}
