// Package e2e holds the browser end-to-end tests and benchmarks of the page: the built
// assets served on 127.0.0.1, driven in headless Chromium through chromedp.
//
// They run when the assets are built (make build) and /usr/bin/chromium (or $CHROMIUM) exists,
// and are skipped otherwise or with -short. Tests that need the BUSI data skip without it.
package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/uran-browser/uran/server/static"

	"github.com/uran-browser/uran/radiomics/pyref"
)

// repoRoot is the repository root (this file is in server/e2e).
func repoRoot(t testing.TB) string {
	_, file, _, ok := goruntime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test file")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// distDir returns the built assets, skipping the test when they are missing.
func distDir(t testing.TB) string {
	d := filepath.Join(repoRoot(t), "server", "assets", "dist")
	if _, err := os.Stat(filepath.Join(d, "uran.wasm")); err != nil {
		pyref.Unavailable(t, "assets not built (run make build)")
	}
	return d
}

// chromiumPath returns the browser, skipping when there is none.
func chromiumPath(t testing.TB) string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	pyref.Unavailable(t, "chromium not installed (apt-get install -y chromium)")
	return ""
}

// sharedDir finds the shared data folder: $URAN_SHARED, else a "shared" directory next to
// one of the repository's ancestors.
func sharedDir(t testing.TB) string {
	if d := os.Getenv("URAN_SHARED"); d != "" {
		return d
	}
	for d := repoRoot(t); ; {
		if st, err := os.Stat(filepath.Join(d, "shared")); err == nil && st.IsDir() {
			return filepath.Join(d, "shared")
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// site serves the built assets with the production handler on 127.0.0.1 and records every
// request it receives.
type site struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string
}

func startSite(t testing.TB, dir string) *site {
	h, err := static.New(os.DirFS(dir), static.Config{})
	if err != nil {
		t.Fatal(err)
	}
	s := &site{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
		s.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// browser is one headless Chromium with a fresh profile.
type browser struct {
	ctx    context.Context // the browser's (first tab's) context
	cancel func()
	logs   *logSink
}

type logSink struct {
	mu    sync.Mutex
	lines []string
}

func (l *logSink) add(s string) {
	l.mu.Lock()
	l.lines = append(l.lines, s)
	l.mu.Unlock()
}

func (l *logSink) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// newBrowser starts Chromium with the flags this machine needs (no sandbox as root, no
// background networking) and any extra flags.
func newBrowser(t testing.TB, extra ...chromedp.ExecAllocatorOption) *browser {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		// Browser features that call Google services on their own.
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter,"+
			"DialMediaRouteProvider,AutofillServerCommunication,"+
			"CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions,"+
			"NetworkTimeServiceQuerying"),
		chromedp.Flag("allow-browser-signin", "false"),
		chromedp.Flag("component-updater", "disable-background-downloads"),
		chromedp.WindowSize(1280, 1000),
	)
	opts = append(opts, extra...)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	logs := &logSink{}
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			var parts []string
			for _, a := range e.Args {
				if len(a.Value) > 0 {
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			logs.add(fmt.Sprintf("console.%s: %s", e.Type, strings.Join(parts, " ")))
		case *runtime.EventExceptionThrown:
			logs.add("exception: " + e.ExceptionDetails.Text + " " +
				describeException(e.ExceptionDetails))
		}
	}))
	if err := chromedp.Do(bctx); err != nil {
		bcancel()
		acancel()
		t.Fatalf("start chromium: %v", err)
	}
	b := &browser{ctx: bctx, logs: logs, cancel: func() { bcancel(); acancel() }}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("browser console:\n%s", logs)
		}
		b.cancel()
	})
	return b
}

func describeException(d *runtime.ExceptionDetails) string {
	if d.Exception != nil {
		return d.Exception.Description
	}
	return ""
}

// step runs actions with a timeout derived from the browser context.
func (b *browser) do(t testing.TB, timeout time.Duration, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// eval evaluates a JavaScript expression (awaiting a promise) and returns its value.
func eval[T any](t testing.TB, b *browser, timeout time.Duration, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// poll reports whether a JavaScript condition became true within timeout.
func (b *browser) poll(t testing.TB, timeout time.Duration, cond string) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout+5*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](cond,
		chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(50*time.Millisecond)))
	return err == nil
}

// waitFor polls a JavaScript condition.
func (b *browser) waitFor(t testing.TB, timeout time.Duration, cond string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout+5*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond,
		chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("waiting for %s: %v", cond, err)
	}
}
