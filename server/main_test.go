package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
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
func startServer(t *testing.T, extra ...string) (addr string, logs *syncBuffer,
	stop func() error) {
	t.Helper()
	return startServerDir(t, t.TempDir(), extra...)
}

// startServerDir is startServer serving dir, to which it adds an index.html.
func startServerDir(t *testing.T, dir string, extra ...string) (addr string, logs *syncBuffer,
	stop func() error) {
	t.Helper()
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

// TestShutdownDrainsInFlightRequest starts a large download that the client reads slowly,
// cancels the server's context (what SIGINT or SIGTERM do in main) while the response is
// still being written, and checks that the server stops accepting connections, that the
// download completes with every byte, and that the server then exits cleanly.
func TestShutdownDrainsInFlightRequest(t *testing.T) {
	dir := t.TempDir()
	// Far more than the loopback socket buffers hold, so the server is still writing when
	// the shutdown starts; random bytes, so no compression shortens it.
	data := make([]byte, 24<<20)
	rand.NewChaCha8([32]byte{1}).Read(data)
	if err := os.WriteFile(filepath.Join(dir, "big.bin"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	addr, logs, stop := startServerDir(t, dir)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	fmt.Fprintf(conn, "GET /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.ContentLength != int64(len(data)) {
		t.Fatalf("GET /big.bin: %d, %d bytes", resp.StatusCode, resp.ContentLength)
	}
	body := make([]byte, 0, len(data))
	chunk := make([]byte, 256<<10)
	n, err := io.ReadFull(resp.Body, chunk)
	if err != nil {
		t.Fatal(err)
	}
	body = append(body, chunk[:n]...)

	// Stop the server; note what it had logged when run returned.
	type exit struct {
		err error
		log string
	}
	stopped := make(chan exit, 1)
	go func() {
		err := stop()
		stopped <- exit{err, logs.String()}
	}()
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(logs.String(),
		"shutting down"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the server did not start shutting down")
		}
	}
	line := fmt.Sprintf("path=/big.bin status=200 bytes=%d", len(data))
	if strings.Contains(logs.String(), line) {
		t.Fatal("the download finished before the shutdown began; the test needs a larger file")
	}
	// The listener is closed at once; the open request goes on.
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the server still accepts connections while shutting down")
		}
	}
	// Read the rest slowly.
	for {
		n, err := resp.Body.Read(chunk)
		body = append(body, chunk[:n]...)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the open request broke off after %d of %d bytes: %v", len(body),
				len(data), err)
		}
		time.Sleep(time.Millisecond)
	}
	if !bytes.Equal(body, data) {
		t.Fatalf("the open request got %d bytes, not the file's %d", len(body), len(data))
	}
	select {
	case e := <-stopped:
		if e.err != nil {
			t.Fatalf("graceful shutdown: %v", e.err)
		}
		// run returned only after the handler had written the whole response.
		if !strings.Contains(e.log, line) {
			t.Errorf("the server exited before the open request completed; its log:\n%s",
				e.log)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the server did not exit after the open request completed")
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

// TestLogPathIsBounded: a long made-up path is logged cut to maxLoggedPath bytes, without
// splitting a character, with its length; a normal path is logged as it is.
func TestLogPathIsBounded(t *testing.T) {
	if got := logPath("/uran.wasm"); got != "/uran.wasm" {
		t.Errorf("short path logged as %q", got)
	}
	long := "/" + strings.Repeat("é", 5000) // 10 001 bytes
	got := logPath(long)
	if !strings.HasSuffix(got, "… (10001 bytes)") || len(got) > maxLoggedPath+20 ||
		!utf8.ValidString(got) {
		t.Errorf("long path logged as %q (%d bytes)", got, len(got))
	}
}
