package explorer_test

import (
	"testing"

	"mcheck/explorer"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// BenchmarkExplore measures whole searches of scaled catalogue specs; the
// figures to compare are states/s (reported as a metric) between variants
// measured in one run.
func BenchmarkExplore(b *testing.B) {
	cases := []struct {
		spec string
		set  map[string]int64
		por  bool
	}{
		{"seqcount-retry", map[string]int64{"FAULTS": 4}, false},
		{"drop-rescan", map[string]int64{"FAULTS": 4}, false},
		{"lock-held", map[string]int64{"FAULTS": 5}, false},
		{"seqcount-retry", map[string]int64{"FAULTS": 4}, true},
	}
	for _, c := range cases {
		name := c.spec + "/FAULTS=" + itoa(c.set["FAULTS"])
		if c.por {
			name += "/por"
		}
		b.Run(name, func(b *testing.B) {
			src, fn, _ := protocols.Source(c.spec)
			cr, err := compile.Compile(fn, src, compile.Options{Set: c.set})
			if err != nil {
				b.Fatal(err)
			}
			var states int64
			for i := 0; i < b.N; i++ {
				r, err := explorer.Explore(cr.Program, explorer.Options{POR: c.por})
				if err != nil {
					b.Fatal(err)
				}
				states += r.Stats.States
			}
			b.ReportMetric(float64(states)/b.Elapsed().Seconds(), "states/s")
		})
	}
}

// BenchmarkExploreWorkers measures the parallel search against one worker
// on one configuration (run with -cpu 1,2,... to match GOMAXPROCS):
//
//	go test -run '^$' -bench ExploreWorkers -benchtime 3x ./explorer
func BenchmarkExploreWorkers(b *testing.B) {
	src, fn, _ := protocols.Source("seqcount-retry")
	cr, err := compile.Compile(fn, src, compile.Options{Set: map[string]int64{"FAULTS": 4}})
	if err != nil {
		b.Fatal(err)
	}
	for _, w := range []int{1, 2} {
		b.Run("workers="+itoa(int64(w)), func(b *testing.B) {
			var states int64
			for i := 0; i < b.N; i++ {
				r, err := explorer.Explore(cr.Program, explorer.Options{Workers: w})
				if err != nil {
					b.Fatal(err)
				}
				states += r.Stats.States
			}
			b.ReportMetric(float64(states)/b.Elapsed().Seconds(), "states/s")
		})
	}
}

func itoa(n int64) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
