package radiomics

// The run-length (GLRLM), size-zone (GLSZM) and dependence (GLDM) matrices have one form:
// P(i,j) counts the runs, zones or pixels of grey level i and "size" j (run length, zone size,
// number of dependent neighbours + 1), and most of their features are the same sums over it.
// sizeSums computes them for all three.
//
// Symbols: N = Σ P(i,j); p(i,j) = P(i,j)/N; p_g(i) = Σ_j P(i,j); p_s(j) = Σ_i P(i,j); i is
// the grey level's bin index, j the size; ε = 2⁻⁵².

// sizeSums are the shared features of a size matrix, already divided by N where the formula
// says so.
type sizeSums struct {
	smallEmph    float64 // Σ p_s(j)/j² / N
	largeEmph    float64 // Σ p_s(j)·j² / N
	sizeNonUnif  float64 // Σ p_s(j)² / N; sizeNonUnifN = Σ p_s(j)² / N²
	sizeNonUnifN float64
	sizeVar      float64 // Σ p(i,j)(j−μ)², μ = Σ p(i,j)·j
	glNonUnif    float64 // Σ p_g(i)² / N; glNonUnifN = Σ p_g(i)² / N²
	glNonUnifN   float64
	glVar        float64 // Σ p(i,j)(i−μ)², μ = Σ p(i,j)·i
	lowGL        float64 // Σ p_g(i)/i² / N
	highGL       float64 // Σ p_g(i)·i² / N
	entropy      float64 // −Σ p(i,j) log2(p(i,j)+ε)
	smallLow     float64 // Σ P(i,j)/(i²j²) / N
	smallHigh    float64 // Σ P(i,j)·i²/j² / N
	largeLow     float64 // Σ P(i,j)·j²/i² / N
	largeHigh    float64 // Σ P(i,j)·i²j² / N
}

// sizeMatrix describes P for sizeSums: n = N, the levels' bin indices lv and marginals pg,
// the sizes with their marginals (sizes ascending; sizes without entries may be left out or
// have ps 0), and joint, which calls add(i, j, P(i,j)) for every non-zero entry, levels
// ascending and sizes ascending within a level.
type sizeMatrix struct {
	n      float64
	lv, pg []float64
	sizes  []float64
	ps     []float64
	joint  func(add func(i int, j, v float64))
}

// sums computes the shared features of m.
func (m *sizeMatrix) sums() sizeSums {
	var r sizeSums
	n, lv := m.n, m.lv
	var se, le, sn, uj float64
	for k, v := range m.ps {
		j := m.sizes[k]
		se += v / (j * j)
		le += v * (j * j)
		sn += v * v
		uj += v / n * j
	}
	var sv float64
	for k, v := range m.ps {
		d := m.sizes[k] - uj
		sv += v / n * (d * d)
	}
	var gln, lgl, hgl, ui float64
	for i, v := range m.pg {
		gln += v * v
		lgl += v / (lv[i] * lv[i])
		hgl += v * (lv[i] * lv[i])
		ui += v / n * lv[i]
	}
	var glv float64
	for i, v := range m.pg {
		d := lv[i] - ui
		glv += v / n * (d * d)
	}
	var ent, sl, sh, ll, lh float64
	m.joint(func(i int, j, v float64) {
		i2, j2 := lv[i]*lv[i], j*j
		ent += entropyTerm(v / n)
		sl += v / (i2 * j2)
		sh += v * i2 / j2
		ll += v * j2 / i2
		lh += v * (j2 * i2)
	})
	r.smallEmph, r.largeEmph = se/n, le/n
	r.sizeNonUnif, r.sizeNonUnifN = sn/n, sn/(n*n)
	r.sizeVar = sv
	r.glNonUnif, r.glNonUnifN = gln/n, gln/(n*n)
	r.glVar = glv
	r.lowGL, r.highGL = lgl/n, hgl/n
	r.entropy = ent
	r.smallLow, r.smallHigh, r.largeLow, r.largeHigh = sl/n, sh/n, ll/n, lh/n
	return r
}

// denseSizeMatrix describes an nl×nd row-major matrix P whose column c holds size c+1.
func denseSizeMatrix(P []float64, nl, nd int, lv []float64) *sizeMatrix {
	m := &sizeMatrix{lv: lv, pg: make([]float64, nl), sizes: make([]float64, nd),
		ps: make([]float64, nd)}
	for i := 0; i < nl; i++ {
		for j := 0; j < nd; j++ {
			m.pg[i] += P[i*nd+j]
			m.ps[j] += P[i*nd+j]
		}
	}
	for j := range m.sizes {
		m.sizes[j] = float64(j + 1)
	}
	for _, v := range m.ps {
		m.n += v
	}
	m.joint = func(add func(i int, j, v float64)) {
		for i := 0; i < nl; i++ {
			for j, v := range P[i*nd : (i+1)*nd] {
				if v != 0 {
					add(i, float64(j+1), v)
				}
			}
		}
	}
	return m
}
