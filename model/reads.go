package model

import "sort"

// ReadValues lists what invariant inv reads in state s, to show with its
// violation: every variable (global, or a process's local) that one of its
// loads reaches in s, a sync object that a query names (as a whole), each
// pool object reached through a reference (its state, then the fields
// read), and each p[i]@label test, named "p[i]@label", true or false.
// Variables come in Values order, label tests after them in the order the
// invariant names them. A dynamic index is taken at its value in s.
func (p *Program) ReadValues(inv *Invariant, s []uint64) []Value {
	m := p.NewMachine()
	m.s = s
	rd := &readSet{slots: map[int]bool{}}
	p.collectReads(inv.Cond, m, rd)
	for _, g := range p.Globals {
		p.readValues(s, g.Name, g.Type, g.Base, rd)
	}
	for _, pr := range p.Procs {
		for _, l := range pr.Type.Locals {
			p.readValues(s, pr.Name()+"."+l.Name, l.Type, pr.Frame+l.Base, rd)
		}
	}
	return append(rd.out, rd.ats...)
}

type readSet struct {
	slots map[int]bool
	out   []Value // the variables read, in Values order
	ats   []Value // the @label tests
}

func (rd *readSet) any(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if rd.slots[k] {
			return true
		}
	}
	return false
}

func (rd *readSet) addAt(v Value) {
	for _, a := range rd.ats {
		if a == v {
			return
		}
	}
	rd.ats = append(rd.ats, v)
}

// collectReads records the slots e reads in m.s, and its @label tests.
func (p *Program) collectReads(e *Expr, m *Machine, rd *readSet) {
	if e == nil {
		return
	}
	if e.Op == ELoad || e.Op == EAt {
		for _, t := range e.Ref.Index {
			p.collectReads(t.X, m, rd)
		}
		slot, dyn := p.ref(e.Ref, nil, false)
		if dyn != nil {
			m.viol = nil
			slot = dyn(m) // -1 when the index is out of range or the object freed
			m.viol = nil
		}
		switch {
		case slot < 0:
		case e.Op == EAt:
			rd.addAt(p.atValue(m.s, slot, int(e.Val)))
		default:
			rd.slots[slot] = true
		}
	}
	p.collectReads(e.X, m, rd)
	p.collectReads(e.Y, m, rd)
	for _, a := range e.Args {
		p.collectReads(a, m, rd)
	}
}

// atValue renders the test "the process whose pc is at slot rests at node".
func (p *Program) atValue(s []uint64, slot, node int) Value {
	for _, pr := range p.Procs {
		if pr.Frame != slot {
			continue
		}
		var labels []string
		for l, n := range pr.Type.Labels {
			if n == node {
				labels = append(labels, l)
			}
		}
		sort.Strings(labels)
		name := pr.Name() + "@?"
		if len(labels) > 0 {
			name = pr.Name() + "@" + labels[0]
		}
		text := "false"
		if p.Get(s, slot) == int64(node) {
			text = "true"
		}
		return Value{Name: name, Text: text}
	}
	return Value{Name: "?@?", Text: "?"}
}

// readValues is Values' walk over one variable, keeping the scalars and
// sync objects read; a pool object comes with its state when any of its
// slots is read.
func (p *Program) readValues(s []uint64, name string, t *Type, base int, rd *readSet) {
	switch t.Kind {
	case TStruct:
		for _, f := range t.Fields {
			p.readValues(s, name+"."+f.Name, f.Type, base+f.Offset, rd)
		}
	case TArray:
		for i := 0; i < t.Len; i++ {
			p.readValues(s, name+"["+itoa(i)+"]", t.Elem, base+i*t.Elem.Slots, rd)
		}
	case TPool:
		pl := p.poolAt(name, t, base)
		for i := 0; i < pl.n; i++ {
			if st := pl.state(i); rd.any(st, st+pl.stride) {
				rd.out = append(rd.out, p.poolObjectValue(s, pl, i))
				p.readValues(s, pl.object(i), t.Elem, st+1, rd)
			}
		}
	default:
		if rd.any(base, base+max(t.Slots, 1)) {
			rd.out = append(rd.out, Value{Name: name, Text: p.FormatValue(s, t, base)})
		}
	}
}
