package model

// mutex and spinlock: one slot, the owner (0 free, pid+1). A mutex sleeps
// while it waits, a spinlock spins (and holding one makes sleeping a bug:
// might_sleep, sync.go). See specs/README.md.

const lockOwner = 0

// lockSem is the semantics shared by mutex and spinlock.
type lockSem struct {
	lock, unlock, trylock, isLocked SyncOp
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
		{TMutex, "mutex", "mutex", true, lockSem{OpMutexLock, OpMutexUnlock, OpMutexTrylock, OpMutexIsLocked}},
		{TSpinlock, "spinlock", "spin", false, lockSem{OpSpinLock, OpSpinUnlock, OpSpinTrylock, OpSpinIsLocked}},
	} {
		k := []TypeKind{l.kind}
		register(&Prim{Kind: l.kind, Name: l.name, Lock: true, Atomic: !l.sleeps, sem: l.s, Ops: []SyncOpInfo{
			{Op: l.s.lock, Name: name(l.prefix, "lock"), Kinds: k, Blocking: true, Sleeps: l.sleeps, Acquires: true, Queues: true, Guarded: true},
			{Op: l.s.unlock, Name: name(l.prefix, "unlock"), Kinds: k},
			{Op: l.s.trylock, Name: name(l.prefix, "trylock"), Kinds: k, Expr: true, Acquires: true},
			{Op: l.s.isLocked, Name: name(l.prefix, "is_locked"), Kinds: k, Expr: true},
		}})
	}
}

func (l lockSem) layout(procs []string) []SlotSpec {
	return []SlotSpec{{".owner", 0, int64(len(procs))}}
}

func (l lockSem) guard(op SyncOp) func(*Machine, int) bool {
	if op != l.lock {
		panic(unknownOp("lock guard", op))
	}
	return func(m *Machine, base int) bool { return m.get(base+lockOwner) == 0 }
}

func (l lockSem) exec(op SyncOp, st *opSite) func(*Machine, int) bool {
	switch op {
	case l.lock:
		return func(m *Machine, base int) bool {
			m.store(base+lockOwner, m.me())
			return false
		}
	case l.unlock:
		return func(m *Machine, base int) bool {
			if o := m.get(base + lockOwner); o != m.me() {
				m.fail(KindMisuse, op.String()+" by non-owner", st.pos, "%s(%s) by %s, but %s", op, st.name,
					m.p.Procs[m.pid].Name(), m.p.holderText(o))
				return false
			}
			m.store(base+lockOwner, 0)
			return false
		}
	}
	panic(unknownOp("lock exec", op))
}

func (l lockSem) call(op SyncOp) func(*Machine, int, int64) int64 {
	switch op {
	case l.isLocked:
		return func(m *Machine, base int, _ int64) int64 { return b2i(m.get(base+lockOwner) != 0) }
	case l.trylock:
		return func(m *Machine, base int, _ int64) int64 {
			if m.get(base+lockOwner) != 0 {
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
	case l.lock, l.unlock, l.trylock:
		f.read(lockOwner)
		f.write(lockOwner)
	case l.isLocked:
		f.read(lockOwner)
	default:
		panic(unknownOp("lock footprint", op))
	}
}

func (l lockSem) blockers(op SyncOp, p *Program, s []uint64, base, _ int) int64 {
	if op != l.lock {
		panic(unknownOp("lock blockers", op))
	}
	return bitOf(p.Get(s, base+lockOwner))
}

func (l lockSem) blocked(op SyncOp, p *Program, s []uint64, base, pid int, name string) (string, []int) {
	if op != l.lock {
		panic(unknownOp("lock blocked", op))
	}
	o := p.Get(s, base+lockOwner)
	if o == int64(pid)+1 {
		return name + " is already held by " + p.Procs[pid].Name() + " itself", []int{pid}
	}
	return "waits for " + name + ", held by " + p.procName(o), []int{int(o) - 1}
}

func (l lockSem) holds(p *Program, s []uint64, base, pid int, out []Hold) []Hold {
	if p.Get(s, base+lockOwner) == int64(pid)+1 {
		out = append(out, Hold{Mode: HoldExclusive, Count: 1})
	}
	return out
}

func (l lockSem) transfer(op SyncOp, _ int, h *hold) {
	switch op {
	case l.lock:
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
	case l.lock:
		return false // blocking, and might_sleep, are checked generically
	case l.unlock:
		return x.lo < 1
	}
	panic(unknownOp("lock mayViolate", op))
}

func (l lockSem) heldBy(m *Machine, base int, _ bool) bool { return m.get(base+lockOwner) == m.me() }

func (l lockSem) holdReads(f *primFoot, _ bool) { f.read(lockOwner) }

func (l lockSem) surelyHolds(x hold, _ bool) bool { return x.lo >= 1 }

func (l lockSem) roles(base int, sy *Symmetry) { sy.owners = append(sy.owners, base+lockOwner) }

func (l lockSem) text(p *Program, s []uint64, base int) string {
	if v := p.Get(s, base+lockOwner); v != 0 {
		return "held by " + p.procName(v)
	}
	return "unlocked"
}
