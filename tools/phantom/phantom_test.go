package main

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

var small = Spec{ID: "t", Seed: 5, Width: 200, Height: 180, CX: 100, CY: 80, RX: 30, RY: 20,
	Irregularity: 0.1, Lobes: 4, Echo: 0.3, Posterior: 1}

// TestSpeckleIsRayleigh checks step 4 of the simulation: in a region of constant
// echogenicity the envelope's mean/std ratio is that of a Rayleigh distribution,
// √(π/(4−π)) = 1.9131 (Burckhardt 1978), within sampling error.
func TestSpeckleIsRayleigh(t *testing.T) {
	const w, h = 300, 300
	echo := make([]float64, w*h)
	for i := range echo {
		echo[i] = 0.7
	}
	env := speckle(rand.New(rand.NewPCG(3, 4)), echo, w, h)
	var m, v float64
	for _, a := range env {
		m += a
	}
	m /= float64(len(env))
	for _, a := range env {
		v += (a - m) * (a - m)
	}
	sd := math.Sqrt(v / float64(len(env)-1))
	want := math.Sqrt(math.Pi / (4 - math.Pi))
	if r := m / sd; math.Abs(r-want) > 0.1 {
		t.Errorf("envelope mean/sd = %.3f, want Rayleigh %.3f ± 0.1", r, want)
	}
}

// TestLesionIsHypoechoicAndMaskMatches checks that the mask marks the simulated lesion and
// that the lesion is darker than the surrounding glandular tissue.
func TestLesionIsHypoechoicAndMaskMatches(t *testing.T) {
	p := Generate(small)
	var in, out, nIn, nOut float64
	for y := 0; y < small.Height; y++ {
		for x := 0; x < small.Width; x++ {
			g := float64(p.Image.GrayAt(x, y).Y)
			m := p.Mask.GrayAt(x, y).Y
			switch {
			case m == 255:
				in, nIn = in+g, nIn+1
			case m == 0 && y > 50 && y < 110:
				out, nOut = out+g, nOut+1
			case m != 0:
				t.Fatalf("mask value %d at (%d,%d), want 0 or 255", m, x, y)
			}
		}
	}
	// Ellipse area π·30·20 ≈ 1885 px; harmonics with zero mean keep it within ±20 %.
	if nIn < 1500 || nIn > 2300 {
		t.Errorf("lesion area %v px, want about 1885", nIn)
	}
	if in/nIn >= out/nOut-20 {
		t.Errorf("lesion mean %.1f not darker than tissue %.1f by 20 grey levels", in/nIn,
			out/nOut)
	}
	if p.Mask.GrayAt(100, 80).Y != 255 || p.Mask.GrayAt(5, 5).Y != 0 {
		t.Errorf("mask centre/corner wrong")
	}
}

func TestDeterministic(t *testing.T) {
	a, b := Generate(small), Generate(small)
	if !bytes.Equal(a.Image.Pix, b.Image.Pix) || !bytes.Equal(a.Mask.Pix, b.Mask.Pix) {
		t.Fatal("same spec gave different pixels")
	}
	other := small
	other.Seed++
	if bytes.Equal(a.Image.Pix, Generate(other).Image.Pix) {
		t.Fatal("different seeds gave identical speckle")
	}
}

func TestWriteFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("writes the full-size samples")
	}
	dir := t.TempDir()
	if err := write(dir); err != nil {
		t.Fatal(err)
	}
	for _, s := range samples {
		for _, f := range []string{s.ID + ".png", s.ID + "_mask.png"} {
			if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() < 100 {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "samples.json"))
	if err != nil || !bytes.Contains(b, []byte(`"phantom-oval_mask.png"`)) {
		t.Errorf("samples.json: %v %s", err, b)
	}
}

func TestPercentile(t *testing.T) {
	v := []float64{5, 1, 4, 2, 3, 9, 7, 8, 6, 0}
	for p, want := range map[float64]float64{0: 0, 1: 9, 0.5: 4} {
		if got := percentile(v, p); got != want {
			t.Errorf("percentile(%v) = %v, want %v", p, got, want)
		}
	}
}
