package model

import "strings"

// mutex and spinlock, with Linux's FIFO order of waiters (specs/README.md
// "mutex and spinlock" cites the kernel). Slots, relative to the first:
//
//	owner      0 free, pid+1 held
//	queue[i]   the waiters in arrival order: pid+1, 0 past its end
//
// mutex_lock and spin_lock take the lock at once when it is free; otherwise
// the caller joins the tail of the queue (the first step) and waits until
// the owner's release hands it the lock (the internal second halves,
// OpMutexLockWait and OpSpinLockWait, move only the pc). Every release with
// waiters hands the lock to the head, so the queue is never non-empty while
// the lock is free and nobody passes a waiter: for a mutex that is
// MUTEX_FLAG_HANDOFF's behaviour (9d659ae14b54, v4.10; optimistic spinning
// and stealing before a waiter sets it are not modelled), for a spinlock
// qspinlock's order (a33fda35e3a7, v4.2: the pending waiter, then the MCS
// queue in order). A mutex sleeps while it
// waits, a spinlock spins, and holding a spinlock makes sleeping a bug
// (might_sleep, sync.go).

const (
	lockOwner = 0
	lockQueue = 1
)

// The kinds and operations of mutex and spinlock (numbered by prim.go).
var (
	TMutex    = newKind()
	TSpinlock = newKind()

	OpMutexLock     = newOp()
	OpMutexLockWait = newOp() // the second half of a contended mutex_lock
	OpMutexUnlock   = newOp()
	OpMutexTrylock  = newOp()
	OpMutexIsLocked = newOp()
	OpSpinLock      = newOp()
	OpSpinLockWait  = newOp() // the second half of a contended spin_lock
	OpSpinUnlock    = newOp()
	OpSpinTrylock   = newOp()
	OpSpinIsLocked  = newOp()
)

// lockSem is the semantics shared by mutex and spinlock.
type lockSem struct {
	lock, wait, unlock, trylock, isLocked SyncOp
}

// name is the spec name of op: the kind's prefix and the operation.
func name(prefix, op string) string { return prefix + "_" + op }

func init() {
	for _, l := range []struct {
		kind   TypeKind
		name   string
		prefix string
		sleeps bool
		s      lockSem
	}{
		{TMutex, "mutex", "mutex", true, lockSem{OpMutexLock, OpMutexLockWait, OpMutexUnlock, OpMutexTrylock, OpMutexIsLocked}},
		{TSpinlock, "spinlock", "spin", false, lockSem{OpSpinLock, OpSpinLockWait, OpSpinUnlock, OpSpinTrylock, OpSpinIsLocked}},
	} {
		k, lock := []TypeKind{l.kind}, name(l.prefix, "lock")
		register(&Prim{Kind: l.kind, Name: l.name, Lock: true, HandsOff: true, Pooled: true, Atomic: !l.sleeps, sem: l.s, Ops: []SyncOpInfo{
			{Op: l.s.lock, Name: lock, Kinds: k, Blocking: true, Sleeps: l.sleeps, Acquires: true, Queues: true, Splits: true, Wait: l.s.wait},
			{Op: l.s.wait, Name: lock, Kinds: k, Internal: true, Acquires: true, Queues: true, Guarded: true},
			{Op: l.s.unlock, Name: name(l.prefix, "unlock"), Kinds: k},
			{Op: l.s.trylock, Name: name(l.prefix, "trylock"), Kinds: k, Expr: true, Acquires: true},
			{Op: l.s.isLocked, Name: name(l.prefix, "is_locked"), Kinds: k, Expr: true, Reads: true},
		}})
	}
}

func (l lockSem) layout(procs []string, _ []int64) []SlotSpec {
	n := int64(len(procs))
	out := []SlotSpec{{".owner", 0, n}}
	for i := range procs {
		out = append(out, SlotSpec{".queue[" + itoa(i) + "]", 0, n})
	}
	return out
}

// onList reports whether the running process is on the list at slot q.
func (m *Machine) onList(q int) bool {
	me := m.me()
	for i := range m.p.Procs {
		switch m.get(q + i) {
		case 0:
			return false
		case me:
			return true
		}
	}
	return false
}

// appendList adds the running process at the tail of the list at slot q;
// a process waits at most once, so the list never overflows.
func (m *Machine) appendList(q int) {
	i := 0
	for m.get(q+i) != 0 {
		i++
	}
	m.store(q+i, m.me())
}

// popList removes and returns the head of the list at slot q (0: empty).
func (m *Machine) popList(q int) int64 {
	n := len(m.p.Procs)
	head := m.get(q)
	for i := 0; i < n && m.get(q+i) != 0; i++ {
		next := int64(0)
		if i+1 < n {
			next = m.get(q + i + 1)
		}
		m.store(q+i, next)
	}
	return head
}

func (l lockSem) guard(op SyncOp) func(*Machine, int, []int64) bool {
	if op != l.wait {
		panic(unknownOp("lock guard", op))
	}
	// the release that hands over the lock takes the waiter off the queue
	return func(m *Machine, base int, _ []int64) bool { return !m.onList(base + lockQueue) }
}

func (l lockSem) exec(op SyncOp, st *opSite) func(*Machine, int, []int64) bool {
	switch op {
	case l.lock:
		return func(m *Machine, base int, _ []int64) bool {
			if m.get(base+lockOwner) == 0 && m.get(base+lockQueue) == 0 {
				m.store(base+lockOwner, m.me())
				return false
			}
			m.appendList(base + lockQueue)
			return true
		}
	case l.wait:
		return func(*Machine, int, []int64) bool { return false } // granted by the releaser
	case l.unlock:
		return func(m *Machine, base int, _ []int64) bool {
			if o := m.get(base + lockOwner); o != m.me() {
				m.fail(KindMisuse, op.String()+" by non-owner", st.pos, "%s(%s) by %s, but %s", op, st.name,
					m.p.Procs[m.pid].Name(), m.p.holderText(o))
				return false
			}
			m.store(base+lockOwner, m.popList(base+lockQueue)) // the hand-off
			return false
		}
	}
	panic(unknownOp("lock exec", op))
}

// call: a trylock fails while the lock is held or has waiters (the
// kernel's trylocks fail on any owner bits, and on a qspinlock on any
// nonzero word); with the hand-off, waiters imply an owner.
func (l lockSem) call(op SyncOp) func(*Machine, int, []int64) int64 {
	switch op {
	case l.isLocked:
		return func(m *Machine, base int, _ []int64) int64 { return b2i(m.get(base+lockOwner) != 0) }
	case l.trylock:
		return func(m *Machine, base int, _ []int64) int64 {
			if m.get(base+lockOwner) != 0 || m.get(base+lockQueue) != 0 {
				return 0
			}
			m.store(base+lockOwner, m.me())
			return 1
		}
	}
	panic(unknownOp("lock call", op))
}

func (l lockSem) footprint(op SyncOp, f *primFoot) {
	switch op {
	case l.lock, l.unlock:
		for _, set := range []SlotSet{f.reads, f.writes} {
			set.add(f.base + lockOwner)
			f.perProc(set, lockQueue, false)
		}
	case l.wait:
		f.perProc(f.reads, lockQueue, false)
	case l.trylock:
		f.read(lockOwner)
		f.read(lockQueue)
		f.write(lockOwner)
	case l.isLocked:
		f.read(lockOwner)
	default:
		panic(unknownOp("lock footprint", op))
	}
}

// lockAhead returns the processes queued before pid (all of them if pid is
// not queued).
func lockAhead(p *Program, s []uint64, base, pid int) int64 {
	var all int64
	for i := range p.Procs {
		e := p.Get(s, base+lockQueue+i)
		if e == 0 || e == int64(pid)+1 {
			break
		}
		all |= 1 << (e - 1)
	}
	return all
}

// blockers: the owner, and every waiter ahead (each must get the lock and
// release it first).
func (l lockSem) blockers(op SyncOp, p *Program, s []uint64, base, pid int) int64 {
	if op != l.wait {
		panic(unknownOp("lock blockers", op))
	}
	return bitOf(p.Get(s, base+lockOwner)) | lockAhead(p, s, base, pid)
}

func (l lockSem) blocked(op SyncOp, p *Program, s []uint64, base, pid int, name string) (string, []int) {
	if op != l.wait {
		panic(unknownOp("lock blocked", op))
	}
	o := p.Get(s, base+lockOwner)
	if o == int64(pid)+1 {
		return name + " is already held by " + p.Procs[pid].Name() + " itself", []int{pid}
	}
	why := "waits for " + name + ", held by " + p.procName(o)
	if ahead := lockAhead(p, s, base, pid); ahead != 0 {
		why += ", queued behind " + p.pidNames(ahead)
	}
	return why, []int{int(o) - 1}
}

func (l lockSem) holds(p *Program, s []uint64, base, pid int, out []Hold) []Hold {
	if p.Get(s, base+lockOwner) == int64(pid)+1 {
		out = append(out, Hold{Mode: HoldExclusive, Count: 1})
	}
	return out
}

// transfer: the lock's first edge (k == 0) takes it, its second queues;
// the wait takes it.
func (l lockSem) transfer(op SyncOp, k int, h *hold) {
	switch op {
	case l.lock:
		if k == 0 {
			h.lo, h.hi = 1, 1
		}
	case l.wait:
		h.lo, h.hi = 1, 1
	case l.unlock:
		h.lo, h.hi = 0, 0
	default:
		panic(unknownOp("lock transfer", op))
	}
}

func (l lockSem) tryTake(op SyncOp, h *hold, certain bool) {
	if op != l.trylock {
		panic(unknownOp("lock trylock", op))
	}
	if certain {
		h.lo = 1
	}
	h.hi = 1
}

func (l lockSem) mayViolate(op SyncOp, x hold, _ *Node, _ *intervals) bool {
	switch op {
	case l.lock, l.wait:
		return false // blocking, and might_sleep, are checked generically
	case l.unlock:
		return x.lo < 1
	}
	panic(unknownOp("lock mayViolate", op))
}

func (l lockSem) heldBy(m *Machine, base int, _ bool) bool { return m.get(base+lockOwner) == m.me() }

func (l lockSem) holdReads(f *primFoot, _ bool) { f.read(lockOwner) }

func (l lockSem) surelyHolds(x hold, _ bool) bool { return x.lo >= 1 }

func (l lockSem) roles(base int, sy *Symmetry) {
	sy.owners = append(sy.owners, base+lockOwner)
	for i := range sy.p.Procs {
		sy.owners = append(sy.owners, base+lockQueue+i)
	}
}

func (l lockSem) text(p *Program, s []uint64, base int) string {
	v := p.Get(s, base+lockOwner)
	if v == 0 {
		return "unlocked"
	}
	var names []string
	for i := range p.Procs {
		e := p.Get(s, base+lockQueue+i)
		if e == 0 {
			break
		}
		names = append(names, p.procName(e))
	}
	if len(names) == 0 {
		return "held by " + p.procName(v)
	}
	return "held by " + p.procName(v) + "; queued: " + strings.Join(names, ", ")
}
