package report

import (
	"encoding/json"
	"io"

	"mcheck/explorer"
	"mcheck/model"
)

// JSONResult is the documented JSON form of a run (see README.md).
type JSONResult struct {
	Spec      string        `json:"spec"`
	File      string        `json:"file"`
	Constants []JSONConst   `json:"constants"`
	Search    string        `json:"search"`
	Verdict   string        `json:"verdict"`
	Kind      string        `json:"kind,omitempty"`
	Property  string        `json:"property,omitempty"`
	Message   string        `json:"message,omitempty"`
	Reason    string        `json:"reason,omitempty"`
	Stats     JSONStats     `json:"stats"`
	Trace     []TraceStep   `json:"trace"`
	Final     []Change      `json:"final,omitempty"`
	Blocked   []JSONBlocked `json:"blocked,omitempty"`
}

// JSONConst is one constant's value in the run.
type JSONConst struct {
	Name  string `json:"name"`
	Value int64  `json:"value"`
}

// JSONStats are the search figures.
type JSONStats struct {
	States       int64   `json:"states"`
	Transitions  int64   `json:"transitions"`
	MaxDepth     int     `json:"max_depth"`
	Seconds      float64 `json:"seconds"`
	StatesPerSec float64 `json:"states_per_second"`
}

// JSONBlocked is one blocked process of a deadlock.
type JSONBlocked struct {
	Process   string `json:"process"`
	Line      int    `json:"line"`
	Statement string `json:"statement"`
	Reason    string `json:"reason"`
}

// ToJSON builds the JSON form of a run.
func ToJSON(run Run) JSONResult {
	r, p := run.Result, run.Program
	out := JSONResult{
		Spec: p.Name, File: p.File, Constants: []JSONConst{}, Search: run.Search.String(),
		Verdict: r.Verdict.String(), Reason: r.Reason, Trace: []TraceStep{},
		Stats: JSONStats{States: r.Stats.States, Transitions: r.Stats.Transitions, MaxDepth: r.Stats.MaxDepth,
			Seconds: r.Stats.Seconds, StatesPerSec: r.Stats.StatesPerSecond()},
	}
	for _, c := range p.Consts {
		out.Constants = append(out.Constants, JSONConst{c.Name, c.Value})
	}
	if v := r.Violation; r.Verdict == explorer.Violated && v != nil {
		out.Kind, out.Property, out.Message = string(v.Kind), v.Property, v.Msg
		out.Trace = Steps(p, r)
		out.Final = Culprits(p, r)
		if v.Kind == model.KindDeadlock {
			for _, b := range r.Blocked {
				out.Blocked = append(out.Blocked, JSONBlocked{Process: p.Procs[b.Pid].Name(), Line: b.Pos.Line, Statement: b.Text, Reason: b.Reason})
			}
		}
	}
	return out
}

// JSON writes the run as one indented JSON object.
func JSON(w io.Writer, run Run) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(ToJSON(run))
}
