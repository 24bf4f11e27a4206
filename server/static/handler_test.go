package static

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
)

const appJS = "export const answer = 42; // a script long enough to compress well.\n"

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func br(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := brotli.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func testFS(t *testing.T) fstest.MapFS {
	return fstest.MapFS{
		"index.html":          {Data: []byte("<!doctype html><title>URAN</title>")},
		"app.js":              {Data: []byte(appJS)},
		"app.js.gz":           {Data: gz(t, appJS)},
		"app.js.br":           {Data: br(t, appJS)},
		"sample.png":          {Data: []byte("\x89PNG\r\n\x1a\nnot really")},
		"only.js.gz":          {Data: gz(t, "compressed only\n")},
		"examples/index.html": {Data: []byte("<!doctype html><title>embed</title>")},
		"sw.js":               {Data: []byte("self.addEventListener('fetch', () => {});")},
		".hidden":             {Data: []byte("secret")},
	}
}

func newTestHandler(t *testing.T, pol Policy) *Handler {
	t.Helper()
	h, err := New(testFS(t), Config{Policy: pol})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func do(h http.Handler, method, target string, hdr map[string]string) *http.Response {
	req := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkSecurity asserts the headers that every response must carry.
func checkSecurity(t *testing.T, what string, r *http.Response) {
	t.Helper()
	csp := r.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "connect-src 'self'",
		"script-src 'self' 'wasm-unsafe-eval'", "frame-ancestors "} {
		if !strings.Contains(csp, want) {
			t.Errorf("%s: CSP %q lacks %q", what, csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "'unsafe-eval'") {
		t.Errorf("%s: CSP allows inline or eval: %q", what, csp)
	}
	if got := r.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options = %q", what, got)
	}
	if got := r.Header.Get("Referrer-Policy"); got != "no-referrer" {
		t.Errorf("%s: Referrer-Policy = %q", what, got)
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	h := newTestHandler(t, Policy{})
	etag := do(h, "GET", "/app.js", nil).Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on /app.js")
	}
	cases := []struct {
		method, path string
		hdr          map[string]string
		status       int
	}{
		{"GET", "/", nil, 200},
		{"GET", "/app.js", map[string]string{"Accept-Encoding": "br"}, 200},
		{"HEAD", "/sample.png", nil, 200},
		{"GET", "/missing", nil, 404},
		{"POST", "/", nil, 405},
		{"GET", "/healthz", nil, 200},
		{"GET", "/app.js", map[string]string{"Range": "bytes=0-3"}, 206},
		{"GET", "/app.js", map[string]string{"Range": "bytes=9000-9999"}, 416},
		{"GET", "/examples", nil, 301},
		{"OPTIONS", "/", nil, 204},
		{"GET", "/app.js", map[string]string{"If-None-Match": etag}, 304},
	}
	for _, c := range cases {
		r := do(h, c.method, c.path, c.hdr)
		what := c.method + " " + c.path
		if r.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d", what, r.StatusCode, c.status)
		}
		checkSecurity(t, what, r)
		if got := r.Header.Get("X-Frame-Options"); got != "DENY" {
			t.Errorf("%s: X-Frame-Options = %q, want DENY", what, got)
		}
		if !strings.Contains(r.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: default frame-ancestors is not 'none'", what)
		}
	}
}

func TestFrameAncestorsConfigurable(t *testing.T) {
	fa, err := ParseFrameAncestors("'self' https://portal.example.org,https://*.clinic.example")
	if err != nil {
		t.Fatal(err)
	}
	h := newTestHandler(t, Policy{FrameAncestors: fa})
	r := do(h, "GET", "/", nil)
	csp := r.Header.Get("Content-Security-Policy")
	want := "frame-ancestors 'self' https://portal.example.org https://*.clinic.example"
	if !strings.HasSuffix(csp, want) {
		t.Errorf("CSP %q does not end with %q", csp, want)
	}
	if r.Header.Get("X-Frame-Options") != "" {
		t.Errorf("X-Frame-Options sent although framing is allowed")
	}
	for _, bad := range []string{
		"https://a.example; script-src *", "'unsafe-inline'", "https://a.example\r\nX: y",
		"'none' https://a.example", "https://", "héllo.example",
	} {
		if _, err := ParseFrameAncestors(bad); err == nil {
			t.Errorf("ParseFrameAncestors(%q) accepted an unsafe value", bad)
		}
	}
	if fa, err := ParseFrameAncestors("'none'"); err != nil || fa != nil {
		t.Errorf("'none' -> %v, %v; want nil, nil", fa, err)
	}
}

func TestContentTypes(t *testing.T) {
	h := newTestHandler(t, Policy{})
	want := map[string]string{
		"/":           "text/html; charset=utf-8",
		"/app.js":     "text/javascript; charset=utf-8",
		"/sample.png": "image/png",
	}
	for p, ct := range want {
		if got := do(h, "GET", p, nil).Header.Get("Content-Type"); got != ct {
			t.Errorf("%s: Content-Type %q, want %q", p, got, ct)
		}
	}
	if contentType("x.wasm") != "application/wasm" {
		t.Errorf("wasm type %q", contentType("x.wasm"))
	}
}

func TestEncodingNegotiation(t *testing.T) {
	h := newTestHandler(t, Policy{})
	cases := []struct{ accept, want string }{
		{"", ""},
		{"gzip", "gzip"},
		{"br", "br"},
		{"gzip, deflate, br, zstd", "br"},
		{"br;q=0.5, gzip", "gzip"},
		{"br;q=0, gzip;q=0", ""},
		{"*", "br"},
		{"*;q=0, gzip", "gzip"},
		{"identity", ""},
		{"x-gzip", "gzip"},
		{"BR", "br"},
		{"gzip;q=bogus", ""},
	}
	for _, c := range cases {
		r := do(h, "GET", "/app.js", map[string]string{"Accept-Encoding": c.accept})
		if got := r.Header.Get("Content-Encoding"); got != c.want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", c.accept, got, c.want)
			continue
		}
		if !strings.Contains(r.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("Accept-Encoding %q: no Vary: Accept-Encoding", c.accept)
		}
		raw := body(t, r)
		var dec []byte
		switch c.want {
		case "":
			dec = raw
		case "gzip":
			zr, err := gzip.NewReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("%q: %v", c.accept, err)
			}
			dec, _ = io.ReadAll(zr)
		case "br":
			dec, _ = io.ReadAll(brotli.NewReader(bytes.NewReader(raw)))
		}
		if string(dec) != appJS {
			t.Errorf("Accept-Encoding %q: decoded body %q, want the file", c.accept, dec)
		}
	}
	// A PNG has no compressed siblings: no Vary, no encoding.
	r := do(h, "GET", "/sample.png", map[string]string{"Accept-Encoding": "br, gzip"})
	if r.Header.Get("Content-Encoding") != "" || r.Header.Get("Vary") != "" {
		t.Errorf("png: Content-Encoding %q Vary %q", r.Header.Get("Content-Encoding"),
			r.Header.Get("Vary"))
	}
}

func TestCompressedOnlyAsset(t *testing.T) {
	h := newTestHandler(t, Policy{})
	r := do(h, "GET", "/only.js", nil)
	if r.StatusCode != 200 || string(body(t, r)) != "compressed only\n" {
		t.Errorf("identity from .gz: status %d", r.StatusCode)
	}
	r = do(h, "GET", "/only.js", map[string]string{"Accept-Encoding": "gzip"})
	if r.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("gzip client got %q", r.Header.Get("Content-Encoding"))
	}
	if do(h, "GET", "/only.js.gz", nil).StatusCode != 404 {
		t.Errorf("a compressed sibling is exposed under its own name")
	}
}

func TestETagAnd304(t *testing.T) {
	h := newTestHandler(t, Policy{})
	sum := sha256.Sum256([]byte(appJS))
	wantTag := `"` + hex.EncodeToString(sum[:12]) + `"`
	r := do(h, "GET", "/app.js", nil)
	if got := r.Header.Get("ETag"); got != wantTag {
		t.Fatalf("ETag %q, want %q (sha-256 prefix of the file)", got, wantTag)
	}
	if r.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("Cache-Control %q", r.Header.Get("Cache-Control"))
	}
	r = do(h, "GET", "/app.js", map[string]string{"If-None-Match": wantTag})
	if r.StatusCode != http.StatusNotModified || len(body(t, r)) != 0 {
		t.Errorf("If-None-Match: status %d, want 304 with no body", r.StatusCode)
	}
	checkSecurity(t, "304", r)
	// The brotli representation has its own tag; the identity tag must not validate it.
	rb := do(h, "GET", "/app.js", map[string]string{"Accept-Encoding": "br"})
	brTag := rb.Header.Get("ETag")
	if brTag == wantTag || brTag == "" {
		t.Errorf("br ETag %q equals identity ETag", brTag)
	}
	r = do(h, "GET", "/app.js", map[string]string{"Accept-Encoding": "br", "If-None-Match": wantTag})
	if r.StatusCode != 200 {
		t.Errorf("identity ETag validated the br representation: %d", r.StatusCode)
	}
	r = do(h, "GET", "/app.js", map[string]string{"Accept-Encoding": "br", "If-None-Match": brTag})
	if r.StatusCode != 304 {
		t.Errorf("br ETag: %d, want 304", r.StatusCode)
	}
}

func TestHeadAndRange(t *testing.T) {
	h := newTestHandler(t, Policy{})
	r := do(h, "HEAD", "/app.js", nil)
	if r.StatusCode != 200 || len(body(t, r)) != 0 {
		t.Errorf("HEAD: status %d with a body", r.StatusCode)
	}
	if r.Header.Get("Content-Length") != fmt.Sprint(len(appJS)) {
		t.Errorf("HEAD Content-Length %q, want %d", r.Header.Get("Content-Length"), len(appJS))
	}
	r = do(h, "GET", "/app.js", map[string]string{"Range": "bytes=7-12"})
	if r.StatusCode != http.StatusPartialContent {
		t.Fatalf("Range: status %d", r.StatusCode)
	}
	if got := string(body(t, r)); got != appJS[7:13] {
		t.Errorf("Range body %q, want %q", got, appJS[7:13])
	}
	if got := r.Header.Get("Content-Range"); got != fmt.Sprintf("bytes 7-12/%d", len(appJS)) {
		t.Errorf("Content-Range %q", got)
	}
	r = do(h, "GET", "/app.js", map[string]string{"Range": "bytes=9999-"})
	if r.StatusCode != http.StatusRequestedRangeNotSatisfiable {
		t.Errorf("unsatisfiable range: %d", r.StatusCode)
	}
	// If-Range with a stale tag gives the whole file.
	r = do(h, "GET", "/app.js", map[string]string{"Range": "bytes=0-1", "If-Range": `"stale"`})
	if r.StatusCode != 200 {
		t.Errorf("stale If-Range: %d, want 200", r.StatusCode)
	}
}

func TestMethods(t *testing.T) {
	h := newTestHandler(t, Policy{})
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "BREW"} {
		r := do(h, m, "/app.js", nil)
		if r.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s: status %d, want 405", m, r.StatusCode)
		}
		if r.Header.Get("Allow") != "GET, HEAD, OPTIONS" {
			t.Errorf("%s: Allow %q", m, r.Header.Get("Allow"))
		}
	}
	if r := do(h, "OPTIONS", "/", nil); r.StatusCode != http.StatusNoContent {
		t.Errorf("OPTIONS: %d", r.StatusCode)
	}
}

func TestDirectoriesAndHidden(t *testing.T) {
	h := newTestHandler(t, Policy{})
	r := do(h, "GET", "/examples", nil)
	if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/examples/" {
		t.Errorf("/examples: %d Location %q", r.StatusCode, r.Header.Get("Location"))
	}
	if got := string(body(t, do(h, "GET", "/examples/", nil))); !strings.Contains(got, "embed") {
		t.Errorf("/examples/ served %q", got)
	}
	for _, p := range []string{"/.hidden", "/app.js/", "/app.js/x", "//app.js"} {
		if r := do(h, "GET", p, nil); r.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404", p, r.StatusCode)
		}
	}
}

// TestPathTraversal sends raw request lines over TCP so that no client library cleans the
// path first.
func TestPathTraversal(t *testing.T) {
	srv := httptest.NewServer(newTestHandler(t, Policy{}))
	defer srv.Close()
	paths := []string{
		"/../../../../etc/passwd",
		"/..%2f..%2f..%2fetc%2fpasswd",
		"/%2e%2e/%2e%2e/etc/passwd",
		"/examples/../../go.mod",
		"/..\\..\\etc\\passwd",
		"/%5c..%5c..%5cetc%5cpasswd",
		"/app.js%00.png",
		"/./index.html",
	}
	for _, p := range paths {
		status, b := rawGet(t, srv.Listener.Addr().String(), p)
		if status != 404 && status != 400 {
			t.Errorf("%s: status %d, want 404 or 400", p, status)
		}
		if bytes.Contains(b, []byte("root:")) || bytes.Contains(b, []byte("module ")) {
			t.Errorf("%s: leaked a file: %q", p, b)
		}
	}
}

func rawGet(t *testing.T, addr, target string) (int, []byte) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", target)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func TestHealth(t *testing.T) {
	h := newTestHandler(t, Policy{})
	r := do(h, "GET", "/healthz", nil)
	b := string(body(t, r))
	if !strings.Contains(b, `"status":"ok"`) || !strings.Contains(b, h.Version()) {
		t.Errorf("healthz body %q", b)
	}
	if r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("healthz Cache-Control %q", r.Header.Get("Cache-Control"))
	}
}

func TestNewWithoutIndex(t *testing.T) {
	_, err := New(fstest.MapFS{"README.md": {Data: []byte("x")}}, Config{})
	if !errors.Is(err, ErrNoIndex) {
		t.Errorf("err = %v, want ErrNoIndex", err)
	}
}

func TestServiceWorkerScopeHeader(t *testing.T) {
	h := newTestHandler(t, Policy{})
	if got := do(h, "GET", "/sw.js", nil).Header.Get("Service-Worker-Allowed"); got != "/" {
		t.Errorf("Service-Worker-Allowed %q", got)
	}
}

func TestManifestETags(t *testing.T) {
	fsys := testFS(t)
	tag := strings.Repeat("ab", 32)
	fsys[ManifestName] = &fstest.MapFile{Data: []byte(`{"app.js":"` + tag + `"}`)}
	h, err := New(fsys, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if got := do(h, "GET", "/app.js", nil).Header.Get("ETag"); got != `"`+tag[:24]+`"` {
		t.Errorf("ETag %q, want the manifest's %q", got, tag[:24])
	}
	// Files missing from the manifest are hashed.
	sum := sha256.Sum256(testFS(t)["index.html"].Data)
	if got := do(h, "GET", "/", nil).Header.Get("ETag"); got != `"`+hex.EncodeToString(sum[:12])+`"` {
		t.Errorf("index ETag %q", got)
	}
	if do(h, "GET", "/"+ManifestName, nil).StatusCode != 404 {
		t.Errorf("the manifest is served")
	}
	if _, err := New(fstest.MapFS{"index.html": {}, ManifestName: {Data: []byte("{")}},
		Config{}); err == nil {
		t.Errorf("broken manifest accepted")
	}
}
