package e2e

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// recorder is an HTTP proxy that the browser must use for every request, loopback included.
// It records each request and forwards only plain GET/HEAD requests to the test site;
// anything else (CONNECT tunnels, other hosts) is refused and recorded, so the test sees
// every request the page, its Web Worker and its service worker make.
type recorder struct {
	*httptest.Server
	site *url.URL
	mu   sync.Mutex
	seen []seenRequest
}

type seenRequest struct {
	Method, URL string
	BodyBytes   int64
	Forwarded   bool
	// WebPlatform is true when the request carries Fetch metadata (Sec-Fetch-Mode), which
	// browsers add to every request a page, worker or service worker makes.
	WebPlatform bool
}

// browserServices are hosts that Chromium's own background services contact whatever the
// flags (the sign-in IdentityManager lists accounts at start-up; the component updater checks
// for updates). Those requests come from the browser process, not from any page: they carry no
// Fetch metadata, and the page's Content-Security-Policy (connect-src 'self') would forbid the
// page to reach these hosts anyway. They are the only requests the no-egress test tolerates
// besides the page's own static files.
var browserServices = map[string]bool{
	"accounts.google.com:443": true, "accounts.google.com": true,
	"update.googleapis.com:443": true, "update.googleapis.com": true,
	"clients2.google.com": true, "clients2.google.com:443": true,
}

func startRecorder(t testing.TB, site string) *recorder {
	u, err := url.Parse(site)
	if err != nil {
		t.Fatal(err)
	}
	r := &recorder{site: u}
	tr := &http.Transport{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		n, _ := io.Copy(io.Discard, req.Body)
		sr := seenRequest{Method: req.Method, URL: req.URL.String(), BodyBytes: n,
			WebPlatform: req.Header.Get("Sec-Fetch-Mode") != ""}
		if req.Method == http.MethodConnect {
			sr.URL = "CONNECT " + req.Host
		}
		allowed := req.URL.IsAbs() && req.URL.Host == u.Host &&
			(req.Method == http.MethodGet || req.Method == http.MethodHead) && n == 0
		sr.Forwarded = allowed
		r.mu.Lock()
		r.seen = append(r.seen, sr)
		r.mu.Unlock()
		if !allowed {
			http.Error(w, "blocked by the test proxy", http.StatusForbidden)
			return
		}
		out, _ := http.NewRequest(req.Method, req.URL.String(), nil)
		out.Header = req.Header.Clone()
		out.Header.Del("Proxy-Connection")
		res, err := tr.RoundTrip(out)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer res.Body.Close()
		for k, v := range res.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(res.StatusCode)
		io.Copy(w, res.Body)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) requests() []seenRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seenRequest(nil), r.seen...)
}

// TestBrowserNoEgress runs whole sessions through the recording proxy: a sample opened, its
// outline drawn, predicted and exported; a real BUSI image and mask uploaded from disk,
// predicted and exported; a second weights file loaded from disk and used; then the embedding
// example page. It fails on any request that is not a bodiless GET or HEAD of one of the
// site's own static files without a query string, on any request that names a user's file,
// and on any Content-Security-Policy violation.
func TestBrowserNoEgress(t *testing.T) {
	img, mask := busiCase(t, "malignant/images/malignant (1).png")
	model, err := defaultModel()
	if err != nil {
		t.Fatal(err)
	}
	dist := distDir(t)
	s := startSite(t, dist)
	proxy := startRecorder(t, s.URL)
	b := newBrowser(t,
		chromedp.ProxyServer(proxy.URL),
		chromedp.Flag("proxy-bypass-list", "<-loopback>"))
	csp := watchCSP(t, b)
	downloads := t.TempDir()
	enableDownloads(t, b, downloads)
	openPage(t, b, s.URL+"/")
	drawAndPredict(t, b, downloads)
	uploadAndRunBUSI(t, b, downloads, img, mask, model)
	weightsFile := secondModelRun(t, b)
	runEmbeddingExample(t, b, s.URL)
	csp.check(t, "no-egress session")

	checkNoEgress(t, dist, proxy.site.Host, proxy.requests(),
		[]string{filepath.Base(img), filepath.Base(mask), filepath.Base(weightsFile)})
}

// checkNoEgress fails on every recorded request that is not a bodiless, forwarded GET or
// HEAD with Fetch metadata of one of the static files in dist on host, without a query
// string, or whose URL contains one of the user's file names (or their stems).
func checkNoEgress(t *testing.T, dist, host string, seen []seenRequest, userFiles []string) {
	t.Helper()
	assets := map[string]bool{"/": true}
	filepath.WalkDir(dist, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dist, p)
			assets["/"+filepath.ToSlash(rel)] = true
			if strings.HasSuffix(rel, "index.html") {
				assets["/"+filepath.ToSlash(strings.TrimSuffix(rel, "index.html"))] = true
			}
		}
		return nil
	})
	var names []string
	for _, f := range userFiles {
		stem := strings.TrimSuffix(f, filepath.Ext(f))
		names = append(names, strings.ToLower(f), strings.ToLower(stem),
			strings.ToLower(url.PathEscape(stem)), strings.ToLower(url.QueryEscape(stem)))
	}
	page, browserOwn := 0, 0
	for _, r := range seen {
		host0 := strings.TrimPrefix(r.URL, "CONNECT ")
		if u, err := url.Parse(r.URL); err == nil && u.Host != "" {
			host0 = u.Host
		}
		if browserServices[host0] && !r.WebPlatform {
			browserOwn++
			continue
		}
		u, err := url.Parse(r.URL)
		ok := err == nil && r.Forwarded && r.BodyBytes == 0 && u.Host == host &&
			assets[u.Path] && u.RawQuery == "" && !u.ForceQuery && r.WebPlatform &&
			(r.Method == http.MethodGet || r.Method == http.MethodHead)
		if !ok {
			t.Errorf("request outside the page's static files: %s %s (%d body bytes, "+
				"fetch metadata %v)", r.Method, r.URL, r.BodyBytes, r.WebPlatform)
		}
		low := strings.ToLower(r.URL)
		for _, n := range names {
			if strings.Contains(low, n) {
				t.Errorf("a request names the user's file %q: %s %s", n, r.Method, r.URL)
			}
		}
		page++
	}
	if page < 10 {
		t.Fatalf("the proxy saw only %d page requests; is the browser using it?", page)
	}
	if !t.Failed() {
		t.Logf("%d page requests, all bodiless GETs of the page's own static files; %d "+
			"requests of Chromium's own background services ignored", page, browserOwn)
	}
}

// TestBrowserOffline loads the page once, lets the service worker cache it, stops the
// server, reloads, and predicts a sample with nothing but the cache.
func TestBrowserOffline(t *testing.T) {
	s := startSite(t, distDir(t))
	b := newBrowser(t)
	openPage(t, b, s.URL+"/")
	// Wait until the service worker controls the page and has cached every asset.
	b.waitFor(t, 60*time.Second, `navigator.serviceWorker.controller !== null`)
	eval[bool](t, b, 60*time.Second, `(async () => {
		const reg = await navigator.serviceWorker.ready;
		for (;;) {
			const keys = await caches.keys();
			const c = keys.find(k => k.startsWith("uran-"));
			if (c && reg.active && reg.active.state === "activated") {
				const n = (await (await caches.open(c)).keys()).length;
				if (n > 10) return true;
			}
			await new Promise(r => setTimeout(r, 100));
		}
	})()`)
	// While online, another page of the site is fetched, not replaced by the cached app.
	b.do(t, 30*time.Second, chromedp.Navigate(s.URL+"/examples/"))
	if title := eval[string](t, b, 5*time.Second, `document.title`); !strings.Contains(title,
		"portal") {
		t.Errorf("/examples/ under the service worker shows %q", title)
	}
	s.Close()
	addr := strings.TrimPrefix(s.URL, "http://")
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Fatal("the server still answers")
	}
	openPage(t, b, s.URL+"/")
	chooseSample(t, b, "phantom-irregular")
	runAndWait(t, b)
	if p := shownProbabilities(t, b); len(p) < 2 {
		t.Errorf("offline prediction shows %v", p)
	}
}

// TestBrowserEmbedding opens the example portal: the <uran-predictor> element predicts a
// sample given through its JavaScript method, and the API demo predicts the same case from a
// Blob and from ImageData.
func TestBrowserEmbedding(t *testing.T) {
	s := startSite(t, distDir(t))
	b := newBrowser(t)
	csp := watchCSP(t, b)
	runEmbeddingExample(t, b, s.URL)
	csp.check(t, "embedding example")
}

// runEmbeddingExample opens the example portal at base/examples/ and checks the element and
// the API demo.
func runEmbeddingExample(t testing.TB, b *browser, base string) {
	t.Helper()
	b.do(t, 30*time.Second, chromedp.Navigate(base+"/examples/"))
	b.waitFor(t, startTimeout, `document.getElementById("element-events").textContent`+
		`.startsWith("Predictor ready")`)
	// The element, driven like a portal would: with Blobs it fetched itself.
	res := eval[map[string]any](t, b, runTimeout, `(async () => {
		const el = document.getElementById("predictor");
		const blob = async n => (await fetch("../samples/" + n)).blob();
		const r = await el.predict({image: await blob("phantom-oval.png"),
			mask: await blob("phantom-oval_mask.png")});
		const shown = el.shadowRoot.querySelector("dd.predicted");
		return {cls: r.class, n: r.probabilities.length, shown: shown ? shown.dataset.class : ""};
	})()`)
	if res["cls"] == "" || res["shown"] != res["cls"] {
		t.Errorf("element: %v", res)
	}
	b.do(t, 10*time.Second, chromedp.Click(chromedp.ID("api-run")))
	b.waitFor(t, runTimeout, `!!document.getElementById("api-output").dataset.done`)
	out := eval[string](t, b, 5*time.Second, `document.getElementById("api-output").textContent`)
	var demo struct {
		Classes       []string  `json:"classes"`
		Probabilities []float64 `json:"probabilities"`
		FromPixels    []float64 `json:"probabilitiesFromImageData"`
		Features      int       `json:"features"`
		Steps         []string  `json:"progressSteps"`
	}
	if err := json.Unmarshal([]byte(out), &demo); err != nil {
		t.Fatalf("API demo output: %v\n%s", err, out)
	}
	if len(demo.Probabilities) != len(demo.Classes) || demo.Features == 0 ||
		len(demo.Steps) == 0 {
		t.Errorf("API demo: %+v", demo)
	}
	// The phantom is an 8-bit grey PNG, so its ImageData holds the same values.
	for i := range demo.Probabilities {
		if d := demo.Probabilities[i] - demo.FromPixels[i]; d > 1e-12 || d < -1e-12 {
			t.Errorf("Blob and ImageData predictions differ: %v vs %v", demo.Probabilities,
				demo.FromPixels)
		}
	}
}
