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
	me := int64(pid) + 1
	for i, l := range p.locks {
		if l.Kind != TRwsem {
			if p.Get(s, l.Base+lockOwner) == me {
				out = append(out, Hold{Lock: i, Name: l.Name, Mode: HoldExclusive, Count: 1})
			}
			continue
		}
		if p.Get(s, l.Base+rwsemWriter) == me {
			out = append(out, Hold{Lock: i, Name: l.Name, Mode: HoldWrite, Count: 1})
		}
		if n := p.Get(s, l.Base+rwsemReaders+pid); n > 0 {
			out = append(out, Hold{Lock: i, Name: l.Name, Mode: HoldRead, Count: int(n)})
		}
	}
	return out
}

// QueuedWriter reports whether process pid waits in s as a queued writer
// of lock (an index into Locks; false for a lock that is no rw_semaphore).
func (p *Program) QueuedWriter(s []uint64, lock, pid int) bool {
	l := p.locks[lock]
	return l.Kind == TRwsem && p.Get(s, l.Base+rwsemWaiters)&(1<<pid) != 0
}
