package model

// Lock identities for lock-order tracking (lockdep): every mutex, spinlock
// and rw_semaphore instance, including array elements and struct fields.

// SyncObject is one lock instance.
type SyncObject struct {
	Name string
	Kind TypeKind
	Base int // first slot
}

// Locks lists every lock instance (mutex, spinlock, rw_semaphore) in layout order.
func (p *Program) Locks() []SyncObject { return p.locks }

func (p *Program) collectLocks(name string, t *Type, base int) {
	switch t.Kind {
	case TMutex, TSpinlock, TRwsem:
		if p.lockIndex == nil {
			p.lockIndex = map[int]int{}
		}
		p.lockIndex[base] = len(p.locks)
		p.locks = append(p.locks, SyncObject{Name: name, Kind: t.Kind, Base: base})
	case TStruct:
		for _, f := range t.Fields {
			p.collectLocks(name+"."+f.Name, f.Type, base+f.Offset)
		}
	case TArray:
		for i := 0; i < t.Len; i++ {
			p.collectLocks(name+"["+itoa(i)+"]", t.Elem, base+i*t.Elem.Slots)
		}
	}
}

// HeldLocks appends to buf[:0] the indices (into Locks) of the locks process
// pid holds in s, for reading or writing.
func (p *Program) HeldLocks(s []uint64, pid int, buf []int) []int {
	buf = buf[:0]
	me := int64(pid) + 1
	for i, l := range p.locks {
		held := false
		if l.Kind == TRwsem {
			held = p.Get(s, l.Base+rwsemWriter) == me || p.Get(s, l.Base+rwsemReaders+pid) > 0
		} else {
			held = p.Get(s, l.Base+lockOwner) == me
		}
		if held {
			buf = append(buf, i)
		}
	}
	return buf
}

// acquires reports whether op may take a lock.
func acquires(op SyncOp) bool {
	switch op {
	case OpMutexLock, OpSpinLock, OpMutexTrylock, OpSpinTrylock, OpDownRead, OpDownReadTrylock,
		OpDownWrite, OpDownWriteWait, OpDownWriteTrylock, OpDowngradeWrite:
		return true
	}
	return false
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

// ReadHolds returns how many read holds process pid has on lock (an index
// into Locks, which must be a rw_semaphore).
func (p *Program) ReadHolds(s []uint64, lock, pid int) int64 {
	return p.Get(s, p.locks[lock].Base+rwsemReaders+pid)
}

// WriteHeld reports whether process pid holds lock (a rw_semaphore) for write.
func (p *Program) WriteHeld(s []uint64, lock, pid int) bool {
	return p.Get(s, p.locks[lock].Base+rwsemWriter) == int64(pid)+1
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
		switch nd.Op {
		case OpMutexLock, OpSpinLock, OpDownRead, OpDownWrite, OpDownWriteWait:
		default:
			continue
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
