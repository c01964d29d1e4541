package model

import "strings"

// rw_semaphore as Linux queues it (kernel/locking/rwsem.c; specs/README.md
// "Lock wait queues" cites the version): a FIFO wait list of readers and
// writers, and hand-off to it on release. Slots, relative to the first:
//
//	writer            0 or pid+1
//	waiters           the queued writers, a bit per pid (RWSEM_FLAG_WAITERS's who)
//	readers[pid]      read holds of each process
//	wqueue[i]         the queued writers in arrival order: pid+1, 0 past its end
//	rqueued           the queued readers, a bit per pid
//	rahead            how many queued writers arrived before the earliest
//	                  queued reader (0 when no reader is queued)
//
// down_read and down_write take the lock at once when it is free for them
// and nobody waits; otherwise they join the tail of the list (the first
// step) and wait until a release grants them the lock (their internal
// second halves, OpDownReadWait and OpDownWriteWait, move only the pc). A
// release hands the lock over as rwsem_mark_wake does: a writer at the head
// gets it once it is free; a reader at the head wakes every queued reader,
// writers keeping their places. No newcomer passes a waiter: that is the
// kernel's behaviour once RWSEM_FLAG_HANDOFF is set; the few milliseconds of
// optimistic stealing before it is set are not modelled.
//
// The list is kept by what decides its future, not in full arrival order:
// readers leave it only all together, when the earliest of them reaches the
// head, so where a later reader stands among the writers never matters.
// Two lists that agree on the writers' order, the set of readers and the
// number of writers before the earliest reader behave alike in every
// continuation (specs/README.md, "rw_semaphore"); keeping the full order
// would multiply the states by the ways readers interleave with writers.

const (
	rwsemWriter  = 0
	rwsemWaiters = 1
	rwsemReaders = 2
	// MaxReadHolds is how many read holds of one rw_semaphore a process may have.
	MaxReadHolds = 3
)

// The rw_semaphore's kind and operations (numbered by prim.go); the
// reader-preferring variant shares the operations.
var (
	TRwsem = newKind()

	OpDownRead         = newOp()
	OpDownReadWait     = newOp() // the second half of a contended down_read
	OpUpRead           = newOp()
	OpDownWrite        = newOp()
	OpDownWriteWait    = newOp() // the second half of a contended down_write
	OpUpWrite          = newOp()
	OpDownReadTrylock  = newOp()
	OpDownWriteTrylock = newOp()
	OpDowngradeWrite   = newOp()
	OpRwsemIsLocked    = newOp()
)

// rwsemSem is Linux's rw_semaphore; the reader-preferring variant
// (prim_rwsem_rp.go) shares its holds, text helpers and rows.
type rwsemSem struct{ rwsemHolds }

func init() {
	rw := []TypeKind{TRwsem}
	register(&Prim{Kind: TRwsem, Name: "rw_semaphore", Lock: true, HandsOff: true, Pooled: true, LockdepWrite: true, sem: rwsemSem{}, Ops: []SyncOpInfo{
		{Op: OpDownRead, Name: "down_read", Kinds: rw, Blocking: true, Sleeps: true, Acquires: true, Queues: true, Splits: true, Wait: OpDownReadWait, Commutes: true},
		{Op: OpDownReadWait, Name: "down_read", Kinds: rw, Internal: true, Acquires: true, Queues: true, Guarded: true},
		{Op: OpUpRead, Name: "up_read", Kinds: rw},
		{Op: OpDownWrite, Name: "down_write", Kinds: rw, Blocking: true, Sleeps: true, Acquires: true, Queues: true, Splits: true, Wait: OpDownWriteWait},
		{Op: OpDownWriteWait, Name: "down_write", Kinds: rw, Internal: true, Acquires: true, Queues: true, Guarded: true},
		{Op: OpUpWrite, Name: "up_write", Kinds: rw},
		{Op: OpDownReadTrylock, Name: "down_read_trylock", Kinds: rw, Expr: true, Acquires: true},
		{Op: OpDownWriteTrylock, Name: "down_write_trylock", Kinds: rw, Expr: true, Acquires: true},
		{Op: OpDowngradeWrite, Name: "downgrade_write", Kinds: rw, Acquires: true},
		{Op: OpRwsemIsLocked, Name: "rwsem_is_locked", Kinds: rw, Expr: true, Reads: true},
	}})
}

// The wait list's slots, relative to the first, with nprocs processes.
func rwsemWQueue(nprocs int) int  { return rwsemReaders + nprocs }
func rwsemRQueued(nprocs int) int { return rwsemReaders + 2*nprocs }
func rwsemRAhead(nprocs int) int  { return rwsemReaders + 2*nprocs + 1 }

func (rwsemSem) layout(procs []string, _ []int64) []SlotSpec {
	out := rwsemRPSem{}.layout(procs, nil)
	n := int64(len(procs))
	for i := range procs {
		out = append(out, SlotSpec{".wqueue[" + itoa(i) + "]", 0, n})
	}
	return append(out, SlotSpec{".rqueued", 0, int64(1)<<n - 1}, SlotSpec{".rahead", 0, n - 1})
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

// nobodyQueued: the wait list is empty.
func (m *Machine) nobodyQueued(base int) bool {
	n := len(m.p.Procs)
	return m.get(base+rwsemWQueue(n)) == 0 && m.get(base+rwsemRQueued(n)) == 0
}

// queued reports whether the running process is on the wait list.
func (m *Machine) queued(base int) bool {
	bit := int64(1) << m.pid
	return (m.get(base+rwsemWaiters)|m.get(base+rwsemRQueued(len(m.p.Procs))))&bit != 0
}

// queuedWriters counts the queued writers.
func (m *Machine) queuedWriters(base int) int64 {
	q, k := base+rwsemWQueue(len(m.p.Procs)), 0
	for k < len(m.p.Procs) && m.get(q+k) != 0 {
		k++
	}
	return int64(k)
}

// enqueueReader adds the running process to the queued readers; the first
// of them records how many writers are ahead of it.
func (m *Machine) enqueueReader(base int) {
	n := len(m.p.Procs)
	rq := m.get(base + rwsemRQueued(n))
	if rq == 0 {
		m.store(base+rwsemRAhead(n), m.queuedWriters(base))
	}
	m.store(base+rwsemRQueued(n), rq|1<<m.pid)
}

// enqueueWriter adds the running process at the tail of the writers.
func (m *Machine) enqueueWriter(base int) {
	m.store(base+rwsemWaiters, m.get(base+rwsemWaiters)|1<<m.pid)
	m.store(base+rwsemWQueue(len(m.p.Procs))+int(m.queuedWriters(base)), m.me())
}

// rwsemWake hands the lock to the wait list after a release (rwsem_mark_wake).
func (m *Machine) rwsemWake(base int) {
	n := len(m.p.Procs)
	q, rq, ahead := base+rwsemWQueue(n), m.get(base+rwsemRQueued(n)), m.get(base+rwsemRAhead(n))
	switch head := m.get(q); {
	case head != 0 && (rq == 0 || ahead > 0): // a writer: only once the lock is free
		if !m.rwFree(base) {
			return
		}
		m.store(base+rwsemWriter, head)
		m.store(base+rwsemWaiters, m.get(base+rwsemWaiters)&^(1<<(head-1)))
		for i := 0; i < n; i++ {
			next := int64(0)
			if i+1 < n {
				next = m.get(q + i + 1)
			}
			m.store(q+i, next)
		}
		if rq != 0 {
			m.store(base+rwsemRAhead(n), ahead-1)
		}
	case rq != 0 && m.get(base+rwsemWriter) == 0: // readers: every queued reader
		for pid := 0; pid < n; pid++ {
			if rq&(1<<pid) != 0 {
				r := base + rwsemReaders + pid
				m.store(r, m.get(r)+1) // below MaxReadHolds: checked when it queued
			}
		}
		m.store(base+rwsemRQueued(n), 0)
	}
}

// queuedReader: pid is on the wait list as a reader.
func (rwsemSem) queuedReader(p *Program, s []uint64, base, pid int) bool {
	return p.Get(s, base+rwsemRQueued(len(p.Procs)))&(1<<pid) != 0
}

func (rwsemSem) guard(op SyncOp) func(*Machine, int, []int64) bool {
	switch op {
	case OpDownReadWait, OpDownWriteWait: // a release grants the lock and takes it off the list
		return func(m *Machine, base int, _ []int64) bool { return !m.queued(base) }
	}
	panic(unknownOp("rw_semaphore guard", op))
}

func (rwsemSem) exec(op SyncOp, st *opSite) func(*Machine, int, []int64) bool {
	switch op {
	case OpDownRead:
		return func(m *Machine, base int, _ []int64) bool {
			if m.get(base+rwsemReaders+m.pid) >= MaxReadHolds || (m.get(base+rwsemWriter) == 0 && m.nobodyQueued(base)) {
				m.addRead(op, base, st.name, st.pos)
				return false
			}
			m.enqueueReader(base)
			return true
		}
	case OpDownWrite:
		return func(m *Machine, base int, _ []int64) bool {
			if m.rwFree(base) && m.nobodyQueued(base) {
				m.store(base+rwsemWriter, m.me())
				return false
			}
			m.enqueueWriter(base)
			return true
		}
	case OpDownReadWait, OpDownWriteWait:
		return func(*Machine, int, []int64) bool { return false } // granted by the releaser
	case OpUpRead, OpUpWrite, OpDowngradeWrite:
		release := rwsemRelease(op, st)
		return func(m *Machine, base int, _ []int64) bool {
			if release(m, base) {
				m.rwsemWake(base)
			}
			return false
		}
	}
	panic(unknownOp("rw_semaphore exec", op))
}

func (rwsemSem) call(op SyncOp) func(*Machine, int, []int64) int64 {
	switch op {
	case OpRwsemIsLocked:
		return func(m *Machine, base int, _ []int64) int64 { return b2i(!m.rwFree(base)) }
	case OpDownReadTrylock: // fails while anyone waits, as RWSEM_FLAG_WAITERS makes it
		return func(m *Machine, base int, _ []int64) int64 {
			return b2i(m.nobodyQueued(base) && m.tryRead(base))
		}
	case OpDownWriteTrylock:
		return func(m *Machine, base int, _ []int64) int64 {
			if !m.rwFree(base) || !m.nobodyQueued(base) {
				return 0
			}
			m.store(base+rwsemWriter, m.me())
			return 1
		}
	}
	panic(unknownOp("rw_semaphore call", op))
}

func (rwsemSem) footprint(op SyncOp, f *primFoot) {
	wq, rq, ra := rwsemWQueue(f.nprocs), rwsemRQueued(f.nprocs), rwsemRAhead(f.nprocs)
	switch op {
	case OpDownRead:
		// Two down_reads commute: both take the lock at once (writer free,
		// nobody queued, and taking it changes neither), or both queue, and
		// the queued-reader mask is a set and rahead is set by whichever
		// queues first to the same count of queued writers.
		f.read(rwsemWriter)
		f.perProc(f.reads, wq, false)
		f.perProc(f.reads, rwsemReaders, true)
		f.perProc(f.writes, rwsemReaders, true)
		f.commute(rq)
		f.commute(ra)
	case OpDownReadWait, OpDownWriteWait:
		f.read(rwsemWaiters)
		f.read(rq)
	case OpDownWrite:
		f.read(rwsemWriter)
		f.read(rwsemWaiters)
		f.perProc(f.reads, rwsemReaders, false)
		f.perProc(f.reads, wq, false)
		f.read(rq)
		f.write(rwsemWriter)
		f.write(rwsemWaiters)
		f.perProc(f.writes, wq, false)
	case OpUpRead, OpUpWrite, OpDowngradeWrite: // the release, then the hand-off
		for _, set := range []SlotSet{f.reads, f.writes} {
			set.add(f.base + rwsemWriter)
			set.add(f.base + rwsemWaiters)
			f.perProc(set, rwsemReaders, false)
			f.perProc(set, wq, false)
			set.add(f.base + rq)
			set.add(f.base + ra)
		}
	case OpDownReadTrylock:
		f.read(rwsemWriter)
		f.read(wq)
		f.read(rq)
		f.perProc(f.reads, rwsemReaders, true)
		f.perProc(f.writes, rwsemReaders, true)
	case OpDownWriteTrylock:
		f.read(rwsemWriter)
		f.read(wq)
		f.read(rq)
		f.perProc(f.reads, rwsemReaders, false)
		f.write(rwsemWriter)
	case OpRwsemIsLocked:
		f.read(rwsemWriter)
		f.perProc(f.reads, rwsemReaders, false)
	default:
		panic(unknownOp("rw_semaphore footprint", op))
	}
}

// ahead returns the processes that leave the wait list before pid does
// (all of them if pid is not queued) and the queued writer at the head of
// the list, if any. A queued writer goes after the writers queued before
// it and, if the earliest queued reader is ahead of it, after every queued
// reader: they are woken together.
func ahead(p *Program, s []uint64, base, pid int) (all, headWriter int64) {
	n := len(p.Procs)
	wq, rq, ra := base+rwsemWQueue(n), p.Get(s, base+rwsemRQueued(n)), p.Get(s, base+rwsemRAhead(n))
	if rq == 0 || ra > 0 {
		headWriter = bitOf(p.Get(s, wq))
	}
	for i := 0; i < n; i++ {
		e := p.Get(s, wq+i)
		if int64(i) == ra {
			all |= rq
		}
		if e == 0 || e == int64(pid)+1 {
			break
		}
		all |= 1 << (e - 1)
	}
	return all, headWriter
}

// blockers: a queued reader stays queued while a writer holds the lock or
// a writer heads the list (readers are granted only from a reader at the
// head, and then all of them); a queued writer while anyone holds it or
// anyone leaves the list before it.
func (rwsemSem) blockers(op SyncOp, p *Program, s []uint64, base, pid int) int64 {
	if !rwsemWaits(op) {
		panic(unknownOp("rw_semaphore blockers", op)) // before reading the state
	}
	all, headWriter := ahead(p, s, base, pid)
	switch op {
	case OpDownReadWait:
		return bitOf(p.Get(s, base+rwsemWriter)) | headWriter
	case OpDownWriteWait:
		return bitOf(p.Get(s, base+rwsemWriter)) | readerSet(p, s, base) | all
	}
	panic(unknownOp("rw_semaphore blockers", op))
}

func (rwsemSem) blocked(op SyncOp, p *Program, s []uint64, base, pid int, name string) (string, []int) {
	if !rwsemWaits(op) {
		panic(unknownOp("rw_semaphore blocked", op)) // before reading the state
	}
	w := p.Get(s, base+rwsemWriter)
	all, headWriter := ahead(p, s, base, pid)
	switch {
	case (op == OpDownReadWait || op == OpDownWriteWait) && w != 0:
		return rwsemWaitVerb(op) + name + ", write-held by " + p.procName(w), []int{int(w) - 1}
	case op == OpDownReadWait:
		return "waits to read " + name + ": a queued writer (" + p.pidNames(headWriter) + ") blocks new readers", p.pidList(headWriter)
	case op == OpDownWriteWait && readerSet(p, s, base) != 0:
		return "queued to write " + name + ", read-held by " + strings.Join(p.readers(s, base), ", "),
			p.pidList(readerSet(p, s, base))
	case op == OpDownWriteWait:
		return "queued to write " + name + " behind " + p.pidNames(all), p.pidList(all)
	}
	panic(unknownOp("rw_semaphore blocked", op))
}

func rwsemWaitVerb(op SyncOp) string {
	if op == OpDownReadWait {
		return "waits to read "
	}
	return "queued to write "
}

// pidNames names a pid set's processes in pid order.
func (p *Program) pidNames(set int64) string {
	var out []string
	for _, pid := range p.pidList(set) {
		out = append(out, p.Procs[pid].Name())
	}
	return strings.Join(out, ", ")
}

// transfer: lo/hi count read holds, wlo/whi the write hold; a split op
// takes the lock on its first edge only (k == 1 queues).
func (rwsemSem) transfer(op SyncOp, k int, h *hold) {
	switch op {
	case OpDownRead:
		if k == 0 {
			h.lo, h.hi = clampHold(h.lo+1), clampHold(h.hi+1)
		}
	case OpDownReadWait:
		h.lo, h.hi = clampHold(h.lo+1), clampHold(h.hi+1)
	case OpDownWrite:
		if k == 0 {
			h.wlo, h.whi = 1, 1
		}
	case OpDownWriteWait:
		h.wlo, h.whi = 1, 1
	default:
		rwsemHolds{}.releaseTransfer(op, h)
	}
}

func (rwsemSem) mayViolate(op SyncOp, x hold, _ *Node, _ *intervals) bool {
	return rwsemHolds{}.mayViolate(op, x)
}

func (rwsemSem) roles(base int, sy *Symmetry) {
	n := len(sy.p.Procs)
	rwsemHolds{}.roles(base, sy)
	for i := 0; i < n; i++ {
		sy.owners = append(sy.owners, base+rwsemWQueue(n)+i)
	}
	sy.masks = append(sy.masks, base+rwsemRQueued(n))
}

// text shows the wait list as the state keeps it: the writers in order, the
// readers as a set, and the writer the earliest reader queued behind.
func (rwsemSem) text(p *Program, s []uint64, base int) string {
	n := len(p.Procs)
	parts := rwsemHolds{}.textParts(p, s, base)
	var ws []string
	for i := 0; i < n && p.Get(s, base+rwsemWQueue(n)+i) != 0; i++ {
		ws = append(ws, p.procName(p.Get(s, base+rwsemWQueue(n)+i)))
	}
	wtext, rtext := "", ""
	if len(ws) > 0 {
		wtext = "writer queued: " + strings.Join(ws, ", ")
	}
	if rq := p.Get(s, base+rwsemRQueued(n)); rq != 0 {
		rtext = "reader queued: " + p.pidNames(rq)
		if ra := p.Get(s, base+rwsemRAhead(n)); ra > 0 && int(ra) <= len(ws) {
			rtext += " (after " + ws[ra-1] + ")"
		} else {
			wtext, rtext = rtext, wtext // the readers head the list
		}
	}
	for _, t := range []string{wtext, rtext} {
		if t != "" {
			parts = append(parts, t)
		}
	}
	if len(parts) == 0 {
		return "unlocked"
	}
	return strings.Join(parts, "; ")
}
