package explorer_test

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"syscall"
	"testing"
	"time"

	"mcheck/explorer"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// TestLivenessCost measures one liveness search (a catalogue spec's first
// property) against the safety search of the same spec at the same setting:
// CPU seconds (getrusage, garbage collection included; medians of reps
// alternated runs) and the peak Go heap in use during the search (sampled
// through OnProgress every 1024 states). It only runs with
// MCHECK_LIVEBENCH=reps; bench/RESULTS.md has the figures.
func TestLivenessCost(t *testing.T) {
	reps := 0
	fmt.Sscan(os.Getenv("MCHECK_LIVEBENCH"), &reps)
	if reps <= 0 {
		t.Skip("set MCHECK_LIVEBENCH=reps to measure")
	}
	configs := []struct {
		spec   string
		faults int64
	}{{"seqcount-retry", 4}, {"per-vma-lock", 3}, {"lock-held", 6}}
	settings := []struct {
		name        string
		safety, liv explorer.Options
	}{
		{"por off, symmetry off", explorer.Options{}, explorer.Options{}},
		{"por on, symmetry off", explorer.Options{POR: true}, explorer.Options{POR: true}},
		{"default (por, symmetry)", explorer.Options{POR: true, Symmetry: true}, explorer.Options{POR: true, Symmetry: true}},
	}
	fmt.Println("| configuration | setting | safety states | liveness states | safety cpu s | liveness cpu s | cpu ratio | safety peak heap MiB | liveness peak heap MiB | heap ratio | heap/state ratio |")
	fmt.Println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, c := range configs {
		src, fn, _ := protocols.Source(c.spec)
		cr, err := compile.Compile(fn, src, compile.Options{Set: map[string]int64{"FAULTS": c.faults}})
		if err != nil {
			t.Fatal(err)
		}
		p := cr.Program
		for _, s := range settings {
			var sc, lc, sm, lm []float64
			var ss, lsn int64
			for r := 0; r < reps; r++ {
				cpu, peak, st := measureSearch(func(o explorer.Options) *explorer.Result {
					res, _ := explorer.Explore(p, o)
					return res
				}, s.safety)
				sc, sm, ss = append(sc, cpu), append(sm, peak), st
				cpu, peak, st = measureSearch(func(o explorer.Options) *explorer.Result {
					res, _ := explorer.ExploreLiveness(p, explorer.LiveCheck{Property: 0}, o)
					return res
				}, s.liv)
				lc, lm, lsn = append(lc, cpu), append(lm, peak), st
			}
			a, b, x, y := median(sc), median(lc), median(sm), median(lm)
			fmt.Printf("| %s FAULTS=%d | %s | %d | %d | %.3f | %.3f | %.2fx | %.1f | %.1f | %.2fx | %.2fx |\n",
				c.spec, c.faults, s.name, ss, lsn, a, b, b/a, x, y, y/x, (y/float64(lsn))/(x/float64(ss)))
		}
	}
}

func measureSearch(run func(explorer.Options) *explorer.Result, o explorer.Options) (cpu, peakMiB float64, states int64) {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	peak := uint64(0)
	sample := func(explorer.Stats) {
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	o.OnProgress, o.ProgressEvery, o.Now = sample, 1024, time.Now
	before := rusage()
	r := run(o)
	cpu = rusage() - before
	sample(explorer.Stats{})
	return cpu, float64(peak-base) / (1 << 20), r.Stats.States
}

func rusage() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
