package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"mcheck/explorer"
	"mcheck/promela"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// storeConfigs are the bench's largest configurations and two larger
// catalogue ones, for the bytes per state of the stores.
var storeConfigs = []config{
	{spec: "seqcount-retry", set: map[string]int64{"FAULTS": 5}},
	{spec: "drop-rescan", set: map[string]int64{"FAULTS": 5}},
	{spec: "lock-held", set: map[string]int64{"FAULTS": 6}},
	{spec: "per-vma-lock", set: map[string]int64{"FAULTS": 3}},
}

// storeResult is what a -storechild reports: the store's own figure and the
// Go heap in use after the search with the store still live (after a GC).
type storeResult struct {
	States, Words, StoreBytes int64
	PeakBytes                 int64 // the largest Stats.Bytes of a progress report
	HeapBytes                 uint64
	Seconds                   float64
}

// runStores prints, per configuration, mcheck's bytes per state with the
// exact and the fingerprint store (exhaustive BFS, one core, each in a child
// process), and SPIN's with -DCOLLAPSE and -DHC4 (DFS, no reduction).
func runStores(only string) {
	fmt.Print(machine())
	fmt.Println()
	fmt.Println("| configuration | states | words | exact B/state | exact heap B/state | fingerprint B/state | fingerprint heap B/state | fingerprint peak B/state | SPIN COLLAPSE B/state (states+table) | SPIN COLLAPSE total | SPIN HC4 B/state (states+table) | SPIN HC4 total | states HC4 missed |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for i, c := range storeConfigs {
		if only != "" && c.spec != only {
			continue
		}
		if err := storeRow(i, c); err != nil {
			fmt.Fprintf(os.Stderr, "bench: %s: %v\n", c, err)
			os.Exit(1)
		}
	}
}

func storeRow(i int, c config) error {
	var res [2]storeResult
	for k, kind := range []string{"exact", "fingerprint"} {
		self, err := os.Executable()
		if err != nil {
			return err
		}
		cmd := exec.Command(self, "-storechild", fmt.Sprintf("%d:%s", i, kind))
		cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("child: %v", err)
		}
		if err := json.Unmarshal(out, &res[k]); err != nil {
			return err
		}
	}
	if res[0].States != res[1].States {
		return fmt.Errorf("exact %d states, fingerprints %d", res[0].States, res[1].States)
	}
	pml, err := exportPromela(c)
	if err != nil {
		return err
	}
	var spin [2]*promela.PanResult
	for k, flag := range []string{"-DCOLLAPSE", "-DHC4"} {
		if spin[k], err = runSpinMem(pml, flag, res[0].States); err != nil {
			return fmt.Errorf("SPIN %s: %v", flag, err)
		}
		if k == 0 && spin[k].States != res[0].States {
			return fmt.Errorf("SPIN %s stored %d states, mcheck %d", flag, spin[k].States, res[0].States)
		}
	}
	n := float64(res[0].States)
	per := func(b float64) float64 { return b / n }
	// SPIN's figures are over the states it stored (HC4 may miss some).
	mib := func(m float64, r *promela.PanResult) float64 { return m * (1 << 20) / float64(r.States) }
	fmt.Printf("| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %d |\n", c, res[0].States, res[0].Words,
		per(float64(res[0].StoreBytes)), per(float64(res[0].HeapBytes)),
		per(float64(res[1].StoreBytes)), per(float64(res[1].HeapBytes)), per(float64(res[1].PeakBytes)),
		mib(panStore(spin[0]), spin[0]), mib(spin[0].MemoryMiB, spin[0]),
		mib(panStore(spin[1]), spin[1]), mib(spin[1].MemoryMiB, spin[1]), res[0].States-spin[1].States)
	return nil
}

func exportPromela(c config) (string, error) {
	src, file, ok := protocols.Source(c.spec)
	if !ok {
		return "", fmt.Errorf("no catalogue spec %s", c.spec)
	}
	res, err := compile.Compile(file, src, compile.Options{Set: c.set})
	if err != nil {
		return "", err
	}
	return promela.Export(res.Program)
}

var panMem = regexp.MustCompile(`(?m)^\s*([0-9.]+)\s+(actual memory usage for states|memory used for hash table)`)

// panStore is the MiB pan reports for its states and its hash table (its
// store, without the DFS stack and the fixed overhead).
func panStore(r *promela.PanResult) float64 {
	var mib float64
	for _, m := range panMem.FindAllStringSubmatch(r.Output, -1) {
		v, _ := strconv.ParseFloat(m[1], 64)
		mib += v
	}
	return mib
}

// runSpinMem builds pan with flag (DFS, no reduction) and runs it with a
// depth bound large enough, then just large enough (see runSpin).
func runSpinMem(pml, flag string, states int64) (*promela.PanResult, error) {
	dir, err := os.MkdirTemp("", "mcheck-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	pan, err := promela.Build(context.Background(), dir, pml, []string{"-O2", "-DSAFETY", "-DMEMLIM=16384", "-DNOREDUCE", flag})
	if err != nil {
		return nil, err
	}
	w := promela.SizeArgs(states)[1]
	probe, _, err := pan1(pan, states+1000, w)
	if err != nil {
		return nil, err
	}
	r, _, err := pan1(pan, probe.Depth+probe.Depth/10+100, w)
	return r, err
}

// runStoreChild runs the exhaustive BFS of storeConfigs[i] with the store
// named and prints a storeResult. The heap is read in the last progress
// report, when the store is complete and still live.
func runStoreChild(arg string) {
	var i int
	var kind string
	if n, _ := fmt.Sscanf(strings.Replace(arg, ":", " ", 1), "%d %s", &i, &kind); n != 2 || i < 0 || i >= len(storeConfigs) {
		fmt.Fprintf(os.Stderr, "bench: bad -storechild %q\n", arg)
		os.Exit(2)
	}
	c := storeConfigs[i]
	src, file, _ := protocols.Source(c.spec)
	res, err := compile.Compile(file, src, compile.Options{Set: c.set})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	store := explorer.StoreExact
	if kind == "fingerprint" {
		store = explorer.StoreFingerprint
	}
	runtime.GC()
	var before, now runtime.MemStats
	runtime.ReadMemStats(&before)
	var heap, storeAt uint64
	var peak int64
	r, err := explorer.Explore(res.Program, explorer.Options{Search: explorer.BFS, Now: time.Now, Store: store,
		Workers: 1, OnProgress: func(st explorer.Stats) {
			runtime.GC()
			runtime.ReadMemStats(&now)
			heap, storeAt = now.HeapAlloc-before.HeapAlloc, uint64(st.Bytes)
			peak = max(peak, st.Bytes)
		}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// The heap was read at the last progress report: scale it to the end.
	if storeAt > 0 {
		heap = uint64(float64(heap) * float64(r.Stats.Bytes) / float64(storeAt))
	}
	json.NewEncoder(os.Stdout).Encode(storeResult{States: r.Stats.States, Words: int64(res.Program.Words()),
		StoreBytes: r.Stats.Bytes, PeakBytes: max(peak, r.Stats.Bytes), HeapBytes: heap, Seconds: r.Stats.Seconds})
}
