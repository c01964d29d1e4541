package model

// A process that ends holding a lock is a bug in the kernel: lockdep warns
// "lock held when returning to user space", and the lock is never released.
// Every step that brings a process to its end checks its holds (kind
// lock_held_at_exit), unless its process declaration says exits_locked.
// Seqcount write sections have no owner to check: a count left odd shows as
// readers waiting forever instead.

// exitHolds names the first lock process m.pid holds, and how ("" if none).
func (m *Machine) exitHolds() (lock, how string) {
	p := m.p
	pid, me := m.pid, m.me()
	for _, l := range p.locks {
		switch l.Kind {
		case TRwsem:
			if m.get(l.Base+rwsemWriter) == me {
				return l.Name, "for write"
			}
			if n := m.get(l.Base + rwsemReaders + pid); n > 0 {
				return l.Name, "for read"
			}
		case TMutex, TSpinlock:
			if m.get(l.Base+lockOwner) == me {
				return l.Name, ""
			}
		default:
			panic(unknownKind("exitHolds", l.Kind))
		}
	}
	if rcu := p.rcuBase(); rcu >= 0 && m.get(p.rcuNest(rcu, pid)) > 0 {
		return "rcu_read_lock", "(inside an RCU read-side critical section)"
	}
	return "", ""
}

// checkExit reports a lock held when the current process reaches its end
// through the step that ran node n.
func (m *Machine) checkExit(pe *procExec, n int) {
	lock, how := m.exitHolds()
	if lock == "" {
		return
	}
	if how != "" {
		how = " " + how
	}
	nd := &pe.proc.Type.Nodes[n]
	m.fail(KindLockHeldAtExit, lock, nd.Pos, "%s ends holding %s%s (declare the process exits_locked if it means to)",
		pe.proc.Name(), lock, how)
}

// exitMayViolate reports whether a step that ends the process at node end,
// with holds h there, may hold a lock.
func exitMayViolate(t *ProcType, h holdState) bool {
	return !t.ExitsLocked && mayHoldAny(h)
}
