package main

import (
	"image"
	"math"
	"math/rand/v2"
)

// Spec describes one simulated B-mode breast ultrasound case.
type Spec struct {
	ID          string
	Title       string
	Description string
	Seed        uint64
	Width       int
	Height      int

	// Lesion centre (pixels), semi-axes (pixels) and tilt (radians).
	CX, CY, RX, RY, Tilt float64
	// Margin irregularity: relative amplitude of the radial harmonics 3..Lobes+2; 0 is a
	// smooth ellipse, 0.1–0.2 a lobulated or angular margin.
	Irregularity float64
	Lobes        int
	// Echogenicity of the lesion's scatterers relative to glandular tissue (amplitude);
	// below 1 is hypoechoic.
	Echo float64
	// Posterior effect below the lesion: >1 enhancement (cyst-like), <1 shadowing.
	Posterior float64
}

// Phantom is the generated case: an 8-bit grey image and its 0/255 mask.
type Phantom struct {
	Image *image.Gray
	Mask  *image.Gray
	// Envelope is the speckle amplitude before log compression, kept for tests.
	Envelope []float64
}

// Generate simulates the case. The simulation, in order:
//
//  1. Tissue echogenicity map e(x, y): skin line, subcutaneous fat, glandular layer with slow
//     texture, the lesion (Echo) and the posterior band under it (Posterior).
//  2. Scatterers: a complex Gaussian field z = (n₁ + i n₂)·e, with n₁, n₂ ~ N(0, 1) per pixel.
//  3. Point spread function: z is blurred by a separable Gaussian, wider laterally (x) than
//     axially (y), which gives speckle its elongated grain.
//     Cooper's ligaments are added to step 1 as thin bright curved bands.
//  4. Envelope detection A = |z|. Where e is constant A follows a Rayleigh distribution, whose
//     mean-to-standard-deviation ratio is √(π/(4−π)) ≈ 1.91. Three independent envelopes are
//     averaged (spatial compounding).
//  5. Depth gain and log compression to 8 bits over a 55 dB dynamic range, with A_ref set to
//     22 times the median envelope (tissue at mid-grey):
//     g = 255·clamp((20·log₁₀(A/A_ref) + 55) / 55, 0, 1).
//
// The same Spec always gives the same pixels (PCG generator seeded with Spec.Seed).
func Generate(s Spec) *Phantom {
	w, h := s.Width, s.Height
	rng := rand.New(rand.NewPCG(s.Seed, s.Seed^0x9e3779b97f4a7c15))
	inside := lesionTest(s)

	echo := make([]float64, w*h)
	texture := smoothNoise(rng, w, h, 18)
	ligaments := ligamentField(rng, w, h)
	for y := 0; y < h; y++ {
		depth := float64(y) / float64(h)
		for x := 0; x < w; x++ {
			e := tissueEcho(depth, texture[y*w+x]) * (1 + 1.8*ligaments[y*w+x])
			if inside(float64(x)+0.5, float64(y)+0.5) {
				e = s.Echo * (0.9 + 0.2*texture[y*w+x])
			} else if posteriorBand(s, float64(x)+0.5, float64(y)+0.5) {
				e *= s.Posterior
			}
			echo[y*w+x] = e
		}
	}

	// Spatial compounding, as modern scanners do: the mean of three independent speckle
	// patterns, which lowers speckle contrast by about √3.
	env := speckle(rng, echo, w, h)
	for range 2 {
		for i, v := range speckle(rng, echo, w, h) {
			env[i] += v
		}
	}

	// The reference amplitude puts median tissue at mid-grey, as a sonographer sets the gain.
	ref := 22 * percentile(env, 0.5)
	const dynamicRange = 55.0
	img := image.NewGray(image.Rect(0, 0, w, h))
	mask := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		// Time-gain compensation that slightly under-corrects attenuation, as on real scanners.
		gain := 1 - 0.25*float64(y)/float64(h)
		for x := 0; x < w; x++ {
			a := env[y*w+x] * gain
			db := 20*math.Log10(math.Max(a, 1e-12)/ref) + dynamicRange
			img.Pix[y*img.Stride+x] = uint8(math.Round(255 * clamp(db/dynamicRange, 0, 1)))
			if inside(float64(x)+0.5, float64(y)+0.5) {
				mask.Pix[y*mask.Stride+x] = 255
			}
		}
	}
	return &Phantom{Image: img, Mask: mask, Envelope: env}
}

// ligamentField returns, per pixel, a weight in [0, 1] for a few thin bright arcs crossing the
// fat and glandular layers (Cooper's ligaments): sinusoidal curves y = y₀ + a·sin(2πx/L + φ)
// with a Gaussian cross-section of 1.5 px.
func ligamentField(rng *rand.Rand, w, h int) []float64 {
	f := make([]float64, w*h)
	for n := 0; n < 5; n++ {
		y0 := float64(h) * (0.08 + 0.5*rng.Float64())
		a := float64(h) * (0.03 + 0.05*rng.Float64())
		l := float64(w) * (0.6 + rng.Float64())
		phi := 2 * math.Pi * rng.Float64()
		for x := 0; x < w; x++ {
			yc := y0 + a*math.Sin(2*math.Pi*float64(x)/l+phi)
			for y := max(0, int(yc)-5); y < min(h, int(yc)+6); y++ {
				d := float64(y) - yc
				f[y*w+x] = math.Max(f[y*w+x], math.Exp(-d*d/(2*1.5*1.5)))
			}
		}
	}
	return f
}

// speckle runs steps 2–4 of Generate: complex Gaussian scatterers weighted by echo, blurred by
// the point spread function, and their envelope.
func speckle(rng *rand.Rand, echo []float64, w, h int) []float64 {
	re := make([]float64, w*h)
	im := make([]float64, w*h)
	for i := range re {
		re[i] = rng.NormFloat64() * echo[i]
		im[i] = rng.NormFloat64() * echo[i]
	}
	blurSeparable(re, w, h, 3.6, 1.5)
	blurSeparable(im, w, h, 3.6, 1.5)
	env := make([]float64, w*h)
	for i := range env {
		env[i] = math.Hypot(re[i], im[i])
	}
	return env
}

// tissueEcho is the scatterer amplitude of normal tissue at relative depth d ∈ [0, 1) with a
// slowly varying texture value t ∈ [0, 1].
func tissueEcho(d, t float64) float64 {
	switch {
	case d < 0.025: // gel and transducer ring-down
		return 0.15
	case d < 0.045: // skin line: bright
		return 1.6
	case d < 0.22: // subcutaneous fat: hypoechoic lobules
		return 0.45 + 0.35*t
	case d < 0.75: // fibroglandular tissue
		return 0.75 + 0.5*t
	default: // pectoral muscle and chest wall
		return 0.55 + 0.3*t
	}
}

// lesionTest returns the indicator of the lesion: an ellipse whose radius is modulated by
// harmonics, r(θ) = 1 + Σₖ aₖ cos(kθ + φₖ), in the ellipse's own normalised coordinates.
func lesionTest(s Spec) func(x, y float64) bool {
	rng := rand.New(rand.NewPCG(s.Seed+1, 7))
	type harmonic struct{ k, a, phi float64 }
	var hs []harmonic
	for k := 3; k < 3+s.Lobes; k++ {
		hs = append(hs, harmonic{float64(k), s.Irregularity * (0.5 + rng.Float64()) / 1.5,
			2 * math.Pi * rng.Float64()})
	}
	cos, sin := math.Cos(s.Tilt), math.Sin(s.Tilt)
	return func(x, y float64) bool {
		dx, dy := x-s.CX, y-s.CY
		u := (dx*cos + dy*sin) / s.RX
		v := (-dx*sin + dy*cos) / s.RY
		rho := math.Hypot(u, v)
		theta := math.Atan2(v, u)
		r := 1.0
		for _, h := range hs {
			r += h.a * math.Cos(h.k*theta+h.phi)
		}
		return rho <= r
	}
}

// posteriorBand reports whether (x, y) lies in the acoustic column below the lesion.
func posteriorBand(s Spec, x, y float64) bool {
	half := math.Max(s.RX, s.RY) * 0.8
	return y > s.CY && math.Abs(x-s.CX) < half
}

// smoothNoise returns values in [0, 1] varying over about scale pixels: Gaussian-blurred white
// noise, rescaled to its own range.
func smoothNoise(rng *rand.Rand, w, h int, scale float64) []float64 {
	n := make([]float64, w*h)
	for i := range n {
		n[i] = rng.NormFloat64()
	}
	blurSeparable(n, w, h, scale, scale)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range n {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	for i := range n {
		n[i] = (n[i] - lo) / (hi - lo)
	}
	return n
}

// blurSeparable convolves f (w×h, row-major) in place with a Gaussian of standard deviation sx
// along x and sy along y, truncated at 3σ, with edge samples repeated beyond the border.
func blurSeparable(f []float64, w, h int, sx, sy float64) {
	tmp := make([]float64, len(f))
	k := gaussKernel(sx)
	r := len(k) / 2
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s float64
			for i, kv := range k {
				xx := min(max(x+i-r, 0), w-1)
				s += kv * f[y*w+xx]
			}
			tmp[y*w+x] = s
		}
	}
	k = gaussKernel(sy)
	r = len(k) / 2
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s float64
			for i, kv := range k {
				yy := min(max(y+i-r, 0), h-1)
				s += kv * tmp[yy*w+x]
			}
			f[y*w+x] = s
		}
	}
}

// gaussKernel returns normalised Gaussian weights over [−⌈3σ⌉, ⌈3σ⌉].
func gaussKernel(sigma float64) []float64 {
	r := int(math.Ceil(3 * sigma))
	k := make([]float64, 2*r+1)
	var sum float64
	for i := range k {
		d := float64(i - r)
		k[i] = math.Exp(-d * d / (2 * sigma * sigma))
		sum += k[i]
	}
	for i := range k {
		k[i] /= sum
	}
	return k
}

// percentile returns the p-quantile (0..1) of v by partial sorting a copy.
func percentile(v []float64, p float64) float64 {
	c := append([]float64(nil), v...)
	idx := int(p * float64(len(c)-1))
	// Quickselect: expected linear time.
	lo, hi := 0, len(c)-1
	for lo < hi {
		pivot := c[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for c[i] < pivot {
				i++
			}
			for c[j] > pivot {
				j--
			}
			if i <= j {
				c[i], c[j] = c[j], c[i]
				i++
				j--
			}
		}
		if idx <= j {
			hi = j
		} else if idx >= i {
			lo = i
		} else {
			break
		}
	}
	return c[idx]
}

func clamp(v, lo, hi float64) float64 { return math.Min(math.Max(v, lo), hi) }
