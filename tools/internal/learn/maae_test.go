package learn

import (
	"fmt"
	"testing"
)

// TestMAAEUnits checks the bottleneck width rule: k / reduction, at least 4, at most k.
func TestMAAEUnits(t *testing.T) {
	for _, c := range []struct{ k, reduction, want int }{
		{20, 16, 4},  // 20/16 = 1 would leave one unit: raised to 4
		{100, 16, 6}, // 100/16 = 6
		{3, 16, 3},   // fewer key features than the floor: one unit per feature
		{1, 16, 1},   // never zero
		{64, 4, 16},
		{10, 0, 10}, // reduction 0 is read as 1
	} {
		if got := maaeUnits(c.k, c.reduction); got != c.want {
			t.Errorf("maaeUnits(%d, %d) = %d, want %d", c.k, c.reduction, got, c.want)
		}
	}
}

// TestMAAEGatesDependOnTheCase trains URAN with the default settings and checks that the
// attention is not a constant: the MAAE gates of different training cases differ (a gate
// vector shared by several cases means every bottleneck unit was inactive for them).
func TestMAAEGatesDependOnTheCase(t *testing.T) {
	d := synthetic(240, 60, 8, 0.8, 3)
	train := make([]int, len(d.Y))
	for i := range train {
		train[i] = i
	}
	s := DefaultSettings()
	p, err := prepare(d, train, &s, true, newRNG(3, 1))
	if err != nil {
		t.Fatal(err)
	}
	f, err := fitModel(d, ModelURAN, p, &s, newRNG(3, 2))
	if err != nil {
		t.Fatal(err)
	}
	if f.model.MAAE == nil {
		t.Fatal("URAN model has no MAAE block")
	}
	seen := map[string]int{}
	for _, i := range train {
		pr, err := f.scorer.Score(d.X[i])
		if err != nil {
			t.Fatal(err)
		}
		key := ""
		for _, g := range pr.Gates {
			key += fmt.Sprintf("%.9f,", g.Value)
		}
		seen[key]++
	}
	shared := 0
	for _, n := range seen {
		if n > 1 {
			shared += n
		}
	}
	if shared > len(train)/10 {
		t.Errorf("%d of %d cases share their gate vector with another case (constant "+
			"attention); %d distinct vectors", shared, len(train), len(seen))
	}
}
