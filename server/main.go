// Command server hosts the URAN page: a static file server for the built assets embedded at
// compile time (or read from -dir). It never receives an image: measurement and prediction run
// inside the visitor's browser, and the server only hands out the page, the WebAssembly binary,
// the default weights and the sample phantoms.
//
// Usage:
//
//	go run ./server [-addr 127.0.0.1:8080] [-frame-ancestors "'self' https://portal.example"]
//	                [-dir path/to/dist] [-hsts]
//
// It logs one line per request (method, path without query, status, bytes, duration), answers
// /healthz, and shuts down gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/uran-browser/uran/server/assets"
	"github.com/uran-browser/uran/server/static"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

// Timeouts of the HTTP server; variables so the tests can shorten them.
var (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second // requests carry no body
	writeTimeout      = 2 * time.Minute  // the wasm binary on a slow link
	idleTimeout       = 60 * time.Second
)

// run parses args, serves until ctx ends, then drains open requests for up to ten seconds.
// If ready is not nil it receives the listening address once the socket is open.
func run(ctx context.Context, args []string, logOut io.Writer, ready chan<- string) error {
	fl := flag.NewFlagSet("server", flag.ContinueOnError)
	fl.SetOutput(logOut)
	addr := fl.String("addr", "127.0.0.1:8080", "listen address (host:port)")
	dir := fl.String("dir", "", "serve this directory instead of the embedded assets")
	frame := fl.String("frame-ancestors", "'none'",
		"origins allowed to frame the page (CSP frame-ancestors), space separated")
	hsts := fl.Bool("hsts", false, "send Strict-Transport-Security (when behind HTTPS)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fl.Arg(0))
	}

	fa, err := static.ParseFrameAncestors(*frame)
	if err != nil {
		return err
	}
	var fsys fs.FS = assets.FS()
	if *dir != "" {
		fsys = os.DirFS(*dir)
	}
	h, err := static.New(fsys, static.Config{Policy: static.Policy{FrameAncestors: fa, HSTS: *hsts}})
	if err != nil {
		return err
	}

	log := slog.New(slog.NewTextHandler(logOut, nil))
	srv := &http.Server{
		Handler:           logRequests(log, h),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", *addr, err)
	}
	log.Info("serving", "url", "http://"+ln.Addr().String()+"/", "files", len(h.Files()),
		"version", h.Version())
	if ready != nil {
		ready <- ln.Addr().String()
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// statusWriter records the status code and body size for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// maxLoggedPath bounds the path written to the log: no file of the site has a longer one, and a
// client cannot fill the log with long made-up paths.
const maxLoggedPath = 200

// logPath is the path as logged: cut after maxLoggedPath bytes (at a rune boundary), with its
// full length noted.
func logPath(p string) string {
	if len(p) <= maxLoggedPath {
		return p
	}
	cut := maxLoggedPath
	for cut > 0 && !utf8.RuneStart(p[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", p[:cut], len(p))
}

// logRequests writes one line per request. It logs the path without the query string and no
// client address: the server has nothing of the user's to record.
func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		log.Info("request", "method", r.Method, "path", logPath(r.URL.Path),
			"status", sw.status, "bytes", sw.bytes,
			"ms", float64(time.Since(start).Microseconds())/1000)
	})
}
