package report

import (
	"fmt"
	"time"

	"mcheck/explorer"
	"mcheck/model"
)

// Minimized is the outcome of MinimizePreemptions.
type Minimized struct {
	Result *explorer.Result // r with the new trace (reordered for fewest switches)
	Bound  int              // the preemption bound at which a violation was found
	Nodes  int64            // search nodes (state, last process, preemptions) stored, over all bounds
}

// MinimizeBudget bounds MinimizePreemptions; zero fields mean no limit
// (MaxNodes: 1<<20 per round).
type MinimizeBudget struct {
	MaxNodes int64 // search nodes per round
	Deadline time.Time
	Now      func() time.Time // needed for Deadline
	Stop     <-chan struct{}  // closed: give up (the CLI's interrupt)
}

// MinimizeIncomplete is MinimizePreemptions' error when its budget runs out
// before it finds the fewest: the caller keeps the trace it has.
type MinimizeIncomplete struct {
	Reason string // which budget ran out
	Bound  int    // the round it ran out in: no schedule has fewer preemptions
	Nodes  int64  // search nodes stored over all rounds
}

func (e *MinimizeIncomplete) Error() string {
	return fmt.Sprintf("preemption-bounded search gave up at bound %d after %d search nodes: %s", e.Bound, e.Nodes, e.Reason)
}

// MinimizePreemptions searches for a schedule that ends in the same violation
// as r (same kind and property) with the fewest preemptions, by iterative
// preemption bounding: a breadth-first search over (state, process that ran
// last, preemptions used) that allows at most 0, then 1, then 2, ...
// preemptions. A preemption is a switch away from a process that could still
// take a step. r's own trace is a witness with Switches(r) preemptions, so the
// search ends by that bound at the latest, unless the budget runs out first
// (*MinimizeIncomplete). The first hit of the lowest bound is a shortest
// trace at that bound.
func MinimizePreemptions(p *model.Program, r *explorer.Result, budget MinimizeBudget) (*Minimized, error) {
	if r == nil || r.Violation == nil {
		return nil, fmt.Errorf("no violation to minimize")
	}
	if budget.MaxNodes <= 0 {
		budget.MaxNodes = 1 << 20
	}
	_, limit := Switches(p, r)
	var total int64
	for bound := 0; bound <= limit; bound++ {
		b := &bounded{p: p, m: p.NewMachine(), want: r.Violation, bound: bound, max: budget.MaxNodes, budget: budget}
		found, err := b.run(r.Initial)
		total += int64(len(b.nodes))
		if err != nil {
			if inc, ok := err.(*MinimizeIncomplete); ok {
				inc.Nodes = total
			}
			return nil, err
		}
		if found != nil {
			found.Stats = r.Stats // the figures of the search that found r
			out := Reorder(p, found)
			if err := Confirm(p, out); err != nil {
				return nil, fmt.Errorf("internal error: the minimized trace does not replay: %v", err)
			}
			return &Minimized{Result: out, Bound: bound, Nodes: total}, nil
		}
	}
	// Not reached: r itself is a schedule within the last bound.
	return &Minimized{Result: r, Bound: limit, Nodes: total}, nil
}

// bounded is one round of preemption-bounded breadth-first search.
type bounded struct {
	p      *model.Program
	m      *model.Machine
	want   *model.Violation
	bound  int
	max    int64
	budget MinimizeBudget // its clock and stop channel
	nodes  []bnode
	index  map[string]int
}

type bnode struct {
	state  []uint64
	last   int32
	used   int
	parent int
	via    model.Trans
}

func (b *bounded) add(n bnode) (int, bool) {
	k := fmt.Sprintf("%d/%d/", n.last, n.used) + key(n.state)
	if _, ok := b.index[k]; ok {
		return 0, false
	}
	b.index[k] = len(b.nodes)
	b.nodes = append(b.nodes, n)
	return len(b.nodes) - 1, true
}

func (b *bounded) run(init []uint64) (*explorer.Result, error) {
	b.index = map[string]int{}
	b.add(bnode{state: init, last: -1, parent: -1})
	if v := b.m.CheckInvariants(init); v != nil {
		if b.matches(v) {
			return b.result(0, nil, v), nil
		}
		return nil, nil
	}
	for i := 0; i < len(b.nodes); i++ {
		if err := b.checkBudget(i); err != nil {
			return nil, err
		}
		cur := b.nodes[i]
		if cur.state == nil {
			continue
		}
		enabled := b.m.Enabled(cur.state)
		if len(enabled) == 0 {
			if !b.p.AllFinished(cur.state) && b.want.Kind == model.KindDeadlock {
				return b.result(i, nil, b.want), nil
			}
			continue
		}
		lastEnabled := cur.last >= 0 && enabledPid(b.m, cur.state, cur.last)
		for _, t := range enabled {
			used := cur.used
			if lastEnabled && t.Pid != cur.last {
				used++
			}
			if used > b.bound {
				continue
			}
			next, v, _ := b.m.Step(cur.state, t)
			if v != nil {
				if b.matches(v) {
					return b.result(i, &explorer.Step{Trans: t, State: next}, v), nil
				}
				continue
			}
			j, isNew := b.add(bnode{state: next, last: t.Pid, used: used, parent: i, via: t})
			if !isNew {
				continue
			}
			if iv := b.m.CheckInvariants(next); iv != nil {
				if b.matches(iv) {
					return b.result(j, nil, iv), nil
				}
				b.nodes[j].state = nil // another property breaks here: go no further
			}
		}
	}
	return nil, nil
}

// checkBudget stops the round when it stores more than max nodes, and every
// 1024 nodes looks at the clock and the stop channel.
func (b *bounded) checkBudget(i int) error {
	reason := ""
	switch {
	case int64(len(b.nodes)) > b.max:
		reason = fmt.Sprintf("more than %d nodes in one round", b.max)
	case i%1024 != 0:
		return nil
	case b.budget.Now != nil && !b.budget.Deadline.IsZero() && b.budget.Now().After(b.budget.Deadline):
		reason = "the time budget (--timeout) ran out"
	default:
		select {
		case <-b.budget.Stop:
			reason = explorer.Interrupted
		default:
			return nil
		}
	}
	return &MinimizeIncomplete{Reason: reason, Bound: b.bound}
}

func (b *bounded) matches(v *model.Violation) bool {
	return v.Kind == b.want.Kind && v.Property == b.want.Property
}

// result builds the trace to node i, plus a final violating step.
func (b *bounded) result(i int, last *explorer.Step, v *model.Violation) *explorer.Result {
	var rev []explorer.Step
	for j := i; b.nodes[j].parent >= 0; j = b.nodes[j].parent {
		rev = append(rev, explorer.Step{Trans: b.nodes[j].via, State: b.nodes[j].state})
	}
	r := &explorer.Result{Verdict: explorer.Violated, Violation: v, Initial: b.nodes[0].state}
	for k := len(rev) - 1; k >= 0; k-- {
		r.Trace = append(r.Trace, rev[k])
	}
	if last != nil {
		r.Trace = append(r.Trace, *last)
	}
	if v.Kind == model.KindDeadlock {
		r.Blocked = b.m.BlockedProcs(FinalState(r))
	}
	return r
}
