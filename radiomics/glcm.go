package radiomics

// Grey Level Co-occurrence Matrix (GLCM).
//
// For an angle θ (a neighbour offset at Chebyshev distance δ, see angleOffsets), P(i,j|δ,θ)
// counts the pairs of ROI pixels, the second at offset θ from the first, whose grey levels are
// i and j. With symmetricalGLCM (default) the matrix is P + Pᵀ, i.e. each pair is counted in
// both directions. Only grey levels present in the ROI index the matrix; i and j are their bin
// indices. Angles whose matrix is empty are dropped.
//
// Symbols, per angle:
//
//	p(i,j)   = P(i,j) / ΣP, the normalised matrix
//	p_x(i)   = Σ_j p(i,j),  p_y(j) = Σ_i p(i,j)
//	μ_x      = Σ p(i,j)·i,  μ_y = Σ p(i,j)·j
//	σ_x²     = Σ p(i,j)(i−μ_x)²,  σ_y² = Σ p(i,j)(j−μ_y)²
//	p_x+y(k) = Σ_{i+j=k} p(i,j),   k = 2…2N_g
//	p_x−y(k) = Σ_{|i−j|=k} p(i,j), k = 0…N_g−1
//	HX = −Σ p_x log2(p_x+ε), HY = −Σ p_y log2(p_y+ε)
//	HXY  = −Σ p(i,j) log2(p(i,j)+ε)
//	HXY1 = −Σ p(i,j) log2(p_x(i)p_y(j)+ε)
//	HXY2 = −Σ p_x(i)p_y(j) log2(p_x(i)p_y(j)+ε)
//
// N_g is the largest bin index and ε = 2⁻⁵². Each feature is computed per angle and the mean
// over angles is returned (NaN values, see Imc2 and MCC, are left out of the mean). With
// weightingNorm set, the angles' matrices are instead summed with weights exp(−‖d‖²), d the
// physical offset under that norm ("no_weighting": weight 1), and the features are computed
// once on the sum.

import (
	"math"
	"math/cmplx"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Indices into the glcm feature list (classCatalog order).
const (
	glcmAutocorrelation = iota
	glcmClusterProminence
	glcmClusterShade
	glcmClusterTendency
	glcmContrast
	glcmCorrelation
	glcmDifferenceAverage
	glcmDifferenceEntropy
	glcmDifferenceVariance
	glcmDissimilarity
	glcmHomogeneity1
	glcmHomogeneity2
	glcmId
	glcmIdm
	glcmIdmn
	glcmIdn
	glcmImc1
	glcmImc2
	glcmInverseVariance
	glcmJointAverage
	glcmJointEnergy
	glcmJointEntropy
	glcmMCC
	glcmMaximumProbability
	glcmSumAverage
	glcmSumEntropy
	glcmSumSquares
	glcmSumVariance
	glcmCount
)

// glcmMatrices returns one normalised nl×nl matrix per non-empty angle (or the single weighted
// sum), as flat row-major slices.
func glcmMatrices(t *texture) [][]float64 {
	nl := len(t.levels)
	offs := angleOffsets(t.h, t.w, t.s.Distances, false)
	counts := make([]float64, len(offs)*nl*nl)
	// Pair counts in (nl+1)² matrices whose row and column 0 collect pairs with a pixel outside
	// the ROI, so that counting needs no branch.
	n1 := nl + 1
	raws := make([][]int32, len(offs))
	if nearOnly(offs) {
		sc := t.scan()
		for a, o := range offs {
			raws[a] = sc.glcm[scanDir(o)]
		}
	} else {
		grid := t.grid
		for a, o := range offs {
			d := int32(o.dy*t.pw + o.dx)
			raw := make([]int32, n1*n1)
			for _, p := range t.roi {
				raw[int(grid[p])*n1+int(grid[p+d])]++
			}
			raws[a] = raw
		}
	}
	for a := range offs {
		raw := raws[a]
		m := counts[a*nl*nl : (a+1)*nl*nl]
		for i := 0; i < nl; i++ {
			for j := 0; j < nl; j++ {
				m[i*nl+j] = float64(raw[(i+1)*n1+j+1])
			}
		}
		if t.s.SymmetricalGLCM {
			for i := 0; i < nl; i++ {
				for j := i + 1; j < nl; j++ {
					s := m[i*nl+j] + m[j*nl+i]
					m[i*nl+j], m[j*nl+i] = s, s
				}
				m[i*nl+i] *= 2
			}
		}
	}

	var mats [][]float64
	if t.s.WeightingNorm != "" {
		sum := make([]float64, nl*nl)
		for a, o := range offs {
			w := glcmWeight(o, t.spacing, t.s.WeightingNorm)
			for k, v := range counts[a*nl*nl : (a+1)*nl*nl] {
				sum[k] += v * w
			}
		}
		mats = [][]float64{sum}
	} else {
		for a := range offs {
			mats = append(mats, counts[a*nl*nl:(a+1)*nl*nl])
		}
	}

	out := mats[:0]
	for _, m := range mats {
		total := 0.0
		for _, v := range m {
			total += v
		}
		if total == 0 {
			if len(mats) == 1 {
				// Weighted sum of nothing: PyRadiomics divides 0 by 0, every value is NaN.
				for k := range m {
					m[k] = math.NaN()
				}
				out = append(out, m)
			}
			continue // empty angle, dropped
		}
		for k := range m {
			m[k] /= total
		}
		out = append(out, m)
	}
	return out
}

// glcmWeight is exp(−‖d‖²) for the physical offset d under the norm (1 for no_weighting).
func glcmWeight(o offset, spacing [2]float64, norm string) float64 {
	if norm == "no_weighting" {
		return 1
	}
	return math.Exp(-offsetNormSq(o, spacing, norm))
}

// glcmFeatures computes the glcm features flagged in want (indexed like the catalog). Per
// angle:
//
//	Autocorrelation    = Σ p(i,j)·i·j
//	JointAverage       = μ_x
//	ClusterProminence  = Σ p(i,j)(i+j−μ_x−μ_y)⁴
//	ClusterShade       = Σ p(i,j)(i+j−μ_x−μ_y)³
//	ClusterTendency    = Σ p(i,j)(i+j−μ_x−μ_y)²
//	Contrast           = Σ p(i,j)(i−j)²
//	Correlation        = (Σ p(i,j)(i−μ_x)(j−μ_y)) / (σ_x σ_y + ε); 1 when σ_x σ_y = 0
//	DifferenceAverage  = DA = Σ_k k·p_x−y(k)
//	DifferenceEntropy  = −Σ_k p_x−y(k) log2(p_x−y(k)+ε)
//	DifferenceVariance = Σ_k (k−DA)² p_x−y(k)
//	JointEnergy        = Σ p(i,j)²
//	JointEntropy       = HXY
//	Imc1               = (HXY − HXY1) / max(HX, HY); 0 when both are 0
//	Imc2               = √(1 − e^(−2(HXY2−HXY))); 0 when HXY2 = HXY, NaN when HXY > HXY2
//	Idm                = Σ_k p_x−y(k) / (1+k²)
//	Idmn               = Σ_k p_x−y(k) / (1+k²/N_g²)
//	Id                 = Σ_k p_x−y(k) / (1+k)
//	Idn                = Σ_k p_x−y(k) / (1+k/N_g)
//	InverseVariance    = Σ_{k≥1} p_x−y(k) / k²
//	MaximumProbability = max p(i,j)
//	SumAverage         = Σ_k k·p_x+y(k)
//	SumEntropy         = −Σ_k p_x+y(k) log2(p_x+y(k)+ε)
//	SumSquares         = σ_x²
//	MCC                = see glcmMCCValue
func glcmFeatures(t *texture, want []bool) []float64 {
	out := make([]float64, glcmCount)
	for k := range out {
		out[k] = math.NaN()
	}
	mats := glcmMatrices(t)
	nl := len(t.levels)
	if len(mats) == 0 {
		// No neighbouring ROI pixels in any direction. PyRadiomics still returns MCC = 1 for
		// a single grey level (it checks the matrix size before the eigenvalues).
		if want[glcmMCC] && nl < 2 {
			out[glcmMCC] = 1
		}
		return out
	}
	ng := float64(t.ng)
	lv := t.levels
	na := len(mats)
	per := make([][]float64, glcmCount)
	for k := range per {
		per[k] = make([]float64, na)
	}
	px := make([]float64, nl)
	py := make([]float64, nl)
	lpxy := make([]float64, nl*nl)    // log2(p_x(i)p_y(j) + ε)
	sumP := make([]float64, 2*t.ng+1) // p_x+y indexed by k = i+j (0 and 1 unused)
	diffP := make([]float64, t.ng)    // p_x−y indexed by k = |i−j|

	for a, p := range mats {
		clear(px)
		clear(py)
		clear(sumP)
		clear(diffP)
		var ux, uy, auto, energy, hxy, maxp float64
		for i := 0; i < nl; i++ {
			for j := 0; j < nl; j++ {
				v := p[i*nl+j]
				px[i] += v
				py[j] += v
				ux += lv[i] * v
				uy += lv[j] * v
				auto += v * (lv[i] * lv[j])
				energy += v * v
				hxy += entropyTerm(v)
				maxp = math.Max(maxp, v)
				sumP[int(lv[i]+lv[j])] += v
				diffP[int(math.Abs(lv[i]-lv[j]))] += v
			}
		}
		var prom, shade, tend, contrast, sigx2, sigy2, corm, hxy1 float64
		for i := 0; i < nl; i++ {
			for j := 0; j < nl; j++ {
				v := p[i*nl+j]
				c := lv[i] + lv[j] - ux - uy
				c2 := c * c
				tend += v * c2
				shade += v * (c2 * c)
				prom += v * (c2 * c2)
				d := math.Abs(lv[i] - lv[j])
				contrast += v * (d * d)
				di, dj := lv[i]-ux, lv[j]-uy
				sigx2 += v * (di * di)
				sigy2 += v * (dj * dj)
				corm += v * di * dj
				l := log2(px[i]*py[j] + eps)
				lpxy[i*nl+j] = l
				hxy1 -= v * l
			}
		}
		var hx, hy, hxy2 float64
		for i := 0; i < nl; i++ {
			hx += entropyTerm(px[i])
			hy += entropyTerm(py[i])
		}
		if want[glcmImc2] {
			// entropyTerm(p_x(i)p_y(j)), with the logarithm computed for HXY1 above.
			for i := 0; i < nl; i++ {
				for j := 0; j < nl; j++ {
					hxy2 += -(px[i] * py[j]) * lpxy[i*nl+j]
				}
			}
		}
		var da, dent, id, idm, idmn, idn, iv float64
		for k, v := range diffP {
			fk := float64(k)
			da += fk * v
			dent += entropyTerm(v)
			idm += v / (1 + fk*fk)
			idmn += v / (1 + (fk*fk)/(ng*ng))
			id += v / (1 + fk)
			idn += v / (1 + fk/ng)
			if k > 0 {
				iv += v / (fk * fk)
			}
		}
		var dvar float64
		for k, v := range diffP {
			d := float64(k) - da
			dvar += v * (d * d)
		}
		var sa, sent float64
		for k := 2; k < len(sumP); k++ {
			sa += float64(k) * sumP[k]
			sent += entropyTerm(sumP[k])
		}

		per[glcmAutocorrelation][a] = auto
		per[glcmClusterProminence][a] = prom
		per[glcmClusterShade][a] = shade
		per[glcmClusterTendency][a] = tend
		per[glcmContrast][a] = contrast
		sigx, sigy := math.Sqrt(sigx2), math.Sqrt(sigy2)
		if sigx*sigy == 0 {
			per[glcmCorrelation][a] = 1 // flat region: PyRadiomics' convention
		} else {
			per[glcmCorrelation][a] = corm / (sigx*sigy + eps)
		}
		per[glcmDifferenceAverage][a] = da
		per[glcmDifferenceEntropy][a] = dent
		per[glcmDifferenceVariance][a] = dvar
		per[glcmId][a] = id
		per[glcmIdm][a] = idm
		per[glcmIdmn][a] = idmn
		per[glcmIdn][a] = idn
		if div := math.Max(hx, hy); div != 0 {
			per[glcmImc1][a] = (hxy - hxy1) / div
		} else {
			per[glcmImc1][a] = 0
		}
		switch {
		case hxy2 == hxy:
			per[glcmImc2][a] = 0
		default:
			// NaN when HXY > HXY2 by rounding, as NumPy's power of a negative number.
			per[glcmImc2][a] = math.Sqrt(1 - math.Exp(-2*(hxy2-hxy)))
		}
		per[glcmInverseVariance][a] = iv
		per[glcmJointAverage][a] = ux
		per[glcmJointEnergy][a] = energy
		per[glcmJointEntropy][a] = hxy
		per[glcmMaximumProbability][a] = maxp
		per[glcmSumAverage][a] = sa
		per[glcmSumEntropy][a] = sent
		per[glcmSumSquares][a] = sigx2
	}
	for k := range per {
		if k == glcmMCC {
			continue
		}
		if (k == glcmDissimilarity || k == glcmHomogeneity1 || k == glcmHomogeneity2 ||
			k == glcmSumVariance) || !want[k] {
			continue
		}
		out[k] = nanMean(per[k])
	}
	if want[glcmMCC] {
		out[glcmMCC] = glcmMCCValue(mats, nl)
	}
	return out
}

// glcmMCCValue is the Maximal Correlation Coefficient: per angle, the square root of the second
// largest eigenvalue of Q(i,j) = Σ_k p(i,k)p(j,k) / (p_x(i)p_y(k) + ε), averaged over angles; 1
// for a single grey level. Like NumPy, if any angle has a complex eigenvalue the square roots
// are complex and the real part of their mean is returned; otherwise the square root of a
// negative eigenvalue is NaN and that angle is left out of the mean.
func glcmMCCValue(mats [][]float64, nl int) float64 {
	if nl < 2 {
		return 1
	}
	q := mat.NewDense(nl, nl, nil)
	pt := make([]float64, nl*nl)
	px := make([]float64, nl)
	py := make([]float64, nl)
	second := make([]complex128, len(mats))
	isComplex := false
	var eig mat.Eigen
	for a, p := range mats {
		if slices.ContainsFunc(p, math.IsNaN) {
			// An empty single matrix: PyRadiomics divides by a zero sum (NaN everywhere).
			second[a] = complex(math.NaN(), 0)
			continue
		}
		clear(px)
		clear(py)
		for i := 0; i < nl; i++ {
			for j := 0; j < nl; j++ {
				px[i] += p[i*nl+j]
				py[j] += p[i*nl+j]
			}
		}
		// Q(i,j) = Σ_k w(i,k)·p(j,k) with w(i,k) = p(i,k)/(p_x(i)p_y(k)+ε), accumulated over k
		// in order as NumPy does, the inner loop running along a row of pᵀ.
		for k := 0; k < nl; k++ {
			for j := 0; j < nl; j++ {
				pt[k*nl+j] = p[j*nl+k]
			}
		}
		qd := q.RawMatrix().Data
		clear(qd)
		for i := 0; i < nl; i++ {
			row := qd[i*nl : (i+1)*nl]
			for k := 0; k < nl; k++ {
				pik := p[i*nl+k]
				if pik == 0 {
					continue
				}
				w := pik / (px[i]*py[k] + eps)
				col := pt[k*nl : (k+1)*nl]
				for j := range row {
					row[j] += w * col[j]
				}
			}
		}
		if !eig.Factorize(q, mat.EigenNone) {
			second[a] = complex(math.NaN(), 0)
			continue
		}
		vals := eig.Values(nil)
		for _, v := range vals {
			if imag(v) != 0 {
				isComplex = true
			}
		}
		slices.SortFunc(vals, func(x, y complex128) int {
			switch {
			case real(x) < real(y):
				return -1
			case real(x) > real(y):
				return 1
			case imag(x) < imag(y):
				return -1
			case imag(x) > imag(y):
				return 1
			}
			return 0
		})
		second[a] = vals[len(vals)-2]
	}
	if isComplex {
		var s complex128
		n := 0
		for _, v := range second {
			r := cmplx.Sqrt(v)
			if cmplx.IsNaN(r) {
				continue
			}
			s += r
			n++
		}
		if n == 0 {
			return math.NaN()
		}
		return real(s / complex(float64(n), 0))
	}
	vals := make([]float64, len(second))
	for a, v := range second {
		vals[a] = math.Sqrt(real(v))
	}
	return nanMean(vals)
}
