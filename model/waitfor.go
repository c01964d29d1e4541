package model

import "strings"

// Wait-for cycles: processes that wait for locks held (or, for a
// rw_semaphore, blocked by a queued writer) by each other can never move,
// whatever the other processes do. WaitCycle finds them in a state even
// when other processes can still run, so a deadlock hidden beside a thread
// that loops forever is still a deadlock. Waits on data (await) are not
// included: whether a condition will ever hold is a liveness question.
//
// The set found is stable: a lock's holders and a rw_semaphore's queued
// writers change only by steps of those processes, so while no process of
// the set moves, every one of them stays blocked, and none ever moves again.

// isLockWait reports whether a step starting at n may block waiting for a lock.
func isLockWait(n *Node) bool {
	return n.Kind == NSync && queues(n.Op) && guarded(n.Op)
}

// blockers returns, for a blocked lock wait of process pid at node n, the
// processes whose holds (or queued writes) block it: it stays blocked as
// long as any one of them does not move. ok is false if the step is not
// blocked on a lock.
func (m *Machine) blockers(pe *procExec, pid, n int) (set int64, ok bool) {
	p, s := m.p, m.s
	m.pid, m.viol = pid, nil
	if g := pe.enabled[n]; g == nil || g(m) {
		return 0, false
	}
	base := pe.lockObj[n](m)
	if base < 0 || m.viol != nil {
		return 0, false
	}
	nd := &pe.proc.Type.Nodes[n]
	op := nd.Op
	set = opSem("blockers", op, nd.ObjKind).blockers(op, p, s, base, pid)
	return set, set != 0
}

// bitOf turns an owner value (pid+1, 0 for nobody) into a pid set.
func bitOf(owner int64) int64 {
	if owner == 0 {
		return 0
	}
	return 1 << (owner - 1)
}

// WaitCycle returns a deadlock violation naming a cycle of processes that
// wait for each other's locks in s, or nil. It does not require the other
// processes to be blocked.
func (m *Machine) WaitCycle(s []uint64) *Violation {
	m.s = s
	defer func() { m.s, m.pid, m.viol = nil, -1, nil }()
	stuck := m.lockBlocked(s)
	if stuck == 0 {
		return nil
	}
	// The greatest set of which every member has, for each of its steps,
	// a blocker in the set: those never move again.
	for changed := true; changed; {
		changed = false
		for _, w := range m.waits {
			if stuck&(1<<w.pid) != 0 && w.by&stuck == 0 {
				stuck &^= 1 << w.pid
				changed = true
			}
		}
	}
	if stuck == 0 {
		return nil
	}
	return m.cycleViolation(s, stuck)
}

// lockBlocked returns the processes whose every step is a blocked lock
// wait, and records those waits in m.waits.
func (m *Machine) lockBlocked(s []uint64) (stuck int64) {
	p := m.p
	m.waits = m.waits[:0]
	for pid := range p.procs {
		pe := &p.procs[pid]
		starts := pe.starts[p.Get(s, pe.pcSlot)]
		first := len(m.waits)
		all := len(starts) > 0
		for _, st := range starts {
			set, ok := int64(0), pe.lockWait[st]
			if ok {
				set, ok = m.blockers(pe, pid, int(st))
			}
			if !ok {
				all = false
				break
			}
			m.waits = append(m.waits, waitEdge{pid, int(st), set})
		}
		if all {
			stuck |= 1 << pid
		} else {
			m.waits = m.waits[:first]
		}
	}
	return stuck
}

// waitEdge is one blocked step of a process and the processes blocking it.
type waitEdge struct {
	pid, node int
	by        int64
}

// nextInCycle returns the first blocker inside stuck of pid's first
// blocked step, and that step's node.
func (m *Machine) nextInCycle(pid int, stuck int64) (int, int) {
	for _, w := range m.waits {
		if w.pid == pid {
			by := w.by & stuck
			for q := 0; ; q++ {
				if by&(1<<q) != 0 {
					return q, w.node
				}
			}
		}
	}
	panic("wait-for cycle: a stuck process has no blocked step")
}

// cycleViolation follows blockers inside stuck from its first member until
// a process repeats, and names that cycle.
func (m *Machine) cycleViolation(s []uint64, stuck int64) *Violation {
	pid := 0
	for stuck&(1<<pid) == 0 {
		pid++
	}
	seen := map[int]int{}
	var path, nodes []int
	for {
		if at, ok := seen[pid]; ok {
			path, nodes = path[at:], nodes[at:]
			break
		}
		seen[pid] = len(path)
		q, n := m.nextInCycle(pid, stuck)
		path, nodes = append(path, pid), append(nodes, n)
		pid = q
	}
	var parts, names []string
	for i, pid := range path {
		reason, _ := m.blockReason(s, pid, nodes[i])
		parts = append(parts, m.p.Procs[pid].Name()+" "+reason)
		names = append(names, m.p.Procs[pid].Name())
	}
	names = append(names, names[0])
	return &Violation{Kind: KindDeadlock, Property: "deadlock", Pid: -1,
		Msg: "wait-for cycle " + strings.Join(names, " -> ") + ": " + strings.Join(parts, "; ") +
			"; none of them can ever move, whatever the other processes do"}
}
