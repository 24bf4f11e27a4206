package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log sink safe for the server goroutines and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServer runs the command on a free loopback port with -dir pointing at a tiny site.
func startServer(t *testing.T, extra ...string) (addr string, logs *syncBuffer, stop func() error) {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html><title>t</title>"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	logs = &syncBuffer{}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	args := append([]string{"-addr", "127.0.0.1:0", "-dir", dir}, extra...)
	go func() { done <- run(ctx, args, logs, ready) }()
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("server did not start: %v", err)
	}
	return addr, logs, func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(15 * time.Second):
			return fmt.Errorf("server did not stop")
		}
	}
}

func TestServeLogAndShutdown(t *testing.T) {
	addr, logs, stop := startServer(t, "-frame-ancestors", "'self'")
	resp, err := http.Get("http://" + addr + "/?secret=query")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET /: %d", resp.StatusCode)
	}
	if !strings.HasSuffix(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'self'") {
		t.Errorf("-frame-ancestors not applied: %q", resp.Header.Get("Content-Security-Policy"))
	}
	resp, err = http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	if err := stop(); err != nil {
		t.Fatalf("graceful shutdown: %v", err)
	}
	l := logs.String()
	if !strings.Contains(l, "method=GET path=/ status=200") {
		t.Errorf("no request line in log:\n%s", l)
	}
	if strings.Contains(l, "secret") {
		t.Errorf("query string logged:\n%s", l)
	}
	if !strings.Contains(l, "shutting down") {
		t.Errorf("no shutdown line in log:\n%s", l)
	}
}

func TestShutdownWaitsForOpenRequest(t *testing.T) {
	addr, _, stop := startServer(t)
	// Start a request whose body we read only after asking the server to stop.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n")
	buf := make([]byte, 4096)
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, _ := conn.Read(buf)
	if !bytes.HasPrefix(buf[:n], []byte("HTTP/1.1 200")) {
		t.Fatalf("first response %q", buf[:n])
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Errorf("server still accepts connections after shutdown")
	}
}

func TestSlowClientAndHugeHeaders(t *testing.T) {
	old := readHeaderTimeout
	readHeaderTimeout = 300 * time.Millisecond
	defer func() { readHeaderTimeout = old }()
	addr, _, stop := startServer(t)
	defer stop()

	// A client that never finishes its header is disconnected after the header timeout.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, err = io.ReadAll(conn)
	conn.Close()
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Errorf("slow client was not disconnected by the server")
	}

	// A header block over the limit gets 431.
	req, _ := http.NewRequest("GET", "http://"+addr+"/", nil)
	req.Header.Set("X-Big", strings.Repeat("a", 64<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("64 KiB header: status %d, want 431", resp.StatusCode)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-frame-ancestors", "https://x.example; script-src *"},
		{"-dir", t.TempDir()}, // no index.html
		{"stray"},
	} {
		if err := run(context.Background(), args, io.Discard, nil); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
}
