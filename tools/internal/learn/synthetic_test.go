package learn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// synthetic returns a binary data set of n rows in about n/3 groups with p features named like
// radiomics features over four image types. The first informative features depend on the class
// (means differ by effect standard deviations, with an interaction for the network), the rest is
// correlated noise: a latent factor per image type plus independent noise, raw scales varied.
func synthetic(n, p, informative int, effect float64, seed uint64) *Dataset {
	rng := rand.New(rand.NewPCG(seed, 77))
	types := []string{"original", "wavelet-LH", "square", "gradient"}
	d := &Dataset{Classes: []string{"benign", "malignant"}, Positive: 1}
	for j := range p {
		d.Features = append(d.Features, fmt.Sprintf("%s_glcm_F%04d", types[j%len(types)], j))
	}
	scale := make([]float64, p)
	for j := range scale {
		scale[j] = math.Pow(10, float64(j%7)-3)
	}
	g := 0
	for i := 0; i < n; i++ {
		if rng.IntN(3) == 0 {
			g++
		}
		y := 0
		if rng.Float64() < 0.35 {
			y = 1
		}
		latent := make([]float64, len(types))
		for t := range latent {
			latent[t] = rng.NormFloat64()
		}
		row := make([]float64, p)
		for j := range row {
			v := 0.5*latent[j%len(types)] + rng.NormFloat64()
			if j < informative && y == 1 {
				v += effect
			}
			row[j] = scale[j] * (v + 3)
		}
		if informative >= 2 && y == 1 && row[0]*row[1] > 0 {
			row[1] += scale[1] * 0.5 * effect
		}
		d.X = append(d.X, row)
		d.Y = append(d.Y, y)
		d.Groups = append(d.Groups, fmt.Sprintf("g%d", g))
		d.IDs = append(d.IDs, fmt.Sprintf("case%03d", i))
	}
	return d
}
