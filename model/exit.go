package model

// A process that ends holding a lock is a bug in the kernel: lockdep warns
// "lock held when returning to user space", and the lock is never released.
// Every step that brings a process to its end checks its holds (kind
// lock_held_at_exit), unless its process declaration says exits_locked.
// Seqcount write sections have no owner to check: a count left odd shows as
// readers waiting forever instead.

// holdHow says how a hold is held, after the lock's name.
var holdHow = [...]string{HoldExclusive: "", HoldRead: "for read", HoldWrite: "for write"}

// exitHolds names the first lock process m.pid holds, and how ("" if none).
func (m *Machine) exitHolds() (lock, how string) {
	p := m.p
	pid := m.pid
	for _, l := range p.locks {
		for _, h := range l.sem.holds(p, m.s, l.Base, pid, m.hs[:0]) {
			return l.Name, holdHow[h.Mode]
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
