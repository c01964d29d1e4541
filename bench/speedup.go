package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"mcheck/promela"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// runSpeedup prints the exhaustive BFS of each configuration (those over
// about 1 M states unless -only picks a spec) with 1, 2, 4, ... up to max
// workers, each run on as many CPUs (GOMAXPROCS), beside SPIN's DFS without
// reduction on the same exported model, plain and multi-core (-DNCORE) with
// as many cores. Each search runs repeat times, the tools and core counts
// interleaved, and keeps its best wall time and its best CPU time: on a
// shared machine the wall figures measure the other load too, the CPU time
// per state (user+sys over states) much less so. The counts must not change
// with the workers; a line says so if they do.
func runSpeedup(max, repeat int, only string) {
	fmt.Print(machine())
	fmt.Println()
	fmt.Println("| configuration | tool | cores | states | transitions | seconds | states/s | speedup | CPU s | CPU µs/state | CPU/state vs 1 core | peak RSS MiB | load average |")
	fmt.Println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
	var cores []int
	for w := 1; w < max; w *= 2 {
		cores = append(cores, w)
	}
	cores = append(cores, max)
	for i, c := range configs {
		if only != "" && c.spec != only || only == "" && !speedupConfig(c) {
			continue
		}
		if err := speedupConfigRows(i, c, cores, repeat); err != nil {
			fmt.Fprintf(os.Stderr, "bench: %s: %v\n", c, err)
			os.Exit(1)
		}
	}
}

// speedupConfig: the configurations of over 1 M states (exhaustive).
func speedupConfig(c config) bool { return c.speedup }

// speedupConfigRows measures configuration i with mcheck and SPIN on each
// core count and prints their rows.
func speedupConfigRows(i int, c config, cores []int, repeat int) error {
	src, file, _ := protocols.Source(c.spec)
	res, err := compile.Compile(file, src, compile.Options{Set: c.set})
	if err != nil {
		return err
	}
	// pan refuses hidden variables with -DNCORE: the variant without them
	// (the same states; see specs/README.md, "Promela export").
	pml, err := promela.ExportWith(res.Program, promela.Options{NoHidden: true})
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "mcheck-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	pans, err := buildPans(dir, pml, cores)
	if err != nil {
		return err
	}
	ours, spin := make([]row, len(cores)), make([]row, len(cores))
	for rep := 0; rep < repeat; rep++ {
		for k, n := range cores {
			r, err := runMcheckWorkers(i, 0, n)
			if err != nil {
				return err
			}
			ours[k] = best(ours[k], r, rep)
			if r, err = runPanCores(pans[k], ours[0].States); err != nil {
				return err
			}
			spin[k] = best(spin[k], r, rep)
		}
	}
	load := loadAverage()
	printSpeedup(c, "mcheck BFS, no reduction", cores, ours, load)
	printSpeedup(c, "SPIN DFS, no reduction (-DNCORE when cores > 1)", cores, spin, load)
	return nil
}

// best keeps the least wall time and the least CPU time of a search's runs.
func best(old, r row, rep int) row {
	if rep == 0 {
		return r
	}
	old.Seconds, old.CPUSeconds = min(old.Seconds, r.Seconds), min(old.CPUSeconds, r.CPUSeconds)
	old.PeakMiB = max(old.PeakMiB, r.PeakMiB)
	return old
}

func printSpeedup(c config, tool string, cores []int, rows []row, load string) {
	base := rows[0]
	for k, r := range rows {
		sps := float64(r.States) / r.Seconds
		cpu := r.CPUSeconds / float64(r.States) * 1e6
		fmt.Printf("| %s | %s | %d | %d | %d | %.2f | %.0f | %.2fx | %.2f | %.2f | %.2fx | %.0f | %s |\n", c, tool, cores[k],
			r.States, r.Transitions, r.Seconds, sps, sps/(float64(base.States)/base.Seconds), r.CPUSeconds, cpu,
			cpu/(base.CPUSeconds/float64(base.States)*1e6), r.PeakMiB, load)
		if r.States != base.States || r.Transitions != base.Transitions {
			fmt.Printf("| %s | %s | %d | **counts differ from 1 core** | | | | | | | | | |\n", c, tool, cores[k])
		}
	}
}

// buildPans compiles pan without reduction for each core count n, in a
// directory of its own under dir (-DNCORE=n when n > 1).
func buildPans(dir, pml string, cores []int) ([]string, error) {
	pans := make([]string, len(cores))
	for k, n := range cores {
		flags := []string{"-O2", "-DSAFETY", "-DNOREDUCE", "-DMEMLIM=4096"}
		if n > 1 {
			flags = append(flags, fmt.Sprintf("-DNCORE=%d", n))
		}
		sub := filepath.Join(dir, strconv.Itoa(n))
		if err := os.Mkdir(sub, 0o755); err != nil {
			return nil, err
		}
		pan, err := promela.Build(context.Background(), sub, pml, flags)
		if err != nil {
			return nil, err
		}
		pans[k] = pan
	}
	return pans, nil
}

var reCoreTime = regexp.MustCompile(`cpu\d+: elapsed time ([0-9.e+-]+) seconds`)

// runPanCores runs pan once with room for any depth; a multi-core pan
// reports each core's elapsed time, of which the longest is the search's.
func runPanCores(pan string, states int64) (row, error) {
	cmd := exec.Command(pan, fmt.Sprintf("-m%d", states+1000), promela.SizeArgs(states)[1])
	cmd.Dir = filepath.Dir(pan)
	out, _ := cmd.CombinedOutput()
	r, err := promela.ParsePan(string(out))
	if err != nil {
		return row{}, err
	}
	for _, m := range reCoreTime.FindAllStringSubmatch(r.Output, -1) {
		t, _ := strconv.ParseFloat(m[1], 64)
		r.Seconds = max(r.Seconds, t)
	}
	if r.Verdict != promela.VerdictNone || r.Truncated {
		return row{}, fmt.Errorf("pan: %s", r.Verdict)
	}
	return row{States: r.States, Transitions: r.Transitions - 1, Seconds: r.Seconds,
		CPUSeconds: usageSeconds(cmd.ProcessState), PeakMiB: maxRSS(cmd.ProcessState)}, nil
}

func loadAverage() string {
	b, _ := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}
