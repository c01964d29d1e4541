package explorer_test

// An independent answer to liveness questions, for small graphs: the whole
// (product) graph as explicit adjacency lists, strongly connected components
// as the intersection of forward and backward reachability (not Tarjan),
// and the fairness rules of specs/README.md applied to each component with
// Emerson-Lei's removal of states, written again from the definitions.

import (
	"fmt"

	"mcheck/explorer"
	"mcheck/model"
)

type onode struct {
	state   []uint64
	pending bool
	en      uint64 // processes with an enabled step
	atLock  uint64 // processes whose enabled step takes a lock they wait for
	out     []oedge
}

type oedge struct {
	to       int
	pid      int
	progress bool // the step of a progress-labelled statement
}

type liveOracle struct {
	p     *model.Program
	check explorer.LiveCheck
	fair  []model.Fairness
	nodes []*onode
	index map[string]int
	in    [][]int // predecessors of each node
}

// oracleLive reports whether the check fails (a fair bad cycle, or a
// pending end), or ok=false when the graph has more than limit nodes.
func oracleLive(p *model.Program, check explorer.LiveCheck, fair *model.Fairness, limit int) (violated, ok bool) {
	o := &liveOracle{p: p, check: check, index: map[string]int{}}
	for _, pr := range p.Procs {
		f := pr.Type.Fairness
		if fair != nil {
			f = *fair
		}
		o.fair = append(o.fair, f)
	}
	if !o.build(limit) {
		return false, false
	}
	o.in = make([][]int, len(o.nodes))
	for u, n := range o.nodes {
		for _, e := range n.out {
			o.in[e.to] = append(o.in[e.to], u)
		}
	}
	victims := []int{-1}
	if check.Starvation {
		victims = victims[:0]
		for pid := range p.Procs {
			victims = append(victims, pid)
		}
	}
	for _, v := range victims {
		if o.violated(v) {
			return true, true
		}
	}
	return false, true
}

// key of a product state: the program state and the monitor bit.
func liveKey(s []uint64, mon bool) string { return fmt.Sprint(s, mon) }

func (o *liveOracle) build(limit int) bool {
	m := o.p.NewMachine()
	leadsto := !o.check.Starvation && o.p.Liveness[o.check.Property].Leadsto
	// enter returns the node of state s entered with monitor mon, or -1.
	enter := func(s []uint64, mon bool) int {
		pending := true
		if !o.check.Starvation {
			pt, q, _ := m.EvalLiveness(s, o.check.Property)
			if leadsto {
				pending = (mon || pt) && !q
			} else if pending = mon && !q; !pending {
				return -1 // eventually: discharged, nothing more to ask
			}
		}
		k := liveKey(s, pending)
		if i, ok := o.index[k]; ok {
			return i
		}
		o.index[k] = len(o.nodes)
		o.nodes = append(o.nodes, &onode{state: append([]uint64(nil), s...), pending: pending})
		return len(o.nodes) - 1
	}
	if enter(o.p.Initial(), !leadsto) < 0 {
		return true
	}
	for i := 0; i < len(o.nodes); i++ {
		if len(o.nodes) > limit {
			return false
		}
		n := o.nodes[i]
		for _, t := range m.Enabled(n.state) {
			bit := uint64(1) << uint(t.Pid)
			n.en |= bit
			if o.waitsForLock(n.state, int(t.Pid)) {
				n.atLock |= bit
			}
			next, v, _ := m.Step(n.state, t)
			if v != nil {
				continue
			}
			if j := enter(next, n.pending); j >= 0 {
				n.out = append(n.out, oedge{to: j, pid: int(t.Pid), progress: o.p.IsProgress(n.state, t)})
			}
		}
	}
	return true
}

// waitsForLock: the process rests at a lock wait that gets strong
// fairness, as specs/README.md states it: the waits of the two locks
// without hand-off, reader_pref_rwsem and percpu_rw_semaphore (their
// kernel wait lists serve waiters in order, but a release does not grant
// them the lock). Waits of hand-off locks (mutex, spinlock, rw_semaphore)
// need none: a granted waiter stays enabled until it steps.
func (o *liveOracle) waitsForLock(s []uint64, pid int) bool {
	nodes := o.p.Procs[pid].Type.Nodes
	for _, nd := range o.p.Starts(pid, o.p.PC(s, pid)) {
		if n := &nodes[nd]; n.Kind == model.NSync && strongLockWait(n.ObjKind, n.Op) {
			return true
		}
	}
	return false
}

func strongLockWait(k model.TypeKind, op model.SyncOp) bool {
	switch k {
	case model.TRwsemRP:
		return op == model.OpDownRead || op == model.OpDownReadWait || op == model.OpDownWrite || op == model.OpDownWriteWait
	case model.TPercpuRwsem:
		return op == model.OpPercpuDownRead || op == model.OpPercpuDownWrite || op == model.OpPercpuDownWriteWait
	}
	return false
}

// bad: the states and edges the counterexample must stay on.
func (o *liveOracle) badNode(i, victim int) bool {
	n := o.nodes[i]
	if victim >= 0 {
		return !o.p.Finished(n.state, victim)
	}
	if o.check.Starvation {
		return !o.p.AllFinished(n.state)
	}
	return n.pending
}

func (o *liveOracle) badEdge(from int, e oedge, victim int) bool {
	return o.badNode(from, victim) && o.badNode(e.to, victim) && !(victim >= 0 && e.pid == victim && e.progress)
}

func (o *liveOracle) violated(victim int) bool {
	set := map[int]bool{}
	for i, n := range o.nodes {
		if o.badNode(i, victim) {
			set[i] = true
			if n.en == 0 {
				return true // the run ends with the question open
			}
		}
	}
	return o.fairCycle(set, victim)
}

// reach returns the nodes of set reachable from i along bad edges inside
// set (forward, or backward).
func (o *liveOracle) reach(i int, set map[int]bool, victim int, backward bool) map[int]bool {
	seen := map[int]bool{i: true}
	stack := []int{i}
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		var next []int
		if backward {
			for _, a := range o.in[u] {
				if o.edgeIn(a, u, victim) {
					next = append(next, a)
				}
			}
		} else {
			for _, e := range o.nodes[u].out {
				if o.badEdge(u, e, victim) {
					next = append(next, e.to)
				}
			}
		}
		for _, v := range next {
			if set[v] && !seen[v] {
				seen[v] = true
				stack = append(stack, v)
			}
		}
	}
	return seen
}

func (o *liveOracle) edgeIn(a, b, victim int) bool {
	for _, e := range o.nodes[a].out {
		if e.to == b && o.badEdge(a, e, victim) {
			return true
		}
	}
	return false
}

// fairCycle: does the subgraph induced by set hold a fair cycle?
func (o *liveOracle) fairCycle(set map[int]bool, victim int) bool {
	done := map[int]bool{}
	for i := range set {
		if done[i] {
			continue
		}
		fw, bw := o.reach(i, set, victim, false), o.reach(i, set, victim, true)
		comp := map[int]bool{}
		for v := range fw {
			if bw[v] {
				comp[v] = true
				done[v] = true
			}
		}
		if o.fairComponent(comp, victim) {
			return true
		}
	}
	return false
}

func (o *liveOracle) fairComponent(comp map[int]bool, victim int) bool {
	cyclic := len(comp) > 1
	all, some, lock, steps := ^uint64(0), uint64(0), uint64(0), uint64(0)
	for u := range comp {
		n := o.nodes[u]
		all &= n.en
		some |= n.en
		for pid := range o.fair {
			if n.atLock&(1<<uint(pid)) != 0 && o.fair[pid] != model.FairNone {
				lock |= 1 << uint(pid)
			}
		}
		for _, e := range n.out {
			if comp[e.to] && o.badEdge(u, e, victim) {
				steps |= 1 << uint(e.pid)
				cyclic = cyclic || e.to == u
			}
		}
	}
	if !cyclic {
		return false
	}
	mustStep := lock
	for pid, f := range o.fair {
		bit := uint64(1) << uint(pid)
		if f == model.FairWeak && all&bit != 0 && steps&bit == 0 {
			return false
		}
		if f == model.FairStrong && some&bit != 0 {
			mustStep |= bit
		}
	}
	fail := mustStep &^ steps
	if fail == 0 {
		return true
	}
	rest := map[int]bool{}
	for u := range comp {
		n := o.nodes[u]
		blocked := n.atLock
		for pid, f := range o.fair {
			if f == model.FairStrong {
				blocked |= n.en & (1 << uint(pid))
			}
			if f == model.FairNone {
				blocked &^= 1 << uint(pid)
			}
		}
		if blocked&fail == 0 {
			rest[u] = true
		}
	}
	return o.fairCycle(rest, victim)
}
