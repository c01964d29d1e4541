package compile

import (
	"mcheck/model"
	"mcheck/specs/syntax"
)

// Inline locals and return values. An inline's locals live in the frame of
// every process that expands it, one copy per process instance, after the
// process's own locals: all expansions of the inline in that process share
// them (inlines cannot recurse, so no two are active at once). Like
// process locals they start at their initial value and keep the last value
// between calls. `return e` in an inline called as `x = f(...)` is the
// assignment `x = e` and leaves the inline: no extra slot, no extra step.

// retName binds the destination of `x = f(...)` in the inline's scope; it
// cannot be written in a spec.
const retName = "$return"

// inlineLocals checks every inline's local declarations once and returns
// their types (nil where broken).
func (c *compiler) inlineLocals() map[string][]*model.Type {
	out := map[string][]*model.Type{}
	for name, d := range c.inlines {
		params := map[string]bool{}
		for _, p := range d.Params {
			params[p.Name] = true
		}
		seen := map[string]bool{}
		types := make([]*model.Type, len(d.Locals))
		for i, l := range d.Locals {
			switch {
			case params[l.Name]:
				c.errorf(l.Pos, "local %s of inline %s has the name of a parameter", l.Name, name)
				continue
			case seen[l.Name]:
				c.errorf(l.Pos, "local %s redeclared", l.Name)
				continue
			}
			seen[l.Name] = true
			types[i] = c.typeOf(l.Type)
			if types[i] != nil && types[i].ContainsSync() {
				c.errorf(l.Pos, "a sync object cannot be a local variable: declare %s at the top level", l.Name)
				types[i] = nil
			}
		}
		out[name] = types
	}
	return out
}

// inlineDecls lists the file's inline declarations in order.
func inlineDecls(f *syntax.File) []*syntax.InlineDecl {
	var out []*syntax.InlineDecl
	for _, d := range f.Decls {
		if in, ok := d.(*syntax.InlineDecl); ok {
			out = append(out, in)
		}
	}
	return out
}

// inlinesCalled lists the inlines a process may expand, directly or through
// other inlines, in declaration order (so that frames are laid out alike
// from run to run). Branches an if const drops do not count.
func (c *compiler) inlinesCalled(body *syntax.Block, order []*syntax.InlineDecl) []*syntax.InlineDecl {
	called := map[string]bool{}
	var visit func(n any)
	visit = func(n any) {
		c.inspectCompiled(n, func(n any) bool {
			if call, ok := n.(*syntax.CallExpr); ok {
				if d, ok := c.inlines[call.Func]; ok && !called[d.Name] {
					called[d.Name] = true
					visit(d.Body)
				}
			}
			return true
		})
	}
	visit(body)
	var out []*syntax.InlineDecl
	for _, d := range order {
		if called[d.Name] && c.inlines[d.Name] == d {
			out = append(out, d)
		}
	}
	return out
}

// inspectCompiled is syntax.Inspect over what the compiler compiles: of an
// if const, only the branch its condition selects.
func (c *compiler) inspectCompiled(n any, f func(any) bool) {
	var walk func(n any) bool
	walk = func(n any) bool {
		if s, ok := n.(*syntax.IfStmt); ok && s.Const {
			for _, b := range c.chosen(s) {
				syntax.Inspect(b, walk)
			}
			return false
		}
		return f(n)
	}
	syntax.Inspect(n, walk)
}

// layoutInlineLocals adds instance k's copies of the locals of the inlines
// pi expands (types from inlineLocals).
func (c *compiler) layoutInlineLocals(pi *procInfo, pr *model.Proc, k int, called []*syntax.InlineDecl, types map[string][]*model.Type) {
	for _, d := range called {
		if k == 0 {
			pi.inlineLocal[d.Name] = map[string]model.Var{}
		}
		for i, l := range d.Locals {
			if types[d.Name][i] == nil {
				continue
			}
			name := d.Name + "." + l.Name
			base := c.addSlots(pr.Name()+"."+name, types[d.Name][i], l.Init, int64(k), l.Pos)
			if k == 0 {
				v := model.Var{Name: name, Type: types[d.Name][i], Base: base - pr.Frame}
				pi.inlineLocal[d.Name][l.Name] = v
				pi.pt.Locals = append(pi.pt.Locals, v)
			}
		}
	}
}

// callFits checks that an inline returning a value is called as
// x = f(...), with x assignable, and one returning none is not.
func (l *lowerer) callFits(d *syntax.InlineDecl, call *syntax.CallExpr, dst syntax.Expr, sc *scope) bool {
	switch value := returnsValue(d); {
	case value && dst == nil:
		l.c.errorf(call.Pos, "inline %s returns a value: use it, as x = %s(...)", d.Name, d.Name)
		return false
	case !value && dst != nil:
		l.c.errorf(call.Pos, "inline %s returns no value", d.Name)
		return false
	}
	return dst == nil || l.assignableDst(dst, sc)
}

// assignableDst checks x of x = f(...) at the call, whichever return runs.
func (l *lowerer) assignableDst(dst syntax.Expr, sc *scope) bool {
	x := l.ctx("assignment", false)
	d := l.c.resolve(dst, sc, x)
	return d.typ != nil && l.addressable(d, syntax.ExprPos(dst), x)
}

// returnFits checks, at the call, that the value a return gives can be
// stored in the caller's variable (a record or array literal is checked
// field by field when lowered).
func (l *lowerer) returnFits(as *syntax.AssignStmt, sc *scope) bool {
	switch unparen(as.RHS).(type) {
	case *syntax.RecordLit, *syntax.ArrayLit, *syntax.CallExpr:
		return true
	}
	x := l.ctx("return", true)
	dst, val := l.c.resolve(as.LHS, sc, x), l.c.resolve(as.RHS, sc, x)
	if dst.typ == nil || val.typ == nil {
		return true // reported while lowering
	}
	fits := sameType(dst.typ, val.typ) || dst.typ.IsScalar() && val.val != nil && assignable(dst.typ, val.typ)
	if !fits {
		l.c.errorf(l.call.Pos, "%s = %s(...): the value returned at line %d has type %s, not assignable to %s",
			syntax.ExprString(sc.params[retName].arg), l.call.Func, as.Pos.Line, val.typ, dst.typ)
	}
	return fits
}

// returnsValue reports whether d has a `return e`.
func returnsValue(d *syntax.InlineDecl) bool {
	found := false
	syntax.Inspect(d.Body, func(n any) bool {
		if b, ok := n.(*syntax.BranchStmt); ok && b.Value != nil {
			found = true
		}
		return !found
	})
	return found
}

// lowerReturn lowers `return` and `return e`.
func (l *lowerer) lowerReturn(s *syntax.BranchStmt, sc *scope) int {
	_, hasDst := sc.params[retName]
	switch {
	case s.Value == nil && hasDst:
		l.c.errorf(s.Pos, "inline %s returns a value: return needs one", l.inlines[len(l.inlines)-1].Name)
		return l.ret
	case s.Value == nil:
		return l.ret
	case len(l.inlines) == 0:
		l.c.errorf(s.Pos, "a process returns no value")
		return l.ret
	case !hasDst: // called as a statement: reported at the call
		return l.ret
	}
	as := &syntax.AssignStmt{Pos: s.Pos, LHS: &syntax.Name{Pos: s.Pos, Name: retName}, RHS: s.Value}
	if !l.returnFits(as, sc) {
		return l.ret
	}
	n := l.lowerAssign(as, l.ret, sc)
	if n != l.ret {
		l.nodes[n].Text = syntax.StmtHeader(s)
	}
	return n
}
