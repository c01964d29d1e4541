package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"

	"mcheck/explorer"
	"mcheck/model"
)

// Format and Version identify the JSON document (doc.go describes version
// 2). ReadTrace also reads version 1, which had no loop_start.
const (
	Format  = "mcheck"
	Version = 2
)

// JSONResult is the documented JSON form of a run (see doc.go and README.md):
// check --format json prints it, check --trace-out writes it, replay reads it.
type JSONResult struct {
	Format    string          `json:"format"`
	Version   int             `json:"version"`
	Spec      string          `json:"spec"`
	SpecHash  string          `json:"spec_hash,omitempty"`
	File      string          `json:"file"`
	Constants []JSONConst     `json:"constants"`
	Search    string          `json:"search"`
	Verdict   string          `json:"verdict"`
	Kind      string          `json:"kind,omitempty"`
	Property  string          `json:"property,omitempty"`
	Message   string          `json:"message,omitempty"`
	At        *JSONAt         `json:"at,omitempty"`
	Schedule  *JSONSchedule   `json:"schedule,omitempty"`
	Reason    string          `json:"reason,omitempty"`
	Stats     JSONStats       `json:"stats"`
	Trace     []TraceStep     `json:"trace"`
	Final     []Change        `json:"final,omitempty"`
	Blocked   []JSONBlocked   `json:"blocked,omitempty"`
	LockOrder []JSONLockCycle `json:"lock_order,omitempty"`
	Measures  []JSONMeasure   `json:"measures,omitempty"`
	// Omission, for a fingerprint search: the probability that it missed a
	// state (verdict "holds_with_probability" instead of "holds").
	Omission *JSONOmission `json:"omission,omitempty"`
	// Liveness counterexamples: the last Cycle steps of Trace repeat
	// forever (0: the run ends), from step LoopStart (1-based) on; Fair says
	// why the run is fair; Fairness is the --fairness override the search
	// used, if any.
	Liveness  *JSONLiveness `json:"liveness,omitempty"`
	Cycle     int           `json:"cycle,omitempty"`
	LoopStart int           `json:"loop_start,omitempty"`
	Fair      string        `json:"fair,omitempty"`
	Fairness  string        `json:"fairness,omitempty"`
}

// JSONOmission is explorer.Omission.
type JSONOmission struct {
	Store      string  `json:"store"` // "fingerprint"
	Bound      float64 `json:"bound"`
	Empirical  float64 `json:"empirical"`
	SwitchedAt int64   `json:"switched_at,omitempty"` // --store auto: states stored exactly first
}

// JSONLiveness sums up the liveness searches that held after the safety
// search: how many properties were searched, how many more held as
// renamings of those (symmetric instances), and the largest search's states.
type JSONLiveness struct {
	Properties int   `json:"properties"`
	Renamed    int   `json:"renamed,omitempty"`
	States     int64 `json:"states"`
}

// JSONAt is where a step violation happened: the process and line.
type JSONAt struct {
	Process string       `json:"process"`
	Line    int          `json:"line"` // in the process body: an inline's call site
	Inline  []JSONInline `json:"inline,omitempty"`
}

// JSONSchedule describes the trace's order: "search" (as the search found
// it), "reordered" (same steps, fewest preemptions) or "fewest-preemptions"
// (searched for; Bound is the fewest), with its switches and preemptions.
type JSONSchedule struct {
	Order       string `json:"order"`
	Bound       *int   `json:"bound,omitempty"`
	Switches    int    `json:"switches"`
	Preemptions int    `json:"preemptions"`
}

// JSONConst is one constant's value in the run.
type JSONConst struct {
	Name  string `json:"name"`
	Value int64  `json:"value"`
}

// JSONStats are the search figures.
type JSONStats struct {
	States       int64    `json:"states"`
	Transitions  int64    `json:"transitions"`
	MaxDepth     int      `json:"max_depth"`
	Seconds      float64  `json:"seconds"`
	StatesPerSec float64  `json:"states_per_second"`
	POR          bool     `json:"por"`                // partial-order reduction was on
	Symmetry     []string `json:"symmetry,omitempty"` // symmetric process groups and permuted pools used
}

// JSONBlocked is one blocked process of a deadlock.
type JSONBlocked struct {
	Process   string       `json:"process"`
	Line      int          `json:"line"`
	Inline    []JSONInline `json:"inline,omitempty"`
	Statement string       `json:"statement"`
	Reason    string       `json:"reason"`
}

// ToJSON builds the JSON form of a run.
func ToJSON(run Run) JSONResult {
	r, p := run.Result, run.Program
	out := JSONResult{
		LockOrder: LockCycles(run),
		Format:    Format, Version: Version, Spec: p.Name, SpecHash: SpecHash(run.Source), File: p.File, Constants: []JSONConst{}, Search: run.Search.String(),
		Verdict: r.Verdict.String(), Reason: r.Reason, Trace: []TraceStep{},
		Stats: JSONStats{States: r.Stats.States, Transitions: r.Stats.Transitions, MaxDepth: r.Stats.MaxDepth,
			Seconds: r.Stats.Seconds, StatesPerSec: r.Stats.StatesPerSecond(), POR: r.Stats.POR, Symmetry: r.Stats.Symmetry},
	}
	for _, c := range p.Consts {
		out.Constants = append(out.Constants, JSONConst{c.Name, c.Value})
	}
	if o := r.Omission; o != nil {
		out.Omission = &JSONOmission{Store: "fingerprint", Bound: o.Bound, Empirical: o.Empirical, SwitchedAt: o.SwitchedAt}
		if r.Verdict == explorer.Holds {
			out.Verdict = "holds_with_probability"
		}
	}
	if len(r.Live) > 0 {
		out.Liveness = &JSONLiveness{Properties: len(r.Live), Renamed: r.LiveRenamed}
		for _, st := range r.Live {
			out.Liveness.States = max(out.Liveness.States, st.States)
		}
	}
	out.Measures = jsonMeasures(run)
	if v := r.Violation; r.Verdict == explorer.Violated && v != nil {
		out.Kind, out.Property, out.Message = string(v.Kind), v.Property, v.Msg
		out.Trace = Steps(p, r)
		if v.Pid >= 0 && v.Pid < len(p.Procs) {
			at, inl := site(v.Pos, v.Inlines)
			out.At = &JSONAt{Process: p.Procs[v.Pid].Name(), Line: at.Line, Inline: inl}
		}
		sw, pre := Switches(p, r)
		order := run.Order
		if order == "" {
			order = "search"
		}
		out.Schedule = &JSONSchedule{Order: order, Switches: sw, Preemptions: pre}
		if order == "fewest-preemptions" {
			b := run.Bound
			out.Schedule.Bound = &b
		}
		out.Final = Culprits(p, r)
		out.Cycle, out.Fair, out.Fairness = r.Cycle, r.Fair, r.Fairness
		if r.Cycle > 0 {
			out.LoopStart = len(r.Trace) - r.Cycle + 1
		}
		if v.Kind == model.KindDeadlock {
			for _, b := range r.Blocked {
				at, inl := site(b.Pos, b.Inlines)
				out.Blocked = append(out.Blocked, JSONBlocked{Process: p.Procs[b.Pid].Name(), Line: at.Line, Inline: inl, Statement: b.Text, Reason: b.Reason})
			}
		}
	}
	return out
}

// JSON writes the run as one indented JSON object.
func JSON(w io.Writer, run Run) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(ToJSON(run))
}

// SpecHash identifies a spec's source: "sha256:" and the hex digest, or ""
// when the source is not known.
func SpecHash(src []byte) string {
	if src == nil {
		return ""
	}
	sum := sha256.Sum256(src)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// WriteTrace writes a counterexample as a JSON trace (the JSON document of
// the run) for replay.
func WriteTrace(w io.Writer, run Run) error { return JSON(w, run) }
