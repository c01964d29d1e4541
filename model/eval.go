package model

// ref links a Ref for process pr (nil outside processes): a static slot when
// it has no index terms, else a closure computing the slot. write says
// whether the slot is stored to: a freed object of a typesafe_by_rcu pool may
// be read, never written.
func (p *Program) ref(r *Ref, pr *Proc, write bool) (static int, dyn slotFn) {
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
	name, acc := r.Name, access{write: write, rcu: p.rcuBase()}
	return -1, func(m *Machine) int {
		slot := base
		for _, t := range terms {
			i := t.x(m)
			if m.viol != nil || t.pool != nil && !m.live(t.pool, i, name, acc) {
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
	static, dyn := p.ref(r, pr, false)
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
	}
	return p.arith(e, pid)
}

// arith links an operator node with the functions of arith.go; an operand
// outside the right operand's domain is a violation arith.
func (p *Program) arith(e *Expr, pid int) evalFn {
	f, ok := Func(e.Op)
	if !ok {
		panic(unknownExpr("expr", e.Op))
	}
	x := p.expr(e.X, pid)
	if IsUnary(e.Op) {
		return func(m *Machine) int64 { return f(x(m), 0) }
	}
	y := p.expr(e.Y, pid)
	if d := RightDomain(e.Op); d.Partial {
		op := e.Op
		return func(m *Machine) int64 {
			a, b := x(m), y(m)
			if !d.Contains(b) {
				m.fail(KindArith, "arith", Pos{}, "%s", ArithError(op, b))
				return 0
			}
			return f(a, b)
		}
	}
	if IsLogic(e.Op) { // short-circuit: y may commit a violation x rules out
		op := e.Op
		return func(m *Machine) int64 {
			a := x(m)
			if v, done := Decides(op, a); done {
				return v
			}
			return f(a, y(m))
		}
	}
	return func(m *Machine) int64 { return f(x(m), y(m)) }
}
