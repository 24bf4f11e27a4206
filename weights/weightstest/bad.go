// Package weightstest builds damaged weights files for the tests of the commands, the
// browser engine and the page: each function takes a valid file (weights.Model.Encode) and
// returns it broken in one documented way.
package weightstest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/uran-browser/uran/weights"
)

// Truncated returns the first half of the file, as an interrupted download leaves it.
func Truncated(good []byte) []byte { return bytes.Clone(good[:len(good)/2]) }

// weightNumber matches the first number of the output layer's weight matrix.
var weightNumber = regexp.MustCompile(`("output":\s*\{\s*"w":\s*\[\s*\[\s*)(-?[0-9][0-9.eE+-]*)`)

// WrongChecksum changes one weight of the output layer (adding 1 to it) without updating the
// checksum, as a hand edit or a damaged copy does.
func WrongChecksum(good []byte) []byte {
	return weightNumber.ReplaceAllFunc(good, func(m []byte) []byte {
		sub := weightNumber.FindSubmatch(m)
		var v float64
		fmt.Sscan(string(sub[2]), &v)
		return append(bytes.Clone(sub[1]), fmt.Sprint(v+1)...)
	})
}

// NaNWeight writes NaN in place of the first weight of the output layer, as Python's json
// module writes a NaN float.
func NaNWeight(good []byte) []byte {
	return weightNumber.ReplaceAll(good, []byte("${1}NaN"))
}

// OutOfRangeWeight writes 1e999, a number too large for a float64, in place of the first
// weight of the output layer, as a hand edit or another tool may; the checksum is left as it
// was, since the body fails to decode before it is checked.
func OutOfRangeWeight(good []byte) []byte {
	return weightNumber.ReplaceAll(good, []byte("${1}1e999"))
}

// NewerVersion sets the envelope's format version to weights.Version + 1.
func NewerVersion(good []byte) []byte {
	return bytes.Replace(good, []byte(fmt.Sprintf(`"version": %d`, weights.Version)),
		[]byte(fmt.Sprintf(`"version": %d`, weights.Version+1)), 1)
}

// Seal writes m as a weights file with a correct checksum but without the model checks that
// Encode runs, so that Decode meets the problem in m itself.
func Seal(m *weights.Model) ([]byte, error) {
	body, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	return fmt.Appendf(nil, "{\n  \"format\": %q,\n  \"version\": %d,\n  \"sha256\": %q,\n"+
		"  \"body\": %s\n}\n", weights.FormatName, weights.Version, hex.EncodeToString(sum[:]),
		body), nil
}

// ForeignFeature returns a copy of m whose last feature is renamed to name, a feature its
// extraction parameters do not produce (the kept list follows the rename), sealed with a
// correct checksum.
func ForeignFeature(m *weights.Model, name string) ([]byte, error) {
	var c weights.Model
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, err
	}
	last := c.Features[len(c.Features)-1]
	c.Features[len(c.Features)-1] = name
	for i, k := range c.HKFS.Kept {
		if k == last {
			c.HKFS.Kept[i] = name
		}
	}
	for i, k := range c.Scaler.Constant {
		if k == last {
			c.Scaler.Constant[i] = name
		}
	}
	return Seal(&c)
}
