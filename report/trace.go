package report

import (
	"mcheck/explorer"
	"mcheck/model"
)

// Change is one variable a step changed.
type Change struct {
	Var   string `json:"var"`
	Value string `json:"value"`
}

// TraceStep is a trace step resolved against its program.
type TraceStep struct {
	N         int          `json:"step"`
	Process   string       `json:"process"`
	Pid       int          `json:"pid"`
	Type      string       `json:"type"`     // the process declaration: fault
	Instance  int          `json:"instance"` // self: 0 for fault[0]
	Node      int          `json:"node"`     // the step's start node in the compiled graph
	Line      int          `json:"line"`     // in the process body: an inline's call site
	Col       int          `json:"col"`
	Inline    []JSONInline `json:"inline,omitempty"` // inside an inline: each expansion and its line
	Statement string       `json:"statement"`
	Changes   []Change     `json:"changes"`
}

// Steps resolves a result's trace: who moved, where, and what changed.
func Steps(p *model.Program, r *explorer.Result) []TraceStep {
	out := make([]TraceStep, 0, len(r.Trace))
	prev := p.Values(r.Initial)
	for i, st := range r.Trace {
		pid := int(st.Trans.Pid)
		pr := p.Procs[pid]
		nd := &pr.Type.Nodes[st.Trans.Node]
		pos, inl := site(nd.Pos, nd.Inlines)
		ts := TraceStep{N: i + 1, Process: pr.Name(), Pid: pid, Type: pr.Type.Name, Instance: pr.Index, Node: int(st.Trans.Node),
			Line: pos.Line, Col: pos.Col, Inline: inl, Statement: nd.Text, Changes: []Change{}}
		cur := p.Values(st.State)
		for k := range cur {
			if cur[k].Text != prev[k].Text {
				ts.Changes = append(ts.Changes, Change{Var: cur[k].Name, Value: cur[k].Text})
			}
		}
		prev = cur
		out = append(out, ts)
	}
	return out
}

// FinalState returns the last state of the trace (the initial state for an empty one).
func FinalState(r *explorer.Result) []uint64 {
	if len(r.Trace) == 0 {
		return r.Initial
	}
	return r.Trace[len(r.Trace)-1].State
}

// Culprits lists the values that matter to the violation: for an invariant
// what it reads in the final state (globals, process locals, pool objects,
// p@label tests; see model.Program.ReadValues), else nothing (the step and
// message say it).
func Culprits(p *model.Program, r *explorer.Result) []Change {
	v := r.Violation
	if v == nil || v.Kind != model.KindInvariant {
		return nil
	}
	for i := range p.Invariant {
		if p.Invariant[i].Name != v.Property {
			continue
		}
		var out []Change
		for _, val := range p.ReadValues(&p.Invariant[i], FinalState(r)) {
			out = append(out, Change{Var: val.Name, Value: val.Text})
		}
		return out
	}
	return nil
}

func rootName(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' || s[i] == '[' {
			return s[:i]
		}
	}
	return s
}
