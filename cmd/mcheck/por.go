package main

import (
	"fmt"
	"io"

	"mcheck/explorer"
)

// comparePOR runs one spec with and without partial-order reduction and
// prints both searches' figures side by side; the verdicts must agree.
func comparePOR(stdout, stderr io.Writer, arg string, sets map[string]int64, sf *searchFlags) int {
	spec, cr, ok := loadAndCompile(stderr, arg, sets)
	if !ok {
		return exitUsage
	}
	opts, _ := sf.options()
	var res [2]*explorer.Result
	for i, on := range []bool{false, true} {
		o := opts
		o.POR = on
		var err error
		if res[i], err = explorer.Explore(cr.Program, o); err != nil {
			fmt.Fprintln(stderr, err)
			return exitUsage
		}
	}
	full, red := res[0], res[1]
	fmt.Fprintf(stdout, "%s (%s)\n", spec.name, opts.Search)
	fmt.Fprintf(stdout, "  %-10s %-10s %12s %12s %9s\n", "reduction", "verdict", "states", "transitions", "seconds")
	for i, r := range res {
		name := []string{"off", "on"}[i]
		fmt.Fprintf(stdout, "  %-10s %-10s %12d %12d %9.2f\n", name, r.Verdict, r.Stats.States, r.Stats.Transitions, r.Stats.Seconds)
	}
	if red.Stats.States > 0 && red.Stats.Transitions > 0 {
		fmt.Fprintf(stdout, "  reduction factor: %.2fx states, %.2fx transitions\n",
			float64(full.Stats.States)/float64(red.Stats.States), float64(full.Stats.Transitions)/float64(red.Stats.Transitions))
	}
	if full.Verdict == explorer.Holds && red.Verdict == explorer.Holds || full.Verdict == explorer.Incomplete || red.Verdict == explorer.Incomplete {
		return verdictCode(full.Verdict, red.Verdict)
	}
	if full.Verdict != red.Verdict || full.Violation.Kind != red.Violation.Kind {
		fmt.Fprintf(stdout, "  VERDICTS DIFFER: this is a bug in mcheck's reduction; please report the spec\n")
		return exitUsage
	}
	return exitViolation
}

func verdictCode(vs ...explorer.Verdict) int {
	code := exitHolds
	for _, v := range vs {
		switch v {
		case explorer.Violated:
			code = worse(code, exitViolation)
		case explorer.Incomplete:
			code = worse(code, exitIncomplete)
		}
	}
	return code
}
