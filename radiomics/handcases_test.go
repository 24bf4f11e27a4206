package radiomics_test

import (
	"math"
	"testing"

	"github.com/uran-browser/uran/radiomics"
)

// grid builds an image and a mask from rows of values; mask nil means every pixel.
func grid(rows [][]float64, mask [][]uint32, spacing [2]float64) (*radiomics.Image,
	*radiomics.Mask) {
	h, w := len(rows), len(rows[0])
	img := &radiomics.Image{Width: w, Height: h, Spacing: spacing}
	m := &radiomics.Mask{Width: w, Height: h, Spacing: spacing}
	for y := range rows {
		for x := range rows[y] {
			img.Pix = append(img.Pix, rows[y][x])
			v := uint32(1)
			if mask != nil {
				v = mask[y][x]
			}
			m.Labels = append(m.Labels, v)
		}
	}
	return img, m
}

// extractMap runs Extract with DefaultParams modified by set and returns the features by name.
func extractMap(t *testing.T, img *radiomics.Image, m *radiomics.Mask,
	set func(p *radiomics.Params)) map[string]float64 {
	t.Helper()
	p := radiomics.DefaultParams()
	if set != nil {
		set(p)
	}
	res, err := radiomics.Extract(img, m, p, nil)
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	out := map[string]float64{}
	for _, f := range res.Features {
		out[f.Name] = f.Value
	}
	return out
}

func binWidth1(p *radiomics.Params) { p.Settings.BinWidth = 1 }

// expect compares named features with hand-computed values (relative 1e-12, or absolute 1e-12
// near zero; entropies carry the ε = 2⁻⁵² PyRadiomics adds, hence the small absolute slack).
func expect(t *testing.T, got map[string]float64, want map[string]float64) {
	t.Helper()
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			t.Errorf("%s missing", name)
			continue
		}
		if math.Abs(g-w) > 1e-12*math.Max(1, math.Abs(w)) {
			t.Errorf("%s = %.17g, want %.17g", name, g, w)
		}
	}
}

// The 3×3 checkerboard
//
//	1 2 1
//	2 1 2
//	1 2 1
//
// with binWidth 1 (bins = values, N_g = 2) and every pixel in the ROI.
var checker = [][]float64{{1, 2, 1}, {2, 1, 2}, {1, 2, 1}}

// TestHandGLCM: for offsets (0,1) and (1,0) every pair is (1,2) or (2,1): 6 pairs each way, so
// the symmetric p is [[0, ½], [½, 0]]. For (1,1) and (1,−1) every pair joins equal levels:
// p = [[½, 0], [0, ½]]. Per angle, μ = 1.5 and σ² = ¼.
func TestHandGLCM(t *testing.T) {
	img, m := grid(checker, nil, [2]float64{1, 1})
	got := extractMap(t, img, m, binWidth1)
	h := -(0.5*math.Log2(0.5+0x1p-52) + 0.5*math.Log2(0.5+0x1p-52)) // entropy of (½, ½)
	expect(t, got, map[string]float64{
		"original_glcm_Contrast":           (1 + 1 + 0 + 0) / 4.0,       // Σp(i−j)²: 1, 1, 0, 0
		"original_glcm_Correlation":        (-1 - 1 + 1 + 1) / 4.0,      // ∓¼ / ¼
		"original_glcm_Autocorrelation":    (2 + 2 + 2.5 + 2.5) / 4,     // Σp·i·j
		"original_glcm_JointEnergy":        0.5,                         // ¼ + ¼
		"original_glcm_JointEntropy":       h,                           // 1 bit
		"original_glcm_JointAverage":       1.5,                         // μ_x
		"original_glcm_SumAverage":         3,                           // i+j averages 3
		"original_glcm_SumSquares":         0.25,                        // σ²
		"original_glcm_ClusterTendency":    (0 + 0 + 1 + 1) / 4.0,       // Σp(i+j−3)²
		"original_glcm_ClusterShade":       0,                           // symmetric
		"original_glcm_DifferenceAverage":  (1 + 1 + 0 + 0) / 4.0,       // |i−j|
		"original_glcm_Id":                 (0.5 + 0.5 + 1 + 1) / 4,     // p/(1+k)
		"original_glcm_Idm":                (0.5 + 0.5 + 1 + 1) / 4,     // p/(1+k²)
		"original_glcm_Idmn":               (0.8 + 0.8 + 1 + 1) / 4,     // 1/(1+1/4)
		"original_glcm_Idn":                (2.0/3 + 2.0/3 + 1 + 1) / 4, // 1/(1+1/2)
		"original_glcm_InverseVariance":    (1 + 1 + 0 + 0) / 4.0,       // p_x−y(1)/1²
		"original_glcm_MaximumProbability": 0.5,
		"original_glcm_MCC":                1, // Q = I for every angle
	})
	// Difference entropy: p_x−y is a single 1 per angle → −1·log2(1+ε) ≈ −3.2e−16.
	if v := got["original_glcm_DifferenceEntropy"]; math.Abs(v) > 1e-15 {
		t.Errorf("DifferenceEntropy = %g, want ≈ 0", v)
	}
}

// TestHandGLRLM: along rows and columns every run has length 1 (9 runs: five of level 1, four
// of level 2). Along both diagonals the lines are 1 | 2 2 | 1 1 1 | 2 2 | 1: level 1 runs of
// length 1, 3, 1 and level 2 runs of length 2, 2 (5 runs).
func TestHandGLRLM(t *testing.T) {
	img, m := grid(checker, nil, [2]float64{1, 1})
	got := extractMap(t, img, m, binWidth1)
	sreDiag := (1 + 1.0/9 + 1 + 0.25 + 0.25) / 5
	expect(t, got, map[string]float64{
		"original_glrlm_ShortRunEmphasis":         (1 + 1 + sreDiag + sreDiag) / 4,
		"original_glrlm_LongRunEmphasis":          (1 + 1 + 19.0/5 + 19.0/5) / 4,
		"original_glrlm_RunPercentage":            (1 + 1 + 5.0/9 + 5.0/9) / 4,
		"original_glrlm_GrayLevelNonUniformity":   (41.0/9 + 41.0/9 + 13.0/5 + 13.0/5) / 4,
		"original_glrlm_RunLengthNonUniformity":   (81.0/9 + 81.0/9 + (4+4+1)/5.0 + 9.0/5) / 4,
		"original_glrlm_LowGrayLevelRunEmphasis":  (2*(5+4.0/4)/9 + 2*(3+2.0/4)/5) / 4,
		"original_glrlm_HighGrayLevelRunEmphasis": (2*(5+16.0)/9 + 2*(3+8.0)/5) / 4,
	})
}

// TestHandGLSZM: with 8-connectivity the five 1s form one zone (size 5) and the four 2s
// another (size 4): N_z = 2, N_p = 9.
func TestHandGLSZM(t *testing.T) {
	img, m := grid(checker, nil, [2]float64{1, 1})
	got := extractMap(t, img, m, binWidth1)
	expect(t, got, map[string]float64{
		"original_glszm_SmallAreaEmphasis":              (1.0/25 + 1.0/16) / 2,
		"original_glszm_LargeAreaEmphasis":              (25 + 16) / 2.0,
		"original_glszm_GrayLevelNonUniformity":         1,
		"original_glszm_SizeZoneNonUniformity":          1,
		"original_glszm_ZonePercentage":                 2.0 / 9,
		"original_glszm_GrayLevelVariance":              0.25,
		"original_glszm_ZoneVariance":                   0.25,
		"original_glszm_LowGrayLevelZoneEmphasis":       (1 + 0.25) / 2,
		"original_glszm_HighGrayLevelZoneEmphasis":      (1 + 4) / 2.0,
		"original_glszm_LargeAreaHighGrayLevelEmphasis": (25*1 + 16*4) / 2.0,
	})
}

// TestHandGLDM: α = 0, distance 1. Corners (level 1) have one equal neighbour (the centre),
// the centre has four (the corners), the edge middles (level 2) two each. So j = dep + 1:
// level 1: four pixels with j = 2, one with j = 5; level 2: four with j = 3. N_z = 9.
func TestHandGLDM(t *testing.T) {
	img, m := grid(checker, nil, [2]float64{1, 1})
	got := extractMap(t, img, m, binWidth1)
	expect(t, got, map[string]float64{
		"original_gldm_SmallDependenceEmphasis":             (4.0/4 + 1.0/25 + 4.0/9) / 9,
		"original_gldm_LargeDependenceEmphasis":             (4*4 + 25 + 4*9) / 9.0,
		"original_gldm_GrayLevelNonUniformity":              (25 + 16) / 9.0,
		"original_gldm_DependenceNonUniformity":             (16 + 16 + 1) / 9.0,
		"original_gldm_DependenceNonUniformityNormalized":   (16 + 16 + 1) / 81.0,
		"original_gldm_LowGrayLevelEmphasis":                (5 + 4.0/4) / 9,
		"original_gldm_HighGrayLevelEmphasis":               (5 + 4.0*4) / 9,
		"original_gldm_SmallDependenceLowGrayLevelEmphasis": (4.0/4 + 1.0/25 + 4.0/(4*9)) / 9,
	})
}

// TestHandNGTDM: neighbour means (distance 1, ROI only): a corner 1 sees 2, 2, 1 (mean 5/3),
// the centre 1 sees four 1s and four 2s (1.5), an edge 2 sees 1, 1, 1, 2, 2 (1.4). So
// s_1 = 4·(2/3) + ½ = 19/6, s_2 = 4·0.6 = 2.4, p_1 = 5/9, p_2 = 4/9.
func TestHandNGTDM(t *testing.T) {
	img, m := grid(checker, nil, [2]float64{1, 1})
	got := extractMap(t, img, m, binWidth1)
	s1, s2 := 19.0/6, 2.4
	p1, p2 := 5.0/9, 4.0/9
	ps := p1*s1 + p2*s2
	expect(t, got, map[string]float64{
		"original_ngtdm_Coarseness": 1 / ps,
		"original_ngtdm_Contrast":   (2 * p1 * p2 / 2) * ((s1 + s2) / 9),
		"original_ngtdm_Busyness":   ps / (2 * math.Abs(1*p1-2*p2)),
		"original_ngtdm_Complexity": 2 * (p1*s1 + p2*s2) / (p1 + p2) / 9,
		"original_ngtdm_Strength":   2 * (p1 + p2) / (s1 + s2),
	})
}

// TestHandFirstOrder: five 1s and four 2s.
func TestHandFirstOrder(t *testing.T) {
	img, m := grid(checker, nil, [2]float64{0.5, 2})
	got := extractMap(t, img, m, func(p *radiomics.Params) {
		p.Settings.BinWidth = 1
		p.Settings.VoxelArrayShift = 1
	})
	mean := 13.0 / 9
	m2 := (5*math.Pow(1-mean, 2) + 4*math.Pow(2-mean, 2)) / 9 // 20/81
	m3 := (5*math.Pow(1-mean, 3) + 4*math.Pow(2-mean, 3)) / 9
	m4 := (5*math.Pow(1-mean, 4) + 4*math.Pow(2-mean, 4)) / 9
	energy := 5*4.0 + 4*9.0 // (x + 1)²
	expect(t, got, map[string]float64{
		"original_firstorder_Mean":                        mean,
		"original_firstorder_Energy":                      energy,
		"original_firstorder_TotalEnergy":                 energy * 0.5 * 2,
		"original_firstorder_RootMeanSquared":             math.Sqrt(energy / 9),
		"original_firstorder_Variance":                    20.0 / 81,
		"original_firstorder_Skewness":                    m3 / math.Pow(m2, 1.5),
		"original_firstorder_Kurtosis":                    m4 / (m2 * m2),
		"original_firstorder_Minimum":                     1,
		"original_firstorder_Maximum":                     2,
		"original_firstorder_Range":                       1,
		"original_firstorder_Median":                      1,
		"original_firstorder_10Percentile":                1, // index 0.8 between two 1s
		"original_firstorder_90Percentile":                2, // index 7.2 between two 2s
		"original_firstorder_InterquartileRange":          1, // indices 2 (a 1) and 6 (a 2)
		"original_firstorder_MeanAbsoluteDeviation":       (5*(mean-1) + 4*(2-mean)) / 9,
		"original_firstorder_RobustMeanAbsoluteDeviation": (5*(mean-1) + 4*(2-mean)) / 9,
		"original_firstorder_Uniformity":                  (25 + 16) / 81.0,
		"original_firstorder_Entropy": -(5.0/9*math.Log2(5.0/9+0x1p-52) +
			4.0/9*math.Log2(4.0/9+0x1p-52)),
	})
}

// TestHandShape2D: a 2×2 block of pixels. The marching-squares contour runs half a pixel
// outside the centres with the four corners cut: a 2×2 square minus four triangles of legs ½
// (area 3.5), four straight sides of 1 and four diagonals of √½ (perimeter 4 + 2√2), largest
// vertex distance √(1² + 2²). Pixel centres (0,0), (0,1), (1,0), (1,1) have variance ¼ along
// x and y and no covariance. With spacing x = 2, y = 1 lengths along x double.
func TestHandShape2D(t *testing.T) {
	rows := [][]float64{{0, 0, 0, 0}, {0, 5, 5, 0}, {0, 5, 5, 0}, {0, 0, 0, 0}}
	mask := [][]uint32{{0, 0, 0, 0}, {0, 1, 1, 0}, {0, 1, 1, 0}, {0, 0, 0, 0}}
	img, m := grid(rows, mask, [2]float64{1, 1})
	got := extractMap(t, img, m, func(p *radiomics.Params) {
		p.Classes[0].Features = []string{"MeshSurface", "PixelSurface", "Perimeter",
			"MaximumDiameter", "MajorAxisLength", "MinorAxisLength", "Elongation", "Sphericity",
			"SphericalDisproportion", "PerimeterSurfaceRatio"}
	})
	per := 4 + 2*math.Sqrt2
	expect(t, got, map[string]float64{
		"original_shape2D_MeshSurface":            3.5,
		"original_shape2D_PixelSurface":           4,
		"original_shape2D_Perimeter":              per,
		"original_shape2D_PerimeterSurfaceRatio":  per / 3.5,
		"original_shape2D_MaximumDiameter":        math.Sqrt(5),
		"original_shape2D_MajorAxisLength":        2,
		"original_shape2D_MinorAxisLength":        2,
		"original_shape2D_Elongation":             1,
		"original_shape2D_Sphericity":             2 * math.Sqrt(math.Pi*3.5) / per,
		"original_shape2D_SphericalDisproportion": per / (2 * math.Sqrt(math.Pi*3.5)),
	})

	img, m = grid(rows, mask, [2]float64{2, 1})
	got = extractMap(t, img, m, nil)
	// x doubles: the contour's horizontal sides have length 2, its diagonals √(1 + ¼);
	// the largest vertex distance is between (y 1, x ½·2) and (y 2, x 2.5·2): √(1 + 16).
	perA := 2*2 + 2*1 + 4*math.Sqrt(1+0.25)
	expect(t, got, map[string]float64{
		"original_shape2D_MeshSurface":     7,
		"original_shape2D_PixelSurface":    8,
		"original_shape2D_Perimeter":       perA,
		"original_shape2D_MaximumDiameter": math.Sqrt(17),
		"original_shape2D_MajorAxisLength": 4, // 4·√(¼·2²)
		"original_shape2D_MinorAxisLength": 2,
		"original_shape2D_Elongation":      0.5,
	})
}

// TestHandDiscretisation: fixed bin width edges are multiples of W counted from 0, floor-based
// for negative values, with the ROI minimum in bin 1 (PyRadiomics' getBinEdges). Values
// −30, −26, −25, −1, 0, 24, 25, 49 with W = 25: ⌊x/25⌋ = −2, −2, −1, −1, 0, 0, 1, 1, so bins
// 1, 1, 2, 2, 3, 3, 4, 4 and firstorder Uniformity = 4·(2/8)².
func TestHandDiscretisation(t *testing.T) {
	img, m := grid([][]float64{{-30, -26, -25, -1}, {0, 24, 25, 49}}, nil, [2]float64{1, 1})
	got := extractMap(t, img, m, nil)
	if v := got["original_firstorder_Uniformity"]; math.Abs(v-0.25) > 1e-15 {
		t.Errorf("Uniformity %g, want 0.25 (four bins of two values)", v)
	}
	// GLSZM: levels by row: 1 1 2 2 / 3 3 4 4; with 8-connectivity each pair is a zone except
	// that the 2s (top right) and 3s (bottom left) do not touch: 4 zones of size 2.
	if v := got["original_glszm_ZonePercentage"]; v != 4.0/8 {
		t.Errorf("ZonePercentage %g, want 0.5", v)
	}
	// Bin count: 4 bins between −30 and 49 (width 19.75); edges −30, −10.25, 9.5, 29.25,
	// 49 (+1): bins 1, 1, 1, 2, 2, 3, 3, 4 → p = 3/8, 2/8, 2/8, 1/8.
	got = extractMap(t, img, m, func(p *radiomics.Params) { p.Settings.BinCount = 4 })
	want := (9.0 + 4 + 4 + 1) / 64
	if v := got["original_firstorder_Uniformity"]; math.Abs(v-want) > 1e-15 {
		t.Errorf("binCount Uniformity %g, want %g", v, want)
	}
}

// TestHandGLSZMConnectivity: zones whose branches meet only late in scan order, and zones
// joined only through corners, are single zones (8-connectivity).
func TestHandGLSZMConnectivity(t *testing.T) {
	cases := []struct {
		rows [][]float64
		nz   float64 // number of zones
	}{
		// A U of 5s (7 pixels, its arms join at the bottom) around a column of two 9s.
		{[][]float64{{5, 9, 5}, {5, 9, 5}, {5, 5, 5}}, 2},
		// 7s on both diagonals of a 3×3 block: one zone of 5 through corners; the 2s touch
		// each other by corners too ((0,1)–(1,0), (0,1)–(1,2), …): one zone of 4.
		{[][]float64{{7, 2, 7}, {2, 7, 2}, {7, 2, 7}}, 2},
		// A staircase rising to the right: each 3 touches the next only at a corner; the two
		// triangles of 1s touch at corners too ((0,2)–(1,3)), so they are one zone of 12.
		{[][]float64{{1, 1, 1, 3}, {1, 1, 3, 1}, {1, 3, 1, 1}, {3, 1, 1, 1}}, 2},
	}
	// LargeAreaEmphasis = Σ size² / N_z.
	want := []float64{(49 + 4) / 2.0, (25 + 16) / 2.0, (12*12 + 4*4) / 2.0}
	for i, c := range cases {
		img, m := grid(c.rows, nil, [2]float64{1, 1})
		got := extractMap(t, img, m, binWidth1)
		if v := got["original_glszm_LargeAreaEmphasis"]; v != want[i] {
			t.Errorf("case %d: LargeAreaEmphasis %g, want %g", i, v, want[i])
		}
		if v := got["original_glszm_ZonePercentage"]; v != c.nz/float64(len(img.Pix)) {
			t.Errorf("case %d: ZonePercentage %g, want %g zones", i, v, c.nz)
		}
	}
}

// TestHandWeightingNorm: with weightingNorm the angles' matrices are summed before the
// features. On the checkerboard the symmetric GLCMs are [[0,6],[6,0]] for (0,1) and (1,0)
// and [[4,0],[0,4]] for the diagonals. GLCM weights are exp(−‖d‖²): no_weighting 1, manhattan
// e⁻¹ for the axes and e⁻⁴ for the diagonals. GLRLM weights are ‖d‖ itself (manhattan: 1 and 2).
func TestHandWeightingNorm(t *testing.T) {
	img, m := grid(checker, nil, [2]float64{1, 1})
	got := extractMap(t, img, m, func(p *radiomics.Params) {
		p.Settings.BinWidth = 1
		p.Settings.WeightingNorm = "no_weighting"
	})
	// Sum [[8,12],[12,8]] / 40.
	expect(t, got, map[string]float64{
		"original_glcm_Contrast":    24.0 / 40,
		"original_glcm_JointEnergy": 2*(8.0/40)*(8.0/40) + 2*(12.0/40)*(12.0/40),
	})
	got = extractMap(t, img, m, func(p *radiomics.Params) {
		p.Settings.BinWidth = 1
		p.Settings.WeightingNorm = "manhattan"
	})
	ax, dg := math.Exp(-1), math.Exp(-4)
	total := 24*ax + 16*dg
	// Runs: the axes (weight 1 each) have 9 runs of length 1; the diagonals (weight 2 each)
	// level 1 runs of length 1, 1, 3 and level 2 runs of length 2, 2.
	nr := 2*9*1.0 + 2*2*5
	np := 2*9*1.0 + 2*2*(1+1+3+2+2)
	expect(t, got, map[string]float64{
		"original_glcm_Contrast":       24 * ax / total,
		"original_glrlm_RunPercentage": nr / np,
	})
}

// TestHandAsymmetricGLCM: without symmetricalGLCM each pair counts once, from the pixel to its
// neighbour at the offset. On
//
//	1 2 3
//	1 2 3
//
// μ_x (JointAverage) is 1.5 for (1,1) and (0,1) (pairs 1→2, 2→3), 2 for (1,0) (pairs i→i) and
// 2.5 for (1,−1) (pairs 2→1, 3→2): mean 1.875. Symmetric matrices give μ_x = 2 for every angle.
func TestHandAsymmetricGLCM(t *testing.T) {
	img, m := grid([][]float64{{1, 2, 3}, {1, 2, 3}}, nil, [2]float64{1, 1})
	got := extractMap(t, img, m, func(p *radiomics.Params) {
		p.Settings.BinWidth = 1
		p.Settings.SymmetricalGLCM = false
	})
	expect(t, got, map[string]float64{"original_glcm_JointAverage": 1.875})
	got = extractMap(t, img, m, binWidth1)
	expect(t, got, map[string]float64{"original_glcm_JointAverage": 2})
}

// TestHandGLDMAlpha: with gldm_a = 1 every neighbour on the checkerboard is dependent (levels 1
// and 2 differ by 1), so j − 1 is the number of ROI neighbours: 3 at the corners, 5 at the edge
// middles, 8 at the centre.
func TestHandGLDMAlpha(t *testing.T) {
	img, m := grid(checker, nil, [2]float64{1, 1})
	got := extractMap(t, img, m, func(p *radiomics.Params) {
		p.Settings.BinWidth = 1
		p.Settings.GLDMAlpha = 1
	})
	expect(t, got, map[string]float64{
		"original_gldm_LargeDependenceEmphasis": (4*16 + 81 + 4*36) / 9.0,
		"original_gldm_SmallDependenceEmphasis": (4.0/16 + 1.0/81 + 4.0/36) / 9,
	})
}

// TestHandTwoLevels: an ROI of two grey levels,
//
//	50 150 150
//	50  50 150
//
// with binWidth 25 (bins 1 and 5, edges at multiples of 25). First order: mean 100, variance
// 2500, two equally likely bins. GLCM (symmetric, four angles): horizontal pairs 1–5, 5–5,
// 1–1, 1–5 give p(1,5) = p(5,1) = p(1,1) = p(5,5) = ¼ and contrast 16·½ = 8; vertical pairs
// 1–1, 5–1, 5–5 give p = (⅓, ⅙, ⅙, ⅓) and contrast 16/3; the diagonal pairs 1–1 and 5–5 give
// contrast 0; the anti-diagonal pairs 5–1, 5–1 give contrast 16. Mean contrast 22/3; joint
// energies ¼, 10/36, ½, ½, mean 55/144. GLSZM (8-connected): one zone of three 50s, one of
// three 150s.
func TestHandTwoLevels(t *testing.T) {
	img, m := grid([][]float64{{50, 150, 150}, {50, 50, 150}}, nil, [2]float64{1, 1})
	got := extractMap(t, img, m, nil)
	expect(t, got, map[string]float64{
		"original_firstorder_Mean":                 100,
		"original_firstorder_Variance":             2500,
		"original_firstorder_Entropy":              1,
		"original_firstorder_Uniformity":           0.5,
		"original_glcm_Contrast":                   22.0 / 3,
		"original_glcm_JointEnergy":                55.0 / 144,
		"original_glszm_ZonePercentage":            2.0 / 6,
		"original_glszm_SmallAreaEmphasis":         1.0 / 9,
		"original_glszm_GrayLevelNonUniformity":    1,
		"original_glszm_LowGrayLevelZoneEmphasis":  (1 + 1.0/25) / 2,
		"original_glszm_HighGrayLevelZoneEmphasis": (1 + 25.0) / 2,
		"original_glszm_GrayLevelVariance":         4,
		"original_glszm_ZoneEntropy":               1,
	})
}
