package model

// execNode links the effect of one node for process pr.
func (p *Program) execNode(n *Node, pr *Proc) execFn {
	next, els := n.Next, n.Else
	switch n.Kind {
	case NSkip, NEnd, NEither:
		return func(*Machine) int { return next }
	case NAwait:
		// The condition again, so that a violation met evaluating it (a bad
		// index) is the step's, however the step was enabled (Successors,
		// or EnabledInto then Fire, which starts with a clean slate).
		c := p.expr(n.Cond, pr.Pid)
		return func(m *Machine) int {
			c(m)
			return next
		}
	case NBranch:
		c := p.expr(n.Cond, pr.Pid)
		return func(m *Machine) int {
			if c(m) != 0 {
				return next
			}
			return els
		}
	case NAssert:
		c := p.expr(n.Cond, pr.Pid)
		prop, pos, msg := n.Property, n.Pos, n.Msg
		return func(m *Machine) int {
			if c(m) == 0 {
				m.fail(KindAssertion, prop, pos, "%s", msg)
			}
			return next
		}
	case NAssign:
		return p.assign(n, pr)
	case NSync:
		return p.syncExec(n, pr)
	}
	panic(unknownNode("execNode", n.Kind))
}

// assign links a parallel assignment: every right-hand side is evaluated
// before any slot is written, so record copies see the old values.
func (p *Program) assign(n *Node, pr *Proc) execFn {
	next := n.Next
	rhs := make([]evalFn, len(n.RHS))
	for i, e := range n.RHS {
		rhs[i] = p.expr(e, pr.Pid)
	}
	statics := make([]int, len(n.LHS))
	dyns := make([]slotFn, len(n.LHS))
	for i, r := range n.LHS {
		statics[i], dyns[i] = p.ref(r, pr, true)
	}
	if len(rhs) > p.maxTmp {
		p.maxTmp = len(rhs)
	}
	return func(m *Machine) int {
		for i, f := range rhs {
			m.tmp[i] = f(m)
		}
		for i, d := range dyns {
			slot := statics[i]
			if d != nil {
				slot = d(m)
			}
			if m.viol != nil {
				break
			}
			m.store(slot, m.tmp[i])
		}
		return next
	}
}

// guard links the enabling condition of a step starting at n, or nil when
// such a step is always enabled.
func (p *Program) guard(n *Node, pr *Proc) guardFn {
	switch n.Kind {
	case NAwait:
		// As for sync objects: a condition that cannot be evaluated (a bad
		// index) enables the step, which then reports the violation.
		c := p.expr(n.Cond, pr.Pid)
		return func(m *Machine) bool { return c(m) != 0 || m.viol != nil }
	case NSync:
		return p.syncGuard(n, pr)
	case NEnd, NSkip, NAssign, NBranch, NEither, NAssert:
		return nil
	}
	panic(unknownNode("guard", n.Kind))
}

// IsValid reports whether the position is known.
func (p Pos) IsValid() bool { return p.Line > 0 }
