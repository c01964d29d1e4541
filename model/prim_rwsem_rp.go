package model

import "strings"

// reader_pref_rwsem: a reader-preferring reader/writer lock, for comparing
// designs with Linux's rw_semaphore (prim_rwsem.go). A reader enters
// whenever no writer holds it, however many writers wait: the first
// readers-writers solution of Courtois, Heymans and Parnas (CACM 1971), and
// rwlock_t before queued rwlocks (v3.16). Writers wait as a set, not a
// queue. Slots: writer, waiters (queued writers, a bit per pid),
// readers[pid]. It takes the rw_semaphore's operations; declare it with
// `var NAME: reader_pref_rwsem`.

// TRwsemRP is the reader-preferring rw_semaphore (numbered by prim.go).
var TRwsemRP = newKind()

type rwsemRPSem struct{ rwsemHolds }

func init() {
	register(&Prim{Kind: TRwsemRP, Name: "reader_pref_rwsem", Like: TRwsem, Lock: true, Pooled: true, sem: rwsemRPSem{}})
}

func (rwsemRPSem) layout(procs []string, _ []int64) []SlotSpec {
	n := int64(len(procs))
	out := []SlotSpec{{".writer", 0, n}, {".waiters", 0, int64(1)<<n - 1}}
	for _, pr := range procs {
		out = append(out, SlotSpec{".readers[" + pr + "]", 0, MaxReadHolds})
	}
	return out
}

func (rwsemRPSem) guard(op SyncOp) func(*Machine, int, []int64) bool {
	switch op {
	case OpDownReadWait:
		return func(m *Machine, base int, _ []int64) bool { return m.get(base+rwsemWriter) == 0 }
	case OpDownWriteWait:
		return func(m *Machine, base int, _ []int64) bool { return m.rwFree(base) }
	}
	panic(unknownOp("reader_pref_rwsem guard", op))
}

func (rwsemRPSem) exec(op SyncOp, st *opSite) func(*Machine, int, []int64) bool {
	switch op {
	case OpDownRead:
		return func(m *Machine, base int, _ []int64) bool {
			if m.get(base+rwsemWriter) != 0 {
				return true
			}
			m.addRead(op, base, st.name, st.pos)
			return false
		}
	case OpDownReadWait:
		return func(m *Machine, base int, _ []int64) bool { m.addRead(op, base, st.name, st.pos); return false }
	case OpDownWrite:
		return func(m *Machine, base int, _ []int64) bool {
			if m.rwFree(base) {
				m.store(base+rwsemWriter, m.me())
				return false
			}
			m.store(base+rwsemWaiters, m.get(base+rwsemWaiters)|1<<m.pid)
			return true
		}
	case OpDownWriteWait:
		return func(m *Machine, base int, _ []int64) bool {
			m.store(base+rwsemWaiters, m.get(base+rwsemWaiters)&^(1<<m.pid))
			m.store(base+rwsemWriter, m.me())
			return false
		}
	case OpUpRead, OpUpWrite, OpDowngradeWrite:
		release := rwsemRelease(op, st)
		return func(m *Machine, base int, _ []int64) bool { release(m, base); return false }
	}
	panic(unknownOp("reader_pref_rwsem exec", op))
}

func (rwsemRPSem) call(op SyncOp) func(*Machine, int, []int64) int64 {
	switch op {
	case OpRwsemIsLocked:
		return func(m *Machine, base int, _ []int64) int64 { return b2i(!m.rwFree(base)) }
	case OpDownReadTrylock:
		return func(m *Machine, base int, _ []int64) int64 { return b2i(m.tryRead(base)) }
	case OpDownWriteTrylock:
		return func(m *Machine, base int, _ []int64) int64 {
			if !m.rwFree(base) {
				return 0
			}
			m.store(base+rwsemWriter, m.me())
			return 1
		}
	}
	panic(unknownOp("reader_pref_rwsem call", op))
}

func (rwsemRPSem) footprint(op SyncOp, f *primFoot) {
	switch op {
	case OpDownRead, OpDownReadWait, OpDownReadTrylock:
		f.read(rwsemWriter)
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
		panic(unknownOp("reader_pref_rwsem footprint", op))
	}
}

// rwsemWaits reports the ops a blocked process of an rw_semaphore waits in.
func rwsemWaits(op SyncOp) bool { return op == OpDownReadWait || op == OpDownWriteWait }

func (rwsemRPSem) blockers(op SyncOp, p *Program, s []uint64, base, _ int) int64 {
	switch op {
	case OpDownReadWait:
		return bitOf(p.Get(s, base+rwsemWriter))
	case OpDownWriteWait:
		return bitOf(p.Get(s, base+rwsemWriter)) | readerSet(p, s, base)
	}
	panic(unknownOp("reader_pref_rwsem blockers", op))
}

func (rwsemRPSem) blocked(op SyncOp, p *Program, s []uint64, base, _ int, name string) (string, []int) {
	if !rwsemWaits(op) {
		panic(unknownOp("reader_pref_rwsem blocked", op)) // before reading the state
	}
	w := p.Get(s, base+rwsemWriter)
	switch {
	case (op == OpDownReadWait || op == OpDownWriteWait) && w != 0:
		return rwsemWaitVerb(op) + name + ", write-held by " + p.procName(w), []int{int(w) - 1}
	case op == OpDownWriteWait:
		return "queued to write " + name + ", read-held by " + strings.Join(p.readers(s, base), ", "),
			p.pidList(readerSet(p, s, base))
	}
	panic(unknownOp("reader_pref_rwsem blocked", op))
}

func (rwsemRPSem) transfer(op SyncOp, k int, h *hold) { rwsemSem{}.transfer(op, k, h) }

func (rwsemRPSem) mayViolate(op SyncOp, x hold, _ *Node, _ *intervals) bool {
	if op == OpDownReadWait {
		return x.hi >= MaxReadHolds // it takes the read hold itself
	}
	return rwsemHolds{}.mayViolate(op, x)
}

func (rwsemRPSem) text(p *Program, s []uint64, base int) string { return p.rwsemText(s, base) }

// rwsemHolds is what both rw_semaphore kinds share: how the writer and the
// read holds are kept, queried, analysed and shown.
type rwsemHolds struct{}

func (m *Machine) addRead(op SyncOp, base int, name string, pos Pos) {
	r := base + rwsemReaders + m.pid
	if m.get(r) >= MaxReadHolds {
		m.fail(KindMisuse, "too many read holds", pos, "%s(%s): %s already holds %d read locks", op, name,
			m.p.Procs[m.pid].Name(), MaxReadHolds)
		return
	}
	m.store(r, m.get(r)+1)
}

// tryRead takes a read hold if no writer holds the lock and the count allows.
func (m *Machine) tryRead(base int) bool {
	r := base + rwsemReaders + m.pid
	if m.get(base+rwsemWriter) != 0 || m.get(r) >= MaxReadHolds {
		return false
	}
	m.store(r, m.get(r)+1)
	return true
}

// rwsemRelease links up_read, up_write and downgrade_write; the result
// says whether the release happened (not a misuse).
func rwsemRelease(op SyncOp, st *opSite) func(*Machine, int) bool {
	if op == OpUpRead {
		return func(m *Machine, base int) bool {
			r := base + rwsemReaders + m.pid
			if m.get(r) == 0 {
				m.fail(KindMisuse, "up_read without down_read", st.pos, "up_read(%s) by %s, which holds no read lock on it",
					st.name, m.p.Procs[m.pid].Name())
				return false
			}
			m.store(r, m.get(r)-1)
			return true
		}
	}
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
		return true
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

func (rwsemHolds) holds(p *Program, s []uint64, base, pid int, out []Hold) []Hold {
	return rwHolds.holds(p, s, base, pid, out)
}

func (rwsemHolds) queuedWriter(p *Program, s []uint64, base, pid int) bool {
	return p.Get(s, base+rwsemWaiters)&(1<<pid) != 0
}

func (rwsemHolds) heldBy(m *Machine, base int, write bool) bool {
	return rwHolds.heldBy(m, base, write)
}

func (rwsemHolds) holdReads(f *primFoot, _ bool) {
	rwHolds.holdReads(f)
}

func (rwsemHolds) surelyHolds(x hold, write bool) bool { return rwHolds.surelyHolds(x, write) }

var rwHolds = writerReaders{rwsemWriter, rwsemReaders}

// writerReaders answers the hold queries of a reader/writer lock whose
// state has the writer (pid+1) at slot writer and one read-hold count per
// process from slot readers: the rw_semaphores and percpu_rw_semaphore.
type writerReaders struct{ writer, readers int }

func (w writerReaders) holds(p *Program, s []uint64, base, pid int, out []Hold) []Hold {
	if p.Get(s, base+w.writer) == int64(pid)+1 {
		out = append(out, Hold{Mode: HoldWrite, Count: 1})
	}
	if n := p.Get(s, base+w.readers+pid); n > 0 {
		out = append(out, Hold{Mode: HoldRead, Count: int(n)})
	}
	return out
}

func (w writerReaders) heldBy(m *Machine, base int, write bool) bool {
	if m.get(base+w.writer) == m.me() {
		return true
	}
	return !write && m.get(base+w.readers+m.pid) > 0
}

func (w writerReaders) holdReads(f *primFoot) {
	f.read(w.writer)
	f.perProc(f.reads, w.readers, true)
}

// surelyHolds: lo/hi count read holds, wlo/whi the write hold.
func (writerReaders) surelyHolds(x hold, write bool) bool { return x.wlo >= 1 || (!write && x.lo >= 1) }

func (rwsemHolds) releaseTransfer(op SyncOp, h *hold) {
	switch op {
	case OpUpRead:
		h.lo, h.hi = clampHold(h.lo-1), clampHold(h.hi-1)
	case OpUpWrite:
		h.wlo, h.whi = 0, 0
	case OpDowngradeWrite:
		h.wlo, h.whi = 0, 0
		h.lo, h.hi = clampHold(h.lo+1), clampHold(h.hi+1)
	default:
		panic(unknownOp("rw_semaphore transfer", op))
	}
}

func (rwsemHolds) tryTake(op SyncOp, h *hold, certain bool) {
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

func (rwsemHolds) mayViolate(op SyncOp, x hold) bool {
	switch op {
	case OpUpRead:
		return x.lo < 1
	case OpDownRead:
		return x.hi >= MaxReadHolds
	case OpUpWrite:
		return x.wlo < 1
	case OpDowngradeWrite:
		return x.wlo < 1 || x.hi >= MaxReadHolds
	case OpDownWrite, OpDownWriteWait, OpDownReadWait:
		return false // blocking, and might_sleep, are checked generically
	}
	panic(unknownOp("rw_semaphore mayViolate", op))
}

func (rwsemHolds) roles(base int, sy *Symmetry) {
	sy.owners = append(sy.owners, base+rwsemWriter)
	sy.masks = append(sy.masks, base+rwsemWaiters)
	sy.perProc = append(sy.perProc, base+rwsemReaders)
}

// textParts shows the writer and the readers.
func (rwsemHolds) textParts(p *Program, s []uint64, base int) []string {
	var parts []string
	if w := p.Get(s, base+rwsemWriter); w != 0 {
		parts = append(parts, "write-held by "+p.procName(w))
	}
	if rs := p.readers(s, base); len(rs) > 0 {
		parts = append(parts, "read-held by "+strings.Join(rs, ", "))
	}
	return parts
}
