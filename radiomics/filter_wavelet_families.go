package radiomics

import (
	"fmt"
	"math"
	"math/big"
	"math/cmplx"
	"regexp"
	"sort"
	"strconv"
	"sync"
)

// Wavelet filter banks, derived here from their defining equations rather than copied from a
// table. Conventions are those of PyWavelets, which PyRadiomics uses:
//
//   - h = RecLo is the scaling (low-pass) filter with Σh = √2 and Σ h[i]·h[i+2m] = δ(m);
//   - DecLo[i] = h[L−1−i];
//   - DecHi[i] = (−1)^(L−1−i) · h[i];
//   - RecHi[i] = (−1)^i · h[L−1−i].
//
// Families:
//
//   - dbN (Daubechies, N = 1…38, length 2N; haar = db1): H(z) = √2·((1+z⁻¹)/2)^N·Q(z), where
//     |Q|² is Daubechies' polynomial P(y) = Σ_{k<N} C(N−1+k, k)·y^k, y = sin²(ω/2). Each root
//     y_k of P gives a reciprocal pair of zeros z, 1/z of Q (z + 1/z = 2 − 4y_k); dbN takes
//     the zeros inside the unit circle (minimum phase).
//   - symN (Symlets, N = 2…20): the same zeros, one of each reciprocal pair (conjugate pairs
//     together), chosen so that the phase of Q(e^{iω}) is as close to linear as possible: the
//     least-squares distance, on 2001 equally spaced ω in [0, π], between the unwrapped phase
//     and the straight line joining its values at ω = 0 and ω = π. That criterion does not
//     distinguish a filter from its time reverse; which of the two mirror images PyWavelets
//     tabulates is a convention per order, kept in symletRightLeaning.
//   - coifN (Coiflets, N = 1…5, length 6N): the solution of Σh = √2, orthonormality,
//     Σ(−1)^i·(i−2N)^l·h[i] = 0 for l < 2N (vanishing wavelet moments) and
//     Σ(i−2N)^l·h[i] = 0 for 1 ≤ l < 2N (vanishing scaling moments about i = 2N). The system
//     has several real solutions; Daubechies' tabulated coiflet is the one with the largest
//     central coefficient h[2N]. It is found with Gauss–Newton from several smooth starting
//     filters, then refined in 256-bit arithmetic.
//
// PyWavelets builds its filters from decimal tables; the coefficients here are the exact
// filters rounded once to float64 (coiflets with PyWavelets' extra rounding, see
// coifletRefine). With coif1 the transform agrees with PyRadiomics' reference runs to the last
// bit.
//
// Limitation: the biorthogonal (bior, rbio) and discrete Meyer (dmey) families of PyWavelets
// are not provided; asking for them is an error.
//
// Limitation: only coif1 could be checked against PyRadiomics output. A PyWavelets coefficient
// table we could inspect differs from the exact filters by up to 2e-12 (db, sym, coif1–3),
// 1.6e-9 (coif4) and 5.8e-8 (coif5); where the installed PyWavelets uses such values, wavelet
// features computed with those wavelets differ from PyRadiomics' by a similar relative amount.

// waveletBank is the four filters of one wavelet.
type waveletBank struct {
	Name                       string
	DecLo, DecHi, RecLo, RecHi []float64
}

var (
	waveletMu    sync.Mutex
	waveletCache = map[string]*waveletBank{}
)

var waveletNameRE = regexp.MustCompile(`^(haar|db|sym|coif)([1-9][0-9]*)?$`)

// waveletSupported describes the accepted names, for error messages.
const waveletSupported = "haar, db1…db38, sym2…sym20, coif1…coif5"

func unsupportedWavelet(name string) error {
	return fmt.Errorf("wavelet %q is not supported (supported: %s)", name, waveletSupported)
}

// parseWaveletName splits a supported wavelet name into family and order ("haar" is order 1).
func parseWaveletName(name string) (string, int, error) {
	m := waveletNameRE.FindStringSubmatch(name)
	if m == nil || (m[1] == "haar") != (m[2] == "") {
		return "", 0, unsupportedWavelet(name)
	}
	n := 1
	if m[2] != "" {
		n, _ = strconv.Atoi(m[2])
	}
	switch {
	case m[1] == "db" && n > 38, m[1] == "sym" && (n < 2 || n > 20), m[1] == "coif" && n > 5:
		return "", 0, unsupportedWavelet(name)
	}
	return m[1], n, nil
}

// lookupWavelet returns the filter bank of a PyWavelets wavelet name such as "coif1", deriving
// and caching it on first use.
func lookupWavelet(name string) (*waveletBank, error) {
	family, n, err := parseWaveletName(name)
	if err != nil {
		return nil, err
	}

	waveletMu.Lock()
	defer waveletMu.Unlock()
	if b, ok := waveletCache[name]; ok {
		return b, nil
	}
	var h []float64
	switch family {
	case "haar", "db":
		h, err = daubechiesScaling(n)
	case "sym":
		h, err = symletScaling(n)
	case "coif":
		h, err = coifletScaling(n)
	}
	if err != nil {
		return nil, fmt.Errorf("wavelet %s: %w", name, err)
	}
	b := bankFromScaling(name, h)
	waveletCache[name] = b
	return b, nil
}

// bankFromScaling builds the four PyWavelets filters from the scaling filter h.
func bankFromScaling(name string, h []float64) *waveletBank {
	L := len(h)
	b := &waveletBank{Name: name, RecLo: append([]float64(nil), h...)}
	b.DecLo = make([]float64, L)
	b.DecHi = make([]float64, L)
	b.RecHi = make([]float64, L)
	for i := range h {
		b.DecLo[i] = h[L-1-i]
		b.DecHi[i] = h[i]
		if (L-1-i)%2 == 1 {
			b.DecHi[i] = -h[i]
		}
		b.RecHi[i] = h[L-1-i]
		if i%2 == 1 {
			b.RecHi[i] = -h[L-1-i]
		}
	}
	return b
}

// spectralZeros returns the zeros of Q for order N inside the unit circle, grouped: a group is
// one real zero or a complex-conjugate pair.
func spectralZeros(N int) ([][]bcomplex, error) {
	if N == 1 {
		return nil, nil
	}
	// P(y) = Σ_{k<N} C(N−1+k, k) y^k with exact integer coefficients.
	c := make([]*big.Float, N)
	for k := 0; k < N; k++ {
		c[k] = bnew().SetInt(new(big.Int).Binomial(int64(N-1+k), int64(k)))
	}
	ys := polyRoots(c)
	tiny := bf(1e-40)
	var groups [][]bcomplex
	count := 0
	for _, y := range ys {
		if bnew().Abs(y.im).Cmp(tiny) < 0 {
			y.im = bnew()
		} else if y.im.Sign() < 0 {
			continue // the conjugate of a root taken with its partner
		}
		// z + 1/z = 2 − 4y  →  z = c ∓ √(c² − 1), c = 1 − 2y; keep |z| < 1.
		cc := bcomplex{bsub(bf(1), bmul(bf(2), y.re)), bmul(bf(-2), y.im)}
		w := cc.mul(cc).sub(bcomplex{bf(1), bnew()}).sqrt()
		z := cc.sub(w)
		if z.abs2().Cmp(bf(1)) > 0 {
			z = cc.add(w)
		}
		if y.im.Sign() == 0 {
			z.im = bnew()
			groups = append(groups, []bcomplex{z})
			count++
		} else {
			groups = append(groups, []bcomplex{z, {z.re, bnew().Neg(z.im)}})
			count += 2
		}
	}
	if count != N-1 {
		return nil, fmt.Errorf("order %d: found %d spectral zeros, want %d", N, count, N-1)
	}
	// A fixed order makes the symlet search independent of the root finder's order.
	sort.Slice(groups, func(a, b int) bool {
		return cmplx.Phase(groups[a][0].c128()) < cmplx.Phase(groups[b][0].c128())
	})
	return groups, nil
}

// filterFromZeros expands √2-normalised coefficients of (1+t)^N · Π (1 − z_k t), t = z⁻¹.
func filterFromZeros(N int, zeros []bcomplex) []float64 {
	p := []bcomplex{{bf(1), bnew()}}
	mulLinear := func(a bcomplex) { // p(t) · (1 − a t)
		q := make([]bcomplex, len(p)+1)
		for i := range q {
			q[i] = bcomplex{bnew(), bnew()}
		}
		for i, v := range p {
			q[i] = q[i].add(v)
			q[i+1] = q[i+1].sub(a.mul(v))
		}
		p = q
	}
	for i := 0; i < N; i++ {
		mulLinear(bcomplex{bf(-1), bnew()})
	}
	for _, z := range zeros {
		mulLinear(z)
	}
	sum := bnew()
	for _, v := range p {
		sum = badd(sum, v.re)
	}
	scale := bquo(bsqrt(bf(2)), sum)
	h := make([]float64, len(p))
	for i, v := range p {
		h[i] = b64(bmul(v.re, scale))
	}
	return h
}

// daubechiesScaling returns the dbN scaling filter (minimum phase).
func daubechiesScaling(N int) ([]float64, error) {
	groups, err := spectralZeros(N)
	if err != nil {
		return nil, err
	}
	var zs []bcomplex
	for _, g := range groups {
		zs = append(zs, g...)
	}
	return filterFromZeros(N, zs), nil
}

// symletRightLeaning tells, per order, which of the two mirror-image least-asymmetric filters
// PyWavelets uses: true when the energy centroid Σ i·h[i]² of its scaling filter lies right of
// the centre (L−1)/2.
var symletRightLeaning = map[int]bool{4: true, 5: true, 6: true, 8: true, 9: true, 10: true,
	13: true, 18: true}

// symletScaling returns the symN scaling filter (least asymmetric, see the file comment).
func symletScaling(N int) ([]float64, error) {
	groups, err := spectralZeros(N)
	if err != nil {
		return nil, err
	}
	const M = 2000
	// Phase of each group's factor of Q(e^{iω}) on the grid, for the inside choice (z) and
	// the outside choice (1/z), unwrapped continuously in ω.
	in := make([][]float64, len(groups))
	out := make([][]float64, len(groups))
	for g, grp := range groups {
		in[g] = make([]float64, M+1)
		out[g] = make([]float64, M+1)
		for k := 0; k <= M; k++ {
			w := math.Pi * float64(k) / M
			e := cmplx.Exp(complex(0, -w))
			for _, zb := range grp {
				z := zb.c128()
				in[g][k] += cmplx.Phase(1 - z*e)
				// 1 − e^{−iω}/z = −(1/z)·e^{−iω}·(1 − z·e^{iω}); drop the constant arg(−1/z).
				out[g][k] += -w + cmplx.Phase(1-z/e)
			}
		}
		for k := M; k >= 0; k-- {
			in[g][k] -= in[g][0]
			out[g][k] -= out[g][0]
		}
	}
	// Group 0 inside: one representative of each mirror pair (the mirror flips every group).
	best, bestMask := math.Inf(1), 0
	total := make([]float64, M+1)
	for mask := 0; mask < 1<<len(groups); mask += 2 {
		for k := range total {
			total[k] = 0
		}
		for g := range groups {
			src := in[g]
			if mask>>g&1 == 1 {
				src = out[g]
			}
			for k, v := range src {
				total[k] += v
			}
		}
		slope := total[M] / math.Pi
		crit := 0.0
		for k, v := range total {
			d := v - slope*math.Pi*float64(k)/M
			crit += d * d
		}
		if crit < best {
			best, bestMask = crit, mask
		}
	}
	var zs []bcomplex
	for g, grp := range groups {
		for _, z := range grp {
			if bestMask>>g&1 == 1 {
				z = bcomplex{bf(1), bnew()}.quo(z)
			}
			zs = append(zs, z)
		}
	}
	h := filterFromZeros(N, zs)
	cen, en := 0.0, 0.0
	for i, v := range h {
		cen += float64(i) * v * v
		en += v * v
	}
	if (cen/en > float64(len(h)-1)/2) != symletRightLeaning[N] {
		for i, j := 0, len(h)-1; i < j; i, j = i+1, j-1 {
			h[i], h[j] = h[j], h[i]
		}
	}
	return h, nil
}
