package model

import (
	"fmt"
	"strings"
)

// The range lock's operations (prim_range_lock.go has the state). Every
// operation takes the range [start, end) as its two arguments after the
// object.

func (rangeLockSem) guard(op SyncOp) func(*Machine, int, []int64) bool {
	switch op {
	case OpRangeReadLockWait, OpRangeWriteLockWait: // granted by the releases
		return func(m *Machine, base int, _ []int64) bool { return m.p.rlList(m.s, base).waiting(m.pid) < 0 }
	}
	panic(unknownOp("range_lock guard", op))
}

func (rangeLockSem) exec(op SyncOp, st *opSite) func(*Machine, int, []int64) bool {
	switch op {
	case OpRangeReadLock, OpRangeWriteLock: // insert, wait if an earlier range conflicts
		w := writeOp(op)
		return func(m *Machine, base int, a []int64) bool {
			l, ok := m.rlCheck(op, st, base, a, true)
			if !ok {
				return false
			}
			j := l.len()
			m.rlSet(base, j, rlRange{m.me(), a[0], a[1], w})
			return !m.p.rlList(m.s, base).granted(j)
		}
	case OpRangeReadLockWait, OpRangeWriteLockWait:
		return func(*Machine, int, []int64) bool { return false }
	case OpRangeReadUnlock, OpRangeWriteUnlock, OpRangeDowngradeWrite:
		return rangeRelease(op, st)
	}
	panic(unknownOp("range_lock exec", op))
}

// rangeRelease links the unlocks and range_downgrade_write: the caller must
// hold exactly that range in that mode (the kernel passes the same struct
// range_lock it locked; a process's ranges are all granted while it runs).
func rangeRelease(op SyncOp, st *opSite) func(*Machine, int, []int64) bool {
	w := writeOp(op)
	return func(m *Machine, base int, a []int64) bool {
		l, ok := m.rlCheck(op, st, base, a, false)
		if !ok {
			return false
		}
		i := l.find(rlRange{m.me(), a[0], a[1], w})
		if i < 0 {
			mode := "read"
			if w {
				mode = "write"
			}
			m.fail(KindMisuse, op.String()+" of a range not held", st.pos, "%s(%s, %d, %d) by %s, which holds no %s lock on [%d,%d) of it",
				op, st.name, a[0], a[1], m.p.Procs[m.pid].Name(), mode, a[0], a[1])
			return false
		}
		if op == OpRangeDowngradeWrite {
			m.store(base+i*rlEntry+rlWrite, 0) // later readers it blocked alone are granted
		} else {
			m.rlRemove(l, i)
		}
		return false
	}
}

// call: the trylocks. range_read_trylock fails when an overlapping writer
// is held or queued (__range_read_trylock); range_write_trylock fails when
// the range meets the span from the lowest start to the highest end of the
// ranges in the tree (__range_overlaps_intree, which compares with the
// root's subtree last and the leftmost node only: it may fail although no
// range overlaps).
func (rangeLockSem) call(op SyncOp) func(*Machine, int, []int64) int64 {
	if op != OpRangeReadTrylock && op != OpRangeWriteTrylock {
		panic(unknownOp("range_lock call", op))
	}
	w := op == OpRangeWriteTrylock
	return func(m *Machine, base int, a []int64) int64 {
		// The step fills in the position of a violation inside an expression.
		st := &opSite{name: m.p.locks[m.p.lockIndex[base]].Name}
		l, ok := m.rlCheck(op, st, base, a, false)
		if !ok || !l.tryFree(rlRange{m.me(), a[0], a[1], w}) {
			return 0
		}
		if _, ok := m.rlCheck(op, st, base, a, true); !ok {
			return 0
		}
		m.rlSet(base, l.len(), rlRange{m.me(), a[0], a[1], w})
		return 1
	}
}

// tryFree reports whether a trylock of r succeeds.
func (l rlList) tryFree(r rlRange) bool {
	n := l.len()
	if !r.write {
		for i := 0; i < n; i++ {
			if l.at(i).conflicts(r) {
				return false
			}
		}
		return true
	}
	if n == 0 {
		return true
	}
	lo, hi := l.at(0).start, l.at(0).end
	for i := 1; i < n; i++ {
		lo, hi = min(lo, l.at(i).start), max(hi, l.at(i).end)
	}
	return !(r.start < hi && lo < r.end)
}

// footprint: the whole list, as every kernel operation holds tree->lock;
// the wait only reads it.
func (rangeLockSem) footprint(op SyncOp, f *primFoot) {
	writeOp(op) // fail closed on an op that is not the range lock's
	k := int(f.params[1]) * rlEntry
	for off := 0; off < k; off++ {
		f.read(off)
		if op != OpRangeReadLockWait && op != OpRangeWriteLockWait {
			f.write(off)
		}
	}
}

func (rangeLockSem) blockers(op SyncOp, p *Program, s []uint64, base, pid int) int64 {
	if op != OpRangeReadLockWait && op != OpRangeWriteLockWait {
		panic(unknownOp("range_lock blockers", op))
	}
	l := p.rlList(s, base)
	if j := l.waiting(pid); j >= 0 {
		return l.blockers(j)
	}
	return 0
}

func (rangeLockSem) blocked(op SyncOp, p *Program, s []uint64, base, pid int, name string) (string, []int) {
	if op != OpRangeReadLockWait && op != OpRangeWriteLockWait {
		panic(unknownOp("range_lock blocked", op))
	}
	l := p.rlList(s, base)
	j := l.waiting(pid)
	if j < 0 {
		return "waits for " + name, nil
	}
	r := l.at(j)
	var ahead []string
	for i := 0; i < j; i++ {
		if e := l.at(i); e.conflicts(r) {
			ahead = append(ahead, l.rangeText(i))
		}
	}
	return fmt.Sprintf("waits to %s [%d,%d) of %s, behind %s", modeVerb(r.write), r.start, r.end, name,
		strings.Join(ahead, ", ")), p.pidList(l.blockers(j))
}

func modeVerb(write bool) string {
	if write {
		return "write"
	}
	return "read"
}

// rangeText renders range i: "[0,2) write-held by fault[0]" or "[0,2)
// read, queued by write_iter".
func (l rlList) rangeText(i int) string {
	r := l.at(i)
	if l.granted(i) {
		return fmt.Sprintf("[%d,%d) %s-held by %s", r.start, r.end, modeVerb(r.write), l.p.procName(r.owner))
	}
	return fmt.Sprintf("[%d,%d) %s, queued by %s", r.start, r.end, modeVerb(r.write), l.p.procName(r.owner))
}

func (rangeLockSem) text(p *Program, s []uint64, base int) string {
	l := p.rlList(s, base)
	var parts []string
	for i := 0; i < l.len(); i++ {
		parts = append(parts, l.rangeText(i))
	}
	if len(parts) == 0 {
		return "unlocked"
	}
	return strings.Join(parts, "; ")
}
