package learn

import "math/rand/v2"

// Random streams. Every random decision draws from a PCG generator seeded with the user's seed
// and a stream number that names the decision's purpose and position (repeat, fold, model), so
// results are the same whatever order goroutines run in.
const (
	streamFolds       = 1 << 40 // + repeat
	streamFit         = 2 << 40 // + fit key
	streamPermutation = 3 << 40 // + fit key
	streamFinal       = 4 << 40
)

// newRNG returns a generator for one purpose.
func newRNG(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}

// fitKey numbers a model fit: repeat r, fold f (or −1 for the final model), model m.
func fitKey(r, f, m int) uint64 {
	return uint64(r)<<24 | uint64(f+1)<<12 | uint64(m)
}
