package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// Config sets up a Handler.
type Config struct {
	Policy Policy

	// CacheControl is sent with every file; empty means "no-cache": browsers keep the file but
	// revalidate it with its ETag on each use, so a new deployment is seen at once while an
	// unchanged file costs a 304. The service worker provides the offline copy.
	CacheControl string

	// MaxIdentityBytes bounds the size of a file decompressed on the fly for a client that
	// accepts no compression when only a compressed copy is stored; 0 means 64 MiB.
	MaxIdentityBytes int64
}

// Handler serves the files of an fs.FS read once at start-up. For a file "x" it also looks for
// "x.br" and "x.gz" made at build time and serves the best one the client accepts, with
// Content-Encoding, Vary and an ETag per representation. A file may also be stored only
// compressed ("x.gz" without "x"); clients that accept no compression then get it decompressed.
//
// Requests are answered from memory: the path is looked up in a table, never on a file
// system, so "..", encoded slashes and similar tricks cannot reach anything else.
type Handler struct {
	cfg     Config
	assets  map[string]*asset
	version string
}

// asset is one logical file and its stored representations.
type asset struct {
	name     string
	ctype    string
	variants map[string]*variant // keyed by coding: "", "br", "gzip"

	once     sync.Once // decompressing the identity form when only a compressed one is stored
	identity *variant
	idErr    error
}

type variant struct {
	data []byte
	etag string
}

// ErrNoIndex is returned by New when the file system has no index.html, which is what a
// clean checkout looks like before the assets are built.
var ErrNoIndex = errors.New("no index.html in the assets: build them first (make build)")

// New reads every regular file of fsys and returns a Handler for them.
func New(fsys fs.FS, cfg Config) (*Handler, error) {
	if cfg.CacheControl == "" {
		cfg.CacheControl = "no-cache"
	}
	if cfg.MaxIdentityBytes == 0 {
		cfg.MaxIdentityBytes = 64 << 20
	}
	h := &Handler{cfg: cfg, assets: map[string]*asset{}}
	stored := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("read asset %s: %w", p, err)
		}
		stored[p] = data
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("scan assets: %w", err)
	}
	for p, data := range stored {
		base, coding := p, ""
		switch {
		case strings.HasSuffix(p, ".br"):
			base, coding = strings.TrimSuffix(p, ".br"), "br"
		case strings.HasSuffix(p, ".gz"):
			base, coding = strings.TrimSuffix(p, ".gz"), "gzip"
		}
		if coding != "" && !compressible(base) {
			base, coding = p, "" // a real .gz download, not a sibling
		}
		a := h.assets[base]
		if a == nil {
			a = &asset{name: base, ctype: contentType(base), variants: map[string]*variant{}}
			h.assets[base] = a
		}
		sum := sha256.Sum256(data)
		tag := hex.EncodeToString(sum[:12])
		if coding != "" {
			tag += "-" + coding
		}
		a.variants[coding] = &variant{data: data, etag: `"` + tag + `"`}
	}
	if _, ok := h.assets["index.html"]; !ok {
		return nil, ErrNoIndex
	}
	h.version = h.digest()
	return h, nil
}

// digest is a hash over every representation's ETag, reported by /healthz so a deployment can
// be told apart from the previous one.
func (h *Handler) digest() string {
	var tags []string
	for name, a := range h.assets {
		for c, v := range a.variants {
			tags = append(tags, name+"\x00"+c+"\x00"+v.etag)
		}
	}
	sort.Strings(tags)
	sum := sha256.Sum256([]byte(strings.Join(tags, "\n")))
	return hex.EncodeToString(sum[:8])
}

// Version identifies the set of assets served.
func (h *Handler) Version() string { return h.version }

// Files returns the logical file names served, sorted.
func (h *Handler) Files() []string {
	names := make([]string, 0, len(h.assets))
	for n := range h.assets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ServeHTTP answers GET and HEAD for the files and /healthz, OPTIONS with the allowed methods,
// and everything else with 405.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	h.cfg.Policy.Apply(hdr)

	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodOptions:
		hdr.Set("Allow", "GET, HEAD, OPTIONS")
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		hdr.Set("Allow", "GET, HEAD, OPTIONS")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}

	if r.URL.Path == "/healthz" {
		h.serveHealth(w, r)
		return
	}

	name, redirect, ok := h.lookup(r.URL.Path)
	if redirect != "" {
		http.Redirect(w, r, redirect, http.StatusMovedPermanently)
		return
	}
	if !ok {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	a := h.assets[name]

	available := map[string]bool{}
	for c := range a.variants {
		if c != "" {
			available[c] = true
		}
	}
	coding := chooseEncoding(r.Header.Get("Accept-Encoding"), available)
	v := a.variants[coding]
	if v == nil {
		var err error
		if v, err = a.identityVariant(h.cfg.MaxIdentityBytes); err != nil {
			http.Error(w, "cannot decode stored asset", http.StatusInternalServerError)
			return
		}
	}

	if len(available) > 0 {
		hdr.Add("Vary", "Accept-Encoding")
	}
	if coding != "" {
		hdr.Set("Content-Encoding", coding)
	}
	hdr.Set("Content-Type", a.ctype)
	hdr.Set("Cache-Control", h.cfg.CacheControl)
	hdr.Set("ETag", v.etag)
	if name == "sw.js" {
		// The service worker sits at the root so that it controls the whole origin.
		hdr.Set("Service-Worker-Allowed", "/")
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(v.data))
}

// lookup maps a URL path to an asset name. Dot segments, backslashes and NUL bytes never
// match; a directory that holds an index.html is served at its slash-terminated path.
func (h *Handler) lookup(urlPath string) (name, redirect string, ok bool) {
	if !strings.HasPrefix(urlPath, "/") || strings.ContainsAny(urlPath, "\\\x00") {
		return "", "", false
	}
	rel := urlPath[1:]
	if strings.Contains(rel, "//") || strings.HasPrefix(rel, "/") {
		return "", "", false
	}
	for _, seg := range strings.Split(rel, "/") {
		if seg == "." || seg == ".." {
			return "", "", false
		}
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	} else if _, isDir := h.assets[rel+"/index.html"]; isDir {
		return "", urlPath + "/", false
	}
	_, ok = h.assets[rel]
	return rel, "", ok
}

// identityVariant returns the uncompressed representation, decompressing a stored
// compressed copy once if that is all there is.
func (a *asset) identityVariant(limit int64) (*variant, error) {
	if v := a.variants[""]; v != nil {
		return v, nil
	}
	a.once.Do(func() {
		var src *variant
		var rd io.Reader
		if src = a.variants["gzip"]; src != nil {
			zr, err := gzip.NewReader(bytes.NewReader(src.data))
			if err != nil {
				a.idErr = fmt.Errorf("asset %s.gz: %w", a.name, err)
				return
			}
			rd = zr
		} else if src = a.variants["br"]; src != nil {
			rd = brotli.NewReader(bytes.NewReader(src.data))
		} else {
			a.idErr = fmt.Errorf("asset %s: no stored representation", a.name)
			return
		}
		data, err := io.ReadAll(io.LimitReader(rd, limit+1))
		if err != nil {
			a.idErr = fmt.Errorf("decompress asset %s: %w", a.name, err)
			return
		}
		if int64(len(data)) > limit {
			a.idErr = fmt.Errorf("asset %s: decompressed size over %d bytes", a.name, limit)
			return
		}
		a.identity = &variant{data: data, etag: strings.TrimSuffix(src.etag, `"`) + `-id"`}
	})
	return a.identity, a.idErr
}

// serveHealth reports that the server is up and which assets it serves; it never touches
// user data (there is none on the server).
func (h *Handler) serveHealth(w http.ResponseWriter, r *http.Request) {
	body, _ := json.Marshal(map[string]any{
		"status":  "ok",
		"version": h.version,
		"files":   len(h.assets),
	})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if r.Method == http.MethodHead {
		w.Header().Set("Content-Length", fmt.Sprint(len(body)+1))
		return
	}
	w.Write(append(body, '\n'))
}
