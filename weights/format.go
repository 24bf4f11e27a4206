package weights

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
)

// FormatName is the value of the envelope's "format" field.
const FormatName = "uran-weights"

// Version is the newest file format version this package reads and the one it writes.
const Version = 1

// MaxFileSize bounds the size of a weights file Decode accepts (64 MiB), so a wrong file
// cannot exhaust memory.
const MaxFileSize = 64 << 20

// FormatError reports a file that is not a well-formed URAN weights file.
type FormatError struct{ Problem string }

func (e *FormatError) Error() string { return "not a valid URAN weights file: " + e.Problem }

// VersionError reports a weights file written by a newer URAN than this one.
type VersionError struct{ Version int }

func (e *VersionError) Error() string {
	return fmt.Sprintf("format version %d: the file was made by a newer URAN (this build "+
		"reads versions up to %d); update URAN to load it", e.Version, Version)
}

// ChecksumError reports a body whose SHA-256 differs from the one in the envelope: the file
// was changed after it was written, or damaged.
type ChecksumError struct{ Stored, Computed string }

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("checksum mismatch: the stored sha256 is %s but the body hashes to %s "+
		"(the file was modified or damaged)", e.Stored, e.Computed)
}

// envelope is the outer object of a weights file.
type envelope struct {
	Format  string          `json:"format"`
	Version int             `json:"version"`
	SHA256  string          `json:"sha256"`
	Body    json.RawMessage `json:"body"`
}

// Encode returns the weights file for m. The output is deterministic: equal models give
// byte-identical files. Encode refuses a model that Check refuses.
func (m *Model) Encode() ([]byte, error) {
	if err := m.Check(); err != nil {
		return nil, fmt.Errorf("encode weights: %w", err)
	}
	body, sum, err := m.canonical()
	if err != nil {
		return nil, fmt.Errorf("encode weights: %w", err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\n  \"format\": %q,\n  \"version\": %d,\n  \"sha256\": %q,\n  \"body\": ",
		FormatName, Version, sum)
	indentJSON(&b, body, "  ")
	b.WriteString("\n}\n")
	return b.Bytes(), nil
}

// canonical returns the canonical body (compact encoding/json output) and its SHA-256 in hex.
func (m *Model) canonical() ([]byte, string, error) {
	body, err := json.Marshal(m)
	if err != nil {
		return nil, "", err
	}
	s := sha256.Sum256(body)
	return body, hex.EncodeToString(s[:]), nil
}

// Decode reads a weights file. It checks, in order: the JSON envelope, the format name, the
// version (a newer one gives a *VersionError), the body against the model schema (unknown fields
// are errors), the checksum (*ChecksumError), and then the model itself with Check: shapes,
// finite numbers, class names, and the feature list against the extraction parameters.
func Decode(data []byte) (*Model, error) {
	if err := checkSize(int64(len(data))); err != nil {
		return nil, err
	}
	var env envelope
	if err := strictUnmarshal(data, &env); err != nil {
		return nil, &FormatError{"envelope: " + jsonProblem(data, err)}
	}
	if env.Format != FormatName {
		return nil, &FormatError{fmt.Sprintf("format is %q, want %q", env.Format, FormatName)}
	}
	if env.Version > Version {
		return nil, &VersionError{env.Version}
	}
	if env.Version < 1 {
		return nil, &FormatError{fmt.Sprintf("format version %d is not valid", env.Version)}
	}
	if len(env.Body) == 0 || bytes.Equal(bytes.TrimSpace(env.Body), []byte("null")) {
		return nil, &FormatError{"the body is missing"}
	}
	m := new(Model)
	if err := strictUnmarshal(env.Body, m); err != nil {
		return nil, &FormatError{"body: " + bodyProblem(data, env.Body, err)}
	}
	_, sum, err := m.canonical()
	if err != nil {
		return nil, &FormatError{"body: " + err.Error()}
	}
	if sum != env.SHA256 {
		return nil, &ChecksumError{Stored: env.SHA256, Computed: sum}
	}
	if err := m.Check(); err != nil {
		return nil, err
	}
	return m, nil
}

// strictUnmarshal decodes one JSON value into v, refusing unknown fields and trailing data.
func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("unexpected data after the JSON value")
	}
	return nil
}
