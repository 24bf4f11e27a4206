package radiomics

import (
	"math"
	"math/big"
	"math/cmplx"
)

// High-precision arithmetic used to derive wavelet filter coefficients. The coefficients are
// computed with waveletPrec bits and rounded to float64 once at the end, so every coefficient is
// the correctly rounded value of the exact filter (up to the last step's rounding).

const waveletPrec = 256

func bf(x float64) *big.Float { return new(big.Float).SetPrec(waveletPrec).SetFloat64(x) }

func bnew() *big.Float { return new(big.Float).SetPrec(waveletPrec) }

func badd(a, b *big.Float) *big.Float { return bnew().Add(a, b) }
func bsub(a, b *big.Float) *big.Float { return bnew().Sub(a, b) }
func bmul(a, b *big.Float) *big.Float { return bnew().Mul(a, b) }
func bquo(a, b *big.Float) *big.Float { return bnew().Quo(a, b) }

func bsqrt(a *big.Float) *big.Float {
	if a.Sign() <= 0 {
		return bnew()
	}
	return bnew().Sqrt(a)
}

func b64(a *big.Float) float64 {
	f, _ := a.Float64()
	return f
}

// bcomplex is a complex number with big.Float parts.
type bcomplex struct{ re, im *big.Float }

func bc(z complex128) bcomplex { return bcomplex{bf(real(z)), bf(imag(z))} }

func (a bcomplex) add(b bcomplex) bcomplex { return bcomplex{badd(a.re, b.re), badd(a.im, b.im)} }
func (a bcomplex) sub(b bcomplex) bcomplex { return bcomplex{bsub(a.re, b.re), bsub(a.im, b.im)} }

func (a bcomplex) mul(b bcomplex) bcomplex {
	return bcomplex{
		bsub(bmul(a.re, b.re), bmul(a.im, b.im)),
		badd(bmul(a.re, b.im), bmul(a.im, b.re)),
	}
}

func (a bcomplex) abs2() *big.Float { return badd(bmul(a.re, a.re), bmul(a.im, a.im)) }

func (a bcomplex) quo(b bcomplex) bcomplex {
	d := b.abs2()
	return bcomplex{
		bquo(badd(bmul(a.re, b.re), bmul(a.im, b.im)), d),
		bquo(bsub(bmul(a.im, b.re), bmul(a.re, b.im)), d),
	}
}

// sqrt is the principal square root: re ≥ 0, im with the sign of a.im.
func (a bcomplex) sqrt() bcomplex {
	r := bsqrt(a.abs2())
	re := bsqrt(bquo(badd(r, a.re), bf(2)))
	im := bsqrt(bquo(bsub(r, a.re), bf(2)))
	if a.im.Sign() < 0 {
		im.Neg(im)
	}
	return bcomplex{re, im}
}

func (a bcomplex) c128() complex128 { return complex(b64(a.re), b64(a.im)) }

// polyRoots returns the roots of the real polynomial Σ c[k]·x^k (c[len-1] ≠ 0), first located
// in complex128 by the Durand–Kerner iteration and then refined one by one by Newton's method
// in waveletPrec-bit arithmetic on the exact coefficients.
func polyRoots(c []*big.Float) []bcomplex {
	n := len(c) - 1
	if n < 1 {
		return nil
	}
	lead := b64(c[n])
	cf := make([]complex128, n+1)
	for i := range c {
		cf[i] = complex(b64(c[i])/lead, 0)
	}
	eval := func(x complex128) complex128 {
		s := complex(0, 0)
		for i := n; i >= 0; i-- {
			s = s*x + cf[i]
		}
		return s
	}
	// Cauchy bound for the starting circle.
	bound := 0.0
	for i := 0; i < n; i++ {
		bound = math.Max(bound, cmplx.Abs(cf[i]))
	}
	radius := 1 + bound
	if radius > 1e3 {
		radius = 1e3
	}
	r := make([]complex128, n)
	for i := range r {
		r[i] = cmplx.Rect(radius*0.5, 2*math.Pi*float64(i)/float64(n)+0.4)
	}
	for iter := 0; iter < 2000; iter++ {
		moved := 0.0
		for i := range r {
			d := complex(1, 0)
			for j := range r {
				if j != i {
					d *= r[i] - r[j]
				}
			}
			step := eval(r[i]) / d
			r[i] -= step
			moved = math.Max(moved, cmplx.Abs(step)/math.Max(1, cmplx.Abs(r[i])))
		}
		if moved < 1e-14 {
			break
		}
	}
	// Newton refinement with exact coefficients.
	out := make([]bcomplex, n)
	for i, z0 := range r {
		z := bc(z0)
		for iter := 0; iter < 60; iter++ {
			p := bcomplex{bnew(), bnew()}
			dp := bcomplex{bnew(), bnew()}
			for k := n; k >= 0; k-- {
				dp = dp.mul(z).add(p)
				p = p.mul(z).add(bcomplex{c[k], bnew()})
			}
			step := p.quo(dp)
			z = z.sub(step)
			sz := b64(bsqrt(step.abs2()))
			az := b64(bsqrt(z.abs2()))
			if sz <= az*1e-70 {
				break
			}
		}
		out[i] = z
	}
	return out
}

// solveBig solves the square system A x = b by Gaussian elimination with partial pivoting.
// A and b are overwritten.
func solveBig(A [][]*big.Float, b []*big.Float) []*big.Float {
	n := len(b)
	for k := 0; k < n; k++ {
		p := k
		for i := k + 1; i < n; i++ {
			if bnew().Abs(A[i][k]).Cmp(bnew().Abs(A[p][k])) > 0 {
				p = i
			}
		}
		A[k], A[p] = A[p], A[k]
		b[k], b[p] = b[p], b[k]
		if A[k][k].Sign() == 0 {
			continue
		}
		for i := k + 1; i < n; i++ {
			f := bquo(A[i][k], A[k][k])
			for j := k; j < n; j++ {
				A[i][j] = bsub(A[i][j], bmul(f, A[k][j]))
			}
			b[i] = bsub(b[i], bmul(f, b[k]))
		}
	}
	x := make([]*big.Float, n)
	for i := n - 1; i >= 0; i-- {
		s := bnew().Set(b[i])
		for j := i + 1; j < n; j++ {
			s = bsub(s, bmul(A[i][j], x[j]))
		}
		if A[i][i].Sign() == 0 {
			x[i] = bnew()
			continue
		}
		x[i] = bquo(s, A[i][i])
	}
	return x
}
