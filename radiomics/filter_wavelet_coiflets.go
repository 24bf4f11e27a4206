package radiomics

import (
	"fmt"
	"math"
	"math/big"
)

// Coiflets of order N (length L = 6N) solve, for h[0..L−1] with centre c = 2N:
//
//	Σ h[i] = √2                                   (1 equation)
//	Σ (−1)^i ((i−c)/L)^l h[i] = 0,  l = 0…2N−1     (2N, vanishing wavelet moments)
//	Σ ((i−c)/L)^l h[i] = 0,         l = 1…2N−1     (2N−1, vanishing scaling moments)
//	Σ h[i] h[i+2m] = δ(m),          m = 0…3N−1     (3N, orthonormality)
//
// The 4N linear equations leave a 2N-dimensional affine set; on it the quadratic
// orthonormality equations are solved by Gauss–Newton (least squares, Householder QR) from
// several windowed half-band (sinc) filters centred at c. Of the solutions found, the one with
// the largest h[c] is Daubechies' coiflet. It is then refined with Gauss–Newton on the whole
// system in 256-bit arithmetic and rounded to float64.

// coifletScaling returns the coifN scaling filter, N = 1…5.
func coifletScaling(N int) ([]float64, error) {
	L := 6 * N
	C, d := coifletLinear(N)
	hp, B := affineBasis(C, d, L)

	var best []float64
	for _, width := range []float64{1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0} {
		start := make([]float64, L)
		for i := range start {
			x := float64(i-2*N) / 2
			s := 1.0
			if x != 0 {
				s = math.Sin(math.Pi*x) / (math.Pi * x)
			}
			t := float64(i-2*N) / (width * float64(N))
			start[i] = s / math.Sqrt2 * math.Max(0, 1-t*t)
		}
		h, ok := coifletAffineNewton(N, start, hp, B)
		if ok && (best == nil || h[2*N] > best[2*N]) {
			best = h
		}
	}
	if best == nil {
		return nil, fmt.Errorf("coiflet order %d: no solution found", N)
	}
	return coifletRefine(N, best)
}

// coifletLinear returns the linear equations C h = d (sum and moments).
func coifletLinear(N int) ([][]float64, []float64) {
	L := 6 * N
	c := float64(2 * N)
	var C [][]float64
	var d []float64
	row := make([]float64, L)
	for i := range row {
		row[i] = 1
	}
	C, d = append(C, row), append(d, math.Sqrt2)
	for l := 0; l < 2*N; l++ {
		row := make([]float64, L)
		for i := range row {
			row[i] = math.Pow((float64(i)-c)/float64(L), float64(l))
			if i%2 == 1 {
				row[i] = -row[i]
			}
		}
		C, d = append(C, row), append(d, 0)
	}
	for l := 1; l < 2*N; l++ {
		row := make([]float64, L)
		for i := range row {
			row[i] = math.Pow((float64(i)-c)/float64(L), float64(l))
		}
		C, d = append(C, row), append(d, 0)
	}
	return C, d
}

// affineBasis returns the minimum-norm solution hp of C h = d and an orthonormal basis B of
// the null space of C (Gram–Schmidt with re-orthogonalisation).
func affineBasis(C [][]float64, d []float64, L int) ([]float64, [][]float64) {
	var Q [][]float64
	m := len(C)
	R := make([][]float64, m)
	for i := range R {
		R[i] = make([]float64, m)
	}
	orth := func(v []float64, basis [][]float64, coef []float64) {
		for pass := 0; pass < 2; pass++ {
			for j, q := range basis {
				dp := 0.0
				for k := range v {
					dp += v[k] * q[k]
				}
				if coef != nil {
					coef[j] += dp
				}
				for k := range v {
					v[k] -= dp * q[k]
				}
			}
		}
	}
	for i := 0; i < m; i++ {
		v := append([]float64(nil), C[i]...)
		col := make([]float64, m)
		orth(v, Q, col)
		n := math.Sqrt(dot(v, v))
		for j := 0; j < i; j++ {
			R[j][i] = col[j]
		}
		R[i][i] = n
		for k := range v {
			v[k] /= n
		}
		Q = append(Q, v)
	}
	// C = Rᵀ Q: solve Rᵀ y = d, hp = Qᵀ y.
	y := make([]float64, m)
	for i := 0; i < m; i++ {
		s := d[i]
		for j := 0; j < i; j++ {
			s -= R[j][i] * y[j]
		}
		y[i] = s / R[i][i]
	}
	hp := make([]float64, L)
	for i := range Q {
		for k := range hp {
			hp[k] += y[i] * Q[i][k]
		}
	}
	all := append([][]float64(nil), Q...)
	var B [][]float64
	for e := 0; e < L && len(all) < L; e++ {
		v := make([]float64, L)
		v[e] = 1
		orth(v, all, nil)
		n := math.Sqrt(dot(v, v))
		if n < 1e-8 {
			continue
		}
		for k := range v {
			v[k] /= n
		}
		all = append(all, v)
		B = append(B, v)
	}
	return hp, B
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// coifletOrtho returns the orthonormality residuals r_m = Σ h[i]h[i+2m] − δ(m) and their
// gradients with respect to h.
func coifletOrtho(h []float64, N int) ([]float64, [][]float64) {
	L := len(h)
	r := make([]float64, 3*N)
	J := make([][]float64, 3*N)
	for m := 0; m < 3*N; m++ {
		g := make([]float64, L)
		a := 0.0
		for i := 0; i+2*m < L; i++ {
			a += h[i] * h[i+2*m]
			g[i] += h[i+2*m]
			g[i+2*m] += h[i]
		}
		if m == 0 {
			a--
		}
		r[m], J[m] = a, g
	}
	return r, J
}

// coifletAffineNewton runs damped Gauss–Newton for the orthonormality equations on the affine
// set hp + B·u, starting from the projection of start. ok reports convergence.
func coifletAffineNewton(N int, start, hp []float64, B [][]float64) ([]float64, bool) {
	k, L := len(B), len(hp)
	hOf := func(u []float64) []float64 {
		h := append([]float64(nil), hp...)
		for j := range u {
			for i := range h {
				h[i] += u[j] * B[j][i]
			}
		}
		return h
	}
	u := make([]float64, k)
	for j := range B {
		for i := range start {
			u[j] += (start[i] - hp[i]) * B[j][i]
		}
	}
	norm := func(r []float64) float64 { return math.Sqrt(dot(r, r)) }
	for iter := 0; iter < 100; iter++ {
		r, Jh := coifletOrtho(hOf(u), N)
		n0 := norm(r)
		if n0 < 1e-14 {
			return hOf(u), true
		}
		J := make([][]float64, len(r))
		for a := range J {
			J[a] = make([]float64, k)
			for j := 0; j < k; j++ {
				for i := 0; i < L; i++ {
					J[a][j] += Jh[a][i] * B[j][i]
				}
			}
		}
		du := leastSquares(J, r)
		improved := false
		for t := 1.0; t > 1e-6; t /= 2 {
			u2 := make([]float64, k)
			for j := range u {
				u2[j] = u[j] - t*du[j]
			}
			r2, _ := coifletOrtho(hOf(u2), N)
			if norm(r2) < n0 {
				u, improved = u2, true
				break
			}
		}
		if !improved {
			break
		}
	}
	r, _ := coifletOrtho(hOf(u), N)
	return hOf(u), norm(r) < 1e-12
}

// leastSquares returns x minimising |J x − r| (Householder QR; J has full column rank).
func leastSquares(J [][]float64, r []float64) []float64 {
	m, n := len(J), len(J[0])
	A := make([][]float64, m)
	for i := range A {
		A[i] = append([]float64(nil), J[i]...)
	}
	b := append([]float64(nil), r...)
	v := make([]float64, m)
	for k := 0; k < n; k++ {
		nrm := 0.0
		for i := k; i < m; i++ {
			nrm += A[i][k] * A[i][k]
		}
		nrm = math.Sqrt(nrm)
		if A[k][k] > 0 {
			nrm = -nrm
		}
		for i := range v {
			v[i] = 0
		}
		for i := k; i < m; i++ {
			v[i] = A[i][k]
		}
		v[k] -= nrm
		vv := 0.0
		for i := k; i < m; i++ {
			vv += v[i] * v[i]
		}
		if vv == 0 {
			continue
		}
		for j := k; j < n; j++ {
			d := 0.0
			for i := k; i < m; i++ {
				d += v[i] * A[i][j]
			}
			f := 2 * d / vv
			for i := k; i < m; i++ {
				A[i][j] -= f * v[i]
			}
		}
		d := 0.0
		for i := k; i < m; i++ {
			d += v[i] * b[i]
		}
		f := 2 * d / vv
		for i := k; i < m; i++ {
			b[i] -= f * v[i]
		}
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for j := i + 1; j < n; j++ {
			s -= A[i][j] * x[j]
		}
		x[i] = s / A[i][i]
	}
	return x
}

// coifletRefine polishes a float64 coiflet with Gauss–Newton (normal equations) on the whole
// system in 256-bit arithmetic.
func coifletRefine(N int, h64 []float64) ([]float64, error) {
	L := 6 * N
	c := int64(2 * N)
	h := make([]*big.Float, L)
	for i, v := range h64 {
		h[i] = bf(v)
	}
	// Moment rows with exact integer powers (scaling by L^l does not change the solution).
	var lin [][]*big.Float
	var rhs []*big.Float
	ones := make([]*big.Float, L)
	for i := range ones {
		ones[i] = bf(1)
	}
	lin, rhs = append(lin, ones), append(rhs, bsqrt(bf(2)))
	for l := 0; l < 2*N; l++ {
		row := make([]*big.Float, L)
		for i := range row {
			p := new(big.Int).Exp(big.NewInt(int64(i)-c), big.NewInt(int64(l)), nil)
			row[i] = bnew().SetInt(p)
			if i%2 == 1 {
				row[i].Neg(row[i])
			}
		}
		lin, rhs = append(lin, row), append(rhs, bnew())
	}
	for l := 1; l < 2*N; l++ {
		row := make([]*big.Float, L)
		for i := range row {
			p := new(big.Int).Exp(big.NewInt(int64(i)-c), big.NewInt(int64(l)), nil)
			row[i] = bnew().SetInt(p)
		}
		lin, rhs = append(lin, row), append(rhs, bnew())
	}
	var resid float64
	for iter := 0; iter < 12; iter++ {
		var r []*big.Float
		var J [][]*big.Float
		for e, row := range lin {
			s := bnew()
			for i := range row {
				s = badd(s, bmul(row[i], h[i]))
			}
			r = append(r, bsub(s, rhs[e]))
			J = append(J, row)
		}
		for m := 0; m < 3*N; m++ {
			s := bnew()
			g := make([]*big.Float, L)
			for i := range g {
				g[i] = bnew()
			}
			for i := 0; i+2*m < L; i++ {
				s = badd(s, bmul(h[i], h[i+2*m]))
				g[i] = badd(g[i], h[i+2*m])
				g[i+2*m] = badd(g[i+2*m], h[i])
			}
			if m == 0 {
				s = bsub(s, bf(1))
			}
			r = append(r, s)
			J = append(J, g)
		}
		resid = 0
		for _, v := range r {
			resid = math.Max(resid, math.Abs(b64(v)))
		}
		if resid < 1e-70 {
			break
		}
		A := make([][]*big.Float, L)
		b := make([]*big.Float, L)
		for a := 0; a < L; a++ {
			A[a] = make([]*big.Float, L)
			for cIdx := 0; cIdx < L; cIdx++ {
				s := bnew()
				for e := range J {
					s = badd(s, bmul(J[e][a], J[e][cIdx]))
				}
				A[a][cIdx] = s
			}
			s := bnew()
			for e := range J {
				s = bsub(s, bmul(J[e][a], r[e]))
			}
			b[a] = s
		}
		dx := solveBig(A, b)
		for i := range h {
			h[i] = badd(h[i], dx[i])
		}
	}
	if resid > 1e-60 {
		return nil, fmt.Errorf("coiflet order %d: refinement did not converge (residual %g)",
			N, resid)
	}
	// PyWavelets stores coiflets normalised to Σh = 1 and multiplies them by √2 in float64 when
	// it builds the filter bank. Rounding the same way makes the transform agree with it to the
	// last bit (visible on flat regions, whose detail bands are pure rounding noise).
	out := make([]float64, L)
	sqrt2 := bsqrt(bf(2))
	for i := range h {
		out[i] = b64(bquo(h[i], sqrt2)) * math.Sqrt2
		if math.Abs(out[i]-h64[i]) > 1e-6 {
			return nil, fmt.Errorf("coiflet order %d: refinement moved to another solution", N)
		}
	}
	return out, nil
}
