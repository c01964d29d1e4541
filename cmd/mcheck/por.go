package main

import (
	"fmt"
	"io"

	"mcheck/explorer"
	"mcheck/report"
)

// porRun is one side of --compare-por in JSON.
type porRun struct {
	Verdict     string  `json:"verdict"`
	Kind        string  `json:"kind,omitempty"`
	Property    string  `json:"property,omitempty"`
	Reason      string  `json:"reason,omitempty"`
	States      int64   `json:"states"`
	Transitions int64   `json:"transitions"`
	Seconds     float64 `json:"seconds"`
}

// porCompare is one line of check --compare-por --format json.
type porCompare struct {
	Spec      string             `json:"spec"`
	Constants []report.JSONConst `json:"constants"`
	Search    string             `json:"search"`
	Off       porRun             `json:"por_off"`
	On        porRun             `json:"por_on"`
	Factor    *porFactor         `json:"factor,omitempty"`
	Agree     bool               `json:"agree"`
}

type porFactor struct {
	States      float64 `json:"states"`
	Transitions float64 `json:"transitions"`
}

// comparePOR runs one spec with and without partial-order reduction and
// prints both searches' figures side by side; the verdicts must agree.
func comparePOR(stdout, stderr io.Writer, arg string, sets map[string]int64, sf *searchFlags, asJSON bool) int {
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
	cmp := porCompare{Spec: spec.name, Constants: []report.JSONConst{}, Search: opts.Search.String(),
		Off: sideOf(full), On: sideOf(red), Agree: agree(full, red)}
	for _, c := range cr.Program.Consts {
		cmp.Constants = append(cmp.Constants, report.JSONConst{Name: c.Name, Value: c.Value})
	}
	if red.Stats.States > 0 && red.Stats.Transitions > 0 {
		cmp.Factor = &porFactor{float64(full.Stats.States) / float64(red.Stats.States), float64(full.Stats.Transitions) / float64(red.Stats.Transitions)}
	}
	if asJSON {
		if err := jsonLine(stdout, cmp); err != nil {
			fmt.Fprintln(stderr, err)
			return exitUsage
		}
	} else {
		printCompare(stdout, cmp, res)
	}
	switch {
	case !cmp.Agree:
		return exitUsage
	case full.Verdict == explorer.Violated && red.Verdict == explorer.Violated:
		return exitViolation
	}
	return verdictCode(full.Verdict, red.Verdict)
}

func sideOf(r *explorer.Result) porRun {
	s := porRun{Verdict: r.Verdict.String(), Reason: r.Reason, States: r.Stats.States, Transitions: r.Stats.Transitions, Seconds: r.Stats.Seconds}
	if r.Verdict == explorer.Violated {
		s.Kind, s.Property = string(r.Violation.Kind), r.Violation.Property
	}
	return s
}

// agree: two complete verdicts must be the same, and two violations of the
// same kind; an incomplete side proves nothing either way.
func agree(full, red *explorer.Result) bool {
	if full.Verdict == explorer.Incomplete || red.Verdict == explorer.Incomplete {
		return true
	}
	if full.Verdict != red.Verdict {
		return false
	}
	return full.Verdict != explorer.Violated || full.Violation.Kind == red.Violation.Kind
}

func printCompare(stdout io.Writer, cmp porCompare, res [2]*explorer.Result) {
	fmt.Fprintf(stdout, "%s (%s)\n", cmp.Spec, cmp.Search)
	fmt.Fprintf(stdout, "  %-10s %-10s %12s %12s %9s\n", "reduction", "verdict", "states", "transitions", "seconds")
	for i, r := range res {
		name := []string{"off", "on"}[i]
		fmt.Fprintf(stdout, "  %-10s %-10s %12d %12d %9.2f\n", name, r.Verdict, r.Stats.States, r.Stats.Transitions, r.Stats.Seconds)
	}
	if cmp.Factor != nil {
		fmt.Fprintf(stdout, "  reduction factor: %.2fx states, %.2fx transitions\n", cmp.Factor.States, cmp.Factor.Transitions)
	}
	if !cmp.Agree {
		fmt.Fprintf(stdout, "  VERDICTS DIFFER: this is a bug in mcheck's reduction; please report the spec\n")
	}
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
