package radiomics

// floatPool recycles float64 buffers within one worker of an extraction: the derived images
// and the filters' work space of one image type are handed back when the image type is done
// and reused by the next. Fewer allocations mean fewer garbage collections, which matters
// most in WebAssembly, where the collector runs on the one thread that also extracts.
//
// A nil *floatPool is valid and allocates every buffer.
type floatPool struct {
	free [][]float64
}

// get returns a buffer of n values whose contents are undefined: the caller writes every
// value before reading it.
func (p *floatPool) get(n int) []float64 {
	if p == nil {
		return make([]float64, n)
	}
	best := -1
	for i, b := range p.free {
		if cap(b) >= n && (best < 0 || cap(b) < cap(p.free[best])) {
			best = i
		}
	}
	if best < 0 {
		return make([]float64, n)
	}
	b := p.free[best]
	last := len(p.free) - 1
	p.free[best], p.free[last] = p.free[last], nil
	p.free = p.free[:last]
	return b[:n]
}

// put hands buffers back for reuse; they must not be used afterwards.
func (p *floatPool) put(bufs ...[]float64) {
	if p == nil {
		return
	}
	for _, b := range bufs {
		if cap(b) > 0 {
			p.free = append(p.free, b)
		}
	}
}
