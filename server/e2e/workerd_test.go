package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/uran-browser/uran/radiomics/pyref"
)

// startWorkerd runs the built Worker (make worker) in workerd from npm on a free loopback
// port and returns its base URL; it skips when either is missing.
func startWorkerd(t testing.TB) string {
	root := repoRoot(t)
	bin := filepath.Join(root, "node_modules", ".bin", "workerd")
	if _, err := os.Stat(bin); err != nil {
		pyref.Unavailable(t, "workerd not installed (npm install workerd)")
	}
	build := filepath.Join(root, "server", "worker", "build")
	if _, err := os.Stat(filepath.Join(build, "app.wasm")); err != nil {
		pyref.Unavailable(t, "Worker not built (make worker)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	conf, err := os.ReadFile(filepath.Join(root, "server", "worker", "workerd.capnp"))
	if err != nil {
		t.Fatal(err)
	}
	// workerd resolves embed paths next to the configuration file, so the copy with the
	// test's port goes next to the original (a hidden, removed file).
	c := strings.Replace(string(conf), "127.0.0.1:8790", addr, 1)
	cfg := filepath.Join(root, "server", "worker", ".test-"+strings.ReplaceAll(addr, ":", "-")+
		".capnp")
	if err := os.WriteFile(cfg, []byte(c), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(cfg) })
	cmd := exec.Command(bin, "serve", cfg)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("workerd output:\n%s", out.String())
		}
	})
	url := "http://" + addr
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); {
		if res, err := http.Get(url + "/healthz"); err == nil {
			res.Body.Close()
			return url
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("workerd did not start:\n%s", out.String())
	return ""
}

func get(t testing.TB, method, url string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	tr := &http.Transport{DisableCompression: true}
	res, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

// TestWorkerdServesTheSite checks the Worker under workerd against the built files: bodies,
// precompressed brotli passed through untouched, types, security headers, ETags, HEAD, Range,
// 404 and 405.
func TestWorkerdServesTheSite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts workerd")
	}
	url := startWorkerd(t)
	// The Worker embeds server/worker/dist, made by make worker: brotli copies of the
	// compressible files, the others as they are.
	dist := filepath.Join(repoRoot(t), "server", "worker", "dist")
	identity := func(name string) []byte {
		t.Helper()
		if br, err := os.ReadFile(filepath.Join(dist, name+".br")); err == nil {
			raw, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
			if err != nil {
				t.Fatal(err)
			}
			return raw
		}
		raw, err := os.ReadFile(filepath.Join(dist, name))
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	for _, name := range []string{"index.html", "app.js", "uran.js", "style.css",
		"samples/phantom-oval.png", "wasm_exec.js"} {
		want := identity(name)
		res, body := get(t, "GET", url+"/"+name, nil)
		if res.StatusCode != 200 || !bytes.Equal(body, want) {
			t.Errorf("%s: status %d, %d bytes, want the file (%d bytes)", name,
				res.StatusCode, len(body), len(want))
		}
		if !strings.Contains(res.Header.Get("Content-Security-Policy"), "connect-src 'self'") ||
			res.Header.Get("X-Content-Type-Options") != "nosniff" ||
			res.Header.Get("Strict-Transport-Security") == "" {
			t.Errorf("%s: security headers missing: %v", name, res.Header)
		}
	}

	// The brotli copy arrives byte for byte (not compressed a second time by the runtime).
	wantBr, err := os.ReadFile(filepath.Join(dist, "uran.wasm.br"))
	if err != nil {
		t.Fatal(err)
	}
	res, body := get(t, "GET", url+"/uran.wasm", map[string]string{"Accept-Encoding": "br"})
	if res.Header.Get("Content-Encoding") != "br" || !bytes.Equal(body, wantBr) {
		t.Fatalf("uran.wasm br: encoding %q, %d bytes, want %d", res.Header.Get("Content-Encoding"),
			len(body), len(wantBr))
	}
	if res.Header.Get("Content-Type") != "application/wasm" {
		t.Errorf("uran.wasm type %q", res.Header.Get("Content-Type"))
	}
	if _, err := wasmValid(body); err != nil {
		t.Errorf("uran.wasm: %v", err)
	}

	tag := res.Header.Get("ETag")
	res, _ = get(t, "GET", url+"/uran.wasm", map[string]string{"Accept-Encoding": "br",
		"If-None-Match": tag})
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", res.StatusCode)
	}
	res, body = get(t, "GET", url+"/app.js", map[string]string{"Range": "bytes=0-9"})
	if res.StatusCode != http.StatusPartialContent || len(body) != 10 {
		t.Errorf("Range: %d with %d bytes", res.StatusCode, len(body))
	}
	res, body = get(t, "HEAD", url+"/app.js", nil)
	if res.StatusCode != 200 || len(body) != 0 {
		t.Errorf("HEAD: %d with %d bytes", res.StatusCode, len(body))
	}
	if res, _ = get(t, "GET", url+"/nope", nil); res.StatusCode != 404 {
		t.Errorf("missing file: %d", res.StatusCode)
	}
	if res, _ = get(t, "POST", url+"/", nil); res.StatusCode != 405 {
		t.Errorf("POST: %d", res.StatusCode)
	}
	if res, _ = get(t, "GET", url+"/..%2f..%2fetc/passwd", nil); res.StatusCode != 404 {
		t.Errorf("traversal: %d", res.StatusCode)
	}
}

// wasmValid decodes a brotli body and checks the WebAssembly magic number.
func wasmValid(br []byte) (int, error) {
	raw, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
	if err != nil {
		return 0, err
	}
	if !bytes.HasPrefix(raw, []byte("\x00asm")) {
		return 0, fmt.Errorf("not WebAssembly after brotli decoding")
	}
	return len(raw), nil
}

// BenchmarkWorkerdRequest measures the wall time of one request to the Worker under workerd
// (each request starts a fresh Go instance, as syumai/workers does).
func BenchmarkWorkerdRequest(b *testing.B) {
	url := startWorkerd(b)
	for _, p := range []string{"/healthz", "/index.html", "/uran.js", "/uran.wasm"} {
		b.Run(strings.TrimPrefix(p, "/"), func(b *testing.B) {
			client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
			var lat []time.Duration
			for i := 0; i < b.N; i++ {
				req, _ := http.NewRequest("GET", url+p, nil)
				req.Header.Set("Accept-Encoding", "br")
				start := time.Now()
				res, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				lat = append(lat, time.Since(start))
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "median-ms")
			b.ReportMetric(float64(lat[len(lat)*9/10].Microseconds())/1000, "p90-ms")
		})
	}
}
