package model

// Lock identities for lock-order tracking (lockdep): every mutex, spinlock
// and rw_semaphore instance, including array elements and struct fields.

// SyncObject is one lock instance.
type SyncObject struct {
	Name   string
	Kind   TypeKind
	Base   int     // first slot
	Params []int64 // the declared parameters, if the type takes any
	sem    primSem
}

// Locks lists every lock instance (mutex, spinlock, rw_semaphore) in layout order.
func (p *Program) Locks() []SyncObject { return p.locks }

func (p *Program) collectLocks(name string, t *Type, base int) {
	if d := primOf(t.Kind); d != nil && d.Lock {
		if p.lockIndex == nil {
			p.lockIndex = map[int]int{}
		}
		p.lockIndex[base] = len(p.locks)
		p.locks = append(p.locks, SyncObject{Name: name, Kind: t.Kind, Base: base, Params: t.Params, sem: d.sem})
		return
	}
	switch t.Kind {
	case TStruct:
		for _, f := range t.Fields {
			p.collectLocks(name+"."+f.Name, f.Type, base+f.Offset)
		}
	case TArray:
		for i := 0; i < t.Len; i++ {
			p.collectLocks(name+"["+itoa(i)+"]", t.Elem, base+i*t.Elem.Slots)
		}
	case TPool:
		for i := 0; i < t.Len; i++ { // a per-object lock: "vmas[1].lock"
			p.collectLocks(name+"["+itoa(i)+"]", t.Elem, PoolObject(base, i, t.Elem)+1)
		}
	}
}

// HeldLocks appends to buf[:0] the indices (into Locks) of the locks process
// pid holds in s, for reading or writing. It is a Machine's because the
// descriptors' holds methods fill the machine's scratch (a local buffer
// passed to an interface method would escape: one allocation per call).
func (m *Machine) HeldLocks(s []uint64, pid int, buf []int) []int {
	buf = buf[:0]
	p := m.p
	for i, l := range p.locks {
		if len(l.sem.holds(p, s, l.Base, pid, m.hs[:0])) > 0 {
			buf = append(buf, i)
		}
	}
	return buf
}

// mayHoldAny reports whether a process may hold some lock at a program point.
func mayHoldAny(h holdState) bool {
	if h.top {
		return true
	}
	for _, x := range h.m {
		if x.hi > 0 || x.whi > 0 {
			return true
		}
	}
	return false
}

// exprAcquires reports a trylock inside e.
func exprAcquires(e *Expr) bool {
	if e == nil {
		return false
	}
	if e.Op == ECall && isTrylock(e.Sync) {
		return true
	}
	if exprAcquires(e.X) || exprAcquires(e.Y) {
		return true
	}
	for _, a := range e.Args {
		if exprAcquires(a) {
			return true
		}
	}
	return false
}

// nodeAcquires reports whether nd may take a lock.
func nodeAcquires(nd *Node) bool {
	switch nd.Kind {
	case NSync:
		return acquires(nd.Op)
	case NAssign:
		for _, e := range nd.RHS {
			if exprAcquires(e) {
				return true
			}
		}
	case NBranch:
		return exprAcquires(nd.Cond)
	}
	return false
}

// Rehold reports whether process pid's step from before to after took
// lock again while holding it for read only (a recursive read: one more
// read hold and no write hold before): lockdep's edge from a lock to itself.
func (m *Machine) Rehold(before, after []uint64, lock, pid int) bool {
	p := m.p
	l := p.locks[lock]
	var rb, ra int
	for _, h := range l.sem.holds(p, before, l.Base, pid, m.hs[:0]) {
		if h.Mode != HoldRead {
			return false
		}
		rb = h.Count
	}
	for _, h := range l.sem.holds(p, after, l.Base, pid, m.hs[:0]) {
		if h.Mode == HoldRead {
			ra = h.Count
		}
	}
	return ra > rb
}

// PendingAcquires appends to buf[:0] the locks (indices into Locks) that
// process pid is about to take in s: its current step is a blocking lock
// operation, enabled or not. Lockdep records the attempt, as the kernel's
// does before it blocks, so that a self-deadlock (relocking, a fault that
// takes the lock its caller holds) still shows as an order cycle.
func (m *Machine) PendingAcquires(s []uint64, pid int, buf []int) []int {
	buf = buf[:0]
	p := m.p
	pe := &p.procs[pid]
	for _, st := range pe.starts[p.Get(s, pe.pcSlot)] {
		nd := &pe.proc.Type.Nodes[st]
		if nd.Kind != NSync {
			continue
		}
		if !queues(nd.Op) || info(nd.Op).Internal {
			continue // a waiting second half: its first half made the attempt, and a hand-off may have granted the lock already
		}
		m.s, m.pid, m.viol = s, pid, nil
		base := p.object(nd.Obj, pe.proc)(m)
		m.s, m.pid, m.viol = nil, -1, nil
		if i, ok := p.lockIndex[base]; ok && base >= 0 {
			buf = append(buf, i)
		}
	}
	return buf
}
