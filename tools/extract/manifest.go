package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/uran-browser/uran/tools/internal/cohort"
)

// manifest is a batch description: a CSV with a header row.
type manifest struct {
	path        string
	header      []string // the column names as written, in order
	rows        [][]string
	image, mask int // indices of the image and mask columns
	id          int // index of the id column, or −1
}

func readManifest(path string) (*manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.TrimLeadingSpace = true
	records, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read manifest %s: %w", path, err)
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("manifest %s is empty: it needs a header row with image and "+
			"mask columns", path)
	}

	m := &manifest{path: path, header: records[0], rows: records[1:], image: -1, mask: -1, id: -1}
	if len(m.header) > 0 {
		m.header[0] = strings.TrimPrefix(m.header[0], "\ufeff") // a spreadsheet's BOM
	}
	seen := map[string]bool{}
	for i, name := range m.header {
		key := strings.ToLower(strings.TrimSpace(name))
		if seen[key] {
			return nil, fmt.Errorf("manifest %s: column %q appears twice", path, name)
		}
		seen[key] = true
		switch key {
		case "image":
			m.image = i
		case "mask":
			m.mask = i
		case "id":
			m.id = i
		}
	}
	if m.image < 0 || m.mask < 0 {
		return nil, fmt.Errorf("manifest %s: needs columns \"image\" and \"mask\" (has: %s)",
			path, strings.Join(m.header, ", "))
	}
	if len(m.rows) == 0 {
		return nil, fmt.Errorf("manifest %s has a header but no cases", path)
	}
	return m, nil
}

// paths returns the image path and the mask paths of row i, resolved against the manifest's
// folder.
func (m *manifest) paths(i int) (string, []string, error) {
	row := m.rows[i]
	resolve := func(p string) string {
		p = strings.TrimSpace(p)
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(filepath.Dir(m.path), p)
	}
	img := strings.TrimSpace(row[m.image])
	if img == "" {
		return "", nil, fmt.Errorf("manifest row %d has no image path", i+2)
	}
	var masks []string
	for _, p := range cohort.SplitMasks(row[m.mask]) {
		masks = append(masks, resolve(p))
	}
	if len(masks) == 0 {
		return "", nil, fmt.Errorf("manifest row %d has no mask path", i+2)
	}
	return resolve(img), masks, nil
}
