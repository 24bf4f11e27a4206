package learn

import (
	"cmp"
	"math"
	"slices"
)

// DeLong, DeLong & Clarke-Pearson (Biometrics 44:837, 1988): the AUC of scores X (positives,
// n₁) against Y (negatives, n₀) is the Mann–Whitney statistic
//
//	θ = (1 / n₁n₀) Σ_i Σ_j ψ(X_i, Y_j),   ψ(x, y) = 1 if x > y, ½ if x = y, 0 otherwise.
//
// Its structural components are V10_i = (1/n₀) Σ_j ψ(X_i, Y_j) for each positive and
// V01_j = (1/n₁) Σ_i ψ(X_i, Y_j) for each negative; both average to θ. With
// S10 = Σ_i (V10_i − θ)² / (n₁ − 1) and S01 = Σ_j (V01_j − θ)² / (n₀ − 1),
//
//	Var θ = S10 / n₁ + S01 / n₀.
//
// For two scores A and B on the same cases the covariances S10_AB, S01_AB are formed the same
// way, and Var(θ_A − θ_B) = (S10_AA + S10_BB − 2 S10_AB)/n₁ + (S01_AA + S01_BB − 2 S01_AB)/n₀.
//
// The components are computed from mid-ranks in O(n log n): for a positive, n₀ V10_i is its
// mid-rank among all cases minus its mid-rank among the positives (the number of negatives below
// it, ties counting ½); likewise for a negative, n₁ (1 − V01_j) is its mid-rank among all minus
// its mid-rank among the negatives.

// delongParts are the structural components of one score vector.
type delongParts struct {
	auc      float64
	v10, v01 []float64
}

// delong computes the components for scores s with labels pos (true = positive). Both classes
// must be present.
func delong(s []float64, pos []bool) delongParts {
	var xs, ys []float64
	for i, v := range s {
		if pos[i] {
			xs = append(xs, v)
		} else {
			ys = append(ys, v)
		}
	}
	all := midranks(s)
	rx, ry := midranks(xs), midranks(ys)
	n1, n0 := float64(len(xs)), float64(len(ys))
	d := delongParts{v10: make([]float64, 0, len(xs)), v01: make([]float64, 0, len(ys))}
	ix, iy := 0, 0
	for i := range s {
		if pos[i] {
			d.v10 = append(d.v10, (all[i]-rx[ix])/n0)
			ix++
		} else {
			d.v01 = append(d.v01, 1-(all[i]-ry[iy])/n1)
			iy++
		}
	}
	for _, v := range d.v10 {
		d.auc += v
	}
	d.auc /= n1
	return d
}

// variance returns Var θ.
func (d delongParts) variance() float64 {
	return covComponents(d.v10, d.v10, d.auc, d.auc)/float64(len(d.v10)) +
		covComponents(d.v01, d.v01, d.auc, d.auc)/float64(len(d.v01))
}

// diffVariance returns Var(θ_a − θ_b) for two scores on the same cases.
func diffVariance(a, b delongParts) float64 {
	s10 := covComponents(a.v10, a.v10, a.auc, a.auc) + covComponents(b.v10, b.v10, b.auc, b.auc) -
		2*covComponents(a.v10, b.v10, a.auc, b.auc)
	s01 := covComponents(a.v01, a.v01, a.auc, a.auc) + covComponents(b.v01, b.v01, b.auc, b.auc) -
		2*covComponents(a.v01, b.v01, a.auc, b.auc)
	return s10/float64(len(a.v10)) + s01/float64(len(a.v01))
}

// covComponents returns Σ (u_i − mu)(v_i − mv) / (n − 1), or 0 for n < 2.
func covComponents(u, v []float64, mu, mv float64) float64 {
	if len(u) < 2 {
		return 0
	}
	var s float64
	for i := range u {
		s += (u[i] - mu) * (v[i] - mv)
	}
	return s / float64(len(u)-1)
}

// aucCI returns the 95% interval θ ± 1.959964 √Var θ, clipped to [0, 1].
func aucCI(auc, variance float64) [2]float64 {
	h := 1.959963984540054 * math.Sqrt(max(variance, 0))
	return [2]float64{max(0, auc-h), min(1, auc+h)}
}

// pairedP returns the two-sided p-value of H₀: θ_a = θ_b from the difference d and its
// variance: z = d / √var, p = erfc(|z| / √2). A zero variance gives 1 when d = 0, else 0.
func pairedP(d, variance float64) float64 {
	if variance <= 0 {
		if d == 0 {
			return 1
		}
		return 0
	}
	return math.Erfc(math.Abs(d) / math.Sqrt(2*variance))
}

// midranks returns the 1-based rank of each value, tied values sharing the mean of their ranks.
func midranks(v []float64) []float64 {
	order := make([]int, len(v))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(v[a], v[b]) })
	r := make([]float64, len(v))
	for lo := 0; lo < len(order); {
		hi := lo + 1
		for hi < len(order) && v[order[hi]] == v[order[lo]] {
			hi++
		}
		mid := float64(lo+hi+1) / 2 // mean of ranks lo+1 … hi
		for _, i := range order[lo:hi] {
			r[i] = mid
		}
		lo = hi
	}
	return r
}

// auc returns the area under the ROC curve of scores s for labels pos (the Mann–Whitney
// statistic with ties counted ½), or NaN if a class is absent.
func auc(s []float64, pos []bool) float64 {
	n1 := 0
	for _, p := range pos {
		if p {
			n1++
		}
	}
	if n1 == 0 || n1 == len(pos) {
		return math.NaN()
	}
	return delong(s, pos).auc
}
