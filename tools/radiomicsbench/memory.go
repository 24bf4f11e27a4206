package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"time"

	"github.com/uran-browser/uran/radiomics"
)

// measureMemory extracts p once and reports the bytes allocated and the peak of live heap
// objects above the level before the extraction. The garbage collector runs at GOGC=10 during
// the extraction so that the heap stays close to what is live, and a second goroutine samples
// the heap every 20 µs; the peak is therefore a close lower bound of the true peak (and within
// about 10 % of the live heap above it). Native builds only: under js/wasm the sampler cannot
// run beside the extraction.
func measureMemory(in *input, p *radiomics.Params) (*Memory, error) {
	old := debug.SetGCPercent(10)
	defer debug.SetGCPercent(old)
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	base := read()

	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(20 * time.Microsecond)
		defer t.Stop()
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	_, err := radiomics.Extract(in.img, in.mask, p, &radiomics.Options{Workers: 1})
	if v := read(); v > peak.Load() {
		peak.Store(v)
	}
	close(stop)
	<-done
	if err != nil {
		return nil, err
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	const mb = 1 << 20
	return &Memory{AllocatedMB: float64(after.TotalAlloc-before.TotalAlloc) / mb,
		PeakHeapMB: float64(peak.Load()-min(base, peak.Load())) / mb}, nil
}
