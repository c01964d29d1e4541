package report

import (
	"fmt"
	"io"
	"strings"

	"mcheck/explorer"
)

// JSONMeasure is a measure's range over the states explored, with a trace
// to a state at its maximum. Complete says every reachable state was
// explored (the run holds); otherwise max and min bound the range from inside.
type JSONMeasure struct {
	Name     string      `json:"name"`
	Max      int64       `json:"max"`
	Min      int64       `json:"min"`
	Complete bool        `json:"complete"`
	Trace    []TraceStep `json:"trace"`
}

func jsonMeasures(run Run) []JSONMeasure {
	var out []JSONMeasure
	for _, m := range run.Result.Measures {
		out = append(out, JSONMeasure{Name: m.Name, Max: m.Max, Min: m.Min, Complete: run.Result.Verdict == explorer.Holds,
			Trace: Steps(run.Program, measureResult(run.Result, m))})
	}
	return out
}

// measureResult is a result whose trace is the one to m's maximum.
func measureResult(r *explorer.Result, m explorer.MeasureRange) *explorer.Result {
	return &explorer.Result{Verdict: explorer.Holds, Initial: r.Initial, Trace: m.MaxTrace, Stats: r.Stats}
}

// measureSummary is the summary line's part about measures: "; measures:
// retries 0..2" (min..max), with "at least" when the search stopped early.
func measureSummary(r *explorer.Result) string {
	if len(r.Measures) == 0 {
		return ""
	}
	parts := make([]string, len(r.Measures))
	for i, m := range r.Measures {
		parts[i] = fmt.Sprintf("%s max %d min %d", m.Name, m.Max, m.Min)
	}
	s := "; measures: " + strings.Join(parts, ", ")
	if r.Verdict != explorer.Holds {
		s += " (over the states explored only)"
	}
	return s
}

// MeasureTrace writes, as swim lanes, a trace from the initial state to a
// state where the named measure is at its maximum (a shortest one with BFS
// and no reduction).
func MeasureTrace(w io.Writer, run Run, name string, width int) error {
	for _, m := range run.Result.Measures {
		if m.Name != name {
			continue
		}
		t := run
		t.Result = measureResult(run.Result, m)
		var b strings.Builder
		fmt.Fprintf(&b, "\nTrace to a state where measure %s = %d: %s.\n\n", m.Name, m.Max, plural(len(m.MaxTrace), "step", "steps"))
		Lanes(&b, t, width)
		_, err := io.WriteString(w, b.String())
		return err
	}
	return fmt.Errorf("the spec has no measure %s", name)
}
