package cohort

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"strings"
)

// table is a CSV file read into memory: a header and rows of strings.
type table struct {
	path   string
	header []string
	rows   [][]string
	col    map[string]int
}

// readCSV reads a comma-, semicolon- or tab-separated file with a header row. The separator is
// the one of ',', ';', '\t' that occurs most often in the header line; a UTF-8 byte-order mark
// and CRLF line ends are accepted. Every row must have as many fields as the header.
func readCSV(path string) (*table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	sep := ','
	best := bytes.Count(first, []byte(","))
	for _, c := range []rune{';', '\t'} {
		if n := bytes.Count(first, []byte(string(c))); n > best {
			sep, best = c, n
		}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sep
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(recs) < 1 {
		return nil, fmt.Errorf("read %s: the file is empty", path)
	}
	t := &table{path: path, header: recs[0], rows: recs[1:], col: map[string]int{}}
	for j, h := range t.header {
		h = strings.TrimSpace(h)
		t.header[j] = h
		if _, dup := t.col[h]; dup {
			return nil, fmt.Errorf("read %s: column %q appears twice", path, h)
		}
		t.col[h] = j
	}
	return t, nil
}

// column returns the position of a column or an error naming the file and the columns it has.
func (t *table) column(name string) (int, error) {
	j, ok := t.col[name]
	if !ok {
		return 0, fmt.Errorf("%s has no column %q (columns: %s)", t.path, name,
			headList(t.header))
	}
	return j, nil
}

func headList(h []string) string {
	if len(h) <= 8 {
		return strings.Join(h, ", ")
	}
	return strings.Join(h[:8], ", ") + fmt.Sprintf(", … (%d in all)", len(h))
}
