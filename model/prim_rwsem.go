package model

import "strings"

// rw_semaphore: the writer (0 or pid+1), the queued writers (a bit per
// pid), then one read-hold count per process. Writer preference: a queued
// writer blocks new readers. A contended down_write is two steps: queue
// (down_write), then take the lock when it is free (its internal second
// half, OpDownWriteWait). See specs/README.md.

const (
	rwsemWriter  = 0
	rwsemWaiters = 1
	rwsemReaders = 2
	// MaxReadHolds is how many read holds of one rw_semaphore a process may have.
	MaxReadHolds = 3
)

type rwsemSem struct{}

func init() {
	rw := []TypeKind{TRwsem}
	register(&Prim{Kind: TRwsem, Name: "rw_semaphore", Lock: true, sem: rwsemSem{}, Ops: []SyncOpInfo{
		{Op: OpDownRead, Name: "down_read", Kinds: rw, Blocking: true, Sleeps: true, Acquires: true, Queues: true, Guarded: true},
		{Op: OpUpRead, Name: "up_read", Kinds: rw},
		{Op: OpDownWrite, Name: "down_write", Kinds: rw, Blocking: true, Sleeps: true, Acquires: true, Queues: true, Splits: true},
		{Op: OpDownWriteWait, Name: "down_write", Kinds: rw, Internal: true, Acquires: true, Queues: true, Guarded: true},
		{Op: OpUpWrite, Name: "up_write", Kinds: rw},
		{Op: OpDownReadTrylock, Name: "down_read_trylock", Kinds: rw, Expr: true, Acquires: true},
		{Op: OpDownWriteTrylock, Name: "down_write_trylock", Kinds: rw, Expr: true, Acquires: true},
		{Op: OpDowngradeWrite, Name: "downgrade_write", Kinds: rw, Acquires: true},
		{Op: OpRwsemIsLocked, Name: "rwsem_is_locked", Kinds: rw, Expr: true},
	}})
}

func (rwsemSem) layout(procs []string) []SlotSpec {
	n := int64(len(procs))
	out := []SlotSpec{{".writer", 0, n}, {".waiters", 0, int64(1)<<n - 1}}
	for _, pr := range procs {
		out = append(out, SlotSpec{".readers[" + pr + "]", 0, MaxReadHolds})
	}
	return out
}

func (m *Machine) rwFree(base int) bool {
	if m.get(base+rwsemWriter) != 0 {
		return false
	}
	for pid := range m.p.Procs {
		if m.get(base+rwsemReaders+pid) != 0 {
			return false
		}
	}
	return true
}

// readable: writer preference means a queued writer blocks new readers.
func (m *Machine) readable(base int) bool {
	return m.get(base+rwsemWriter) == 0 && m.get(base+rwsemWaiters) == 0
}

func (rwsemSem) guard(op SyncOp) func(*Machine, int) bool {
	switch op {
	case OpDownRead:
		return (*Machine).readable
	case OpDownWriteWait:
		return (*Machine).rwFree
	}
	panic(unknownOp("rw_semaphore guard", op))
}

func (rwsemSem) exec(op SyncOp, st *opSite) func(*Machine, int) bool {
	switch op {
	case OpDownRead:
		return func(m *Machine, base int) bool { m.addRead(op, base, st.name, st.pos); return false }
	case OpUpRead:
		return func(m *Machine, base int) bool {
			r := base + rwsemReaders + m.pid
			if m.get(r) == 0 {
				m.fail(KindMisuse, "up_read without down_read", st.pos, "up_read(%s) by %s, which holds no read lock on it",
					st.name, m.p.Procs[m.pid].Name())
				return false
			}
			m.store(r, m.get(r)-1)
			return false
		}
	case OpDownWrite:
		return func(m *Machine, base int) bool {
			if m.rwFree(base) {
				m.store(base+rwsemWriter, m.me())
				return false
			}
			m.store(base+rwsemWaiters, m.get(base+rwsemWaiters)|1<<m.pid)
			return true
		}
	case OpDownWriteWait:
		return func(m *Machine, base int) bool {
			m.store(base+rwsemWaiters, m.get(base+rwsemWaiters)&^(1<<m.pid))
			m.store(base+rwsemWriter, m.me())
			return false
		}
	case OpUpWrite, OpDowngradeWrite:
		return func(m *Machine, base int) bool {
			if w := m.get(base + rwsemWriter); w != m.me() {
				m.fail(KindMisuse, op.String()+" by non-owner", st.pos, "%s(%s) by %s, but %s", op, st.name,
					m.p.Procs[m.pid].Name(), m.p.writerText(w))
				return false
			}
			m.store(base+rwsemWriter, 0)
			if op == OpDowngradeWrite {
				m.addRead(op, base, st.name, st.pos)
			}
			return false
		}
	}
	panic(unknownOp("rw_semaphore exec", op))
}

func (m *Machine) addRead(op SyncOp, base int, name string, pos Pos) {
	r := base + rwsemReaders + m.pid
	if m.get(r) >= MaxReadHolds {
		m.fail(KindMisuse, "too many read holds", pos, "%s(%s): %s already holds %d read locks", op, name,
			m.p.Procs[m.pid].Name(), MaxReadHolds)
		return
	}
	m.store(r, m.get(r)+1)
}

func (rwsemSem) call(op SyncOp) func(*Machine, int, int64) int64 {
	switch op {
	case OpRwsemIsLocked:
		return func(m *Machine, base int, _ int64) int64 { return b2i(!m.rwFree(base)) }
	case OpDownReadTrylock:
		return func(m *Machine, base int, _ int64) int64 {
			r := base + rwsemReaders + m.pid
			if !m.readable(base) || m.get(r) >= MaxReadHolds {
				return 0
			}
			m.store(r, m.get(r)+1)
			return 1
		}
	case OpDownWriteTrylock:
		return func(m *Machine, base int, _ int64) int64 {
			if !m.rwFree(base) {
				return 0
			}
			m.store(base+rwsemWriter, m.me())
			return 1
		}
	}
	panic(unknownOp("rw_semaphore call", op))
}

func (rwsemSem) footprint(op SyncOp, f *primFoot) {
	switch op {
	case OpDownRead, OpDownReadTrylock:
		f.read(rwsemWriter)
		f.read(rwsemWaiters)
		f.perProc(f.reads, rwsemReaders, true)
		f.perProc(f.writes, rwsemReaders, true)
	case OpUpRead:
		f.perProc(f.reads, rwsemReaders, true)
		f.perProc(f.writes, rwsemReaders, true)
	case OpDownWrite, OpDownWriteWait:
		f.read(rwsemWriter)
		f.read(rwsemWaiters)
		f.perProc(f.reads, rwsemReaders, false)
		f.write(rwsemWriter)
		f.write(rwsemWaiters)
	case OpDownWriteTrylock:
		f.read(rwsemWriter)
		f.perProc(f.reads, rwsemReaders, false)
		f.write(rwsemWriter)
	case OpUpWrite, OpDowngradeWrite:
		f.read(rwsemWriter)
		f.write(rwsemWriter)
		if op == OpDowngradeWrite {
			f.perProc(f.reads, rwsemReaders, true)
			f.perProc(f.writes, rwsemReaders, true)
		}
	case OpRwsemIsLocked:
		f.read(rwsemWriter)
		f.perProc(f.reads, rwsemReaders, false)
	default:
		panic(unknownOp("rw_semaphore footprint", op))
	}
}

// readerSet is the processes holding the lock for read.
func readerSet(p *Program, s []uint64, base int) (set int64) {
	for q := range p.Procs {
		if p.Get(s, base+rwsemReaders+q) > 0 {
			set |= 1 << q
		}
	}
	return set
}

func (rwsemSem) blockers(op SyncOp, p *Program, s []uint64, base int) int64 {
	switch op {
	case OpDownRead:
		return bitOf(p.Get(s, base+rwsemWriter)) | p.Get(s, base+rwsemWaiters)
	case OpDownWriteWait:
		return bitOf(p.Get(s, base+rwsemWriter)) | readerSet(p, s, base)
	}
	panic(unknownOp("rw_semaphore blockers", op))
}

func (rwsemSem) blocked(op SyncOp, p *Program, s []uint64, base, _ int, name string) (string, []int) {
	w := p.Get(s, base+rwsemWriter)
	switch {
	case op == OpDownRead && w != 0:
		return "waits to read " + name + ", write-held by " + p.procName(w), []int{int(w) - 1}
	case op == OpDownRead:
		return "waits to read " + name + ": a queued writer (" + strings.Join(p.queued(s, base), ", ") +
			") blocks new readers", p.pidList(p.Get(s, base+rwsemWaiters))
	case op == OpDownWriteWait && w != 0:
		return "queued to write " + name + ", write-held by " + p.procName(w), []int{int(w) - 1}
	case op == OpDownWriteWait:
		return "queued to write " + name + ", read-held by " + strings.Join(p.readers(s, base), ", "),
			p.pidList(readerSet(p, s, base))
	}
	panic(unknownOp("rw_semaphore blocked", op))
}

func (rwsemSem) holds(p *Program, s []uint64, base, pid int, out []Hold) []Hold {
	if p.Get(s, base+rwsemWriter) == int64(pid)+1 {
		out = append(out, Hold{Mode: HoldWrite, Count: 1})
	}
	if n := p.Get(s, base+rwsemReaders+pid); n > 0 {
		out = append(out, Hold{Mode: HoldRead, Count: int(n)})
	}
	return out
}

func (rwsemSem) heldBy(m *Machine, base int, write bool) bool {
	if m.get(base+rwsemWriter) == m.me() {
		return true
	}
	return !write && m.get(base+rwsemReaders+m.pid) > 0
}

func (rwsemSem) holdReads(f *primFoot, _ bool) {
	f.read(rwsemWriter)
	f.perProc(f.reads, rwsemReaders, true)
}

func (rwsemSem) surelyHolds(x hold, write bool) bool { return x.wlo >= 1 || (!write && x.lo >= 1) }

// transfer: lo/hi count read holds, wlo/whi the write hold.
func (rwsemSem) transfer(op SyncOp, k int, h *hold) {
	switch op {
	case OpDownRead:
		h.lo, h.hi = clampHold(h.lo+1), clampHold(h.hi+1)
	case OpUpRead:
		h.lo, h.hi = clampHold(h.lo-1), clampHold(h.hi-1)
	case OpDownWrite:
		if k == 0 { // taken at once; k == 1 queues
			h.wlo, h.whi = 1, 1
		}
	case OpDownWriteWait:
		h.wlo, h.whi = 1, 1
	case OpUpWrite:
		h.wlo, h.whi = 0, 0
	case OpDowngradeWrite:
		h.wlo, h.whi = 0, 0
		h.lo, h.hi = clampHold(h.lo+1), clampHold(h.hi+1)
	default:
		panic(unknownOp("rw_semaphore transfer", op))
	}
}

func (rwsemSem) tryTake(op SyncOp, h *hold, certain bool) {
	switch op {
	case OpDownReadTrylock:
		if certain {
			h.lo = clampHold(h.lo + 1)
		}
		h.hi = clampHold(h.hi + 1)
	case OpDownWriteTrylock:
		if certain {
			h.wlo = 1
		}
		h.whi = 1
	default:
		panic(unknownOp("rw_semaphore trylock", op))
	}
}

func (rwsemSem) mayViolate(op SyncOp, x hold, _ *Node, _ *intervals) bool {
	switch op {
	case OpUpRead:
		return x.lo < 1
	case OpDownRead:
		return x.hi >= MaxReadHolds
	case OpUpWrite:
		return x.wlo < 1
	case OpDowngradeWrite:
		return x.wlo < 1 || x.hi >= MaxReadHolds
	case OpDownWrite, OpDownWriteWait:
		return false // blocking, and might_sleep, are checked generically
	}
	panic(unknownOp("rw_semaphore mayViolate", op))
}

func (rwsemSem) roles(base int, sy *Symmetry) {
	sy.owners = append(sy.owners, base+rwsemWriter)
	sy.masks = append(sy.masks, base+rwsemWaiters)
	sy.perProc = append(sy.perProc, base+rwsemReaders)
}

func (rwsemSem) text(p *Program, s []uint64, base int) string { return p.rwsemText(s, base) }

func (rwsemSem) queuedWriter(p *Program, s []uint64, base, pid int) bool {
	return p.Get(s, base+rwsemWaiters)&(1<<pid) != 0
}
