package weights

import (
	"bytes"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to Decode. It must never panic; a file it accepts must
// re-encode to a file that decodes to the same bytes again, and must score a feature vector
// without panicking. The seed corpus is in testdata/fuzz/FuzzDecode (valid files, damaged ones
// and near misses); run it with `go test -fuzz=FuzzDecode ./weights`.
func FuzzDecode(f *testing.F) {
	good, err := handModel().Encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(`{"format":"uran-weights","version":1,"sha256":"","body":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode(data)
		if err != nil {
			return
		}
		again, err := m.Encode()
		if err != nil {
			t.Fatalf("accepted model does not encode: %v", err)
		}
		m2, err := Decode(again)
		if err != nil {
			t.Fatalf("re-encoded model does not decode: %v", err)
		}
		again2, err := m2.Encode()
		if err != nil || !bytes.Equal(again, again2) {
			t.Fatalf("encoding is not stable (err %v)", err)
		}
		s, err := m.NewScorer()
		if err != nil {
			t.Fatalf("accepted model has no scorer: %v", err)
		}
		if _, err := s.Score(make([]float64, len(m.Features))); err != nil {
			t.Fatalf("accepted model cannot score zeros: %v", err)
		}
	})
}
