package compile

import (
	"mcheck/model"
	"mcheck/specs/syntax"
)

// Quantifiers over process instances: `forall I in PROC: X` is the
// conjunction of X over PROC's instances with I bound to each index,
// `exists` the disjunction. They are expanded here, so the checker, the
// analysis and the Promela export see plain && and ||.

func (c *compiler) resolveQuant(e *syntax.QuantExpr, sc *scope, x *exprCtx) operand {
	kw := "forall"
	if e.Exists {
		kw = "exists"
	}
	pi, ok := c.procs[e.Proc.Name]
	if !ok {
		c.errorf(e.Proc.Pos, "%s %s in %s: %s is not a process", kw, e.Var.Name, e.Proc.Name, e.Proc.Name)
		return bad
	}
	if pi.pt == nil {
		return bad
	}
	op, acc := model.EAnd, &model.Expr{Op: model.EConst, Val: 1}
	if e.Exists {
		op, acc = model.EOr, &model.Expr{Op: model.EConst, Val: 0}
	}
	for i := pi.pt.Count - 1; i >= 0; i-- { // a right-nested chain, evaluated from instance 0
		v := c.quantBody(e, kw, i, sc, x)
		if v == nil {
			return bad
		}
		if i == pi.pt.Count-1 {
			acc = v
			continue
		}
		acc = fold(&model.Expr{Op: op, X: v, Y: acc})
	}
	return operand{typ: boolType, val: acc, global: -1}
}

// quantBody compiles e's body with its variable bound to instance i; nil
// after an error (the caller stops there, so an error is reported once).
func (c *compiler) quantBody(e *syntax.QuantExpr, kw string, i int, sc *scope, x *exprCtx) *model.Expr {
	inner := &scope{params: map[string]binding{}}
	if sc != nil {
		inner.proc, inner.labelScope = sc.proc, sc.labelScope
		for k, b := range sc.params {
			inner.params[k] = b
		}
	}
	inner.params[e.Var.Name] = binding{arg: &syntax.IntLit{Pos: e.Var.Pos, Value: int64(i)}}
	op := c.resolve(e.X, inner, x)
	if op.typ == nil && op.group == nil {
		return nil
	}
	v := c.scalar(op, syntax.ExprPos(e.X), "the body of "+kw)
	if v == nil {
		return nil
	}
	if op.typ.Kind != model.TBool {
		c.errorf(syntax.ExprPos(e.X), "the body of %s must be a bool, not %s", kw, op.typ)
		return nil
	}
	return v
}

// symmetricIn lists the process types whose instances cond names only
// through quantifiers over all of them, as PROC[I] with I the bound
// variable used nowhere else: permuting those instances permutes the terms
// of a conjunction or disjunction, so cond keeps its value.
func (c *compiler) symmetricIn(cond syntax.Expr) []*model.ProcType {
	var out []*model.ProcType
	for _, pi := range c.procList() {
		if pi.pt != nil && c.namesOnlyQuantified(cond, pi.decl.Name) {
			out = append(out, pi.pt)
		}
	}
	return out
}

// namesOnlyQuantified reports whether every mention of process proc in e
// is PROC[I] under a quantifier over proc binding I, and every use of such
// an I is that index.
func (c *compiler) namesOnlyQuantified(e syntax.Expr, proc string) bool {
	bound := map[string]bool{} // quantifier variables over proc in scope
	ok := true
	var walk func(n any) bool
	walk = func(n any) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *syntax.QuantExpr:
			was, had := bound[n.Var.Name]
			bound[n.Var.Name] = n.Proc.Name == proc
			syntax.Inspect(n.X, walk)
			if had {
				bound[n.Var.Name] = was
			} else {
				delete(bound, n.Var.Name)
			}
			return false
		case *syntax.IndexExpr:
			x, okX := unparen(n.X).(*syntax.Name)
			i, okI := unparen(n.Index).(*syntax.Name)
			if okX && x.Name == proc && okI && bound[i.Name] {
				return false // PROC[I]: neither name counts as another use
			}
		case *syntax.Name:
			if n.Name == proc || bound[n.Name] {
				ok = false
			}
		}
		return true
	}
	syntax.Inspect(e, walk)
	return ok
}
