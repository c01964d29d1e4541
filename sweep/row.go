package sweep

import (
	"strings"

	"mcheck/explorer"
	"mcheck/model"
)

// Row is one run: one spec at one setting.
type Row struct {
	Spec      string  `json:"spec"`
	File      string  `json:"file"`
	Constants []Const `json:"constants"` // every constant of the spec, resolved
	Swept     Setting `json:"-"`         // the grid's constants for this row

	Verdict  string `json:"verdict"` // holds, violation, incomplete, or error
	Kind     string `json:"kind,omitempty"`
	Property string `json:"property,omitempty"`
	Reason   string `json:"reason,omitempty"` // incomplete: the budget; error: the message

	States      int64   `json:"states"`
	Transitions int64   `json:"transitions"`
	Depth       int     `json:"depth"`
	Seconds     float64 `json:"seconds"`
	Bytes       int64   `json:"memory_bytes"`
	POR         bool    `json:"por"`
	Symmetry    string  `json:"symmetry,omitempty"` // e.g. "fault[4]"; empty: none

	Measures []Measure `json:"measures,omitempty"`
}

// Measure is the range of a spec's measure over the states a run reached.
type Measure struct {
	Name string `json:"name"`
	Max  int64  `json:"max"`
	Min  int64  `json:"min"`
	// Complete: the run explored every reachable state (it holds), so Max and
	// Min are exact; otherwise they bound the true range from inside.
	Complete bool `json:"complete"`
}

// FromRun builds the row of one finished search of p.
func FromRun(p *model.Program, swept Setting, r *explorer.Result) Row {
	row := Row{Spec: p.Name, File: p.File, Swept: swept, Constants: []Const{}, Verdict: r.Verdict.String(),
		Reason: r.Reason, States: r.Stats.States, Transitions: r.Stats.Transitions, Depth: r.Stats.MaxDepth,
		Seconds: r.Stats.Seconds, Bytes: r.Stats.Bytes, POR: r.Stats.POR, Symmetry: strings.Join(r.Stats.Symmetry, " ")}
	for _, c := range p.Consts {
		row.Constants = append(row.Constants, Const{c.Name, c.Value})
	}
	if v := r.Violation; r.Verdict == explorer.Violated && v != nil {
		row.Kind, row.Property = string(v.Kind), v.Property
	}
	for _, m := range r.Measures {
		row.Measures = append(row.Measures, Measure{Name: m.Name, Max: m.Max, Min: m.Min, Complete: r.Verdict == explorer.Holds})
	}
	return row
}

// ErrorRow is the row of a setting that could not run (a spec that does not
// compile at that setting): the table says so in its verdict cell.
func ErrorRow(spec, file string, swept Setting, msg string) Row {
	return Row{Spec: spec, File: file, Swept: swept, Constants: []Const{}, Verdict: "error", Reason: msg}
}

// Setting is the row's resolved constants as "FAULTS=2 REMAPS=1".
func (r Row) Setting() string {
	if len(r.Constants) == 0 {
		return r.Swept.String()
	}
	return Setting(r.Constants).String()
}

// VerdictCell is the verdict as a table shows it: holds, violation,
// deadlock, error, or incomplete with the budget that ran out.
func (r Row) VerdictCell() string {
	switch {
	case r.Verdict == "violation" && r.Kind == string(model.KindDeadlock):
		return "deadlock"
	case r.Verdict == "incomplete":
		return "incomplete (" + budgetName(r.Reason) + ")"
	}
	return r.Verdict
}

// budgetName names the budget in an explorer's Incomplete reason.
func budgetName(reason string) string {
	switch {
	case reason == "interrupted":
		return "interrupted"
	case strings.Contains(reason, "time"):
		return "timeout"
	case strings.Contains(reason, "memory"):
		return "max-memory"
	case strings.Contains(reason, "depth"):
		return "max-depth"
	case strings.Contains(reason, "state budget"):
		return "max-states"
	}
	return "budget"
}

// measure returns the named measure, if the row has it.
func (r Row) measure(name string) (Measure, bool) {
	for _, m := range r.Measures {
		if m.Name == name {
			return m, true
		}
	}
	return Measure{}, false
}
