// Command bundle assembles the files the server embeds (server/assets/dist) from the
// repository and the build outputs:
//
//   - the page: index.html, ui/style.css, wasm/js/*, server/web/* (service worker, manifest,
//     icon, embedding example);
//   - wasm_exec.js from the Go installation ($GOROOT/lib/wasm) and vugu-helpers.js, the DOM
//     renderer's helper script taken verbatim from the vugu module (the page cannot eval it
//     under its Content-Security-Policy, so it is served as a file);
//   - uran.wasm, the sample phantoms and the default weights file;
//   - a .gz and a .br copy of every compressible file, and the service worker's asset list.
//
// Usage (from the repository root; `make build` runs it):
//
//	go run ./server/bundle -out server/assets/dist -wasm build/uran.wasm \
//	    -samples build/samples [-weights weights/default.uranw] [-compress=false]
package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"
)

func main() {
	out := flag.String("out", "server/assets/dist", "output directory")
	wasm := flag.String("wasm", "build/uran.wasm", "the built uran.wasm")
	samples := flag.String("samples", "build/samples", "directory written by tools/phantom")
	weights := flag.String("weights", "", "default weights file to offer as models/default.uranw")
	root := flag.String("root", ".", "repository root")
	compress := flag.Bool("compress", true, "write .gz and .br copies")
	worker := flag.Bool("worker", false, "copy -from to -out keeping only brotli copies")
	from := flag.String("from", "server/assets/dist", "with -worker: the built assets")
	flag.Parse()
	b := &bundler{out: *out, root: *root}
	var err error
	if *worker {
		err = b.worker(*from)
	} else {
		err = b.run(*wasm, *samples, *weights, *compress)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bundle:", err)
		os.Exit(1)
	}
}

type bundler struct {
	out, root string
	files     map[string][]byte // served name → content
}

func (b *bundler) add(name string, data []byte) { b.files[name] = data }

func (b *bundler) addFile(name, src string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("read %s: %w", src, err)
	}
	b.add(name, data)
	return nil
}

// addDir adds every regular file under dir, named by its path below dir with prefix.
func (b *bundler) addDir(prefix, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		return b.addFile(path.Join(prefix, filepath.ToSlash(rel)), p)
	})
}

func (b *bundler) run(wasm, samples, weights string, compress bool) error {
	b.files = map[string][]byte{}
	r := func(p string) string { return filepath.Join(b.root, p) }
	if err := b.addFile("index.html", r("index.html")); err != nil {
		return err
	}
	if err := b.addFile("style.css", r("ui/style.css")); err != nil {
		return err
	}
	if err := b.addDir("", r("wasm/js")); err != nil {
		return err
	}
	if err := b.addDir("", r("server/web")); err != nil {
		return err
	}
	if err := b.addFile("uran.wasm", wasm); err != nil {
		return err
	}
	if err := b.addDir("samples", samples); err != nil {
		return err
	}
	if weights != "" {
		if err := b.addFile("models/default.uranw", weights); err != nil {
			return err
		}
	}
	goroot, err := goOutput("env", "GOROOT")
	if err != nil {
		return err
	}
	if err := b.addFile("wasm_exec.js", filepath.Join(goroot, "lib", "wasm",
		"wasm_exec.js")); err != nil {
		return err
	}
	helpers, err := vuguHelperScript()
	if err != nil {
		return err
	}
	b.add("vugu-helpers.js", []byte(helpers))
	if err := b.serviceWorker(); err != nil {
		return err
	}
	return b.write(compress)
}

// serviceWorker fills the asset list and version into sw.js.
func (b *bundler) serviceWorker() error {
	sw, ok := b.files["sw.js"]
	if !ok {
		return fmt.Errorf("server/web/sw.js is missing")
	}
	var names []string
	for n := range b.files {
		if n != "sw.js" && n != "README.md" && !strings.HasPrefix(n, "examples/") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		sum := sha256.Sum256(b.files[n])
		fmt.Fprintf(h, "%s %x\n", n, sum)
	}
	version := hex.EncodeToString(h.Sum(nil))[:16]
	urls := []string{"./"}
	for _, n := range names {
		if n != "index.html" {
			urls = append(urls, n)
		}
	}
	list, err := json.Marshal(urls)
	if err != nil {
		return err
	}
	s := string(sw)
	if !strings.Contains(s, "'__URAN_VERSION__'") || !strings.Contains(s, "__URAN_ASSETS__") {
		return fmt.Errorf("sw.js lacks the __URAN_VERSION__ or __URAN_ASSETS__ placeholder")
	}
	s = strings.Replace(s, "__URAN_VERSION__", version, 1)
	s = strings.Replace(s, "__URAN_ASSETS__", string(list), 1)
	b.add("sw.js", []byte(s))
	return nil
}

// write replaces the output directory's contents (keeping its README.md) and prints a size
// table.
func (b *bundler) write(compress bool) error {
	entries, err := os.ReadDir(b.out)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	for _, e := range entries {
		if e.Name() != "README.md" {
			if err := os.RemoveAll(filepath.Join(b.out, e.Name())); err != nil {
				return err
			}
		}
	}
	var names []string
	for n := range b.files {
		names = append(names, n)
	}
	sort.Strings(names)
	var raw, gz, br int
	etags := map[string]string{}
	put := func(name string, data []byte) error {
		sum := sha256.Sum256(data)
		etags[name] = hex.EncodeToString(sum[:])
		return writeFile(filepath.Join(b.out, filepath.FromSlash(name)), data)
	}
	for _, n := range names {
		data := b.files[n]
		if err := put(n, data); err != nil {
			return err
		}
		sizes := [3]int{len(data), len(data), len(data)}
		if compress && compressible(n) && len(data) > 512 {
			for i, c := range []struct {
				ext string
				fn  func([]byte) ([]byte, error)
			}{{".gz", gzipBytes}, {".br", brotliBytes}} {
				z, err := c.fn(data)
				if err != nil {
					return fmt.Errorf("compress %s: %w", n, err)
				}
				if len(z) < len(data)*95/100 {
					if err := put(n+c.ext, z); err != nil {
						return err
					}
					sizes[i+1] = len(z)
				}
			}
		}
		raw, gz, br = raw+sizes[0], gz+sizes[1], br+sizes[2]
		fmt.Printf("%-40s %10d %10d %10d\n", n, sizes[0], sizes[1], sizes[2])
	}
	fmt.Printf("%-40s %10d %10d %10d\n", "TOTAL (raw, gzip, brotli)", raw, gz, br)
	m, err := json.MarshalIndent(etags, "", " ")
	if err != nil {
		return err
	}
	// The same name as static.ManifestName; not imported to keep this tool independent.
	return writeFile(filepath.Join(b.out, ".etags.json"), m)
}

// worker fills the output with the built assets of dir for the Cloudflare Worker: of a file
// with a brotli copy only the copy is kept (the static handler decompresses it for the rare
// client without brotli); gzip copies are dropped.
func (b *bundler) worker(dir string) error {
	b.files = map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		switch {
		case strings.HasPrefix(path.Base(name), "."), name == "README.md":
			return nil
		case strings.HasSuffix(name, ".gz") && compressible(strings.TrimSuffix(name, ".gz")):
			return nil
		case !strings.HasSuffix(name, ".br"):
			if _, err := os.Stat(p + ".br"); err == nil {
				return nil
			}
		}
		return b.addFile(name, p)
	})
	if err != nil {
		return err
	}
	return b.write(false)
}

func writeFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

func compressible(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".gz", ".br", ".ico":
		return false
	}
	return true
}

func gzipBytes(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func brotliBytes(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func goOutput(args ...string) (string, error) {
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}

// vuguHelperScript returns the JavaScript that vugu's domrender evaluates at start-up: the
// constant jsHelperScript of the vugu module in use, read from its source so the served copy
// is byte for byte what domrender would have run.
func vuguHelperScript() (string, error) {
	dir, err := goOutput("list", "-m", "-f", "{{.Dir}}", "github.com/vugu/vugu")
	if err != nil {
		return "", err
	}
	src := filepath.Join(dir, "domrender", "renderer-js-script.go")
	f, err := parser.ParseFile(token.NewFileSet(), src, nil, 0)
	if err != nil {
		return "", fmt.Errorf("parse %s: %w", src, err)
	}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if n.Name != "jsHelperScript" || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return "", fmt.Errorf("%s: jsHelperScript is not a string literal", src)
				}
				return strconv.Unquote(lit.Value)
			}
		}
	}
	return "", fmt.Errorf("%s: no jsHelperScript constant", src)
}
