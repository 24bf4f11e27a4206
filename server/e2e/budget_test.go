package e2e

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uran-browser/uran/server/static"
)

// downloadBudget is the page's download budget: 3 MB compressed.
const downloadBudget = 3_000_000

// served is one response of the production handler as the browser received it.
type served struct {
	path, encoding string
	status         int
	bytes          int64
}

type countingWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *countingWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *countingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// TestDownloadBudget visits the page once in a fresh profile, lets it start and its service
// worker cache the site for offline use, and sums what the server sent: every response body
// as the browser negotiated it, and, for the files actually requested, their brotli copies
// in the build. Both must stay under 3 MB. The file list is what the page, its worker and its
// service worker requested, not a hand-kept list.
func TestDownloadBudget(t *testing.T) {
	dist := distDir(t)
	h, err := static.New(os.DirFS(dist), static.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var log []served
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &countingWriter{ResponseWriter: w}
		h.ServeHTTP(cw, r)
		mu.Lock()
		log = append(log, served{r.URL.Path, w.Header().Get("Content-Encoding"), cw.status,
			cw.bytes})
		mu.Unlock()
	}))
	defer srv.Close()

	b := newBrowser(t)
	openPage(t, b, srv.URL+"/")
	// The first visit ends when the service worker controls the page and holds its files.
	b.waitFor(t, 60*time.Second, `navigator.serviceWorker.controller !== null`)
	eval[bool](t, b, 60*time.Second, `(async () => {
		const reg = await navigator.serviceWorker.ready;
		for (;;) {
			const c = (await caches.keys()).find(k => k.startsWith("uran-"));
			if (c && reg.active && reg.active.state === "activated") {
				const n = (await (await caches.open(c)).keys()).length;
				if (n > 10) return true;
			}
			await new Promise(r => setTimeout(r, 100));
		}
	})()`)
	time.Sleep(500 * time.Millisecond) // let the last responses finish
	mu.Lock()
	got := append([]served(nil), log...)
	mu.Unlock()

	var wire int64
	files := map[string]bool{}
	wasmEncoding := ""
	for _, s := range got {
		wire += s.bytes
		if s.status == http.StatusOK {
			files[s.path] = true
		}
		if s.path == "/uran.wasm" && s.status == http.StatusOK {
			wasmEncoding = s.encoding
		}
	}
	if !files["/uran.wasm"] || !files["/"] {
		t.Fatalf("the first visit did not fetch the page and uran.wasm: %v", files)
	}
	if wasmEncoding != "br" {
		t.Errorf("uran.wasm came with Content-Encoding %q, want br", wasmEncoding)
	}
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var br, raw int64
	var lines []string
	for _, p := range paths {
		f := filepath.Join(dist, filepath.FromSlash(strings.TrimPrefix(p, "/")))
		if strings.HasSuffix(p, "/") {
			f = filepath.Join(f, "index.html")
		}
		r := fileSize(f)
		if r < 0 {
			t.Errorf("the page fetched %s, which is not a file of the build", p)
			continue
		}
		z := fileSize(f + ".br")
		if z < 0 {
			z = r
		}
		raw, br = raw+r, br+z
		lines = append(lines, p+" "+strconv.FormatInt(z, 10))
	}
	t.Logf("first visit: %d requests, %d files, %.2f MB raw, %.2f MB brotli, %.2f MB "+
		"sent\n%s", len(got), len(paths), float64(raw)/1e6, float64(br)/1e6,
		float64(wire)/1e6, strings.Join(lines, ", "))
	if br >= downloadBudget {
		t.Errorf("the files of the first visit are %d bytes brotli-compressed, over the "+
			"budget of %d", br, downloadBudget)
	}
	if wire >= downloadBudget {
		t.Errorf("the server sent %d bytes on the first visit, over the budget of %d", wire,
			downloadBudget)
	}
}
