package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Value is one displayed variable of a state: a scalar, or a whole sync object.
type Value struct {
	Name string
	Text string
}

// Values renders every variable of s: globals in declaration order, then each
// process's locals. Program counters are not included (see Location).
func (p *Program) Values(s []uint64) []Value {
	var out []Value
	for _, g := range p.Globals {
		out = p.appendValues(out, s, g.Name, g.Type, g.Base)
	}
	for _, pr := range p.Procs {
		for _, l := range pr.Type.Locals {
			out = p.appendValues(out, s, pr.Name()+"."+l.Name, l.Type, pr.Frame+l.Base)
		}
	}
	return out
}

func (p *Program) appendValues(out []Value, s []uint64, name string, t *Type, base int) []Value {
	switch t.Kind {
	case TStruct:
		for _, f := range t.Fields {
			out = p.appendValues(out, s, name+"."+f.Name, f.Type, base+f.Offset)
		}
		return out
	case TArray:
		for i := 0; i < t.Len; i++ {
			out = p.appendValues(out, s, name+"["+strconv.Itoa(i)+"]", t.Elem, base+i*t.Elem.Slots)
		}
		return out
	case TPool:
		return p.poolValues(out, s, name, t, base)
	}
	return append(out, Value{Name: name, Text: p.FormatValue(s, t, base)})
}

// FormatValue renders the scalar or sync object of type t at slot base.
func (p *Program) FormatValue(s []uint64, t *Type, base int) string {
	v := p.Get(s, base)
	switch t.Kind {
	case TBool:
		return strconv.FormatBool(v != 0)
	case TInt:
		return strconv.FormatInt(v, 10)
	case TEnum:
		if v >= 0 && int(v) < len(t.Members) {
			return t.Members[v]
		}
		return strconv.FormatInt(v, 10) // outside the members: shown as is
	case TRef:
		return refText(t, v)
	case TRcu:
		return p.rcuText(s, base)
	}
	if d := primOf(t.Kind); d != nil && d.sem != nil {
		return d.sem.text(p, s, base)
	}
	panic(fmt.Sprintf("model: FormatValue of a value of unknown kind %d", t.Kind))
}

func (p *Program) procName(owner int64) string {
	if owner <= 0 || int(owner) > len(p.Procs) {
		return "?"
	}
	return p.Procs[owner-1].Name()
}

func (p *Program) readers(s []uint64, base int) []string {
	var rs []string
	for pid, pr := range p.Procs {
		switch n := p.Get(s, base+rwsemReaders+pid); {
		case n == 1:
			rs = append(rs, pr.Name())
		case n > 1:
			rs = append(rs, pr.Name()+"x"+strconv.FormatInt(n, 10))
		}
	}
	return rs
}

func (p *Program) queued(s []uint64, base int) []string {
	var qs []string
	w := p.Get(s, base+rwsemWaiters)
	for pid, pr := range p.Procs {
		if w&(1<<pid) != 0 {
			qs = append(qs, pr.Name())
		}
	}
	return qs
}

func (p *Program) rwsemText(s []uint64, base int) string {
	var parts []string
	if w := p.Get(s, base+rwsemWriter); w != 0 {
		parts = append(parts, "write-held by "+p.procName(w))
	}
	if rs := p.readers(s, base); len(rs) > 0 {
		parts = append(parts, "read-held by "+strings.Join(rs, ", "))
	}
	if qs := p.queued(s, base); len(qs) > 0 {
		parts = append(parts, "writer queued: "+strings.Join(qs, ", "))
	}
	if len(parts) == 0 {
		return "unlocked"
	}
	return strings.Join(parts, "; ")
}

func (p *Program) holderText(owner int64) string {
	if owner == 0 {
		return "it is not held"
	}
	return "it is held by " + p.procName(owner)
}

func (p *Program) writerText(w int64) string {
	if w == 0 {
		return "it is not write-held"
	}
	return "it is write-held by " + p.procName(w)
}

func trimSlotSuffix(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[:i]
	}
	return name
}

// Location returns the source position and statement text of node n of process pid.
func (p *Program) Location(pid, n int) (Pos, string) {
	nd := &p.Procs[pid].Type.Nodes[n]
	return nd.Pos, nd.Text
}

// Blocked says why a process cannot move: what it waits for and who holds it.
type Blocked struct {
	Pid     int
	Pos     Pos
	Inlines []InlineFrame // as Node.Inlines
	Text    string        // the blocked statement
	Reason  string        // e.g. "mmap_lock is write-held by munmap"
	Holders []int         // pids that hold what it waits for (for wait-for cycles)
}

// BlockedProcs describes every unfinished process of s that has no enabled step.
func (m *Machine) BlockedProcs(s []uint64) []Blocked {
	var out []Blocked
	p := m.p
	enabled := map[int32]bool{}
	for _, t := range m.Enabled(s) {
		enabled[t.Pid] = true
	}
	for pid := range p.procs {
		if enabled[int32(pid)] || p.Finished(s, pid) {
			continue
		}
		pe := &p.procs[pid]
		pc := p.PC(s, pid)
		nd := &pe.proc.Type.Nodes[pc]
		b := Blocked{Pid: pid, Pos: nd.Pos, Inlines: nd.Inlines, Text: nd.Text}
		for _, st := range pe.starts[pc] {
			r, h := m.blockReason(s, pid, int(st))
			if b.Reason != "" {
				b.Reason += "; or "
			}
			b.Reason += r
			b.Holders = append(b.Holders, h...)
		}
		out = append(out, b)
	}
	return out
}

func (m *Machine) blockReason(s []uint64, pid, n int) (string, []int) {
	p := m.p
	pr := p.Procs[pid]
	nd := &pr.Type.Nodes[n]
	if nd.Kind == NAwait {
		return "waits until " + strings.TrimPrefix(nd.Text, "await "), nil
	}
	if nd.Kind != NSync {
		return "blocked", nil
	}
	m.s, m.pid, m.viol = s, pid, nil
	base := p.object(nd.Obj, pr)(m)
	m.s, m.pid, m.viol = nil, -1, nil
	name := nd.Obj.Name
	if base < 0 {
		return "waits for " + name, nil
	}
	name = trimSlotSuffix(p.Slots[base].Name) // the element itself, e.g. locks[1] for locks[1 - self]
	if i, ok := p.lockIndex[base]; ok {
		name = p.locks[i].Name // a lock whose first slot is nested deeper (range_lock)
	}
	switch ms := memOf(nd.Op); {
	case ms != nil && guarded(nd.Op):
		return ms.blocked(p, nd.Op, s, base, pid)
	case guarded(nd.Op):
		return opSem("blockReason", nd.Op, nd.ObjKind).blocked(nd.Op, p, s, base, pid, name)
	}
	return "blocked on " + name, nil
}
