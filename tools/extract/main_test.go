package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics"
	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
)

// The test case: a 32 × 24 image whose grey level is 3x + 5y (mod 256) with a lesion mask of
// two labels: label 255 on the rectangle x 4–15, y 4–11 (96 pixels) and label 7 on x 20–27,
// y 14–19 (48 pixels).
const W, H = 32, 24

func level(x, y int) uint8 { return uint8((3*x + 5*y) % 256) }

func maskValue(x, y int) uint8 {
	switch {
	case x >= 4 && x <= 15 && y >= 4 && y <= 11:
		return 255
	case x >= 20 && x <= 27 && y >= 14 && y <= 19:
		return 7
	}
	return 0
}

// writeCase writes image.png and mask.png into dir.
func writeCase(t *testing.T, dir string) (string, string) {
	t.Helper()
	img := filepath.Join(dir, "image.png")
	mask := filepath.Join(dir, "mask.png")
	write(t, img, imageiotest.PNG(imageiotest.Gray(W, H, level)))
	write(t, mask, imageiotest.PNG(imageiotest.Gray(W, H, maskValue)))
	return img, mask
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// reference extracts the features from images built here, without the decoders: the values
// the command must print.
func reference(t *testing.T, label uint32, spacing [2]float64) *radiomics.Result {
	t.Helper()
	img := &radiomics.Image{Width: W, Height: H, Pix: make([]float64, W*H), Spacing: spacing}
	mask := &radiomics.Mask{Width: W, Height: H, Labels: make([]uint32, W*H), Spacing: spacing}
	for y := 0; y < H; y++ {
		for x := 0; x < W; x++ {
			img.Pix[y*W+x] = float64(level(x, y))
			mask.Labels[y*W+x] = uint32(maskValue(x, y))
		}
	}
	p := radiomics.DefaultParams()
	p.Settings.Label = label
	res, err := radiomics.Extract(img, mask, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// orderedJSON reads a JSON object's keys in order and its values.
func orderedJSON(t *testing.T, s string) ([]string, []float64) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %v %v", tok, err)
	}
	var names []string
	var values []float64
	for dec.More() {
		k, _ := dec.Token()
		v, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, k.(string))
		if v == nil {
			values = append(values, math.NaN())
			continue
		}
		f, _ := v.(json.Number).Float64()
		values = append(values, f)
	}
	return names, values
}

func sameValue(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

func checkFeatures(t *testing.T, names []string, values []float64, want *radiomics.Result) {
	t.Helper()
	if len(names) != len(want.Features) {
		t.Fatalf("%d features, want %d", len(names), len(want.Features))
	}
	for i, f := range want.Features {
		if names[i] != f.Name || !sameValue(values[i], f.Value) {
			t.Fatalf("feature %d: %s = %v, want %s = %v", i, names[i], values[i], f.Name, f.Value)
		}
	}
}

func TestSingleJSON(t *testing.T) {
	img, mask := writeCase(t, t.TempDir())
	code, out, errs := runCmd("-image", img, "-mask", mask)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	names, values := orderedJSON(t, out)
	want := reference(t, 0, [2]float64{1, 1})
	checkFeatures(t, names, values, want)

	// PyRadiomics order: shape2D first, as FeatureNames says.
	if fn := radiomics.DefaultParams().FeatureNames(); strings.Join(fn, ",") !=
		strings.Join(names, ",") || !strings.HasPrefix(names[0], "original_shape2D_") {
		t.Errorf("order differs from FeatureNames: %v", names[:3])
	}
	// By hand: every non-zero pixel is lesion, 96 + 48 pixels.
	if v := values[indexOf(names, "original_shape2D_PixelSurface")]; v != 144 {
		t.Errorf("PixelSurface %v, want 144", v)
	}
}

// TestSingleSeveralMaskFiles: -mask "a;b" measures the union of the two files' lesions, as
// one mask holding both (the 96-pixel block in one file, the 48-pixel block in the other).
func TestSingleSeveralMaskFiles(t *testing.T) {
	dir := t.TempDir()
	img, _ := writeCase(t, dir)
	a, b := filepath.Join(dir, "a_mask.png"), filepath.Join(dir, "b_mask.png")
	write(t, a, imageiotest.PNG(imageiotest.Gray(W, H, func(x, y int) uint8 {
		return map[bool]uint8{true: 255}[maskValue(x, y) == 255]
	})))
	write(t, b, imageiotest.PNG(imageiotest.Gray(W, H, func(x, y int) uint8 {
		return map[bool]uint8{true: 255}[maskValue(x, y) == 7]
	})))
	code, out, errs := runCmd("-image", img, "-mask", a+" ; "+b)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	names, values := orderedJSON(t, out)
	if v := values[indexOf(names, "original_shape2D_PixelSurface")]; v != 144 {
		t.Errorf("PixelSurface %v, want 96 + 48 = 144", v)
	}
}

func indexOf(names []string, n string) int {
	for i, s := range names {
		if s == n {
			return i
		}
	}
	return -1
}

func TestSingleLabelAndSpacing(t *testing.T) {
	img, mask := writeCase(t, t.TempDir())
	code, out, errs := runCmd("-image", img, "-mask", mask, "-label", "7", "-spacing",
		"0.5,0.5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	names, values := orderedJSON(t, out)
	want := reference(t, 7, [2]float64{0.5, 0.5})
	checkFeatures(t, names, values, want)
	// 48 pixels of 0.25 mm².
	if v := values[indexOf(names, "original_shape2D_PixelSurface")]; v != 12 {
		t.Errorf("PixelSurface %v, want 12", v)
	}
}

func TestSingleCSV(t *testing.T) {
	img, mask := writeCase(t, t.TempDir())
	code, out, errs := runCmd("-image", img, "-mask", mask, "-format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows %v err %v", rows, err)
	}
	if rows[0][0] != "image" || rows[0][1] != "mask" || rows[1][0] != img {
		t.Errorf("row start %v / %v", rows[0][:2], rows[1][:2])
	}
	values := make([]float64, len(rows[1])-2)
	for i, s := range rows[1][2:] {
		values[i], _ = strconv.ParseFloat(s, 64)
	}
	checkFeatures(t, rows[0][2:], values, reference(t, 0, [2]float64{1, 1}))
}

func TestSingleErrors(t *testing.T) {
	dir := t.TempDir()
	img, mask := writeCase(t, dir)
	small := filepath.Join(dir, "small.png")
	write(t, small, imageiotest.PNG(imageiotest.Gray(4, 3, func(x, y int) uint8 { return 1 })))
	bad := filepath.Join(dir, "bad.png")
	write(t, bad, []byte("\x89PNG\r\n\x1a\nnot really"))
	params := filepath.Join(dir, "p.yaml")
	write(t, params, []byte("setting:\n  binWidht: 5\n"))

	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-image", img}, 2, "give -image and -mask, or -manifest"},
		{[]string{"-image", img, "-mask", small}, 1, "mask is 4 × 3 pixels but image " + img +
			" is 32 × 24"},
		{[]string{"-image", bad, "-mask", mask}, 1, "read image " + bad + ": PNG is"},
		{[]string{"-image", img, "-mask", mask, "-params", params}, 2, "binWidht"},
		{[]string{"-image", img, "-mask", mask, "-spacing", "1"}, 2, "want two numbers x,y"},
		{[]string{"-image", img, "-mask", mask, "-format", "xml"}, 2, "want json or csv"},
		{[]string{"-image", img, "-mask", mask, "-label", "3"}, 1, "label"},
	}
	for _, c := range cases {
		code, _, errs := runCmd(c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", c.args, code, errs,
				c.code, c.want)
		}
	}
}

func TestJSONNaNIsNull(t *testing.T) {
	got := string(writeJSONObject([]radiomics.Feature{{Name: "a", Value: math.NaN()},
		{Name: "b\"", Value: 0.1}}))
	if got != "{\n  \"a\": null,\n  \"b\\\"\": 0.1\n}\n" {
		t.Errorf("%q", got)
	}
	if csvNumber(math.NaN()) != "nan" || csvNumber(math.Inf(-1)) != "-inf" {
		t.Error("csv NaN/Inf spelling")
	}
}

// TestBatch: three cases, one with two masks to combine and one whose image is missing; extra
// columns are carried; the output keeps the manifest's order whatever the workers do.
func TestBatch(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "cases")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	writeCase(t, data)
	// Two masks that split the lesions: their union is the full mask.
	only := func(v uint8) []byte {
		return imageiotest.PNG(imageiotest.Gray(W, H, func(x, y int) uint8 {
			if maskValue(x, y) == v {
				return v
			}
			return 0
		}))
	}
	write(t, filepath.Join(data, "m255.png"), only(255))
	write(t, filepath.Join(data, "m7.png"), only(7))

	manifest := filepath.Join(dir, "manifest.csv")
	write(t, manifest, []byte("ID,Image,Mask,label,group,site\n"+
		"a,cases/image.png,cases/mask.png,benign,1,north\n"+
		"b,cases/image.png,cases/missing.png,malignant,2,south\n"+
		"c,cases/image.png,cases/m255.png;cases/m7.png,benign,1,east\n"))
	out := filepath.Join(dir, "features.csv")

	code, stdout, errs := runCmd("-manifest", manifest, "-out", out, "-workers", "2")
	if code != 1 {
		t.Fatalf("exit %d (want 1: one case failed): %s", code, errs)
	}
	if stdout != "" || !strings.Contains(errs, "extract: 3 cases: 2 extracted, 1 failed, "+
		"2 with warnings; details in "+filepath.Join(dir, "features.problems.csv")) {
		t.Errorf("stderr %q", errs)
	}

	rows := readCSV(t, out)
	want := reference(t, 0, [2]float64{1, 1})
	if len(rows) != 3 || strings.Join(rows[0][:6], ",") != "ID,Image,Mask,label,group,site" {
		t.Fatalf("output header %v, %d rows", rows[0][:6], len(rows))
	}
	for r, id := range []string{"a", "c"} {
		row := rows[r+1]
		if row[0] != id || row[5] != map[string]string{"a": "north", "c": "east"}[id] {
			t.Errorf("row %d starts %v", r+1, row[:6])
		}
		values := make([]float64, len(row)-6)
		for i, s := range row[6:] {
			values[i], _ = strconv.ParseFloat(s, 64)
		}
		checkFeatures(t, rows[0][6:], values, want)
	}

	// Cases a and c have two lesions (warned about, two lines each); b failed.
	problems := readCSV(t, filepath.Join(dir, "features.problems.csv"))
	if len(problems) != 6 || problems[3][0] != "3" || problems[3][1] != "b" ||
		problems[3][4] != "error" || !strings.Contains(problems[3][5], "missing.png") {
		t.Errorf("problems %v", problems)
	}
	for _, r := range []int{1, 2, 4, 5} {
		if problems[r][4] != "warning" || !strings.HasPrefix(problems[r][5], "lesion in ") {
			t.Errorf("problem row %d: %v", r, problems[r])
		}
	}
}

func TestBatchManifestErrors(t *testing.T) {
	dir := t.TempDir()
	m := filepath.Join(dir, "m.csv")
	write(t, m, []byte("image,segmentation\na.png,b.png\n"))
	code, _, errs := runCmd("-manifest", m)
	if code != 2 || !strings.Contains(errs, `needs columns "image" and "mask" (has: image, `+
		`segmentation)`) {
		t.Errorf("exit %d: %s", code, errs)
	}
	write(t, m, []byte("image,mask\n"))
	code, _, errs = runCmd("-manifest", m)
	if code != 2 || !strings.Contains(errs, "has a header but no cases") {
		t.Errorf("exit %d: %s", code, errs)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
