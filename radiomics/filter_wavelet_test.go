package radiomics

import (
	"math"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

// TestWaveletReference compares the coif1 level-1 sub-bands with PyRadiomics' configuration-A
// reference values (first-order ROI features, 1e-9 relative).
func TestWaveletReference(t *testing.T) {
	cases := frefLoadCases(t)
	s := &Settings{Wavelet: "coif1", Level: 1}
	worst := map[string]float64{}
	for _, c := range cases {
		d, err := waveletImages(c.Image, s)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		w, bad := frefCompareFirstOrder(c, d, 1e-9)
		for _, b := range bad {
			t.Error(b)
		}
		for k, v := range w {
			worst[k] = math.Max(worst[k], v)
		}
	}
	for k, v := range worst {
		t.Logf("%-11s worst relative error over %d cases: %.3g", k, len(cases), v)
	}
}

// allWaveletNames lists every supported wavelet name.
func allWaveletNames() []string {
	names := []string{"haar"}
	for n := 1; n <= 38; n++ {
		names = append(names, "db"+itoa(n))
	}
	for n := 2; n <= 20; n++ {
		names = append(names, "sym"+itoa(n))
	}
	for n := 1; n <= 5; n++ {
		names = append(names, "coif"+itoa(n))
	}
	return names
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestWaveletFilterProperties checks, for every supported wavelet, Σh = √2, orthonormality of
// the even shifts, the vanishing wavelet moments (N for dbN/symN, 2N for coifN), the vanishing
// scaling moments of coiflets about i = 2N, and the relations between the four filters.
func TestWaveletFilterProperties(t *testing.T) {
	for _, name := range allWaveletNames() {
		b, err := lookupWavelet(name)
		if err != nil {
			t.Fatal(err)
		}
		h := b.RecLo
		L := len(h)
		var family string
		var order int
		for _, p := range []string{"haar", "db", "sym", "coif"} {
			if strings.HasPrefix(name, p) {
				family = p
				order, _ = strconv.Atoi(name[len(p):])
				break
			}
		}
		wantLen := map[string]int{"haar": 2, "db": 2 * order, "sym": 2 * order, "coif": 6 * order}
		if L != wantLen[family] {
			t.Fatalf("%s: length %d, want %d", name, L, wantLen[family])
		}
		sum := 0.0
		for _, v := range h {
			sum += v
		}
		if math.Abs(sum-math.Sqrt2) > 4e-15 {
			t.Errorf("%s: Σh = %.17g, want √2", name, sum)
		}
		for m := 0; 2*m < L; m++ {
			s := 0.0
			for i := 0; i+2*m < L; i++ {
				s += h[i] * h[i+2*m]
			}
			if m == 0 {
				s--
			}
			if math.Abs(s) > 4e-15 {
				t.Errorf("%s: orthonormality shift %d off by %.3g", name, 2*m, s)
			}
		}
		moments := map[string]int{"haar": 1, "db": order, "sym": order, "coif": 2 * order}[family]
		centre := float64(L-1) / 2
		if family == "coif" {
			centre = float64(2 * order)
		}
		for l := 0; l < moments; l++ {
			var wm, sm, scale float64
			for i, v := range h {
				p := math.Pow((float64(i)-centre)/float64(L), float64(l))
				scale += math.Abs(p * v)
				if i%2 == 1 {
					wm -= p * v
				} else {
					wm += p * v
				}
				sm += p * v
			}
			if math.Abs(wm) > 1e-14*scale {
				t.Errorf("%s: wavelet moment %d = %.3g", name, l, wm)
			}
			if family == "coif" && l > 0 && math.Abs(sm) > 1e-14*scale {
				t.Errorf("%s: scaling moment %d about 2N = %.3g", name, l, sm)
			}
		}
		for i := 0; i < L; i++ {
			sg := 1.0
			if i%2 == 1 {
				sg = -1
			}
			if b.DecLo[i] != h[L-1-i] || b.RecHi[i] != sg*h[L-1-i] ||
				b.DecHi[i] != -sg*h[i]*float64(1-2*(L%2)) {
				t.Fatalf("%s: filter bank relation broken at %d", name, i)
			}
		}
	}
}

// TestWaveletClosedForms compares with coefficients known in closed form: db2 (√3), db3 and
// sym3 (√10), coif1 (√7); PyWavelets orders them with the largest taps first for db/sym.
func TestWaveletClosedForms(t *testing.T) {
	s3, s10, s7 := math.Sqrt(3), math.Sqrt(10), math.Sqrt(7)
	r := math.Sqrt(5 + 2*s10)
	db3 := []float64{1 + s10 + r, 5 + s10 + 3*r, 10 - 2*s10 + 2*r, 10 - 2*s10 - 2*r,
		5 + s10 - 3*r, 1 + s10 - r}
	for i := range db3 {
		db3[i] /= 16 * math.Sqrt2
	}
	q := 4 * math.Sqrt2
	db2 := []float64{(1 + s3) / q, (3 + s3) / q, (3 - s3) / q, (1 - s3) / q}
	coif1 := []float64{1 - s7, 5 + s7, 14 + 2*s7, 14 - 2*s7, 1 - s7, -3 + s7}
	for i := range coif1 {
		coif1[i] /= 16 * math.Sqrt2
	}
	want := map[string][]float64{
		"haar":  {1 / math.Sqrt2, 1 / math.Sqrt2},
		"db1":   {1 / math.Sqrt2, 1 / math.Sqrt2},
		"db2":   db2,
		"sym2":  db2,
		"db3":   db3,
		"sym3":  db3,
		"coif1": coif1,
	}
	for name, w := range want {
		b, err := lookupWavelet(name)
		if err != nil {
			t.Fatal(err)
		}
		for i := range w {
			if math.Abs(b.RecLo[i]-w[i]) > 3e-16 {
				t.Errorf("%s[%d] = %.17g, want %.17g", name, i, b.RecLo[i], w[i])
			}
		}
	}
}

// TestSymletLessAsymmetric: for N ≥ 4 a symlet is closer to symmetric than the minimum-phase
// Daubechies filter of the same length (distance of the energy centroid from the centre).
func TestSymletLessAsymmetric(t *testing.T) {
	off := func(h []float64) float64 {
		c, e := 0.0, 0.0
		for i, v := range h {
			c += float64(i) * v * v
			e += v * v
		}
		return math.Abs(c/e - float64(len(h)-1)/2)
	}
	for n := 4; n <= 20; n++ {
		s, _ := lookupWavelet("sym" + itoa(n))
		d, _ := lookupWavelet("db" + itoa(n))
		if off(s.RecLo) >= off(d.RecLo)/2 {
			t.Errorf("sym%d centroid offset %.3f not well below db%d's %.3f",
				n, off(s.RecLo), n, off(d.RecLo))
		}
	}
}

// TestWaveletHaarByHand checks the letter order (x first), the periodic shift and the odd-size
// wrap padding on a 3×3 image with the Haar wavelet, where every output is a 2×2 sum:
// with a = x[y][x], b = x[y][x+1], c = x[y+1][x], d = x[y+1][x+1] (indices mod 4 on the padded
// grid, whose last row/column repeat the first): LL = (a+b+c+d)/2, LH = (a+b−c−d)/2 (low in x,
// high in y), HL = (a−b+c−d)/2, HH = (a−b−c+d)/2.
func TestWaveletHaarByHand(t *testing.T) {
	img := &Image{Width: 3, Height: 3, Pix: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256},
		Spacing: [2]float64{1, 1}}
	d, err := waveletImages(img, &Settings{Wavelet: "haar", Level: 1})
	if err != nil {
		t.Fatal(err)
	}
	pad := func(x, y int) float64 { return img.Pix[(y%4%3)*3+x%4%3] }
	want := map[string]func(a, b, c, d float64) float64{
		"wavelet-LL": func(a, b, c, d float64) float64 { return (a + b + c + d) / 2 },
		"wavelet-LH": func(a, b, c, d float64) float64 { return (a + b - c - d) / 2 },
		"wavelet-HL": func(a, b, c, d float64) float64 { return (a - b + c - d) / 2 },
		"wavelet-HH": func(a, b, c, d float64) float64 { return (a - b - c + d) / 2 },
	}
	order := []string{"wavelet-LH", "wavelet-HL", "wavelet-HH", "wavelet-LL"}
	for i, di := range d {
		if di.Name != order[i] {
			t.Fatalf("image %d is %q, want %q", i, di.Name, order[i])
		}
		f := want[di.Name]
		for y := 0; y < 3; y++ {
			for x := 0; x < 3; x++ {
				// PyWavelets' Haar: DecLo = [1, 1]/√2, DecHi = [−1, 1]/√2 with the F/2 = 1
				// shift: a[k] = (s[k] + s[k+1])/√2, d[k] = (s[k] − s[k+1])/√2.
				w := f(pad(x, y), pad(x+1, y), pad(x, y+1), pad(x+1, y+1))
				if got := di.Image.At(x, y); math.Abs(got-w) > 1e-12 {
					t.Errorf("%s(%d,%d) = %g, want %g", di.Name, x, y, got, w)
				}
			}
		}
	}
}

// TestWaveletEnergyAndReconstruction: with orthonormal filters the undecimated 2-D transform
// is a tight frame, Σ‖band‖² = 4‖x‖², and x is the average of the adjoint-filtered bands.
func TestWaveletEnergyAndReconstruction(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	w, h := 12, 10
	img := &Image{Width: w, Height: h, Pix: make([]float64, w*h), Spacing: [2]float64{1, 1}}
	for i := range img.Pix {
		img.Pix[i] = rng.NormFloat64() * 50
	}
	for _, name := range []string{"haar", "db4", "sym7", "coif1", "coif3", "db10"} {
		d, err := waveletImages(img, &Settings{Wavelet: name, Level: 1})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := lookupWavelet(name)
		e0, e1 := 0.0, 0.0
		for _, v := range img.Pix {
			e0 += v * v
		}
		rec := make([]float64, w*h)
		for _, di := range d {
			for _, v := range di.Image.Pix {
				e1 += v * v
			}
			fx, fy := b.DecLo, b.DecLo
			if di.Name[len(di.Name)-2] == 'H' {
				fx = b.DecHi
			}
			if di.Name[len(di.Name)-1] == 'H' {
				fy = b.DecHi
			}
			adjoint2D(di.Image.Pix, w, h, fx, fy, rec)
		}
		if math.Abs(e1-4*e0) > 1e-12*e0 {
			t.Errorf("%s: band energy %.15g, want 4×%.15g", name, e1, e0)
		}
		for i := range rec {
			if math.Abs(rec[i]/4-img.Pix[i]) > 1e-11 {
				t.Fatalf("%s: reconstruction[%d] = %g, want %g", name, i, rec[i]/4, img.Pix[i])
			}
		}
	}
}

// adjoint2D adds to out the adjoint of "filter rows with fx then columns with fy"
// (periodic, k + F/2 − j indexing) applied to band.
func adjoint2D(band []float64, w, h int, fx, fy []float64, out []float64) {
	tmp := make([]float64, w*h)
	F := len(fy)
	for k := 0; k < h; k++ {
		for j := 0; j < F; j++ {
			r := ((k+F/2-j)%h + h) % h
			for x := 0; x < w; x++ {
				tmp[r*w+x] += fy[j] * band[k*w+x]
			}
		}
	}
	F = len(fx)
	for y := 0; y < h; y++ {
		for k := 0; k < w; k++ {
			for j := 0; j < F; j++ {
				c := ((k+F/2-j)%w + w) % w
				out[y*w+c] += fx[j] * tmp[y*w+k]
			}
		}
	}
}

// TestWaveletLevels: names for start_level/level, and level 2 equals the level-1 transform of
// the level-1 approximation (PyRadiomics never dilates the filters).
func TestWaveletLevels(t *testing.T) {
	s := &Settings{Wavelet: "db2", StartLevel: 1, Level: 2}
	want := []string{"wavelet-LH", "wavelet-HL", "wavelet-HH", "wavelet2-LH", "wavelet2-HL",
		"wavelet2-HH", "wavelet2-LL"}
	if got := waveletNames(s); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("names %v, want %v", got, want)
	}
	rng := rand.New(rand.NewSource(3))
	img := &Image{Width: 9, Height: 6, Pix: make([]float64, 54), Spacing: [2]float64{1, 1}}
	for i := range img.Pix {
		img.Pix[i] = float64(rng.Intn(256))
	}
	d, err := waveletImages(img, s)
	if err != nil {
		t.Fatal(err)
	}
	// Independent path: one level at a time on the padded image.
	pad := &Image{Width: 10, Height: 6, Pix: make([]float64, 60), Spacing: [2]float64{1, 1}}
	for y := 0; y < 6; y++ {
		for x := 0; x < 10; x++ {
			pad.Pix[y*10+x] = img.Pix[y*9+x%9]
		}
	}
	one := &Settings{Wavelet: "db2", Level: 1}
	cur := pad
	var all []Derived
	for lev := 0; lev < 3; lev++ {
		di, err := waveletImages(cur, one)
		if err != nil {
			t.Fatal(err)
		}
		if lev > 0 {
			all = append(all, di[:3]...)
		}
		cur = di[3].Image
		if lev == 2 {
			all = append(all, di[3])
		}
	}
	for i := range d {
		for y := 0; y < 6; y++ {
			for x := 0; x < 9; x++ {
				if d[i].Image.At(x, y) != all[i].Image.At(x, y) {
					t.Fatalf("%s differs at (%d,%d)", d[i].Name, x, y)
				}
			}
		}
	}
}

// TestWaveletErrors: unsupported names and level settings are refused with a clear error.
func TestWaveletErrors(t *testing.T) {
	img := &Image{Width: 4, Height: 4, Pix: make([]float64, 16), Spacing: [2]float64{1, 1}}
	for _, name := range []string{"db0", "db39", "sym1", "sym21", "coif6", "bior2.2", "dmey",
		"haar2", "db01", "Coif1"} {
		if _, err := waveletImages(img, &Settings{Wavelet: name, Level: 1}); err == nil ||
			!strings.Contains(err.Error(), "not supported") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if _, err := waveletImages(img, &Settings{Wavelet: "coif1", Level: 0}); err == nil {
		t.Error("level 0 accepted")
	}
	neg := &Settings{Wavelet: "coif1", Level: 1, StartLevel: -1}
	if _, err := waveletImages(img, neg); err == nil {
		t.Error("negative start_level accepted")
	}
	// A 1×1 image is padded to 2×2 and still works.
	one := &Image{Width: 1, Height: 1, Pix: []float64{5}, Spacing: [2]float64{1, 1}}
	d, err := waveletImages(one, &Settings{Wavelet: "coif1", Level: 1})
	if err != nil || len(d) != 4 || math.Abs(d[3].Image.Pix[0]-10) > 1e-12 {
		t.Errorf("1×1 image: %v %v", d, err)
	}
}
