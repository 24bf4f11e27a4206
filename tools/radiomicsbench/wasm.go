package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// wasmRunner runs this command, built for GOOS=js GOARCH=wasm, under Node with Go's
// go_js_wasm_exec wrapper.
type wasmRunner struct {
	dir, bin, execJS string
}

// newWasmRunner builds the command for js/wasm into a temporary directory.
func newWasmRunner() (*wasmRunner, error) {
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOROOT: %w", err)
	}
	w := &wasmRunner{execJS: filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm",
		"go_js_wasm_exec")}
	if w.dir, err = os.MkdirTemp("", "radiomicsbench"); err != nil {
		return nil, err
	}
	w.bin = filepath.Join(w.dir, "radiomicsbench.wasm")
	build := exec.Command("go", "build", "-o", w.bin,
		"github.com/uran-browser/uran/tools/radiomicsbench")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		w.close()
		return nil, fmt.Errorf("build for js/wasm: %w", err)
	}
	return w, nil
}

func (w *wasmRunner) close() { os.RemoveAll(w.dir) }

// measure runs the wasm build with -json on one case (its name exactly) and returns its report.
func (w *wasmRunner) measure(shared, name string, reps, warmup int) (*Report, error) {
	cmd := exec.Command(w.execJS, w.bin, "-json", "-shared", shared, "-reps", fmt.Sprint(reps),
		"-warmup", fmt.Sprint(warmup), "-case", name, "-types", strings.Join(imageTypes, ","))
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("run under Node (%s): %w", w.execJS, err)
	}
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		return nil, fmt.Errorf("wasm output: %w", err)
	}
	if len(rep.Cases) != 1 || rep.Cases[0].Case != name {
		return nil, fmt.Errorf("wasm output: want case %s only", name)
	}
	return &rep, nil
}
