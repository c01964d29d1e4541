package model

import "strings"

// percpu_rw_semaphore: the writer (0 or pid+1), then one read-hold count
// per process. Linux 6.6 (include/linux/percpu-rwsem.h,
// kernel/locking/percpu-rwsem.c): readers take a per-CPU count and succeed
// unless sem->block is set; percpu_down_write enters rcu_sync (readers take
// the slow path), takes block (one writer at a time; others wait), and then
// waits until the active readers have drained. So once a writer has set
// block, new readers wait (writer preference), while readers already inside
// finish. The model keeps those blocking semantics, not the per-CPU
// counters: a contended percpu_down_write is two steps, take block
// (".writer" = the writer) and then wait for the readers (its internal
// second half). Readers and writers waiting for block are served in order
// in the kernel (sem->waiters), so their waits get lock fairness (Queues).
// See specs/README.md.

const (
	pcpuWriter  = 0
	pcpuReaders = 1
)

// The percpu_rw_semaphore's kind and operations (numbered by prim.go).
var (
	TPercpuRwsem = newKind()

	OpPercpuDownRead      = newOp()
	OpPercpuUpRead        = newOp()
	OpPercpuDownWrite     = newOp()
	OpPercpuDownWriteWait = newOp() // the second half of a contended percpu_down_write
	OpPercpuUpWrite       = newOp()
)

type percpuRwsemSem struct{}

func init() {
	k := []TypeKind{TPercpuRwsem}
	register(&Prim{Kind: TPercpuRwsem, Name: "percpu_rw_semaphore", Lock: true, Pooled: true, sem: percpuRwsemSem{}, Ops: []SyncOpInfo{
		{Op: OpPercpuDownRead, Name: "percpu_down_read", Kinds: k, Blocking: true, Sleeps: true, Acquires: true, Queues: true, Guarded: true},
		{Op: OpPercpuUpRead, Name: "percpu_up_read", Kinds: k},
		{Op: OpPercpuDownWrite, Name: "percpu_down_write", Kinds: k, Blocking: true, Sleeps: true, Acquires: true, Queues: true,
			Guarded: true, Splits: true, Wait: OpPercpuDownWriteWait},
		// The wait half takes nothing new (block is held): no lockdep edge.
		{Op: OpPercpuDownWriteWait, Name: "percpu_down_write", Kinds: k, Internal: true, Queues: true, Guarded: true},
		{Op: OpPercpuUpWrite, Name: "percpu_up_write", Kinds: k},
	}})
}

func (percpuRwsemSem) layout(procs []string, _ []int64) []SlotSpec {
	out := []SlotSpec{{".writer", 0, int64(len(procs))}}
	for _, pr := range procs {
		out = append(out, SlotSpec{".readers[" + pr + "]", 0, MaxReadHolds})
	}
	return out
}

func (m *Machine) pcpuNoReaders(base int) bool {
	for pid := range m.p.Procs {
		if m.get(base+pcpuReaders+pid) != 0 {
			return false
		}
	}
	return true
}

func (percpuRwsemSem) guard(op SyncOp) func(*Machine, int, []int64) bool {
	switch op {
	case OpPercpuDownRead, OpPercpuDownWrite: // block is clear
		return func(m *Machine, base int, _ []int64) bool { return m.get(base+pcpuWriter) == 0 }
	case OpPercpuDownWriteWait: // the readers have drained
		return func(m *Machine, base int, _ []int64) bool { return m.pcpuNoReaders(base) }
	}
	panic(unknownOp("percpu_rw_semaphore guard", op))
}

func (percpuRwsemSem) exec(op SyncOp, st *opSite) func(*Machine, int, []int64) bool {
	switch op {
	case OpPercpuDownRead:
		return func(m *Machine, base int, _ []int64) bool {
			r := base + pcpuReaders + m.pid
			if m.get(r) >= MaxReadHolds {
				m.fail(KindMisuse, "too many read holds", st.pos, "%s(%s): %s already holds %d read locks", op, st.name,
					m.p.Procs[m.pid].Name(), MaxReadHolds)
				return false
			}
			m.store(r, m.get(r)+1)
			return false
		}
	case OpPercpuUpRead:
		return func(m *Machine, base int, _ []int64) bool {
			r := base + pcpuReaders + m.pid
			if m.get(r) == 0 {
				m.fail(KindMisuse, "percpu_up_read without percpu_down_read", st.pos,
					"percpu_up_read(%s) by %s, which holds no read lock on it", st.name, m.p.Procs[m.pid].Name())
				return false
			}
			m.store(r, m.get(r)-1)
			return false
		}
	case OpPercpuDownWrite: // block is taken; wait if readers are inside
		return func(m *Machine, base int, _ []int64) bool {
			m.store(base+pcpuWriter, m.me())
			return !m.pcpuNoReaders(base)
		}
	case OpPercpuDownWriteWait:
		return func(*Machine, int, []int64) bool { return false }
	case OpPercpuUpWrite:
		return func(m *Machine, base int, _ []int64) bool {
			if w := m.get(base + pcpuWriter); w != m.me() {
				m.fail(KindMisuse, "percpu_up_write by non-owner", st.pos, "percpu_up_write(%s) by %s, but %s", st.name,
					m.p.Procs[m.pid].Name(), m.p.writerText(w))
				return false
			}
			m.store(base+pcpuWriter, 0)
			return false
		}
	}
	panic(unknownOp("percpu_rw_semaphore exec", op))
}

func (percpuRwsemSem) call(op SyncOp) func(*Machine, int, []int64) int64 {
	panic(unknownOp("percpu_rw_semaphore call", op))
}

func (percpuRwsemSem) footprint(op SyncOp, f *primFoot) {
	switch op {
	case OpPercpuDownRead:
		f.read(pcpuWriter)
		f.perProc(f.reads, pcpuReaders, true)
		f.perProc(f.writes, pcpuReaders, true)
	case OpPercpuUpRead:
		f.perProc(f.reads, pcpuReaders, true)
		f.perProc(f.writes, pcpuReaders, true)
	case OpPercpuDownWrite:
		f.read(pcpuWriter)
		f.write(pcpuWriter)
		f.perProc(f.reads, pcpuReaders, false)
	case OpPercpuDownWriteWait:
		f.perProc(f.reads, pcpuReaders, false)
	case OpPercpuUpWrite:
		f.read(pcpuWriter)
		f.write(pcpuWriter)
	default:
		panic(unknownOp("percpu_rw_semaphore footprint", op))
	}
}

func pcpuReaderSet(p *Program, s []uint64, base int) (set int64) {
	for q := range p.Procs {
		if p.Get(s, base+pcpuReaders+q) > 0 {
			set |= 1 << q
		}
	}
	return set
}

func (percpuRwsemSem) blockers(op SyncOp, p *Program, s []uint64, base, _ int) int64 {
	switch op {
	case OpPercpuDownRead, OpPercpuDownWrite:
		return bitOf(p.Get(s, base+pcpuWriter))
	case OpPercpuDownWriteWait:
		return pcpuReaderSet(p, s, base)
	}
	panic(unknownOp("percpu_rw_semaphore blockers", op))
}

func (percpuRwsemSem) blocked(op SyncOp, p *Program, s []uint64, base, _ int, name string) (string, []int) {
	switch w := int64(0); op {
	case OpPercpuDownRead:
		w = p.Get(s, base+pcpuWriter)
		return "waits to read " + name + ": writer " + p.procName(w) + " has blocked new readers", []int{int(w) - 1}
	case OpPercpuDownWrite:
		w = p.Get(s, base+pcpuWriter)
		return "waits to write " + name + ", write-held by " + p.procName(w), []int{int(w) - 1}
	case OpPercpuDownWriteWait:
		set := pcpuReaderSet(p, s, base)
		var names []string
		for _, q := range p.pidList(set) {
			names = append(names, p.Procs[q].Name())
		}
		return "waits for the readers of " + name + " to drain: " + strings.Join(names, ", "), p.pidList(set)
	}
	panic(unknownOp("percpu_rw_semaphore blocked", op))
}

var pcpuHolds = writerReaders{pcpuWriter, pcpuReaders}

func (percpuRwsemSem) holds(p *Program, s []uint64, base, pid int, out []Hold) []Hold {
	return pcpuHolds.holds(p, s, base, pid, out)
}

func (percpuRwsemSem) heldBy(m *Machine, base int, write bool) bool {
	return pcpuHolds.heldBy(m, base, write)
}

func (percpuRwsemSem) holdReads(f *primFoot, _ bool) { pcpuHolds.holdReads(f) }

func (percpuRwsemSem) surelyHolds(x hold, write bool) bool { return pcpuHolds.surelyHolds(x, write) }

// transfer: lo/hi count read holds, wlo/whi the write hold (block, taken
// by the first half on both edges).
func (percpuRwsemSem) transfer(op SyncOp, _ int, h *hold) {
	switch op {
	case OpPercpuDownRead:
		h.lo, h.hi = clampHold(h.lo+1), clampHold(h.hi+1)
	case OpPercpuUpRead:
		h.lo, h.hi = clampHold(h.lo-1), clampHold(h.hi-1)
	case OpPercpuDownWrite, OpPercpuDownWriteWait:
		h.wlo, h.whi = 1, 1
	case OpPercpuUpWrite:
		h.wlo, h.whi = 0, 0
	default:
		panic(unknownOp("percpu_rw_semaphore transfer", op))
	}
}

func (percpuRwsemSem) tryTake(op SyncOp, _ *hold, _ bool) {
	panic(unknownOp("percpu_rw_semaphore trylock", op))
}

func (percpuRwsemSem) mayViolate(op SyncOp, x hold, _ *Node, _ *intervals) bool {
	switch op {
	case OpPercpuUpRead:
		return x.lo < 1
	case OpPercpuDownRead:
		return x.hi >= MaxReadHolds
	case OpPercpuUpWrite:
		return x.wlo < 1
	case OpPercpuDownWrite, OpPercpuDownWriteWait:
		return false // blocking, and might_sleep, are checked generically
	}
	panic(unknownOp("percpu_rw_semaphore mayViolate", op))
}

func (percpuRwsemSem) roles(base int, sy *Symmetry) {
	sy.owners = append(sy.owners, base+pcpuWriter)
	sy.perProc = append(sy.perProc, base+pcpuReaders)
}

func (percpuRwsemSem) text(p *Program, s []uint64, base int) string {
	var parts []string
	if w := p.Get(s, base+pcpuWriter); w != 0 {
		parts = append(parts, "write-held by "+p.procName(w))
	}
	var rs []string
	for _, q := range p.pidList(pcpuReaderSet(p, s, base)) {
		rs = append(rs, p.Procs[q].Name())
	}
	if len(rs) > 0 {
		parts = append(parts, "read-held by "+strings.Join(rs, ", "))
	}
	if len(parts) == 0 {
		return "unlocked"
	}
	return strings.Join(parts, "; ")
}
