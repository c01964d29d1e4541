// Command porcost measures what partial-order reduction costs against what it
// saves: every catalogue configuration (each expect: line's settings, and
// FAULTS one higher where the spec declares it) and a sample of random specs
// (internal/randspec) are searched with POR off and on in one run, and the
// table gives the ratio of CPU time on to off (issue 13: no configuration more
// than 10% slower with POR on). Each search runs alternately off and on until
// both have used -min CPU time, and the least CPU time per search counts,
// which is robust to other processes sharing the machine. One core
// (GOMAXPROCS=1), BFS, symmetry off (symmetry would hide POR's cost).
//
//	go run ./bench/porcost                 # catalogue + 30 random specs
//	go run ./bench/porcost -random 200 -min 200ms
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"time"

	"mcheck/explorer"
	"mcheck/internal/randspec"
	"mcheck/model"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// maxStates skips configurations whose unreduced search is larger: each is
// searched several times.
const maxStates = 300000

type result struct {
	name             string
	verdict          string
	statesOff, onSts int64
	off, on          time.Duration
	skipped          string
	shortest         bool  // POR on: the trace is proven shortest
	reduced          int64 // POR on: states expanded through a proper stubborn set
	levelsFull       int   // POR on: levels past the exact prefix expanded fully by the per-level choice
}

func main() {
	random := flag.Int("random", 30, "random specs in the sample (seeds 0..N-1)")
	minCPU := flag.Duration("min", 100*time.Millisecond, "CPU time each of off and on runs at least, per configuration")
	only := flag.String("only", "", "measure only the configurations whose name matches this regular expression")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the measurements to this file")
	single := flag.String("single", "", "on or off: search each configuration once with POR so, print its states and stop (for valgrind --tool=callgrind, whose instruction counts the machine's load does not change)")
	flag.Parse()
	re, err := regexp.Compile(*only)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	runtime.GOMAXPROCS(1)
	if *prof != "" {
		defer startProfile(*prof)()
	}
	if *single != "" {
		searchOnce(configs(*random, re), *single == "on")
		return
	}
	var rows []result
	start := machine()
	for _, c := range configs(*random, re) {
		rows = append(rows, measure(c.name, c.p, *minCPU))
	}
	fmt.Printf("Machine at the start: %s; at the end: load average %s. CPU time (user+sys) of this process, median of at least %d samples per mode, GOMAXPROCS=1.\n\n", start, loadavg(), minSamples)
	report(rows)
}

// startProfile starts a CPU profile into file and returns its stop.
func startProfile(file string) (stop func()) {
	f, err := os.Create(file)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// searchOnce searches each configuration once and prints its states.
func searchOnce(cs []config, por bool) {
	for _, c := range cs {
		res, err := explorer.Explore(c.p, explorer.Options{POR: por})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%s: %s, %d states, %d reduced, %d levels full\n", c.name, res.Verdict, res.Stats.States,
			res.Stats.Reduced, res.Stats.LevelsFull)
	}
}

type config struct {
	name string
	p    *model.Program
}

func configs(random int, only *regexp.Regexp) []config {
	var out []config
	add := func(name, file string, src []byte, set map[string]int64) {
		if !only.MatchString(name) {
			return
		}
		res, err := compile.Compile(file, src, compile.Options{Set: set})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		out = append(out, config{name, res.Program})
	}
	for _, name := range protocols.Names() {
		src, file, _ := protocols.Source(name)
		exps, _ := compile.ParseExpectations(file, src)
		faults := int64(0)
		for _, e := range exps {
			add(name+" "+e.SetString(), file, src, e.Set)
			faults = max(faults, e.Set["FAULTS"])
		}
		if bytes.Contains(src, []byte("const FAULTS")) {
			faults = max(faults, 1) + 1
			add(fmt.Sprintf("%s FAULTS=%d", name, faults), file, src, map[string]int64{"FAULTS": faults})
		}
	}
	for seed := 0; seed < random; seed++ {
		src := randspec.Generate(int64(seed), randspec.Config{})
		add(fmt.Sprintf("random seed %d", seed), "random.mc", []byte(src), nil)
	}
	return out
}

// measure searches p with POR off and on, alternately, until each has used
// min CPU time and has at least minSamples samples, and keeps each one's
// median CPU time per search. A sample repeats a small search enough times
// to take about 20 ms, well above the resolution of the CPU clock.
func measure(name string, p *model.Program, min time.Duration) result {
	r := result{name: name}
	t0 := cpu()
	probe, _ := explorer.Explore(p, explorer.Options{MaxStates: maxStates})
	if probe.Verdict == explorer.Incomplete {
		r.skipped = fmt.Sprintf("over %d states", maxStates)
		return r
	}
	reps := int(20*time.Millisecond/max(cpu()-t0, 10*time.Microsecond)) + 1
	var totalOff, totalOn time.Duration
	var offs, ons []time.Duration
	for totalOff < min || totalOn < min || len(ons) < minSamples {
		for _, por := range []bool{false, true} {
			runtime.GC()
			t0 := cpu()
			var res *explorer.Result
			for i := 0; i < reps; i++ {
				res, _ = explorer.Explore(p, explorer.Options{POR: por})
			}
			d := cpu() - t0
			if por {
				r.onSts, totalOn, ons = res.Stats.States, totalOn+d, append(ons, d/time.Duration(reps))
				r.verdict, r.shortest = res.Verdict.String(), res.Shortest
				r.reduced, r.levelsFull = res.Stats.Reduced, res.Stats.LevelsFull
			} else {
				r.statesOff, totalOff, offs = res.Stats.States, totalOff+d, append(offs, d/time.Duration(reps))
			}
		}
	}
	r.off, r.on = median(offs), median(ons)
	return r
}

// minSamples is the fewest samples of each mode per configuration.
const minSamples = 5

func median(ds []time.Duration) time.Duration {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}

// cpu is the process's user and system time so far.
func cpu() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// report prints the table and, apart for holding and violated
// configurations, the median and worst ratios: a violation found by BFS with
// POR is followed by an unreduced BFS as deep as its trace, which proves the
// trace shortest (explorer/shorten.go), so there POR on pays for a second
// search.
func report(rows []result) {
	fmt.Println("| configuration | verdict | states off | states on | reduced | levels full | CPU ms off | CPU ms on | on/off | why over 1.10 |")
	fmt.Println("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
	ratios := map[bool][]float64{}
	for _, r := range rows {
		if r.skipped != "" {
			fmt.Printf("| %s | skipped: %s | | | | | | | | |\n", r.name, r.skipped)
			continue
		}
		ratio := float64(r.on) / float64(max(r.off, time.Microsecond))
		holds := r.verdict == "holds"
		ratios[holds] = append(ratios[holds], ratio)
		mark, why := "", ""
		if ratio > 1.10 {
			mark, why = " **", reason(r)
		}
		fmt.Printf("| %s | %s | %d | %d | %d | %d | %.2f | %.2f | %.2f%s | %s |\n", r.name, r.verdict, r.statesOff, r.onSts,
			r.reduced, r.levelsFull, ms(r.off), ms(r.on), ratio, mark, why)
	}
	fmt.Println()
	for _, holds := range []bool{true, false} {
		rs := ratios[holds]
		if len(rs) == 0 {
			continue
		}
		sort.Float64s(rs)
		over := len(rs) - sort.SearchFloat64s(rs, 1.1000001)
		what := "violated"
		if holds {
			what = "holding"
		}
		fmt.Printf("%d %s configurations: on/off median %.2f, worst %.2f; %d over 1.10 (**)\n", len(rs), what,
			rs[len(rs)/2], rs[len(rs)-1], over)
	}
}

// reason guesses why POR on cost more than 10% over off.
func reason(r result) string {
	switch {
	case r.reduced == 0:
		return "no state reduced (inside the exact prefix, or every level past it expanded fully): the same search, noise"
	case r.verdict == "violation":
		return "violation past the first reduced level: the unreduced proof search"
	}
	return fmt.Sprintf("POR's cost per state; it stores %.0f%% fewer states", 100*(1-float64(r.onSts)/float64(r.statesOff)))
}

// machine describes the machine and its load.
func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if m := regexp.MustCompile(`model name\s*:\s*(.*)`).FindSubmatch(b); m != nil {
			model = string(m[1])
		}
	}
	return fmt.Sprintf("%s, %d CPUs, %s; load average %s", model, runtime.NumCPU(), runtime.Version(), loadavg())
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], " ")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
