package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"mcheck/explorer"
	"mcheck/model"
)

// ReplayError says why a JSON trace does not fit a spec. Step is the first
// step that fails (1-based), 0 for the document as a whole, and len+1 for
// the end of the trace (the violation).
type ReplayError struct {
	Step int
	Msg  string
}

func (e *ReplayError) Error() string {
	if e.Step == 0 {
		return e.Msg
	}
	return fmt.Sprintf("step %d: %s", e.Step, e.Msg)
}

// ReadTrace parses a JSON trace and checks that it is a counterexample of
// version 2 or 1 (version 1 has no loop_start; a lasso's loop starts where
// its last cycle steps begin).
func ReadTrace(data []byte) (*JSONResult, error) {
	var tr JSONResult
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&tr); err != nil {
		return nil, &ReplayError{Msg: "not a JSON trace: " + err.Error()}
	}
	switch {
	case tr.Format != Format:
		return nil, &ReplayError{Msg: fmt.Sprintf("not an mcheck trace (format %q, want %q)", tr.Format, Format)}
	case tr.Version != Version && tr.Version != 1:
		return nil, &ReplayError{Msg: fmt.Sprintf("trace version %d; this mcheck reads versions 1 and %d", tr.Version, Version)}
	case tr.Verdict != "violation" || tr.Kind == "":
		return nil, &ReplayError{Msg: fmt.Sprintf("the trace has no counterexample (verdict %q)", tr.Verdict)}
	}
	if err := tr.checkLoop(); err != nil {
		return nil, err
	}
	return &tr, nil
}

// checkLoop checks that a lasso's cycle fits its trace and, in version 2,
// that loop_start names the cycle's first step.
func (tr *JSONResult) checkLoop() error {
	n := len(tr.Trace)
	if tr.Cycle < 0 || tr.Cycle > n {
		return &ReplayError{Msg: fmt.Sprintf("bad cycle length %d for %d steps", tr.Cycle, n)}
	}
	if tr.Version == 1 || (tr.Cycle == 0 && tr.LoopStart == 0) {
		return nil
	}
	if want := n - tr.Cycle + 1; tr.Cycle == 0 || tr.LoopStart != want {
		return &ReplayError{Msg: fmt.Sprintf("loop_start %d does not fit a cycle of the last %d of %d steps", tr.LoopStart, tr.Cycle, n)}
	}
	return nil
}

// ConstantSet returns the trace's constants as compile overrides.
func (tr *JSONResult) ConstantSet() map[string]int64 {
	out := map[string]int64{}
	for _, c := range tr.Constants {
		out[c.Name] = c.Value
	}
	return out
}

// Replay re-executes tr on p step by step. Each step must name a process of
// p that is at the step's line and statement with that step enabled, and
// must change exactly the values the trace lists; no earlier step or state
// may break a property; and the end must be tr's violation. The result is a
// counterexample for p, ready to render.
func Replay(p *model.Program, tr *JSONResult) (*explorer.Result, error) {
	m := p.NewMachine()
	r := &explorer.Result{Verdict: explorer.Violated, Initial: p.Initial()}
	s := r.Initial
	prev := p.Values(s)
	if iv := m.CheckInvariants(s); iv != nil && len(tr.Trace) > 0 {
		return nil, &ReplayError{Step: 1, Msg: fmt.Sprintf("invariant %s already fails in the initial state", iv.Property)}
	}
	for i, st := range tr.Trace {
		n := i + 1
		t, err := resolveStep(p, m, s, st)
		if err != nil {
			return nil, &ReplayError{Step: n, Msg: describeStep(st) + ": " + err.Error()}
		}
		next, v, _ := m.Step(s, t)
		cur := p.Values(next)
		if got := changes(prev, cur); st.Changes != nil && !sameChanges(got, st.Changes) {
			return nil, &ReplayError{Step: n, Msg: fmt.Sprintf("%s: the trace says it changes %s; the spec changes %s",
				describeStep(st), changeText(st.Changes), changeText(got))}
		}
		r.Trace = append(r.Trace, explorer.Step{Trans: t, State: next})
		s, prev = next, cur
		if v != nil {
			if n < len(tr.Trace) {
				return nil, &ReplayError{Step: n, Msg: fmt.Sprintf("%s: commits %s %s, but the trace goes on", describeStep(st), v.Kind, v.Property)}
			}
			r.Violation = v
			break
		}
		iv := m.CheckInvariants(s)
		if iv != nil && n < len(tr.Trace) {
			return nil, &ReplayError{Step: n, Msg: fmt.Sprintf("%s: invariant %s already fails after it, but the trace goes on", describeStep(st), iv.Property)}
		}
		if n == len(tr.Trace) {
			r.Violation = iv
		}
	}
	if len(tr.Trace) == 0 {
		r.Violation = m.CheckInvariants(s)
	}
	end := len(tr.Trace) + 1
	if tr.Kind == string(model.KindLiveness) || tr.Kind == string(model.KindStarvation) {
		return replayLasso(p, tr, r)
	}
	if tr.Kind == string(model.KindDeadlock) {
		cycle := m.WaitCycle(s) // processes waiting on each other's locks, others may run
		if r.Violation != nil || (len(m.Enabled(s)) > 0 && cycle == nil) || p.AllFinished(s) {
			return nil, &ReplayError{Step: end, Msg: "the trace ends, but not in a deadlock"}
		}
		r.Violation = &model.Violation{Kind: model.KindDeadlock, Property: "deadlock", Pid: -1,
			Msg: "no process can take a step, and not every process has finished"}
		if len(m.Enabled(s)) > 0 {
			r.Violation = cycle
		}
		r.Blocked = m.BlockedProcs(s)
		return r, nil
	}
	if v := r.Violation; v == nil || string(v.Kind) != tr.Kind || v.Property != tr.Property {
		got := "no violation"
		if v != nil {
			got = fmt.Sprintf("%s %s", v.Kind, v.Property)
		}
		return nil, &ReplayError{Step: end, Msg: fmt.Sprintf("the trace ends in %s, not in %s %s", got, tr.Kind, tr.Property)}
	}
	return r, nil
}

func describeStep(st TraceStep) string {
	if note := noteOf(st.Line, st.Inline); note != "" {
		return fmt.Sprintf("%s at %s `%s`", st.Process, note, st.Statement)
	}
	return fmt.Sprintf("%s line %d `%s`", st.Process, st.Line, st.Statement)
}

// resolveStep finds the enabled step of s that st names.
func resolveStep(p *model.Program, m *model.Machine, s []uint64, st TraceStep) (model.Trans, error) {
	pid := -1
	for i, pr := range p.Procs {
		if pr.Name() == st.Process {
			pid = i
		}
	}
	if pid < 0 {
		return model.Trans{}, fmt.Errorf("the spec has no process %s", st.Process)
	}
	if err := checkIDs(p, pid, st); err != nil {
		return model.Trans{}, err
	}
	var match []model.Trans
	for _, t := range m.Enabled(s) {
		if int(t.Pid) != pid {
			continue
		}
		if stepFits(p, pid, int(t.Node), st) {
			match = append(match, t)
		}
	}
	for _, t := range match {
		if int(t.Node) == st.Node {
			return t, nil
		}
	}
	if len(match) == 1 {
		return match[0], nil
	}
	if len(match) > 1 {
		return model.Trans{}, fmt.Errorf("ambiguous: %d enabled steps of %s have this line and statement, and none is node %d", len(match), st.Process, st.Node)
	}
	if p.Finished(s, pid) {
		return model.Trans{}, fmt.Errorf("%s has already finished", st.Process)
	}
	if pc := p.PC(s, pid); !stepFits(p, pid, pc, st) {
		nd := &p.Procs[pid].Type.Nodes[pc]
		return model.Trans{}, fmt.Errorf("%s is at %s `%s` instead", st.Process, where(nd.Pos, nd.Inlines), nd.Text)
	}
	for _, b := range m.BlockedProcs(s) {
		if b.Pid == pid {
			return model.Trans{}, fmt.Errorf("not enabled: %s", b.Reason)
		}
	}
	return model.Trans{}, fmt.Errorf("not enabled here")
}

// checkIDs checks the step's pid and node against the spec: the pid must be
// the named process's, the node one of its type's nodes. The name and the
// line and statement find the step; these must not contradict them.
func checkIDs(p *model.Program, pid int, st TraceStep) error {
	switch {
	case st.Pid < 0 || st.Pid >= len(p.Procs):
		return fmt.Errorf("pid %d is out of range: the spec has pids 0 to %d", st.Pid, len(p.Procs)-1)
	case st.Pid != pid:
		return fmt.Errorf("pid %d is %s, not %s", st.Pid, p.Procs[st.Pid].Name(), st.Process)
	}
	if n := len(p.Procs[pid].Type.Nodes); st.Node < 0 || st.Node >= n {
		return fmt.Errorf("node %d is out of range: %s has nodes 0 to %d", st.Node, st.Process, n-1)
	}
	return nil
}

// stepFits reports whether node n of process pid is the step st names: at
// its line (the call site of an inline, or as version 1 files written
// before inline call sites were recorded, the line in the inline's body)
// with its statement. Such older files printed an atomic block's if and
// while without their bodies: a statement whose words are the node's in
// order, some left out, fits that node.
func stepFits(p *model.Program, pid, n int, st TraceStep) bool {
	nd := &p.Procs[pid].Type.Nodes[n]
	at, _ := site(nd.Pos, nd.Inlines)
	if at.Line != st.Line && nd.Pos.Line != st.Line {
		return false
	}
	return nd.Text == st.Statement || n == st.Node && abridges(st.Statement, nd.Text)
}

// abridges reports whether the words of short are words of long, in order.
func abridges(short, long string) bool {
	lw := strings.Fields(long)
	for _, w := range strings.Fields(short) {
		for len(lw) > 0 && lw[0] != w {
			lw = lw[1:]
		}
		if len(lw) == 0 {
			return false
		}
		lw = lw[1:]
	}
	return true
}

func changes(prev, cur []model.Value) []Change {
	out := []Change{}
	for k := range cur {
		if cur[k].Text != prev[k].Text {
			out = append(out, Change{Var: cur[k].Name, Value: cur[k].Text})
		}
	}
	return out
}

func sameChanges(a, b []Change) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func changeText(cs []Change) string {
	if len(cs) == 0 {
		return "nothing"
	}
	s := ""
	for i, c := range cs {
		if i > 0 {
			s += ", "
		}
		s += c.Var + " = " + c.Value
	}
	return s
}

// replayLasso checks that a replayed liveness counterexample is one: no step
// broke a safety property, and the run (its cycle, or its end) is fair and
// owes the property throughout (explorer.CheckLasso).
func replayLasso(p *model.Program, tr *JSONResult, r *explorer.Result) (*explorer.Result, error) {
	end := len(tr.Trace) + 1
	if r.Violation != nil {
		return nil, &ReplayError{Step: end, Msg: fmt.Sprintf("the trace breaks %s %s on the way", r.Violation.Kind, r.Violation.Property)}
	}
	if err := tr.checkLoop(); err != nil {
		return nil, err
	}
	check, victim := explorer.LiveCheck{Starvation: tr.Kind == string(model.KindStarvation)}, -1
	v := &model.Violation{Kind: model.Kind(tr.Kind), Property: tr.Property, Pid: -1, Msg: tr.Message}
	if check.Starvation {
		if tr.At != nil {
			victim = pidOf(p, tr.At.Process)
		}
		v.Pid = victim
	} else {
		check.Property = -1
		for i, l := range p.Liveness {
			if l.Name == tr.Property {
				check.Property, v.Pos = i, l.Pos
			}
		}
		if check.Property < 0 {
			return nil, &ReplayError{Msg: fmt.Sprintf("the spec has no liveness property %s", tr.Property)}
		}
	}
	var fair *model.Fairness
	if tr.Fairness != "" {
		f, ok := model.ParseFairness(tr.Fairness)
		if !ok {
			return nil, &ReplayError{Msg: fmt.Sprintf("bad fairness %q", tr.Fairness)}
		}
		fair = &f
	}
	if err := explorer.CheckLasso(p, check, fair, victim, r.Trace, tr.Cycle); err != nil {
		return nil, &ReplayError{Step: end, Msg: "not a counterexample: " + err.Error()}
	}
	r.Violation, r.Cycle, r.Fair, r.Fairness = v, tr.Cycle, tr.Fair, tr.Fairness
	return r, nil
}

func pidOf(p *model.Program, name string) int {
	for i, pr := range p.Procs {
		if pr.Name() == name {
			return i
		}
	}
	return -1
}
