package weights

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// FileError is a problem with a named weights file: the message reads "weights file NAME:
// problem", the same in the commands, the JavaScript API and the page.
type FileError struct {
	Name string
	Err  error
}

func (e *FileError) Error() string { return "weights file " + e.Name + ": " + e.Err.Error() }

func (e *FileError) Unwrap() error { return e.Err }

// DecodeFile is Decode for a file the user named; every error is a *FileError naming it. It
// also refuses a model without extraction parameters when forImages is set (such a model
// scores feature vectors, not images).
func DecodeFile(data []byte, name string, forImages bool) (*Model, error) {
	m, err := Decode(data)
	if err != nil {
		return nil, &FileError{name, err}
	}
	if forImages {
		if _, err := m.Params(); err != nil {
			return nil, &FileError{name, err}
		}
	}
	return m, nil
}

// ReadFile reads and decodes the weights file at path (see DecodeFile), refusing files over
// MaxFileSize before reading them whole.
func ReadFile(path string, forImages bool) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read weights: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read weights %s: %w", path, err)
	}
	return DecodeFile(data, path, forImages)
}

// CheckFileSize returns DecodeFile's error for a file of size bytes over MaxFileSize, or nil:
// callers that know the size before reading (the page, the browser's worker) refuse the file
// without reading it.
func CheckFileSize(name string, size int64) error {
	if err := checkSize(size); err != nil {
		return &FileError{name, err}
	}
	return nil
}

func checkSize(n int64) error {
	if n > MaxFileSize {
		return &FormatError{fmt.Sprintf("file is %d bytes, more than the %d allowed", n,
			MaxFileSize)}
	}
	return nil
}

// jsonProblem describes a JSON decoding error of data in words: where a syntax error is (line
// and column), that the file ends early, or that a number is NaN or infinite (which JSON
// cannot hold; some writers, Python's json among them, emit NaN, Infinity and -Infinity).
func jsonProblem(data []byte, err error) string {
	if len(bytes.TrimSpace(data)) == 0 {
		return fmt.Sprintf("the file is empty (%d bytes, no JSON text)", len(data))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Sprintf("the file ends in the middle of its JSON text after %d bytes "+
			"(truncated?)", len(data))
	}
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset > 0 && se.Offset <= int64(len(data)) {
		at := int(se.Offset) - 1 // the offending byte
		for _, word := range []string{"-Infinity", "Infinity", "NaN"} {
			for _, start := range []int{at - 1, at} {
				if start >= 0 && bytes.HasPrefix(data[start:], []byte(word)) {
					line, col := lineColumn(data, start)
					return fmt.Sprintf("a number is written %s at line %d, column %d: weights "+
						"must be finite numbers (JSON has no NaN or Infinity)", word, line, col)
				}
			}
		}
		line, col := lineColumn(data, at)
		return fmt.Sprintf("JSON syntax error at line %d, column %d: %v", line, col, se)
	}
	return err.Error()
}

// lineColumn returns the 1-based line and column (in bytes) of data[at].
func lineColumn(data []byte, at int) (int, int) {
	line := 1 + bytes.Count(data[:at], []byte{'\n'})
	return line, at - bytes.LastIndexByte(data[:at], '\n')
}
