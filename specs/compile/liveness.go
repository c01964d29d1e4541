package compile

// Liveness properties (eventually, leadsto, forall over a process's
// instances), the finished() predicate and per-process fairness.

import (
	"mcheck/model"
	"mcheck/specs/syntax"
)

// fairness sets each process type's fairness from its declaration.
func (c *compiler) fairness() {
	for _, pi := range c.procList() {
		f := pi.decl.Fairness
		if f == nil || pi.pt == nil {
			continue
		}
		k, ok := model.ParseFairness(f.Name)
		if !ok {
			c.errorf(f.Pos, "unknown fairness %s (want weak, strong or none)", f.Name)
			continue
		}
		pi.pt.Fairness = k
	}
}

// liveness compiles one eventually/leadsto declaration: one property, or
// one per instance of the process a forall ranges over.
func (c *compiler) liveness(d *syntax.LivenessDecl, seen map[string]syntax.Pos) {
	if prev, ok := seen[d.Name]; ok {
		c.errorf(d.Pos, "property %s redeclared (previous declaration at %s)", d.Name, prev)
		return
	}
	seen[d.Name] = d.Pos
	if d.Forall == nil {
		c.livenessInstance(d, d.Name, nil)
		return
	}
	q := d.Forall
	pi, ok := c.procs[q.Proc.Name]
	if !ok {
		c.errorf(q.Proc.Pos, "forall %s in %s: %s is not a process", q.Var.Name, q.Proc.Name, q.Proc.Name)
		return
	}
	if pi.pt == nil {
		return
	}
	byIndex := onlyAsIndex(d, q)
	for i := 0; i < pi.pt.Count; i++ {
		sc := &scope{params: map[string]binding{q.Var.Name: {arg: &syntax.IntLit{Pos: q.Var.Pos, Value: int64(i)}}}}
		if c.livenessInstance(d, d.Name+"["+c.prog.Procs[pi.first+i].Name()+"]", sc) {
			l := &c.prog.Liveness[len(c.prog.Liveness)-1]
			l.Forall, l.Instance, l.ByIndex = pi.pt, i, byIndex
		}
	}
}

// onlyAsIndex reports whether the bound variable of q appears in d only as
// PROC[I], and PROC only so indexed: then the instances of the property are
// renamings of one another.
func onlyAsIndex(d *syntax.LivenessDecl, q *syntax.Quantifier) bool {
	uses, indexed, other := 0, 0, 0
	count := func(n any) bool {
		switch n := n.(type) {
		case *syntax.Name:
			if n.Name == q.Var.Name {
				uses++
			}
			if n.Name == q.Proc.Name {
				other++
			}
		case *syntax.IndexExpr:
			x, okX := unparen(n.X).(*syntax.Name)
			i, okI := unparen(n.Index).(*syntax.Name)
			if okX && x.Name == q.Proc.Name && okI && i.Name == q.Var.Name {
				indexed++
			}
		}
		return true
	}
	syntax.Inspect(d.P, count)
	syntax.Inspect(d.Q, count)
	return uses == indexed && other == indexed
}

func unparen(e syntax.Expr) syntax.Expr {
	for {
		p, ok := e.(*syntax.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

func (c *compiler) livenessInstance(d *syntax.LivenessDecl, name string, sc *scope) bool {
	kw := "eventually"
	if d.Leadsto {
		kw = "leadsto"
	}
	l := model.Liveness{Name: name, Pos: pos(d.Pos), Leadsto: d.Leadsto}
	if d.Leadsto {
		l.P = c.boolProperty(d.P, sc, "left side of "+kw)
	}
	l.Q = c.boolProperty(d.Q, sc, kw+" condition")
	if l.Q == nil || (d.Leadsto && l.P == nil) {
		return false
	}
	c.prog.Liveness = append(c.prog.Liveness, l)
	return true
}

// boolProperty compiles a property's state predicate.
func (c *compiler) boolProperty(e syntax.Expr, sc *scope, what string) *model.Expr {
	x := &exprCtx{what: what, acc: newAccess()}
	op := c.resolve(e, sc, x)
	if op.typ == nil && op.group == nil {
		return nil
	}
	v := c.scalar(op, syntax.ExprPos(e), what)
	if v == nil {
		return nil
	}
	if op.typ.Kind != model.TBool {
		c.errorf(syntax.ExprPos(e), "%s must be a bool, not %s", what, op.typ)
		return nil
	}
	return v
}

// resolveFinished compiles finished(p[i]): true once the instance has
// finished (its pc is its process type's end node, fixed up after lowering).
func (c *compiler) resolveFinished(e *syntax.CallExpr, sc *scope, x *exprCtx) operand {
	if len(e.Args) != 1 {
		c.errorf(e.Pos, "finished takes 1 argument (a process instance), got %d", len(e.Args))
		return bad
	}
	op := c.resolve(e.Args[0], sc, x)
	if op.group == nil || !op.isInst {
		if op.typ != nil || op.group != nil {
			c.errorf(e.Pos, "finished needs a process instance, as finished(proc[i])")
		}
		return bad
	}
	first := c.prog.Procs[op.group.first]
	r := c.indexRef(&model.Ref{Base: first.Frame, Name: syntax.ExprString(e.Args[0]) + ".pc"}, op.inst, first.Type.FrameSize, op.group.pt.Count, e.Pos)
	ex := &model.Expr{Op: model.EAt, Ref: r}
	c.atFixups = append(c.atFixups, atFixup{expr: ex, pi: op.group, end: true, pos: e.Pos})
	return operand{typ: boolType, val: ex, global: -1}
}
