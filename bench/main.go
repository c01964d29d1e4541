// Command bench runs fixed scaled catalogue configurations through mcheck's
// exhaustive search (BFS, no reduction, no symmetry, one core) and through
// SPIN on the exported Promela model (no reduction; SPIN's partial-order
// reduction with DFS; BFS without and with reduction), and prints one
// Markdown table of states stored, transitions, seconds, states/s and peak
// memory, with ratios against SPIN without reduction; then mcheck's reduced
// searches (partial-order reduction, and with symmetry) with their reduction
// factors beside SPIN's reduced searches. See bench/README.md.
//
//	go run ./bench            # every configuration
//	go run ./bench -only lock-held
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"mcheck/explorer"
	"mcheck/promela"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// config is one benchmark configuration: a catalogue spec and its overrides.
type config struct {
	spec string
	set  map[string]int64
	// speedup: one of the configurations of over 1 M states that -speedup
	// measures; speedupOnly: that one only, not in the main table.
	speedup, speedupOnly bool
}

func (c config) String() string {
	var parts []string
	for k, v := range c.set {
		parts = append(parts, fmt.Sprintf("%s=%d", k, v))
	}
	return c.spec + " " + strings.Join(parts, " ")
}

var cpuProfile string

var configs = []config{
	{spec: "seqcount-retry", set: map[string]int64{"FAULTS": 4}},
	{spec: "seqcount-retry", set: map[string]int64{"FAULTS": 5}, speedup: true},
	{spec: "drop-rescan", set: map[string]int64{"FAULTS": 4}},
	{spec: "drop-rescan", set: map[string]int64{"FAULTS": 5}, speedup: true},
	{spec: "lock-held", set: map[string]int64{"FAULTS": 6}},
	// 2,605,279 states: lock-held FAULTS=6 (913,357) was under the 1 M
	{spec: "vm-fault-retry", set: map[string]int64{"FAULTS": 4}, speedup: true, speedupOnly: true},
}

// row is one measured run.
type row struct {
	Config      string
	Tool        string
	States      int64
	Transitions int64 // in our convention: steps executed (SPIN's figure minus 1)
	Seconds     float64
	CPUSeconds  float64 // user+sys: of the search (mcheck), of pan and its workers (SPIN)
	PeakMiB     float64 // the process's maximum resident set size
	ToolMiB     float64 // the tool's own memory figure (store estimate; pan's total actual memory)
	Verdict     string
}

// mcheckModes are the searches of mcheck the bench runs; the first is the
// exhaustive baseline.
var mcheckModes = []struct {
	name          string
	por, symmetry bool
}{
	{"mcheck BFS, no reduction (1 core)", false, false},
	{"mcheck BFS, POR (1 core)", true, false},
	{"mcheck BFS, POR + symmetry (1 core)", true, true},
}

// childResult is what the mcheck child process reports.
type childResult struct {
	States, Transitions, StoreBytes int64
	Seconds                         float64
	CPUSeconds                      float64 // user+sys of the search alone (getrusage)
	Verdict                         string
}

func main() {
	child := flag.String("child", "", "internal: run mcheck on configuration N, mode M, W workers (N:M:W) and print JSON")
	speedup := flag.Int("speedup", 0, "instead: the parallel search's states/s and CPU time per state with 1, 2, 4, ... up to this many workers (one CPU each), exhaustive BFS, beside SPIN multi-core (-DNCORE) with as many cores")
	repeat := flag.Int("repeat", 1, "with -speedup: run each search this many times, interleaved, and keep the best wall and the best CPU time")
	stores := flag.Bool("store", false, "instead: bytes per state of the exact and fingerprint stores, and SPIN's with -DCOLLAPSE and -DHC4")
	storeChild := flag.String("storechild", "", "internal: run the store measure of configuration N with store S (N:S) and print JSON")
	only := flag.String("only", "", "run only the configurations of this spec")
	flag.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of mcheck's search of each configuration to FILE.N.pprof")
	flag.Parse()
	if *child != "" {
		runChild(*child)
		return
	}
	if *storeChild != "" {
		runStoreChild(*storeChild)
		return
	}
	if *stores {
		runStores(*only)
		return
	}
	if *speedup > 0 {
		runSpeedup(*speedup, *repeat, *only)
		return
	}
	fmt.Print(machine())
	fmt.Println()
	fmt.Println("| configuration | tool | states | transitions | seconds | states/s | peak RSS MiB | bytes/state (RSS) | tool's memory MiB | states/s vs SPIN | memory/state vs SPIN |")
	fmt.Println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	var reduced [][]row
	for i, c := range configs {
		if *only != "" && c.spec != *only || c.speedupOnly {
			continue
		}
		rows, err := measure(i, c)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench: %s: %v\n", c, err)
			os.Exit(1)
		}
		printRows(c, rows)
		reduced = append(reduced, rows)
	}
	printReductions(reduced)
}

// printReductions prints each reduced search against the exhaustive one:
// stored states, transitions, seconds, and the reduction factor (exhaustive
// states / reduced states), ours beside SPIN's.
func printReductions(all [][]row) {
	fmt.Println()
	fmt.Println("| configuration | search | states | transitions | seconds | reduction factor | states vs SPIN DFS reduced | states vs SPIN BFS reduced |")
	fmt.Println("|---|---|---:|---:|---:|---:|---:|---:|")
	for _, rows := range all {
		plain := rows[0]
		byTool := map[string]row{}
		for _, r := range rows {
			byTool[r.Tool] = r
		}
		spinDFS, spinBFS := byTool["SPIN DFS, reduction"], byTool["SPIN BFS, reduction"]
		for _, r := range rows {
			if !strings.Contains(r.Tool, "reduction") && !strings.Contains(r.Tool, "POR") || strings.Contains(r.Tool, "no reduction") {
				continue
			}
			fmt.Printf("| %s | %s | %d | %d | %.2f | %.1fx | %.3fx | %.3fx |\n", r.Config, r.Tool, r.States, r.Transitions,
				r.Seconds, float64(plain.States)/float64(r.States),
				float64(r.States)/float64(spinDFS.States), float64(r.States)/float64(spinBFS.States))
		}
	}
}

func printRows(c config, rows []row) {
	base := rows[1] // SPIN without reduction
	for _, r := range rows {
		sps := float64(r.States) / r.Seconds
		bps := r.PeakMiB * (1 << 20) / float64(r.States)
		baseSps := float64(base.States) / base.Seconds
		baseMem := base.ToolMiB * (1 << 20) / float64(base.States)
		fmt.Printf("| %s | %s | %d | %d | %.2f | %.0f | %.0f | %.0f | %.0f | %.2fx | %.2fx |\n",
			c, r.Tool, r.States, r.Transitions, r.Seconds, sps, r.PeakMiB, bps, r.ToolMiB,
			sps/baseSps, bps/baseMem)
	}
	if rows[0].States != rows[1].States || rows[0].Transitions != rows[1].Transitions {
		fmt.Printf("| %s | **parity broken** | | | | | | | | | |\n", c)
	}
}

func measure(i int, c config) ([]row, error) {
	src, file, ok := protocols.Source(c.spec)
	if !ok {
		return nil, fmt.Errorf("no catalogue spec %s", c.spec)
	}
	res, err := compile.Compile(file, src, compile.Options{Set: c.set})
	if err != nil {
		return nil, err
	}
	ours, err := runMcheck(i, 0)
	if err != nil {
		return nil, err
	}
	pml, err := promela.Export(res.Program)
	if err != nil {
		return nil, err
	}
	// pan's BFS refuses hidden variables: the BFS run gets the variant whose
	// scratch variables are ordinary globals, reset after every step.
	pmlBFS, err := promela.ExportWith(res.Program, promela.Options{NoHidden: true})
	if err != nil {
		return nil, err
	}
	rows := []row{ours}
	for _, mode := range []struct {
		name   string
		cflags []string
	}{
		{"SPIN DFS, no reduction", []string{"-DNOREDUCE"}},
		{"SPIN DFS, reduction", nil},
		{"SPIN BFS, no reduction", []string{"-DNOREDUCE", "-DBFS"}},
		{"SPIN BFS, reduction", []string{"-DBFS"}},
	} {
		src := pml
		if strings.Contains(mode.name, "BFS") {
			src = pmlBFS
		}
		r, err := runSpin(src, mode.cflags, ours.States)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", mode.name, err)
		}
		r.Tool = mode.name
		rows = append(rows, r)
	}
	for m := 1; m < len(mcheckModes); m++ {
		r, err := runMcheck(i, m)
		if err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	for k := range rows {
		rows[k].Config = c.String()
	}
	return rows, nil
}

// runMcheck runs the search of configuration i in mode m in a child process
// (one core), for a clean peak-memory figure.
func runMcheck(i, m int) (row, error) { return runMcheckWorkers(i, m, 1) }

// runMcheckWorkers runs mode m on configuration i with w workers on w CPUs
// (GOMAXPROCS=w).
func runMcheckWorkers(i, m, w int) (row, error) {
	self, err := os.Executable()
	if err != nil {
		return row{}, err
	}
	prof := cpuProfile
	if m > 0 {
		prof = "" // profile the exhaustive search only
	}
	cmd := exec.Command(self, "-child", fmt.Sprintf("%d:%d:%d", i, m, w), "-cpuprofile", prof)
	cmd.Env = append(os.Environ(), fmt.Sprintf("GOMAXPROCS=%d", w))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return row{}, fmt.Errorf("mcheck child: %v", err)
	}
	var cr childResult
	if err := json.Unmarshal(out, &cr); err != nil {
		return row{}, err
	}
	return row{Tool: mcheckModes[m].name, States: cr.States, Transitions: cr.Transitions,
		Seconds: cr.Seconds, CPUSeconds: cr.CPUSeconds, PeakMiB: maxRSS(cmd.ProcessState), ToolMiB: float64(cr.StoreBytes) / (1 << 20),
		Verdict: cr.Verdict}, nil
}

func maxRSS(ps *os.ProcessState) float64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return float64(ru.Maxrss) / 1024 // KiB on Linux
	}
	return 0
}

func runChild(arg string) {
	var i, m, w int
	if _, err := fmt.Sscanf(arg, "%d:%d:%d", &i, &m, &w); err != nil || i < 0 || i >= len(configs) || m < 0 || m >= len(mcheckModes) || w < 1 {
		fmt.Fprintf(os.Stderr, "bench: bad -child %q\n", arg)
		os.Exit(2)
	}
	c := configs[i]
	src, file, _ := protocols.Source(c.spec)
	res, err := compile.Compile(file, src, compile.Options{Set: c.set})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	runtime.GC()
	if cpuProfile != "" {
		f, err := os.Create(fmt.Sprintf("%s.%d.pprof", cpuProfile, i))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	mode := mcheckModes[m]
	cpu0 := cpuSeconds()
	r, err := explorer.Explore(res.Program, explorer.Options{Search: explorer.BFS, Now: time.Now,
		POR: mode.por, Symmetry: mode.symmetry, Workers: w})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cpu := cpuSeconds() - cpu0
	json.NewEncoder(os.Stdout).Encode(childResult{States: r.Stats.States, Transitions: r.Stats.Transitions,
		StoreBytes: r.Stats.Bytes, Seconds: r.Stats.Seconds, CPUSeconds: cpu, Verdict: r.Verdict.String()})
}

// cpuSeconds is this process's user+sys time so far, all threads.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// usageSeconds is a finished child's user+sys time, with its own waited-for
// children (pan's multi-core workers).
func usageSeconds(ps *os.ProcessState) float64 { return (ps.UserTime() + ps.SystemTime()).Seconds() }

// runSpin builds pan with cflags and runs it, raising the depth bound until
// the search is not cut (pan allocates its stack for the whole bound).
func runSpin(pml string, cflags []string, states int64) (row, error) {
	dir, err := os.MkdirTemp("", "mcheck-bench-")
	if err != nil {
		return row{}, err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	flags := append([]string{"-O2", "-DSAFETY", "-DMEMLIM=16384"}, cflags...)
	pan, err := promela.Build(ctx, dir, pml, flags)
	if err != nil {
		return row{}, err
	}
	// A first run with room for any depth finds the depth reached; the
	// measured run gets just that (pan allocates the whole -m stack, which
	// would otherwise count against SPIN's memory).
	w := promela.SizeArgs(states)[1]
	probe, _, err := pan1(pan, states+1000, w)
	if err != nil {
		return row{}, err
	}
	r, cmd, err := pan1(pan, probe.Depth+probe.Depth/10+100, w)
	if err != nil {
		return row{}, err
	}
	if r.Truncated {
		return row{}, fmt.Errorf("the depth bound cut the search")
	}
	// Nominal and the transitions less the states inside atomic sequences
	// (which pan's BFS stores, and DFS does not) are our figures.
	return row{States: r.Nominal, Transitions: r.Transitions - 1 - (r.States - r.Nominal), Seconds: r.Seconds,
		PeakMiB: maxRSS(cmd.ProcessState), ToolMiB: r.MemoryMiB, Verdict: r.Verdict}, nil
}

func pan1(pan string, depth int64, w string) (*promela.PanResult, *exec.Cmd, error) {
	cmd := exec.Command(pan, fmt.Sprintf("-m%d", depth), w)
	cmd.Dir = filepath.Dir(pan)
	out, _ := cmd.CombinedOutput()
	r, err := promela.ParsePan(string(out))
	return r, cmd, err
}

func machine() string {
	cpu := "?"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				cpu = strings.TrimSpace(strings.SplitN(l, ":", 2)[1])
				break
			}
		}
	}
	first := func(name string, args ...string) string {
		out, err := exec.Command(name, args...).CombinedOutput()
		if err != nil {
			return "?"
		}
		return strings.TrimSpace(strings.SplitN(strings.TrimSpace(string(out)), "\n", 2)[0])
	}
	load, _ := os.ReadFile("/proc/loadavg")
	return fmt.Sprintf("- machine: %d CPUs (nproc), %s; load average at start: %s\n- %s; %s; %s\n- commit %s\n",
		runtime.NumCPU(), cpu, strings.Join(strings.Fields(string(load))[:3], " "),
		runtime.Version(), first("gcc", "--version"), first("spin", "-V"), first("git", "rev-parse", "--short", "HEAD"))
}
