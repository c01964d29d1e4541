package model

// Completions inside pool objects. A completion's state is its count alone:
// who waits for it is where the waiters are, at a wait_for_completion step
// whose object is the completion. In the kernel the waiter sleeps on the
// completion's own wait queue (x->wait in kernel/sched/completion.c, Linux
// 6.6: do_wait_for_common queues it and sleeps; once woken it takes
// x->wait.lock again to consume done), so freeing the object while a process
// waits for its completion frees memory the waiter still uses. Freeing is
// checked against every process resting at such a step: the free reads
// their program counters and the slots their references read, which its
// footprint lists (addCompletionWaits), so partial-order reduction orders it
// against every step of those processes.

// compWait is a wait_for_completion step whose object may lie in a pool.
type compWait struct {
	pid, node int
	obj       slotFn // the completion, evaluated as the waiter would
}

// linkCompletionWaits finds the wait_for_completion steps that may wait for
// a completion inside a pool object.
func (p *Program) linkCompletionWaits() {
	p.compWaits = nil
	pools := p.pools()
	for _, pr := range p.Procs {
		for i := range pr.Type.Nodes {
			nd := &pr.Type.Nodes[i]
			if nd.Kind != NSync || nd.Op != OpWaitForCompletion || !mayNamePool(nd.Obj, pools) {
				continue
			}
			p.compWaits = append(p.compWaits, compWait{pid: pr.Pid, node: i, obj: p.opObject(nd.Obj, pr, nd.Op)})
		}
	}
}

// mayNamePool reports whether r may denote a slot inside a pool's objects.
func mayNamePool(r *Ref, pools []poolLayout) bool {
	if r.Local {
		return false
	}
	lo, hi := r.Base, r.Base
	for _, t := range r.Index {
		if t.Pool != "" {
			return true
		}
		hi += (t.Len - 1) * t.Stride
	}
	for _, pl := range pools {
		if hi >= pl.state(0) && lo < pl.state(0)+pl.n*pl.stride {
			return true
		}
	}
	return false
}

// completionFreed reports freeing object i while a process waits for a
// completion inside it.
func (m *Machine) completionFreed(pl poolLayout, i int, how string, pos Pos) {
	lo, hi := pl.state(i)+1, pl.state(i)+pl.stride
	for _, w := range m.p.compWaits {
		if m.get(m.p.procs[w.pid].pcSlot) != int64(w.node) {
			continue
		}
		if slot := m.peek(w.pid, w.obj); slot >= lo && slot < hi {
			m.fail(KindMisuse, "completion freed with waiters", pos,
				"%s %s %s while %s waits for %s (wait_for_completion sleeps on, and takes the lock of, the completion's wait queue)",
				m.who(), how, pl.object(i), m.p.Procs[w.pid].Name(), trimSlotSuffix(m.p.Slots[slot].Name))
			return
		}
	}
}

// peek evaluates a reference as process pid would, recording no violation:
// one it would commit (NULL, a freed object) means it names nothing.
func (m *Machine) peek(pid int, obj slotFn) int {
	savedPid, savedViol := m.pid, m.viol
	m.pid = pid
	slot := obj(m)
	if m.viol != savedViol {
		slot = -1
	}
	m.pid, m.viol = savedPid, savedViol
	return slot
}

// addCompletionWaits adds what completionFreed reads: the waiters' program
// counters and the slots their references read.
func (p *Program) addCompletionWaits(reads SlotSet) {
	for _, w := range p.compWaits {
		pr := p.Procs[w.pid]
		reads.add(pr.Frame)
		fc := footCollector{p: p, pr: pr, fp: &Footprint{Reads: newSlotSet(len(p.Slots)), Writes: newSlotSet(len(p.Slots)), Guard: reads}}
		fc.guard(&pr.Type.Nodes[w.node])
	}
}

// CompletionWait is a wait_for_completion step (process Pid, node Node)
// that may wait for a completion inside a pool object: freeing the object
// while the process rests there is misuse (for the Promela export).
type CompletionWait struct{ Pid, Node int }

// CompletionWaits lists them.
func (p *Program) CompletionWaits() []CompletionWait {
	out := make([]CompletionWait, len(p.compWaits))
	for i, w := range p.compWaits {
		out[i] = CompletionWait{w.pid, w.node}
	}
	return out
}
