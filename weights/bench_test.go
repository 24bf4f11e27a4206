package weights

import "testing"

// BenchmarkScoreDefault times the network part of a prediction with the default model (one
// feature vector: standardise, HKFS, MAAE, classifier).
func BenchmarkScoreDefault(b *testing.B) {
	m, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	s, err := m.NewScorer()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Score(m.Scaler.Mean); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeDefault times reading and checking the default weights file.
func BenchmarkDecodeDefault(b *testing.B) {
	for b.Loop() {
		if _, err := Decode(defaultFile); err != nil {
			b.Fatal(err)
		}
	}
}
