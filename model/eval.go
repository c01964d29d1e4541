package model

// ref links a Ref for process pr (nil outside processes): a static slot when
// it has no index terms, else a closure computing the slot.
func (p *Program) ref(r *Ref, pr *Proc) (static int, dyn slotFn) {
	base := r.Base
	if r.Local {
		base += pr.Frame
	}
	if len(r.Index) == 0 {
		return base, nil
	}
	type term struct {
		x           evalFn
		stride, len int
		pool        *IndexTerm // an object access through a reference
	}
	terms := make([]term, len(r.Index))
	for i, t := range r.Index {
		terms[i] = term{p.expr(t.X, pidOf(pr)), t.Stride, t.Len, nil}
		if t.Pool != "" {
			terms[i].pool = &r.Index[i]
		}
	}
	name := r.Name
	return -1, func(m *Machine) int {
		slot := base
		for _, t := range terms {
			i := t.x(m)
			if m.viol != nil || t.pool != nil && !m.live(t.pool, i, name) {
				return -1
			}
			if i < 0 || i >= int64(t.len) {
				m.fail(KindIndex, "index", Pos{}, "index %d out of range 0..%d in %s", i, t.len-1, name)
				return -1
			}
			slot += int(i) * t.stride
		}
		return slot
	}
}

func pidOf(pr *Proc) int {
	if pr == nil {
		return -1
	}
	return pr.Pid
}

// load returns a closure reading the slot r names.
func (p *Program) load(r *Ref, pr *Proc) evalFn {
	static, dyn := p.ref(r, pr)
	if dyn == nil {
		sp := p.pos[static]
		w, sh, mask, lo := sp.word, sp.shift, sp.mask, sp.lo
		return func(m *Machine) int64 { return int64((m.s[w]>>sh)&mask) + lo }
	}
	return func(m *Machine) int64 {
		slot := dyn(m)
		if slot < 0 {
			return 0
		}
		return m.p.Get(m.s, slot)
	}
}

// store writes v into slot after a range check.
func (m *Machine) store(slot int, v int64) {
	sp := &m.p.pos[slot]
	if v < sp.lo || v > sp.hi {
		m.fail(KindRange, "range", Pos{}, "%s = %d is outside its range %d..%d", m.p.Slots[slot].Name, v, sp.lo, sp.hi)
		return
	}
	m.s[sp.word] = m.s[sp.word]&^(sp.mask<<sp.shift) | uint64(v-sp.lo)<<sp.shift
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// expr links an expression for process pr (pid -1 outside processes).
func (p *Program) expr(e *Expr, pid int) evalFn {
	var pr *Proc
	if pid >= 0 {
		pr = p.Procs[pid]
	}
	switch e.Op {
	case EConst:
		v := e.Val
		return func(*Machine) int64 { return v }
	case ELoad:
		return p.load(e.Ref, pr)
	case ESelf:
		v := int64(pr.Index)
		return func(*Machine) int64 { return v }
	case EAt:
		pc, want := p.load(e.Ref, pr), e.Val
		return func(m *Machine) int64 { return b2i(pc(m) == want) }
	case ECall:
		return p.call(e, pr)
	case ENot:
		x := p.expr(e.X, pid)
		return func(m *Machine) int64 { return b2i(x(m) == 0) }
	case ENeg:
		x := p.expr(e.X, pid)
		return func(m *Machine) int64 { return -x(m) }
	}
	x, y := p.expr(e.X, pid), p.expr(e.Y, pid)
	switch e.Op {
	case EAdd:
		return func(m *Machine) int64 { return x(m) + y(m) }
	case ESub:
		return func(m *Machine) int64 { return x(m) - y(m) }
	case EMul:
		return func(m *Machine) int64 { return x(m) * y(m) }
	case EDiv, EMod:
		mod := e.Op == EMod
		return func(m *Machine) int64 {
			a, b := x(m), y(m)
			if b == 0 {
				m.fail(KindArith, "arith", Pos{}, "division by zero")
				return 0
			}
			if mod {
				return a % b
			}
			return a / b
		}
	case EEq:
		return func(m *Machine) int64 { return b2i(x(m) == y(m)) }
	case ENeq:
		return func(m *Machine) int64 { return b2i(x(m) != y(m)) }
	case ELt:
		return func(m *Machine) int64 { return b2i(x(m) < y(m)) }
	case ELeq:
		return func(m *Machine) int64 { return b2i(x(m) <= y(m)) }
	case EGt:
		return func(m *Machine) int64 { return b2i(x(m) > y(m)) }
	case EGeq:
		return func(m *Machine) int64 { return b2i(x(m) >= y(m)) }
	case EAnd:
		return func(m *Machine) int64 { return b2i(x(m) != 0 && y(m) != 0) }
	case EOr:
		return func(m *Machine) int64 { return b2i(x(m) != 0 || y(m) != 0) }
	case EImpl:
		return func(m *Machine) int64 { return b2i(x(m) == 0 || y(m) != 0) }
	}
	panic(unknownExpr("expr", e.Op))
}
