package learn

import "math"

// scaler standardises features: x = (v − mean) / sd.
type scaler struct {
	mean, sd []float64
	constant []bool // sd was (numerically) zero on the fitting rows; sd is stored as 1
}

// constantTol is the relative size below which a standard deviation counts as zero:
// sd ≤ constantTol · max(1, |mean|).
const constantTol = 1e-12

// fitScaler computes the mean and the population standard deviation (divisor n, as the
// maximum-likelihood estimate and as scikit-learn's StandardScaler) of every column over the
// rows idx. A constant column gets sd = 1 and is flagged.
func fitScaler(X [][]float64, idx []int) *scaler {
	p := len(X[idx[0]])
	s := &scaler{mean: make([]float64, p), sd: make([]float64, p), constant: make([]bool, p)}
	n := float64(len(idx))
	for _, i := range idx {
		for j, v := range X[i] {
			s.mean[j] += v
		}
	}
	for j := range s.mean {
		s.mean[j] /= n
	}
	for _, i := range idx {
		for j, v := range X[i] {
			d := v - s.mean[j]
			s.sd[j] += d * d
		}
	}
	for j := range s.sd {
		s.sd[j] = math.Sqrt(s.sd[j] / n)
		if s.sd[j] <= constantTol*max(1, math.Abs(s.mean[j])) {
			s.sd[j], s.constant[j] = 1, true
		}
	}
	return s
}

// apply returns the standardised rows idx of X (new slices; X is not changed).
func (s *scaler) apply(X [][]float64, idx []int) [][]float64 {
	out := make([][]float64, len(idx))
	for r, i := range idx {
		row := make([]float64, len(s.mean))
		for j, v := range X[i] {
			row[j] = (v - s.mean[j]) / s.sd[j]
		}
		out[r] = row
	}
	return out
}
