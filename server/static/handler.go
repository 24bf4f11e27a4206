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
	cfg         Config
	fsys        fs.FS
	assets      map[string]*asset
	manifest    map[string]string
	version     string
	versionOnce sync.Once
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

// variant is one stored file. Its bytes are read on first use; its ETag comes from the
// manifest written at build time or, without one, from hashing the bytes once.
type variant struct {
	path string
	once sync.Once
	data []byte
	etag string
	err  error
}

// ManifestName is the hidden file, written by the build, that lists the SHA-256 of every
// stored file ({"path": "hex", …}). With it the handler never hashes at start-up or per
// request, which matters in the Cloudflare Worker, where each request starts a fresh
// instance. It is not served.
const ManifestName = ".etags.json"

// ErrNoIndex is returned by New when the file system has no index.html, which is what a
// clean checkout looks like before the assets are built.
var ErrNoIndex = errors.New("no index.html in the assets: build them first (make build)")

// New indexes the regular files of fsys and returns a Handler for them. Contents are read
// when first requested.
func New(fsys fs.FS, cfg Config) (*Handler, error) {
	if cfg.CacheControl == "" {
		cfg.CacheControl = "no-cache"
	}
	if cfg.MaxIdentityBytes == 0 {
		cfg.MaxIdentityBytes = 64 << 20
	}
	h := &Handler{cfg: cfg, fsys: fsys, assets: map[string]*asset{}}
	if m, err := fs.ReadFile(fsys, ManifestName); err == nil {
		if err := json.Unmarshal(m, &h.manifest); err != nil {
			return nil, fmt.Errorf("assets manifest %s: %w", ManifestName, err)
		}
		sum := sha256.Sum256(m)
		h.version = hex.EncodeToString(sum[:8])
	}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
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
		a.variants[coding] = &variant{path: p}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("scan assets: %w", err)
	}
	if _, ok := h.assets["index.html"]; !ok {
		return nil, ErrNoIndex
	}
	return h, nil
}

// load reads a variant's bytes and settles its ETag: "<first 24 hex digits of SHA-256>",
// with "-br" or "-gzip" appended for a compressed representation.
func (h *Handler) load(v *variant, coding string) error {
	v.once.Do(func() {
		v.data, v.err = fs.ReadFile(h.fsys, v.path)
		if v.err != nil {
			return
		}
		tag, ok := h.manifest[v.path]
		if !ok || len(tag) < 24 {
			sum := sha256.Sum256(v.data)
			tag = hex.EncodeToString(sum[:])
		}
		tag = tag[:24]
		if coding != "" {
			tag += "-" + coding
		}
		v.etag = `"` + tag + `"`
	})
	return v.err
}

// Version identifies the set of assets served: a hash of the build manifest, or of every
// file when there is none.
func (h *Handler) Version() string {
	h.versionOnce.Do(func() {
		if h.version != "" {
			return
		}
		var tags []string
		for name, a := range h.assets {
			for c, v := range a.variants {
				if h.load(v, c) == nil {
					tags = append(tags, name+"\x00"+c+"\x00"+v.etag)
				}
			}
		}
		sort.Strings(tags)
		sum := sha256.Sum256([]byte(strings.Join(tags, "\n")))
		h.version = hex.EncodeToString(sum[:8])
	})
	return h.version
}

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
	var err error
	if v == nil {
		v, err = h.identityVariant(a)
	} else {
		err = h.load(v, coding)
	}
	if err != nil {
		http.Error(w, "cannot read stored asset", http.StatusInternalServerError)
		return
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
func (h *Handler) identityVariant(a *asset) (*variant, error) {
	if v := a.variants[""]; v != nil {
		return v, h.load(v, "")
	}
	a.once.Do(func() {
		coding := "gzip"
		src := a.variants[coding]
		if src == nil {
			coding = "br"
			src = a.variants[coding]
		}
		if src == nil {
			a.idErr = fmt.Errorf("asset %s: no stored representation", a.name)
			return
		}
		if a.idErr = h.load(src, coding); a.idErr != nil {
			return
		}
		var rd io.Reader
		if coding == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(src.data))
			if err != nil {
				a.idErr = fmt.Errorf("asset %s.gz: %w", a.name, err)
				return
			}
			rd = zr
		} else {
			rd = brotli.NewReader(bytes.NewReader(src.data))
		}
		limit := h.cfg.MaxIdentityBytes
		data, err := io.ReadAll(io.LimitReader(rd, limit+1))
		if err != nil {
			a.idErr = fmt.Errorf("decompress asset %s: %w", a.name, err)
			return
		}
		if int64(len(data)) > limit {
			a.idErr = fmt.Errorf("asset %s: decompressed size over %d bytes", a.name, limit)
			return
		}
		tag := strings.TrimSuffix(strings.TrimSuffix(src.etag, `"`), "-"+coding)
		a.identity = &variant{data: data, etag: tag + `-id"`}
	})
	return a.identity, a.idErr
}

// serveHealth reports that the server is up and which assets it serves; it never touches
// user data (there is none on the server).
func (h *Handler) serveHealth(w http.ResponseWriter, r *http.Request) {
	body, _ := json.Marshal(map[string]any{
		"status":  "ok",
		"version": h.Version(),
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
