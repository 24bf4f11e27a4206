package learn

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
)

// groupKFold assigns each of the rows idx a fold in 0..k−1 so that all rows of a group share a
// fold (grouped) and every fold holds about 1/k of each class (stratified). y and groups are
// indexed by row number; the result is indexed like idx.
//
// Groups are visited in a random order (rng), larger groups first; each goes to the fold where
// it least increases Σ_f Σ_c (n_fc / n_c − 1/k)², the squared departure of the folds' class
// shares from 1/k, with ties broken by the smaller fold and then the lower fold number. This is
// a greedy balance in the spirit of scikit-learn's StratifiedGroupKFold, not a copy of it.
//
// It fails when there are fewer groups than folds.
func groupKFold(y []int, groups []string, idx []int, classes, k int, rng *rand.Rand) (
	[]int, error) {
	if k < 2 {
		return nil, fmt.Errorf("folds: need at least 2 folds, got %d", k)
	}
	type group struct {
		rows   []int // positions in idx
		counts []int // rows per class
	}
	var gs []*group
	byName := map[string]*group{}
	total := make([]int, classes)
	for pos, i := range idx {
		g := byName[groups[i]]
		if g == nil {
			g = &group{counts: make([]int, classes)}
			byName[groups[i]] = g
			gs = append(gs, g) // first-appearance order: independent of map iteration
		}
		g.rows = append(g.rows, pos)
		g.counts[y[i]]++
		total[y[i]]++
	}
	if len(gs) < k {
		return nil, fmt.Errorf("folds: %d groups cannot fill %d folds", len(gs), k)
	}
	rng.Shuffle(len(gs), func(a, b int) { gs[a], gs[b] = gs[b], gs[a] })
	slices.SortStableFunc(gs, func(a, b *group) int {
		return cmp.Compare(len(b.rows), len(a.rows))
	})

	foldCounts := make([][]int, k)
	foldSize := make([]int, k)
	for f := range foldCounts {
		foldCounts[f] = make([]int, classes)
	}
	share := func(n, c int) float64 {
		if total[c] == 0 {
			return 0
		}
		d := float64(n)/float64(total[c]) - 1/float64(k)
		return d * d
	}
	fold := make([]int, len(idx))
	for _, g := range gs {
		best, bestCost := -1, 0.0
		for f := range k {
			var cost float64
			for c, n := range g.counts {
				if n > 0 {
					cost += share(foldCounts[f][c]+n, c) - share(foldCounts[f][c], c)
				}
			}
			if best < 0 || cost < bestCost-1e-12 ||
				(cost <= bestCost+1e-12 && foldSize[f] < foldSize[best]) {
				best, bestCost = f, cost
			}
		}
		for c, n := range g.counts {
			foldCounts[best][c] += n
		}
		foldSize[best] += len(g.rows)
		for _, pos := range g.rows {
			fold[pos] = best
		}
	}
	return fold, nil
}

// split is one train/test partition of row numbers.
type split struct {
	train, test []int
}

// kFoldSplits returns the k train/test splits of the rows idx for one fold assignment.
func kFoldSplits(idx, fold []int, k int) []split {
	s := make([]split, k)
	for pos, i := range idx {
		for f := range k {
			if fold[pos] == f {
				s[f].test = append(s[f].test, i)
			} else {
				s[f].train = append(s[f].train, i)
			}
		}
	}
	return s
}

// holdOut splits the rows idx into a training part and a validation part of about frac of the
// groups (stratified and grouped: the first fold of a round(1/frac)-fold groupKFold). It is the
// early-stopping split inside a training set.
func holdOut(y []int, groups []string, idx []int, classes int, frac float64, rng *rand.Rand) (
	train, val []int, err error) {
	k := max(2, int(1/frac+0.5))
	fold, err := groupKFold(y, groups, idx, classes, k, rng)
	if err != nil {
		return nil, nil, fmt.Errorf("validation split: %w", err)
	}
	s := kFoldSplits(idx, fold, k)
	return s[0].train, s[0].test, nil
}
