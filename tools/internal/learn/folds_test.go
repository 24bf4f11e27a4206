package learn

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// syntheticGroups returns labels and groups: groups of 1–6 rows, about a third positive, some
// groups mixed.
func syntheticGroups(n int, rng *rand.Rand) ([]int, []string) {
	y := make([]int, 0, n)
	g := make([]string, 0, n)
	for id := 0; len(y) < n; id++ {
		size := 1 + rng.IntN(6)
		cls := 0
		if rng.IntN(3) == 0 {
			cls = 1
		}
		for k := 0; k < size && len(y) < n; k++ {
			c := cls
			if rng.IntN(10) == 0 {
				c = 1 - c
			}
			y = append(y, c)
			g = append(g, fmt.Sprintf("p%03d", id))
		}
	}
	return y, g
}

func TestGroupKFoldKeepsGroupsTogether(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 0))
	y, groups := syntheticGroups(300, rng)
	idx := make([]int, len(y))
	for i := range idx {
		idx[i] = i
	}
	for r := range 5 {
		fold, err := groupKFold(y, groups, idx, 2, 5, newRNG(7, streamFolds+uint64(r)))
		if err != nil {
			t.Fatal(err)
		}
		foldOf := map[string]int{}
		counts := make([][2]int, 5)
		for pos, i := range idx {
			if f, ok := foldOf[groups[i]]; ok && f != fold[pos] {
				t.Fatalf("repeat %d: group %s is in folds %d and %d", r, groups[i], f, fold[pos])
			}
			foldOf[groups[i]] = fold[pos]
			counts[fold[pos]][y[i]]++
		}
		// Every row is tested exactly once: the test sets partition the rows.
		seen := make([]int, len(y))
		for _, sp := range kFoldSplits(idx, fold, 5) {
			for _, i := range sp.test {
				seen[i]++
			}
			if len(sp.train)+len(sp.test) != len(y) {
				t.Fatalf("a split does not cover every row")
			}
		}
		if slices.ContainsFunc(seen, func(s int) bool { return s != 1 }) {
			t.Fatalf("repeat %d: some row is tested %v times", r, seen)
		}
		// Stratified: each fold holds 20% ± 6 points of each class.
		tot := [2]int{}
		for _, c := range y {
			tot[c]++
		}
		for f, c := range counts {
			for k := range 2 {
				share := float64(c[k]) / float64(tot[k])
				if share < 0.14 || share > 0.26 {
					t.Errorf("repeat %d fold %d: class %d share %.3f", r, f, k, share)
				}
			}
		}
	}
}

func TestGroupKFoldDeterministicAndVaries(t *testing.T) {
	y, groups := syntheticGroups(120, rand.New(rand.NewPCG(2, 2)))
	idx := make([]int, len(y))
	for i := range idx {
		idx[i] = i
	}
	a, _ := groupKFold(y, groups, idx, 2, 5, newRNG(1, 5))
	b, _ := groupKFold(y, groups, idx, 2, 5, newRNG(1, 5))
	c, _ := groupKFold(y, groups, idx, 2, 5, newRNG(1, 6))
	if !slices.Equal(a, b) {
		t.Error("same seed gave different folds")
	}
	if slices.Equal(a, c) {
		t.Error("different streams gave identical folds")
	}
	if _, err := groupKFold([]int{0, 1, 0}, []string{"a", "a", "b"}, []int{0, 1, 2}, 2, 3,
		newRNG(1, 1)); err == nil {
		t.Error("2 groups into 3 folds: want an error")
	}
}
