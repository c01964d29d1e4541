package main

import (
	"fmt"
	"os"
)

// runSpeedup prints the exhaustive BFS of each configuration (over 1 M states
// unless -only picks one) with 1, 2, 4, ... up to max workers, each run on as
// many CPUs, and the speedup in states/s over one worker. The counts must
// not change with the workers; a line says so if they do.
func runSpeedup(max int, only string) {
	fmt.Print(machine())
	fmt.Println()
	fmt.Println("| configuration | workers | states | transitions | seconds | states/s | speedup | peak RSS MiB |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|")
	var counts []int
	for w := 1; w < max; w *= 2 {
		counts = append(counts, w)
	}
	counts = append(counts, max)
	for i, c := range configs {
		if only != "" && c.spec != only || only == "" && !speedupConfig(c) {
			continue
		}
		var base row
		for _, w := range counts {
			r, err := runMcheckWorkers(i, 0, w)
			if err != nil {
				fmt.Fprintf(os.Stderr, "bench: %s: %v\n", c, err)
				os.Exit(1)
			}
			if w == 1 {
				base = r
			}
			sps := float64(r.States) / r.Seconds
			fmt.Printf("| %s | %d | %d | %d | %.2f | %.0f | %.2fx | %.0f |\n", c, w, r.States, r.Transitions,
				r.Seconds, sps, sps/(float64(base.States)/base.Seconds), r.PeakMiB)
			if r.States != base.States || r.Transitions != base.Transitions {
				fmt.Printf("| %s | %d | **counts differ from 1 worker** | | | | | |\n", c, w)
			}
		}
	}
}

// speedupConfig: the configurations of over 1 M states (exhaustive).
func speedupConfig(c config) bool {
	return c.set["FAULTS"] >= 5
}
