package model

import (
	"fmt"

	"mcheck/internal/pad"
)

// Machine executes steps of a Program. It owns scratch buffers, so each
// concurrent explorer worker needs its own; Successors allocates nothing per
// successor.
type Machine struct {
	_    pad.Line // workers' machines must not share lines (package pad)
	p    *Program
	s    []uint64 // the state being read (guards) or written (steps)
	next []uint64
	pid  int
	viol *Violation
	tmp  []int64
	// argStack holds the argument values of the operations being run
	// (sync.go pushArgs).
	argStack []int64

	waits []waitEdge // WaitCycle's scratch
	hs    []Hold     // the descriptors' holds scratch (locks.go)
	_     pad.Line
}

// Trans identifies a step: the process and the node where its step starts.
type Trans struct {
	Pid  int32
	Node int32
}

// NewMachine returns a machine for p.
func (p *Program) NewMachine() *Machine {
	return &Machine{p: p, next: pad.Slice[uint64](p.words), pid: -1, tmp: pad.Slice[int64](p.maxTmp + 1),
		hs: pad.Slice[Hold](4)[:0], argStack: pad.Slice[int64](8)[:0], waits: pad.Slice[waitEdge](4)[:0]}
}

func (m *Machine) fail(kind Kind, prop string, pos Pos, format string, args ...any) {
	if m.viol != nil {
		return
	}
	m.viol = &Violation{Kind: kind, Property: prop, Pid: m.pid, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// Successors calls emit for every enabled step of s, in pid order and then
// node order, with the successor state (a buffer reused by the next call:
// copy it to keep it) and the violation the step committed, if any. It
// returns the number of enabled steps.
func (m *Machine) Successors(s []uint64, emit func(t Trans, next []uint64, v *Violation)) int {
	n := 0
	p := m.p
	for pid := range p.procs {
		pe := &p.procs[pid]
		pc := p.Get(s, pe.pcSlot)
		for _, start := range pe.starts[pc] {
			m.s, m.pid, m.viol = s, pid, nil
			if g := pe.enabled[start]; g != nil && !g(m) {
				continue
			}
			copy(m.next, s)
			m.s = m.next
			m.run(pe, int(start))
			n++
			emit(Trans{Pid: int32(pid), Node: start}, m.next, m.viol)
		}
	}
	m.s, m.pid, m.viol = nil, -1, nil
	return n
}

// Enabled lists the enabled steps of s.
func (m *Machine) Enabled(s []uint64) []Trans { return m.EnabledInto(s, nil) }

// Step executes t from s into a new state. ok is false when t is not an
// enabled step of s (the process is elsewhere, or the step is blocked).
func (m *Machine) Step(s []uint64, t Trans) (next []uint64, v *Violation, ok bool) {
	p := m.p
	if t.Pid < 0 || int(t.Pid) >= len(p.procs) {
		return nil, nil, false
	}
	pe := &p.procs[t.Pid]
	found := false
	for _, st := range pe.starts[p.Get(s, pe.pcSlot)] {
		found = found || st == t.Node
	}
	if !found {
		return nil, nil, false
	}
	m.s, m.pid, m.viol = s, int(t.Pid), nil
	if g := pe.enabled[t.Node]; g != nil && !g(m) {
		m.s, m.pid = nil, -1
		return nil, nil, false
	}
	next = append([]uint64(nil), s...)
	m.s = next
	m.run(pe, int(t.Node))
	v = m.viol
	m.s, m.pid, m.viol = nil, -1, nil
	return next, v, true
}

// run executes one step from node start on m.s: through the non-boundary
// nodes of an atomic block until the next boundary node.
func (m *Machine) run(pe *procExec, start int) {
	n := start
	for i := 0; ; i++ {
		next := pe.exec[n](m)
		if m.viol != nil {
			// The node that committed it, whatever it was evaluating (an
			// if, while or await condition sets no position of its own).
			nd := &pe.proc.Type.Nodes[n]
			m.viol.Pos, m.viol.Inlines = nd.Pos, nd.Inlines
			return
		}
		if pe.boundary[next] {
			m.p.put(m.s, pe.pcSlot, int64(next))
			if pe.checkEnd[next] {
				m.checkExit(pe, n)
			}
			return
		}
		if i >= atomicLimit {
			nd := &pe.proc.Type.Nodes[start]
			m.fail(KindAtomic, "atomic", nd.Pos, "the atomic block at line %d ran %d statements without finishing", nd.Pos.Line, atomicLimit)
			m.viol.Inlines = nd.Inlines
			return
		}
		n = next
	}
}

// CheckInvariants returns the first invariant that s breaks, or nil.
func (m *Machine) CheckInvariants(s []uint64) *Violation {
	m.s, m.pid, m.viol = s, -1, nil
	defer func() { m.s, m.viol = nil, nil }()
	for i, f := range m.p.invs {
		ok := f(m) != 0
		if m.viol != nil {
			v := m.viol
			v.Pos = m.p.Invariant[i].Pos
			v.Msg = fmt.Sprintf("evaluating invariant %s: %s", m.p.Invariant[i].Name, v.Msg)
			return v
		}
		if !ok {
			inv := &m.p.Invariant[i]
			return &Violation{Kind: KindInvariant, Property: inv.Name, Pid: -1, Pos: inv.Pos,
				Msg: fmt.Sprintf("invariant %s does not hold", inv.Name)}
		}
	}
	return nil
}

// Measures evaluates every measure in s into out (len(p.Measures)); a
// measure that cannot be evaluated (an index out of range) is a violation.
func (m *Machine) Measures(s []uint64, out []int64) *Violation {
	m.s, m.pid, m.viol = s, -1, nil
	defer func() { m.s, m.viol = nil, nil }()
	for i, f := range m.p.meas {
		out[i] = f(m)
		if m.viol != nil {
			v := m.viol
			v.Msg = fmt.Sprintf("evaluating measure %s: %s", m.p.Measures[i].Name, v.Msg)
			return v
		}
	}
	return nil
}

// EnabledInto appends the enabled steps of s to buf[:0] and returns it.
func (m *Machine) EnabledInto(s []uint64, buf []Trans) []Trans {
	buf = buf[:0]
	p := m.p
	for pid := range p.procs {
		pe := &p.procs[pid]
		for _, start := range pe.starts[p.Get(s, pe.pcSlot)] {
			m.s, m.pid, m.viol = s, pid, nil
			if g := pe.enabled[start]; g == nil || g(m) {
				buf = append(buf, Trans{Pid: int32(pid), Node: start})
			}
		}
	}
	m.s, m.pid, m.viol = nil, -1, nil
	return buf
}

// Fire executes t, which must be an enabled step of s, into a buffer that
// the next Fire or Successors call reuses.
func (m *Machine) Fire(s []uint64, t Trans) ([]uint64, *Violation) {
	pe := &m.p.procs[t.Pid]
	copy(m.next, s)
	m.s, m.pid, m.viol = m.next, int(t.Pid), nil
	m.run(pe, int(t.Node))
	v := m.viol
	m.s, m.pid, m.viol = nil, -1, nil
	return m.next, v
}

// Starts lists the nodes whose steps process pid may take when it rests at node pc.
func (p *Program) Starts(pid, pc int) []int32 { return p.procs[pid].starts[pc] }
