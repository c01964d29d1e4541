package explorer

import (
	"fmt"
	"strings"

	"mcheck/model"
)

// Lasso counterexamples: a shortest prefix to a state of the fair component,
// then a cycle inside it that discharges every process's fairness (a step
// of the process, or for weak fairness a state where it is disabled), built
// from shortest paths between the witnesses.

// hop is one edge of a path: the step and the state it reaches.
type hop struct {
	trans uint32
	to    int32
}

// lasso builds the counterexample for the fair set of states members.
func (ls *liveSearch) lasso(members []int32, in func(int32) bool) *Result {
	s0 := members[0]
	for _, u := range members {
		if ls.st.depthOf(int(u)) < ls.st.depthOf(int(s0)) {
			s0 = u
		}
	}
	c := ls.summarise(members, in)
	cur, cycle := s0, []hop(nil)
	for pid := range ls.p.Procs {
		if ls.discharged(pid, s0, cycle, c) {
			continue
		}
		needStep := ls.needsStep(c)&(1<<uint(pid)) != 0
		path := ls.within(cur, in, func(u int32, e *ledge) bool {
			if e != nil {
				return e.pid() == pid
			}
			return !needStep && ls.enabledMask(u)&(1<<uint(pid)) == 0
		})
		cycle = append(cycle, path...)
		if len(path) > 0 {
			cur = path[len(path)-1].to
		}
	}
	if cur != s0 || len(cycle) == 0 {
		cycle = append(cycle, ls.within(cur, in, func(_ int32, e *ledge) bool { return e != nil && e.to == s0 })...)
	}
	return ls.lassoResult(s0, cycle)
}

// discharged reports whether the cycle so far (from s0) meets pid's
// fairness: a step of pid where c needs one, else (weak) a state of the
// cycle where pid is disabled, or a step.
func (ls *liveSearch) discharged(pid int, s0 int32, cycle []hop, c component) bool {
	bit := uint64(1) << uint(pid)
	if ls.fair[pid] == model.FairNone {
		return true
	}
	needStep := ls.needsStep(c)&bit != 0
	if !needStep && (ls.fair[pid] == model.FairStrong || ls.enabledMask(s0)&bit == 0) {
		return true
	}
	for _, h := range cycle {
		if int(h.trans>>24) == pid || (!needStep && ls.enabledMask(h.to)&bit == 0) {
			return true
		}
	}
	return false
}

// within is a shortest path from u, along inner edges, to a state or
// through an edge that target accepts (the state itself when it does).
func (ls *liveSearch) within(u int32, in func(int32) bool, target func(int32, *ledge) bool) []hop {
	type back struct {
		from int32
		h    hop
	}
	prev := map[int32]back{u: {from: -1}}
	queue := []int32{u}
	var buf []ledge
	path := func(end int32, last *hop) []hop {
		var rev []hop
		if last != nil {
			rev = append(rev, *last)
		}
		for v := end; prev[v].from >= 0; v = prev[v].from {
			rev = append(rev, prev[v].h)
		}
		out := make([]hop, len(rev))
		for k := range rev {
			out[k] = rev[len(rev)-1-k]
		}
		return out
	}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		if target(v, nil) {
			return path(v, nil)
		}
		buf = ls.pendingEdges(v, buf)
		for _, e := range buf {
			if !in(e.to) {
				continue
			}
			if target(v, &e) {
				return path(v, &hop{trans: e.trans, to: e.to})
			}
			if _, seen := prev[e.to]; !seen {
				prev[e.to] = back{from: v, h: hop{trans: e.trans, to: e.to}}
				queue = append(queue, e.to)
			}
		}
	}
	panic(fmt.Sprintf("liveness: no path inside the fair component from state %d", u))
}

// lassoResult renders the prefix to s0 and the cycle as a Result.
func (ls *liveSearch) lassoResult(s0 int32, cycle []hop) *Result {
	r := ls.result(Violated)
	r.Trace = ls.prefix(int(s0))
	for _, h := range cycle {
		r.Trace = append(r.Trace, Step{Trans: unpack(h.trans), State: ls.base(int(h.to))})
	}
	r.Cycle = len(cycle)
	r.Fair = ls.whyFair(s0, cycle, len(r.Trace)-len(cycle))
	r.Violation = ls.violation(len(r.Trace)-len(cycle), s0, true)
	return r
}

// ends reports a run that ends in state i with the obligation pending.
func (ls *liveSearch) ends(i int) *Result {
	if ls.check.Starvation && ls.victim < 0 {
		for pid := range ls.p.Procs {
			if !ls.p.Finished(ls.base(i), pid) {
				ls.victim = pid // the first process the end leaves unfinished
				break
			}
		}
	}
	r := ls.result(Violated)
	r.Trace = ls.prefix(i)
	r.Violation = ls.violation(len(r.Trace), int32(i), false)
	r.Blocked = ls.m.BlockedProcs(ls.base(i))
	return r
}

func (ls *liveSearch) base(i int) []uint64 {
	return append([]uint64(nil), ls.st.state(i)[:ls.words]...)
}

// prefix is the stored (shortest) path from the initial state to state i.
func (ls *liveSearch) prefix(i int) []Step {
	var rev []int
	for j := i; j != 0; j = ls.st.parentOf(j) {
		rev = append(rev, j)
	}
	out := make([]Step, 0, len(rev))
	for k := len(rev) - 1; k >= 0; k-- {
		out = append(out, Step{Trans: unpack(ls.st.viaOf(rev[k])), State: ls.base(rev[k])})
	}
	return out
}

// violation describes the counterexample whose cycle (or end) starts after
// step loop of the trace.
func (ls *liveSearch) violation(loop int, at int32, cyclic bool) *model.Violation {
	tail := fmt.Sprintf("the run ends after step %d", loop)
	switch {
	case cyclic && loop == 0:
		tail = "from the initial state a cycle repeats forever"
	case cyclic:
		tail = fmt.Sprintf("after step %d a cycle repeats forever", loop)
	}
	if ls.check.Starvation {
		name := ls.p.Procs[ls.victim].Name()
		return &model.Violation{Kind: model.KindStarvation, Property: "starvation", Pid: ls.victim,
			Msg: fmt.Sprintf("%s never makes progress (no progress label reached, not finished): %s", name, tail)}
	}
	l := ls.p.Liveness[ls.check.Property]
	v := &model.Violation{Kind: model.KindLiveness, Property: l.Name, Pid: -1, Pos: l.Pos}
	if l.Leadsto {
		v.Msg = fmt.Sprintf("leadsto %s: the left side holds %s, and the right side never holds afterwards: %s",
			l.Name, ls.triggeredAt(int(at)), tail)
	} else {
		v.Msg = fmt.Sprintf("eventually %s: the condition never holds on this fair run: %s", l.Name, tail)
	}
	return v
}

// triggeredAt says where the pending obligation of state i began: the last
// state on its stored path entered with the monitor off.
func (ls *liveSearch) triggeredAt(i int) string {
	path := []int{i}
	for j := i; j != 0; j = ls.st.parentOf(j) {
		path = append(path, ls.st.parentOf(j))
	}
	// path runs from i back to the initial state; depth of path[k] is len(path)-1-k.
	for k := 0; k < len(path); k++ {
		if k+1 == len(path) || ls.st.state(path[k+1])[ls.words] == 0 {
			if d := len(path) - 1 - k; d > 0 {
				return fmt.Sprintf("after step %d", d)
			}
			return "in the initial state"
		}
	}
	return "in the initial state"
}

// whyFair says in one line why the cycle is a fair run: each process steps
// in it, is disabled somewhere in it (a weak-fairness process), or has no
// fairness; e.g. "fault steps in it (cycle steps 1, 3); remap has finished".
func (ls *liveSearch) whyFair(s0 int32, cycle []hop, loop int) string {
	states := []int32{s0}
	for _, h := range cycle[:len(cycle)-1] {
		states = append(states, h.to)
	}
	var parts []string
	for pid, pr := range ls.p.Procs {
		parts = append(parts, pr.Name()+" "+ls.fairPart(pid, states, cycle, loop))
	}
	return strings.Join(parts, "; ")
}

// fairPart says it for one process; step numbers are the trace's (the cycle
// starts after step loop).
func (ls *liveSearch) fairPart(pid int, states []int32, cycle []hop, loop int) string {
	var steps []string
	for k, h := range cycle {
		if int(h.trans>>24) == pid {
			steps = append(steps, fmt.Sprint(loop+k+1))
		}
	}
	if len(steps) > 0 {
		return "steps in the cycle (steps " + strings.Join(steps, ", ") + ")"
	}
	for k, u := range states {
		if ls.enabledMask(u)&(1<<uint(pid)) == 0 {
			if ls.p.Finished(ls.st.state(int(u))[:ls.words], pid) {
				return "has finished"
			}
			return fmt.Sprintf("is blocked before step %d (no step enabled)", loop+k+1)
		}
	}
	return fmt.Sprintf("takes no step (fairness %s)", ls.fair[pid])
}
