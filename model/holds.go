package model

// Structured lock queries for renderers: who holds which lock, how, and who
// is queued, read from the state rather than from the display text.

// HoldMode is how a process holds a lock.
type HoldMode uint8

// Hold modes.
const (
	HoldExclusive HoldMode = iota // a mutex or a spinlock
	HoldRead                      // a rw_semaphore, for read
	HoldWrite                     // a rw_semaphore, for write
)

// Hold is one lock a process holds.
type Hold struct {
	Lock  int    // index into Locks
	Name  string // the lock's name, as in Values: "mmap_lock", "vma[1].lock"
	Mode  HoldMode
	Count int // read holds (down_read nests); 1 otherwise
}

// Holds lists the locks process pid holds in s, in Locks order.
func (p *Program) Holds(s []uint64, pid int) []Hold {
	var out []Hold
	for i, l := range p.locks {
		n := len(out)
		out = l.sem.holds(p, s, l.Base, pid, out)
		for k := n; k < len(out); k++ {
			out[k].Lock, out[k].Name = i, l.Name
		}
	}
	return out
}

// QueuedWriter reports whether process pid waits in s as a queued writer
// of lock (an index into Locks; false for a lock that queues no writers).
func (p *Program) QueuedWriter(s []uint64, lock, pid int) bool {
	l := p.locks[lock]
	q, ok := l.sem.(writerQueue)
	return ok && q.queuedWriter(p, s, l.Base, pid)
}

// writerQueue is a lock whose writers wait in a queue the state shows.
type writerQueue interface {
	queuedWriter(p *Program, s []uint64, base, pid int) bool
}

// Queued reports whether process pid waits in s on lock's wait list, and
// for which mode (false for a lock whose waiters the state does not keep).
func (p *Program) Queued(s []uint64, lock, pid int) (HoldMode, bool) {
	if p.QueuedWriter(s, lock, pid) {
		return HoldWrite, true
	}
	l := p.locks[lock]
	if q, ok := l.sem.(readerQueue); ok && q.queuedReader(p, s, l.Base, pid) {
		return HoldRead, true
	}
	return 0, false
}

// readerQueue is a lock whose readers wait in a queue the state shows.
type readerQueue interface {
	queuedReader(p *Program, s []uint64, base, pid int) bool
}

// Granted reports whether process pid holds lock in s because a release
// handed it over while it waited (prim_rwsem.go): it still rests at the
// waiting half of its acquisition. Renderers show the hold as taken when
// the waiter moves on.
func (p *Program) Granted(s []uint64, lock, pid int) bool {
	l := p.locks[lock]
	var hs [2]Hold
	if len(l.sem.holds(p, s, l.Base, pid, hs[:0])) == 0 {
		return false
	}
	pr := p.Procs[pid]
	m := p.NewMachine()
	m.s, m.pid = s, pid
	for _, st := range p.Starts(pid, p.PC(s, pid)) {
		nd := &pr.Type.Nodes[st]
		if i := info(nd.Op); nd.Kind == NSync && i.Internal && i.Queues && p.object(nd.Obj, pr)(m) == l.Base {
			return true
		}
	}
	return false
}
