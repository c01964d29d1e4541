package explorer

import (
	"mcheck/model"
)

// Fair cycles: the second phase of ExploreLiveness. The stored graph is
// restricted to pending states and to the edges between them (for
// starvation, minus the victim's progress steps); a fair cycle there is a
// counterexample.
//
// Lock waits: Linux queues the waiters of mutexes, rw_semaphores and
// spinlocks and hands the lock over, so a waiter is not passed over forever
// while the lock keeps becoming free. Where the model has that queue
// (mutex, spinlock and rw_semaphore: a FIFO wait list, and a release grants
// the lock to its head, model/prim_lock.go and prim_rwsem.go) no extra
// fairness is needed: joining the list is always enabled, and a granted
// waiter's step stays enabled until it takes it, so weak fairness of the
// process suffices. Where it has not (reader_pref_rwsem's writers are a
// set), a process with weak or strong fairness gets strong fairness
// for the steps that take the lock, standing in for the queue: if it rests
// at such a step in infinitely many states where the step is enabled, it
// takes it infinitely often (enabled at the lock, in the summaries below).
// model.Program.WaitsForLock says which steps these are.
//
// Weak fairness needs no decomposition: a process enabled in every state of
// a component and stepping on none of its inner edges is so on every cycle
// inside it, and the cycle through every state and inner edge of a component
// is fair otherwise. Strong fairness (Emerson and Lei): a process enabled
// somewhere in the component but never stepping inside it can only be
// avoided by cycles through states where it is disabled, so those states are
// kept and their components examined again.

// findCycle looks for a fair cycle through pending states.
func (ls *liveSearch) findCycle() *Result {
	g := graph{n: ls.st.len(), succ: ls.pendingEdges}
	roots := func(yield func(int32) bool) {
		for i := 0; i < ls.st.len(); i++ {
			if ls.pending(i) && !yield(int32(i)) {
				return
			}
		}
	}
	var found *Result
	sccs(g, roots, func(members []int32, comp []int32, id int32, cyclic bool) bool {
		if !cyclic {
			return true // one state, no edge to itself: no cycle
		}
		in := func(w int32) bool { return comp[w] == id }
		if w, win := ls.fairIn(members, in); w != nil {
			found = ls.lasso(w, win)
			return false
		}
		return true
	}, func() bool { ls.checkBudgets(); return ls.stopReason != "" })
	if found != nil {
		return found
	}
	if ls.stopReason != "" {
		return ls.incomplete(ls.stopReason)
	}
	return ls.result(Holds)
}

// pendingEdges lists the edges from pending state v to pending states.
func (ls *liveSearch) pendingEdges(v int32, buf []ledge) []ledge {
	c := &ls.at
	s := ls.st.state(int(v))
	c.mon = 0
	if ls.monitor {
		c.mon = s[ls.words]
	}
	c.i, c.depth = int(v), ls.st.depthOf(int(v))
	c.base, c.edges, c.fn = s[:ls.words], buf[:0], ls.edgeFn
	choice := uint8(chooseAll)
	if ls.lp != nil {
		choice = ls.choice[v]
	}
	ls.successors(ls.edgeFn, choice)
	return c.edges
}

// edge adds one successor of ls.at to its edge list when both ends are
// pending (and, for starvation, it is not the victim's progress step). It
// reports whether the step goes back to a stored state no deeper than ls.at:
// the cycle proviso decided on the finished store, which makes the same
// choice the breadth-first search made, or (past a depth budget) a smaller
// one whose successors are all stored too (doc.go).
func (ls *liveSearch) edge(t model.Trans, next []uint64, viol *model.Violation) bool {
	c := &ls.at
	ls.transitions++
	if viol != nil {
		return false
	}
	vec, keep := ls.product(next, c.mon)
	if !keep {
		return false
	}
	w, found := ls.st.lookup(vec)
	if !found {
		return false
	}
	back := ls.st.depthOf(w) <= c.depth
	if ls.victim >= 0 && int(t.Pid) == ls.victim && ls.p.IsProgress(c.base, t) {
		return back
	}
	if ls.pending(w) {
		c.edges = append(c.edges, ledge{to: int32(w), trans: pack(t)})
	}
	return back
}

// enabledMask is the set of processes with an enabled step in state v.
func (ls *liveSearch) enabledMask(v int32) uint64 {
	en, _ := ls.enabledAt(v)
	return en
}

// enabledAt returns the processes with an enabled step in state v, and
// those of them whose enabled step takes a lock they wait for.
func (ls *liveSearch) enabledAt(v int32) (en, atLock uint64) {
	s := ls.st.state(int(v))[:ls.words]
	ls.enBuf = ls.m.EnabledInto(s, ls.enBuf)
	for _, t := range ls.enBuf {
		bit := uint64(1) << uint(t.Pid)
		en |= bit
		if ls.fair[t.Pid] != model.FairNone && !ls.opts.NoLockQueues && ls.p.WaitsForLock(s, int(t.Pid)) {
			atLock |= bit
		}
	}
	return en, atLock
}

// fairMask is the set of processes with fairness f.
func (ls *liveSearch) fairMask(f model.Fairness) uint64 {
	var mask uint64
	for pid, g := range ls.fair {
		if g == f {
			mask |= 1 << uint(pid)
		}
	}
	return mask
}

// component summarises a set of states: who is enabled everywhere and
// somewhere in it, who is enabled at a lock somewhere, who steps on an
// inner edge, and whether it has a cycle.
type component struct {
	enAll, enSome, atLock, steps uint64
	cyclic                       bool
}

// needsStep is the set of processes a fair cycle in c must see step: strong
// fairness with an enabled step, or an enabled lock wait.
func (ls *liveSearch) needsStep(c component) uint64 {
	return c.enSome&ls.fairMask(model.FairStrong) | c.atLock
}

func (ls *liveSearch) summarise(members []int32, in func(int32) bool) component {
	c := component{enAll: ^uint64(0), cyclic: len(members) > 1}
	var buf []ledge
	for _, u := range members {
		en, atLock := ls.enabledAt(u)
		c.enAll &= en
		c.enSome |= en
		c.atLock |= atLock
		buf = ls.pendingEdges(u, buf)
		for _, e := range buf {
			if in(e.to) {
				c.steps |= 1 << uint(e.pid())
				c.cyclic = c.cyclic || e.to == u
			}
		}
	}
	return c
}

// fairIn returns a set of states, inside the component members, whose
// inner edges and states form a fair cycle, with its membership test; nil
// when there is none.
func (ls *liveSearch) fairIn(members []int32, in func(int32) bool) ([]int32, func(int32) bool) {
	c := ls.summarise(members, in)
	if !c.cyclic || c.enAll&^c.steps&ls.fairMask(model.FairWeak) != 0 {
		return nil, nil
	}
	strongFail := ls.needsStep(c) &^ c.steps
	if strongFail == 0 {
		return members, in
	}
	strong := ls.fairMask(model.FairStrong)
	var keep []int32
	for _, u := range members {
		if en, atLock := ls.enabledAt(u); (en&strong|atLock)&strongFail == 0 {
			keep = append(keep, u)
		}
	}
	return ls.fairWithin(keep)
}

// fairWithin looks for a fair cycle in the subgraph induced by the states keep.
func (ls *liveSearch) fairWithin(keep []int32) ([]int32, func(int32) bool) {
	local := make(map[int32]int32, len(keep))
	for k, u := range keep {
		local[u] = int32(k)
	}
	g := graph{n: len(keep), succ: func(v int32, buf []ledge) []ledge {
		all := ls.pendingEdges(keep[v], nil)
		buf = buf[:0]
		for _, e := range all {
			if w, ok := local[e.to]; ok {
				buf = append(buf, ledge{to: w, trans: e.trans})
			}
		}
		return buf
	}}
	roots := func(yield func(int32) bool) {
		for k := range keep {
			if !yield(int32(k)) {
				return
			}
		}
	}
	var w []int32
	var win func(int32) bool
	sccs(g, roots, func(members []int32, comp []int32, id int32, cyclic bool) bool {
		if !cyclic {
			return true
		}
		glob := make(map[int32]bool, len(members))
		gm := make([]int32, len(members))
		for k, u := range members {
			gm[k] = keep[u]
			glob[keep[u]] = true
		}
		w, win = ls.fairIn(gm, func(x int32) bool { return glob[x] })
		return w == nil
	}, func() bool { return false })
	return w, win
}
