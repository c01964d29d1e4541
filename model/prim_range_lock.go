package model

import "fmt"

// range_lock(N, K): a range reader/writer lock over the positions 0..N-1
// (pages of a file, of an address space), after Davidlohr Bueso's
// "Introduce range reader/writer lock" (kernel/locking/range_lock.c and
// include/linux/range_lock.h, "Copyright (C) 2017 Jan Kara, Davidlohr
// Bueso"; never merged). The text read is [PATCH 02/64] of "mm: towards
// parallel address space operations" (linux-mm, 2018-02-05; the May 2019
// repost, 02/14, has the same range_lock.h, blob 51448addb2fa); the 2017 posting
// ("locking: Introduce range reader/writer lock", lwn.net/Articles/722741,
// which Dufour's 2017 mmap_sem series built on) was not read here.
// specs/README.md "range_lock" says what the model leaves out.
//
// The kernel keeps every held and every waiting range in one interval tree
// (range_lock_tree) under a spinlock. A new range counts the earlier ranges
// in the tree it conflicts with (overlapping, and not both readers) in its
// blocking_ranges and sleeps until that count is 0; removing a range
// decrements the later conflicting ones. So a range is granted exactly when
// no earlier range still in the tree conflicts with it: FIFO among
// overlapping ranges, disjoint ranges (and overlapping readers) proceed.
// The state keeps the tree as a list in arrival order (the tree's seqnum
// order), at most K ranges held or queued at once:
//
//	range[i].owner  0 past the end of the list, else pid+1
//	range[i].start  the range is [start, end) (the kernel's [start, last])
//	range[i].end
//	range[i].write  1 for a writer
//
// Removing a range shifts the later ones down, so equal trees are equal
// states. Whether a range is granted is computed, not stored (the kernel's
// blocking_ranges is exactly that count). Every operation reads and writes
// the whole list, as every kernel operation holds tree->lock: operations on
// disjoint ranges are dependent for partial-order reduction, which is sound
// and as serialised as the kernel.

const (
	rlOwner = iota
	rlStart
	rlEnd
	rlWrite
	rlEntry // slots per range
)

// Bounds on the declared parameters (they size the state).
const (
	RangeLockMaxN = 64
	RangeLockMaxK = 16
)

// The range lock's kind and operations (numbered by prim.go).
var (
	TRangeLock = newKind()

	OpRangeReadLock       = newOp()
	OpRangeReadLockWait   = newOp() // the second half of a contended range_read_lock
	OpRangeWriteLock      = newOp()
	OpRangeWriteLockWait  = newOp() // the second half of a contended range_write_lock
	OpRangeReadUnlock     = newOp()
	OpRangeWriteUnlock    = newOp()
	OpRangeDowngradeWrite = newOp()
	OpRangeReadTrylock    = newOp()
	OpRangeWriteTrylock   = newOp()
)

type rangeLockSem struct{}

func init() {
	k := []TypeKind{TRangeLock}
	lock := func(op, wait SyncOp, name string) []SyncOpInfo {
		return []SyncOpInfo{
			{Op: op, Name: name, Kinds: k, Args: 2, Blocking: true, Sleeps: true, Acquires: true, Queues: true, Splits: true, Wait: wait},
			{Op: wait, Name: name, Kinds: k, Args: 2, Internal: true, Acquires: true, Queues: true, Guarded: true},
		}
	}
	ops := append(lock(OpRangeReadLock, OpRangeReadLockWait, "range_read_lock"),
		lock(OpRangeWriteLock, OpRangeWriteLockWait, "range_write_lock")...)
	ops = append(ops,
		SyncOpInfo{Op: OpRangeReadUnlock, Name: "range_read_unlock", Kinds: k, Args: 2},
		SyncOpInfo{Op: OpRangeWriteUnlock, Name: "range_write_unlock", Kinds: k, Args: 2},
		SyncOpInfo{Op: OpRangeDowngradeWrite, Name: "range_downgrade_write", Kinds: k, Args: 2},
		SyncOpInfo{Op: OpRangeReadTrylock, Name: "range_read_trylock", Kinds: k, Args: 2, Expr: true, Acquires: true, MayFail: true},
		SyncOpInfo{Op: OpRangeWriteTrylock, Name: "range_write_trylock", Kinds: k, Args: 2, Expr: true, Acquires: true, MayFail: true},
	)
	register(&Prim{Kind: TRangeLock, Name: "range_lock", Lock: true, HandsOff: true, LockdepWrite: true, Params: []string{"N", "K"},
		CheckParams: rangeLockParams, CheckArgs: rangeLockArgs, sem: rangeLockSem{}, Ops: ops})
}

func rangeLockParams(v []int64) string {
	switch {
	case v[0] < 1 || v[0] > RangeLockMaxN:
		return fmt.Sprintf("the positions N must be in 1..%d", RangeLockMaxN)
	case v[1] < 1 || v[1] > RangeLockMaxK:
		return fmt.Sprintf("the ranges held or queued at once, K, must be in 1..%d", RangeLockMaxK)
	}
	return ""
}

// rangeLockArgs checks constant arguments: [start, end) must be a nonempty
// range within 0..N.
func rangeLockArgs(_ SyncOp, params, args []int64) string {
	if badRange(params[0], args[0], args[1]) {
		return rangeMsg(params[0], args[0], args[1])
	}
	return ""
}

func badRange(n, start, end int64) bool { return start < 0 || start >= end || end > n }

func rangeMsg(n, start, end int64) string {
	return fmt.Sprintf("[%d,%d) is not a nonempty range within 0..%d", start, end, n)
}

// rlShape returns the positions and the list length of the range lock at base.
func (p *Program) rlShape(base int) (n int64, k int) {
	ps := p.ParamsAt(base)
	return ps[0], int(ps[1])
}

func (rangeLockSem) layout(procs []string, params []int64) []SlotSpec {
	var out []SlotSpec
	np, n := int64(len(procs)), params[0]
	for i := int64(0); i < params[1]; i++ {
		r := fmt.Sprintf(".range[%d]", i)
		out = append(out, SlotSpec{r + ".owner", 0, np}, SlotSpec{r + ".start", 0, n - 1},
			SlotSpec{r + ".end", 0, n}, SlotSpec{r + ".write", 0, 1})
	}
	return out
}

// rlRange is one range of the list.
type rlRange struct {
	owner, start, end int64
	write             bool
}

func (a rlRange) conflicts(b rlRange) bool {
	return a.start < b.end && b.start < a.end && (a.write || b.write)
}

// rlList reads the list of the range lock at base.
type rlList struct {
	p    *Program
	s    []uint64
	base int
	k    int
}

func (p *Program) rlList(s []uint64, base int) rlList {
	_, k := p.rlShape(base)
	return rlList{p, s, base, k}
}

func (l rlList) at(i int) rlRange {
	b := l.base + i*rlEntry
	g := func(off int) int64 { return l.p.Get(l.s, b+off) }
	return rlRange{g(rlOwner), g(rlStart), g(rlEnd), g(rlWrite) != 0}
}

// len is the number of ranges held or queued.
func (l rlList) len() int {
	i := 0
	for i < l.k && l.p.Get(l.s, l.base+i*rlEntry+rlOwner) != 0 {
		i++
	}
	return i
}

// blockers returns the pids owning an earlier range that conflicts with
// range j: j is granted when it is empty.
func (l rlList) blockers(j int) (set int64) {
	r := l.at(j)
	for i := 0; i < j; i++ {
		if e := l.at(i); e.conflicts(r) {
			set |= 1 << (e.owner - 1)
		}
	}
	return set
}

func (l rlList) granted(j int) bool { return l.blockers(j) == 0 }

// waiting returns the range process pid waits for: its latest, since a
// process adds a range only when it locks, and then waits for it (-1: none
// is blocked).
func (l rlList) waiting(pid int) int {
	for j := l.len() - 1; j >= 0; j-- {
		if l.at(j).owner == int64(pid)+1 {
			if l.granted(j) {
				return -1
			}
			return j
		}
	}
	return -1
}

// find returns the first range of pid equal to want (-1: none).
func (l rlList) find(want rlRange) int {
	for j := 0; j < l.len(); j++ {
		if l.at(j) == want {
			return j
		}
	}
	return -1
}

func (m *Machine) rlSet(base, i int, r rlRange) {
	b := base + i*rlEntry
	m.store(b+rlOwner, r.owner)
	m.store(b+rlStart, r.start)
	m.store(b+rlEnd, r.end)
	m.store(b+rlWrite, b2i(r.write))
}

// rlRemove takes range i out of the list, shifting the later ones down.
func (m *Machine) rlRemove(l rlList, i int) {
	n := l.len()
	for j := i; j+1 < n; j++ {
		m.rlSet(l.base, j, l.at(j+1))
	}
	m.rlSet(l.base, n-1, rlRange{})
}

func writeOp(op SyncOp) bool {
	switch op {
	case OpRangeWriteLock, OpRangeWriteLockWait, OpRangeWriteUnlock, OpRangeWriteTrylock, OpRangeDowngradeWrite:
		return true
	case OpRangeReadLock, OpRangeReadLockWait, OpRangeReadUnlock, OpRangeReadTrylock:
		return false
	}
	panic(unknownOp("range_lock mode", op))
}

// rlCheck reports a bad range or a full list for an op that adds a range;
// ok is false after a violation.
func (m *Machine) rlCheck(op SyncOp, st *opSite, base int, args []int64, adds bool) (rlList, bool) {
	n, k := m.p.rlShape(base)
	l := m.p.rlList(m.s, base)
	call := fmt.Sprintf("%s(%s, %d, %d)", op, st.name, args[0], args[1])
	if badRange(n, args[0], args[1]) {
		m.fail(KindMisuse, "bad range", st.pos, "%s: %s", call, rangeMsg(n, args[0], args[1]))
		return l, false
	}
	if adds && l.len() == k {
		m.fail(KindMisuse, "too many ranges", st.pos, "%s by %s: %s already has %d ranges held or queued, all that range_lock(%d, %d) keeps",
			call, m.p.Procs[m.pid].Name(), st.name, k, n, k)
		return l, false
	}
	return l, true
}

// holds: the granted ranges of pid, as read and write hold counts (lockdep
// sees one lock, the tree's dep_map, taken once per range).
func (rangeLockSem) holds(p *Program, s []uint64, base, pid int, out []Hold) []Hold {
	l := p.rlList(s, base)
	var r, w int
	for i := 0; i < l.len(); i++ {
		if e := l.at(i); e.owner == int64(pid)+1 && l.granted(i) {
			if e.write {
				w++
			} else {
				r++
			}
		}
	}
	if w > 0 {
		out = append(out, Hold{Mode: HoldWrite, Count: w})
	}
	if r > 0 {
		out = append(out, Hold{Mode: HoldRead, Count: r})
	}
	return out
}

// queuedWriter and queuedReader: pid waits for a write (read) range.
func (rangeLockSem) queuedWriter(p *Program, s []uint64, base, pid int) bool {
	l := p.rlList(s, base)
	j := l.waiting(pid)
	return j >= 0 && l.at(j).write
}

func (rangeLockSem) queuedReader(p *Program, s []uint64, base, pid int) bool {
	l := p.rlList(s, base)
	j := l.waiting(pid)
	return j >= 0 && !l.at(j).write
}

// heldBy: lockdep_assert_held(_write) on the tree: some range held (for
// write: some write range), whatever the range.
func (rangeLockSem) heldBy(m *Machine, base int, write bool) bool {
	var hs [2]Hold
	for _, h := range (rangeLockSem{}).holds(m.p, m.s, base, m.pid, hs[:0]) {
		if !write || h.Mode == HoldWrite {
			return true
		}
	}
	return false
}

func (rangeLockSem) holdReads(f *primFoot, _ bool) {
	for off := 0; off < int(f.params[1])*rlEntry; off++ {
		f.read(off)
	}
}

func (rangeLockSem) surelyHolds(x hold, write bool) bool {
	return x.wlo >= 1 || (!write && x.lo >= 1)
}

// transfer: lo/hi count read ranges, wlo/whi write ranges; a lock's first
// edge (k == 0) is granted at once, its second queues, its wait is granted.
func (rangeLockSem) transfer(op SyncOp, k int, h *hold) {
	switch op {
	case OpRangeReadLock, OpRangeWriteLock:
		if k == 0 {
			rlAdd(h, writeOp(op), 1)
		}
	case OpRangeReadLockWait, OpRangeWriteLockWait:
		rlAdd(h, writeOp(op), 1)
	case OpRangeReadUnlock, OpRangeWriteUnlock:
		rlAdd(h, writeOp(op), -1)
	case OpRangeDowngradeWrite:
		rlAdd(h, true, -1)
		rlAdd(h, false, 1)
	default:
		panic(unknownOp("range_lock transfer", op))
	}
}

func rlAdd(h *hold, write bool, d int64) {
	if write {
		h.wlo, h.whi = clampHold(h.wlo+d), clampHold(h.whi+d)
	} else {
		h.lo, h.hi = clampHold(h.lo+d), clampHold(h.hi+d)
	}
}

func (rangeLockSem) tryTake(op SyncOp, h *hold, certain bool) {
	w := writeOp(op)
	if op != OpRangeReadTrylock && op != OpRangeWriteTrylock {
		panic(unknownOp("range_lock trylock", op))
	}
	if w {
		h.whi = clampHold(h.whi + 1)
		if certain {
			h.wlo = clampHold(h.wlo + 1)
		}
		return
	}
	h.hi = clampHold(h.hi + 1)
	if certain {
		h.lo = clampHold(h.lo + 1)
	}
}

// mayViolate: any range operation may (a bad range, a full list, a range
// the caller does not hold: the hold counts do not say which ranges).
func (rangeLockSem) mayViolate(op SyncOp, _ hold, _ *Node, _ *intervals) bool {
	writeOp(op) // fail closed
	return true
}

// roles: the owner of every range is a process identity.
func (rangeLockSem) roles(base int, sy *Symmetry) {
	_, k := sy.p.rlShape(base)
	for i := 0; i < k; i++ {
		sy.owners = append(sy.owners, base+i*rlEntry+rlOwner)
	}
}
