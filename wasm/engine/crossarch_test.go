package engine

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics/pyref"
)

// predictBUSI runs the engine with the default model on a real BUSI case.
func predictBUSI(t testing.TB) ([]string, []float64, []float64) {
	imgPath, maskPath := busiCase(t)
	img, err := os.ReadFile(imgPath)
	if err != nil {
		t.Fatal(err)
	}
	mask, err := os.ReadFile(maskPath)
	if err != nil {
		t.Fatal(err)
	}
	e := New("test")
	if _, err := e.LoadDefault(); err != nil {
		t.Fatal(err)
	}
	res, err := e.Predict(Request{Image: fileInput(filepath.Base(imgPath), img),
		Mask: fileInput(filepath.Base(maskPath), mask)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(res.Features))
	vals := make([]float64, len(res.Features))
	for i, f := range res.Features {
		names[i], vals[i] = f.Name, f.Value
	}
	return names, vals, res.Probabilities
}

// TestFeaturesDump writes the BUSI case's features and probabilities to $URAN_DUMP, one
// "name<TAB>value" line each (values in Go's exact 'g' -1 form). TestWasmMatchesNative runs
// it under js/wasm in Node.
func TestFeaturesDump(t *testing.T) {
	out := os.Getenv("URAN_DUMP")
	if out == "" {
		t.Skip("only run by TestWasmMatchesNative")
	}
	names, vals, probs := predictBUSI(t)
	var b strings.Builder
	for i, n := range names {
		fmt.Fprintf(&b, "%s\t%s\n", n, strconv.FormatFloat(vals[i], 'g', -1, 64))
	}
	for i, p := range probs {
		fmt.Fprintf(&b, "probability/%d\t%s\n", i, strconv.FormatFloat(p, 'g', -1, 64))
	}
	fmt.Fprintf(&b, "GOARCH\t%s\n", runtime.GOARCH)
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWasmMatchesNative builds this package's tests for js/wasm, runs the BUSI case under Node
// (Go's own go_js_wasm_exec) and compares every feature and probability with the native
// result: the browser engine computes what tools/predict computes.
func TestWasmMatchesNative(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("the native side of the comparison")
	}
	if testing.Short() {
		t.Skip("compiles and runs the engine under Node")
	}
	if _, err := exec.LookPath("node"); err != nil {
		pyref.Unavailable(t, "node not installed")
	}
	names, vals, probs := predictBUSI(t)
	goroot := runtime.GOROOT()
	dump := filepath.Join(t.TempDir(), "wasm.tsv")
	cmd := exec.Command("go", "test", "-count=1", "-run", "^TestFeaturesDump$",
		"-exec", filepath.Join(goroot, "lib", "wasm", "go_js_wasm_exec"), ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "URAN_DUMP="+dump)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wasm run: %v\n%s", err, out)
	}
	f, err := os.Open(dump)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := map[string]float64{}
	arch := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "\t")
		if k == "GOARCH" {
			arch = v
			continue
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		got[k] = x
	}
	if arch != "wasm" {
		t.Fatalf("the dump came from GOARCH=%q, not wasm", arch)
	}
	// math.Exp, math.Log and friends use assembly on amd64 and pure Go on wasm, so the
	// last bits may differ; everything else is the same Go code.
	close := func(a, b float64) bool {
		if math.IsNaN(a) || math.IsNaN(b) {
			return math.IsNaN(a) && math.IsNaN(b)
		}
		return a == b || math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
	}
	exact := 0
	for i, n := range names {
		w, ok := got[n]
		if !ok {
			t.Errorf("%s missing under wasm", n)
			continue
		}
		if !close(w, vals[i]) {
			t.Errorf("%s: wasm %v, native %v", n, w, vals[i])
		}
		if w == vals[i] {
			exact++
		}
	}
	for i, p := range probs {
		if w := got[fmt.Sprintf("probability/%d", i)]; !close(w, p) {
			t.Errorf("probability %d: wasm %v, native %v", i, w, p)
		}
	}
	t.Logf("%d features, %d bit-identical under wasm and native", len(names), exact)
}
