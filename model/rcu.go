package model

import "strings"

// RCU: read-side critical sections, synchronize_rcu and the grace periods
// that end deferred frees (kfree_rcu, in pool.go). The state is one implicit
// object, the global "rcu", that the compiler adds when a spec uses RCU:
//
//	base + pid:          the read-side nesting depth of process pid
//	base + nprocs + pid: the readers synchronize_rcu() in process pid still
//	                     waits for (a bit set of pids, snapshot at the call)
//
// A grace period is modelled exactly at its earliest end: the readers that
// were inside a read-side section when it started are recorded, and each is
// struck out when it leaves its outermost section. New readers never delay
// it. That is the most adversarial schedule the RCU guarantee allows, so a
// use after free that any grace-period length permits is found.

// The RCU state's kind and operations (numbered by prim.go).
var (
	TRcu = newKind() // the implicit RCU state

	OpRcuReadLock        = newOp()
	OpRcuReadUnlock      = newOp()
	OpSynchronizeRcu     = newOp() // snapshot the readers; Else is the wait node
	OpSynchronizeRcuWait = newOp() // the second half: wait until the snapshot is empty
	OpRcuReadLockHeld    = newOp()
)

// MaxRcuNest is how deeply one process may nest rcu_read_lock.
const MaxRcuNest = 3

// RcuSlots is how many slots the RCU state takes with nprocs processes.
func RcuSlots(nprocs int) int { return 2 * nprocs }

// rcuBase returns the first slot of the RCU state, or -1 if the spec has none.
func (p *Program) rcuBase() int {
	for _, g := range p.Globals {
		if g.Type.Kind == TRcu {
			return g.Base
		}
	}
	return -1
}

func (p *Program) rcuNest(rcu, pid int) int { return rcu + pid }
func (p *Program) rcuGP(rcu, pid int) int   { return rcu + len(p.Procs) + pid }

// inRcu reports whether the current process is inside a read-side section.
func (m *Machine) inRcu(rcu int) bool {
	return rcu >= 0 && m.pid >= 0 && m.get(m.p.rcuNest(rcu, m.pid)) > 0
}

// rcuReaders returns the set of processes inside a read-side section.
func (m *Machine) rcuReaders(rcu int) int64 {
	var set int64
	for q := range m.p.Procs {
		if m.get(m.p.rcuNest(rcu, q)) > 0 {
			set |= 1 << q
		}
	}
	return set
}

// rcuSem is the RCU descriptor's semantics (prim_mem.go).
type rcuSem struct{ noMemOp }

func init() {
	rcu := []TypeKind{TRcu}
	// RCU calls name no object: the compiler supplies the implicit rcu state.
	register(&Prim{Kind: TRcu, mem: rcuSem{noMemOp{"rcu"}}, Ops: []SyncOpInfo{
		{Op: OpRcuReadLock, Name: "rcu_read_lock", Kinds: rcu},
		{Op: OpRcuReadUnlock, Name: "rcu_read_unlock", Kinds: rcu},
		{Op: OpSynchronizeRcu, Name: "synchronize_rcu", Kinds: rcu, Blocking: true, Sleeps: true, Splits: true, Wait: OpSynchronizeRcuWait},
		{Op: OpSynchronizeRcuWait, Name: "synchronize_rcu", Kinds: rcu, Internal: true, Guarded: true},
		{Op: OpRcuReadLockHeld, Name: "rcu_read_lock_held", Kinds: rcu, Expr: true},
	}})
}

// exec links the RCU statements of process pr.
func (rcuSem) exec(p *Program, n *Node, pr *Proc) execFn {
	rcu, op, next, wait, pos, pid := p.rcuBase(), n.Op, n.Next, n.Else, n.Pos, pr.Pid
	nest, gp := p.rcuNest(rcu, pid), p.rcuGP(rcu, pid)
	switch op {
	case OpRcuReadLock:
		return func(m *Machine) int {
			if d := m.get(nest); d >= MaxRcuNest {
				m.fail(KindMisuse, "rcu_read_lock nested too deeply", pos, "rcu_read_lock(): %s is already %d sections deep",
					m.p.Procs[pid].Name(), MaxRcuNest)
			} else {
				m.store(nest, d+1)
			}
			return next
		}
	case OpRcuReadUnlock:
		pools := p.rcuPools()
		return func(m *Machine) int {
			d := m.get(nest)
			if d == 0 {
				m.fail(KindMisuse, "rcu_read_unlock without rcu_read_lock", pos,
					"rcu_read_unlock() by %s, which is not inside an RCU read-side critical section", m.p.Procs[pid].Name())
				return next
			}
			m.store(nest, d-1)
			if d == 1 {
				m.quiescent(rcu, pools)
			}
			return next
		}
	case OpSynchronizeRcu:
		return func(m *Machine) int {
			if m.mightSleep(op, "", pos, rcu) {
				return next
			}
			if set := m.rcuReaders(rcu); set != 0 {
				m.store(gp, set)
				return wait
			}
			return next
		}
	case OpSynchronizeRcuWait:
		return func(*Machine) int { return next }
	}
	panic(unknownOp("rcu exec", op))
}

// quiescent records that the current process left its outermost read-side
// section: no grace period waits for it any more.
func (m *Machine) quiescent(rcu int, pools []poolLayout) {
	bit := int64(1) << m.pid
	for q := range m.p.Procs {
		if g := m.p.rcuGP(rcu, q); m.get(g)&bit != 0 {
			m.store(g, m.get(g)&^bit)
		}
	}
	for _, pl := range pools {
		for i := 0; i < pl.n; i++ {
			st := m.get(pl.state(i))
			if st < poolPending || (st-poolPending)&bit == 0 {
				continue
			}
			if rest := (st - poolPending) &^ bit; rest != 0 {
				m.store(pl.state(i), poolPending+rest)
			} else {
				m.release(pl, i, Pos{}) // the grace period ends: kfree
			}
		}
	}
}

// guard: the second step of synchronize_rcu waits until every reader of
// its snapshot has left.
func (rcuSem) guard(p *Program, n *Node, pr *Proc) guardFn {
	if n.Op != OpSynchronizeRcuWait {
		panic(unknownOp("rcu guard", n.Op))
	}
	gp := p.rcuGP(p.rcuBase(), pr.Pid)
	return func(m *Machine) bool { return m.get(gp) == 0 }
}

// call links rcu_read_lock_held() on the RCU state at obj.
func (rcuSem) call(_ *Program, op SyncOp, obj slotFn) evalFn {
	if op != OpRcuReadLockHeld {
		panic(unknownOp("rcu call", op))
	}
	return func(m *Machine) int64 {
		base := obj(m)
		return b2i(base >= 0 && m.inRcu(base))
	}
}

// blocked: a synchronize_rcu waiting for the readers of its snapshot.
func (rcuSem) blocked(p *Program, op SyncOp, s []uint64, base, pid int) (string, []int) {
	if op != OpSynchronizeRcuWait {
		panic(unknownOp("rcu blocked", op))
	}
	g := p.Get(s, p.rcuGP(base, pid))
	return "waits in synchronize_rcu for the RCU read-side sections of " + p.pidSet(g), p.pidList(g)
}

// transfer: the RCU state's base keys the read-side nesting depth.
func (rcuSem) transfer(op SyncOp, h *hold) {
	switch op {
	case OpRcuReadLock:
		h.lo, h.hi = clampHold(h.lo+1), clampHold(h.hi+1)
	case OpRcuReadUnlock:
		h.lo, h.hi = clampHold(h.lo-1), clampHold(h.hi-1)
	case OpSynchronizeRcu, OpSynchronizeRcuWait:
		// takes and releases no lock
	default:
		panic(unknownOp("rcu transfer", op))
	}
}

func (rcuSem) mayViolate(p *Program, op SyncOp, x hold) bool {
	switch op {
	case OpRcuReadLock:
		return x.hi >= MaxRcuNest
	case OpRcuReadUnlock:
		// Ending a grace period frees objects: held lock freed if they hold locks.
		return x.lo < 1 || p.rcuPoolLocks()
	case OpSynchronizeRcuWait, OpSynchronizeRcu:
		return false // blocking, and might_sleep, are checked generically
	}
	panic(unknownOp("rcu mayViolate", op))
}

func (rcuSem) footprint(fc *footCollector, op SyncOp, base, pid int, reads SlotSet) {
	fc.rcuFootprint(op, base, pid, reads)
}

// rcuFootprint adds what an RCU operation of process pid reads and writes.
func (fc *footCollector) rcuFootprint(op SyncOp, rcu, pid int, reads SlotSet) {
	w, p := fc.fp.Writes, fc.p
	switch op {
	case OpRcuReadLock, OpRcuReadLockHeld:
		reads.add(p.rcuNest(rcu, pid))
		if op == OpRcuReadLock {
			w.add(p.rcuNest(rcu, pid))
		}
	case OpRcuReadUnlock:
		reads.add(p.rcuNest(rcu, pid))
		w.add(p.rcuNest(rcu, pid))
		for q := range p.Procs {
			reads.add(p.rcuGP(rcu, q))
			w.add(p.rcuGP(rcu, q))
		}
		for _, pl := range p.rcuPools() {
			reads.add(pl.base + poolLast)
			w.add(pl.base + poolLast)
			p.addPoolLocks(pl, reads)
			p.addCompletionWaits(reads)
			for i := 0; i < pl.n; i++ {
				reads.add(pl.state(i))
				w.add(pl.state(i))
			}
		}
	case OpSynchronizeRcu:
		for q := range p.Procs {
			reads.add(p.rcuNest(rcu, q))
		}
		w.add(p.rcuGP(rcu, pid))
	case OpSynchronizeRcuWait:
		reads.add(p.rcuGP(rcu, pid))
	default:
		panic(unknownOp("rcuFootprint", op))
	}
}

// rcuText renders the RCU state: who is inside a read-side section and which
// synchronize_rcu calls wait for whom.
func (p *Program) rcuText(s []uint64, base int) string {
	var readers, waits []string
	for pid, pr := range p.Procs {
		switch d := p.Get(s, p.rcuNest(base, pid)); {
		case d == 1:
			readers = append(readers, pr.Name())
		case d > 1:
			readers = append(readers, pr.Name()+"x"+itoa(int(d)))
		}
		if g := p.Get(s, p.rcuGP(base, pid)); g != 0 {
			waits = append(waits, "synchronize_rcu in "+pr.Name()+" waits for "+p.pidSet(g))
		}
	}
	var parts []string
	if len(readers) > 0 {
		parts = append(parts, "readers: "+strings.Join(readers, ", "))
	}
	parts = append(parts, waits...)
	if len(parts) == 0 {
		return "no readers"
	}
	return strings.Join(parts, "; ")
}

// pidSet renders a bit set of pids as process names.
func (p *Program) pidSet(set int64) string {
	var names []string
	for pid, pr := range p.Procs {
		if set&(1<<pid) != 0 {
			names = append(names, pr.Name())
		}
	}
	return strings.Join(names, ", ")
}

func (p *Program) pidList(set int64) []int {
	var out []int
	for pid := range p.Procs {
		if set&(1<<pid) != 0 {
			out = append(out, pid)
		}
	}
	return out
}
