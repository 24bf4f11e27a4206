package weights

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
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
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		if err := CheckFileSize(path, st.Size()); err != nil {
			return nil, err // refused before reading, with the file's true size
		}
	}
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

// bodyProblem describes an error decoding the body (held in data) into the model in the
// file's words: the JSON path of the value, the value and its line and column, instead of Go's
// struct and type names. A number out of float64's range (1e999) is the common case.
func bodyProblem(data, body []byte, err error) string {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return err.Error()
	}
	field := te.Field
	if field == "" {
		field = "the body"
	}
	lit, isNumber := strings.CutPrefix(te.Value, "number ")
	where := ""
	if base := bytes.Index(data, body); base >= 0 {
		// Offset is where the decoder stood: at or just after the value.
		at := min(int(te.Offset), len(body))
		if isNumber {
			if i := bytes.LastIndex(body[:min(len(body), at+len(lit))], []byte(lit)); i >= 0 {
				at = i
			}
		}
		line, col := lineColumn(data, base+at)
		where = fmt.Sprintf(" at line %d, column %d", line, col)
	}
	if isNumber && te.Type != nil &&
		(te.Type.Kind() == reflect.Float64 || te.Type.Kind() == reflect.Float32) {
		return fmt.Sprintf("%s: the number %s%s is out of range: weights must be finite "+
			"numbers, at most about ±1.8e308", field, lit, where)
	}
	return fmt.Sprintf("%s: a JSON %s%s, where %s is expected", field, te.Value, where,
		typeWords(te.Type))
}

// typeWords names what a Go type holds in JSON terms.
func typeWords(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number from 0"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map, reflect.Pointer:
		return "an object"
	}
	return "a " + t.Kind().String()
}

// lineColumn returns the 1-based line and column (in bytes) of data[at].
func lineColumn(data []byte, at int) (int, int) {
	line := 1 + bytes.Count(data[:at], []byte{'\n'})
	return line, at - bytes.LastIndexByte(data[:at], '\n')
}
