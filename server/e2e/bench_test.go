package e2e

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// pageFiles are the files a first visit to the page downloads (the page, its scripts and
// style, the engine binary, the service worker and the manifest).
var pageFiles = []string{"index.html", "style.css", "wasm_exec.js", "vugu-helpers.js",
	"app.js", "uran.js", "uran-worker.js", "uran.wasm", "sw.js", "manifest.webmanifest",
	"icon.svg", "samples/samples.json"}

func fileSize(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return -1
	}
	return st.Size()
}

// BenchmarkSizes reports the download size of uran.wasm and of the whole page: raw, gzip and
// brotli (budget: 3 MB compressed).
func BenchmarkSizes(b *testing.B) {
	dist := distDir(b)
	var raw, gz, br int64
	for _, f := range pageFiles {
		p := filepath.Join(dist, f)
		r := fileSize(p)
		if r < 0 {
			b.Fatalf("%s missing", f)
		}
		g, z := fileSize(p+".gz"), fileSize(p+".br")
		if g < 0 {
			g = r
		}
		if z < 0 {
			z = r
		}
		raw, gz, br = raw+r, gz+g, br+z
	}
	w := filepath.Join(dist, "uran.wasm")
	b.ReportMetric(float64(fileSize(w))/1e6, "wasm-MB")
	b.ReportMetric(float64(fileSize(w+".gz"))/1e6, "wasm-gzip-MB")
	b.ReportMetric(float64(fileSize(w+".br"))/1e6, "wasm-br-MB")
	b.ReportMetric(float64(raw)/1e6, "page-MB")
	b.ReportMetric(float64(gz)/1e6, "page-gzip-MB")
	b.ReportMetric(float64(br)/1e6, "page-br-MB")
}

// BenchmarkPageReady measures, in a fresh headless Chromium profile each time (nothing
// cached), the time from navigation until the UI is mounted and the default model is loaded.
func BenchmarkPageReady(b *testing.B) {
	s := startSite(b, distDir(b))
	var total time.Duration
	for i := 0; i < b.N; i++ {
		br := newBrowser(b)
		start := time.Now()
		openPage(b, br, s.URL+"/")
		total += time.Since(start)
		br.cancel()
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "s/ready")
}

// BenchmarkBUSIRun measures Run → result in the browser for one BUSI case, next to the native
// time of weights.Model.Predict on the same files.
func BenchmarkBUSIRun(b *testing.B) {
	img, mask := busiCase(b, "malignant/images/malignant (1).png")
	model, err := defaultModel()
	if err != nil {
		b.Fatal(err)
	}
	var native time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		nativePredict(b, model, img, mask)
		native += time.Since(start)
	}
	s := startSite(b, distDir(b))
	br := newBrowser(b)
	openPage(b, br, s.URL+"/")
	br.do(b, 10*time.Second, chromedp.SetUploadFiles(chromedp.ID("image-file"), []string{img}))
	br.waitFor(b, 60*time.Second, `!!document.getElementById("image-summary")`)
	br.do(b, 10*time.Second, chromedp.SetUploadFiles(chromedp.ID("mask-file"), []string{mask}))
	br.waitFor(b, 60*time.Second, `!!document.getElementById("mask-summary")`)
	var inBrowser time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		runAndWait(b, br)
		inBrowser += time.Since(start)
	}
	// The first step of the browser's time is decoding; the page reports its own split.
	b.ReportMetric(inBrowser.Seconds()/float64(b.N), "s/browser-run")
	b.ReportMetric(native.Seconds()/float64(b.N), "s/native-run")
	b.ReportMetric(inBrowser.Seconds()/native.Seconds(), "browser/native")
}

// BenchmarkServerLoad starts the built server binary (bin/uran-server, from make build) on
// 127.0.0.1, drives it with 32 concurrent clients over the page's files for two runs of 5 s,
// and reports requests per second, errors, throughput and the server's resident memory
// (VmRSS, sampled every 250 ms) at the start and its peak in each run. It fails on any failed
// request and on a second-run peak well above the first (memory growing with requests).
func BenchmarkServerLoad(b *testing.B) {
	bin := filepath.Join(repoRoot(b), "bin", "uran-server")
	if _, err := os.Stat(bin); err != nil {
		b.Skip("bin/uran-server not built (make build)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "-addr", addr)
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	base := "http://" + addr
	for deadline := time.Now().Add(10 * time.Second); ; {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			b.Fatal("server did not start")
		}
		time.Sleep(50 * time.Millisecond)
	}

	rssStart := rss(cmd.Process.Pid)
	b.ResetTimer()
	first := loadServer(base, cmd.Process.Pid, 5*time.Second)
	second := loadServer(base, cmd.Process.Pid, 5*time.Second)
	b.StopTimer()
	ok, bad := first.ok+second.ok, first.bad+second.bad
	b.ReportMetric(float64(ok)/10, "req/s")
	b.ReportMetric(float64(bad), "errors")
	b.ReportMetric(float64(first.bytes+second.bytes)/10/1e6, "MB/s")
	b.ReportMetric(float64(rssStart)/1e6, "rss-start-MB")
	b.ReportMetric(float64(first.rssPeak)/1e6, "rss-peak1-MB")
	b.ReportMetric(float64(second.rssPeak)/1e6, "rss-peak2-MB")
	if bad > 0 {
		b.Errorf("%d failed requests under load", bad)
	}
	// The second run serves the same requests as the first: a server that keeps memory per
	// request would peak clearly higher.
	if second.rssPeak > first.rssPeak*3/2+10<<20 {
		b.Errorf("memory grows under load: peak RSS %d MB in the first 5 s, %d MB in the next",
			first.rssPeak>>20, second.rssPeak>>20)
	}
}

// loadResult counts one load run: requests answered as expected, failures, body bytes, and
// the server's peak resident memory.
type loadResult struct{ ok, bad, bytes, rssPeak int64 }

// loadServer sends 32 concurrent clients' GET requests for a mix of files (the wasm binary
// included) and a missing path to base for dur, sampling the resident memory of pid.
func loadServer(base string, pid int, dur time.Duration) loadResult {
	paths := []string{"/", "/style.css", "/app.js", "/uran.js", "/samples/phantom-oval.png",
		"/healthz", "/missing", "/uran.wasm"}
	tr := &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	const workers = 32
	var ok, bad, bytes atomic.Int64
	var rssPeak atomic.Int64
	rssPeak.Store(rss(pid))
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	go func() {
		for ctx.Err() == nil {
			if r := rss(pid); r > rssPeak.Load() {
				rssPeak.Store(r)
			}
			time.Sleep(250 * time.Millisecond)
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; ctx.Err() == nil; i++ {
				p := paths[i%len(paths)]
				req, _ := http.NewRequestWithContext(ctx, "GET", base+p, nil)
				req.Header.Set("Accept-Encoding", "br, gzip")
				res, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						bad.Add(1)
					}
					continue
				}
				n, _ := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if ctx.Err() != nil {
					break // cut short by the end of the run, not the server's fault
				}
				bytes.Add(n)
				if res.StatusCode == 200 || (p == "/missing" && res.StatusCode == 404) {
					ok.Add(1)
				} else {
					bad.Add(1)
				}
			}
		}(w)
	}
	wg.Wait()
	return loadResult{ok.Load(), bad.Load(), bytes.Load(), rssPeak.Load()}
}

// rss returns a process's resident set size in bytes from /proc (0 where unavailable).
func rss(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			var kb int64
			fmt.Sscan(strings.TrimPrefix(line, "VmRSS:"), &kb)
			return kb * 1024
		}
	}
	return 0
}
