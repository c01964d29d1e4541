package report

import (
	"fmt"

	"mcheck/explorer"
)

// Liveness counterexamples: a lasso (a prefix, then a cycle that repeats
// forever) or a run that ends while the property is still owed.

func cycleMark(r *explorer.Result) string {
	loop := len(r.Trace) - r.Cycle
	return fmt.Sprintf("==== cycle: steps %d-%d repeat forever", loop+1, len(r.Trace))
}

func cycleBack(r *explorer.Result) string {
	loop := len(r.Trace) - r.Cycle
	if loop == 0 {
		return "==== back to the initial state"
	}
	return fmt.Sprintf("==== back to the state after step %d", loop)
}

// lassoEnding says what the liveness counterexample shows and why its run
// is fair.
func lassoEnding(run Run, width int) []string {
	r, p := run.Result, run.Program
	v := r.Violation
	head := fmt.Sprintf("Violated: %s %s", v.Kind, v.Property)
	if v.Pos.IsValid() {
		head += fmt.Sprintf(" (line %d)", v.Pos.Line)
	}
	out := wrap(head+": "+v.Msg, width, 2)
	if r.Cycle == 0 {
		what := "no process can take a step"
		if p.AllFinished(FinalState(r)) {
			what = "every process has finished"
		}
		return append(out, wrap(fmt.Sprintf("The run ends after step %d: %s.", len(r.Trace), what), width, 2)...)
	}
	if r.Fair != "" {
		out = append(out, wrap("The run is fair: "+r.Fair+".", width, 2)...)
	}
	return out
}

// liveSummary notes the liveness searches that held, for the holds line.
func liveSummary(r *explorer.Result) string {
	if len(r.Live) == 0 {
		return ""
	}
	most := r.Live[0]
	for _, st := range r.Live {
		if st.States > most.States {
			most = st
		}
	}
	verb := "hold"
	if len(r.Live) == 1 {
		verb = "holds"
	}
	renamed := ""
	if r.LiveRenamed > 0 {
		renamed = fmt.Sprintf(", and %d more by symmetry", r.LiveRenamed)
	}
	return fmt.Sprintf("; liveness: %s %s%s (up to %d states, %s)",
		plural(len(r.Live), "property", "properties"), verb, renamed, most.States, liveReductions(r.Live))
}

// liveReductions says which reductions the liveness searches used, and
// why symmetry was not (the first reason given).
func liveReductions(live []explorer.Stats) string {
	por, sym, why := true, true, ""
	for _, st := range live {
		por = por && st.POR
		sym = sym && len(st.Symmetry) > 0
		if why == "" {
			why = st.LiveSymmetryOff
		}
	}
	if why != "" {
		why = ": " + why
	}
	switch {
	case por && sym:
		return "por and symmetry on"
	case por:
		return "por on, symmetry off" + why
	case sym:
		return "por off, symmetry on"
	}
	return "por and symmetry off" + why
}
