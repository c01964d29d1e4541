package compile

import (
	"mcheck/model"
	"mcheck/specs/syntax"
)

func (l *lowerer) lowerAssign(s *syntax.AssignStmt, next int, sc *scope) int {
	c := l.c
	x := l.ctx("assignment", true)
	if call, ok := s.RHS.(*syntax.CallExpr); ok {
		if info, ok := model.Builtins[call.Func]; ok && info.Value {
			return l.lowerCall(s, call, s.LHS, next, sc)
		}
		if _, ok := c.inlines[call.Func]; ok {
			return l.lowerCall(s, call, s.LHS, next, sc)
		}
	}
	lhs := c.resolve(s.LHS, sc, x)
	if lhs.typ == nil || !l.addressable(lhs, s.Pos, x) {
		c.resolve(s.RHS, sc, x) // report errors on the right too
		return next
	}
	var refs []*model.Ref
	var vals []*model.Expr
	if !l.value(lhs.typ, lhs.ref, s.RHS, sc, x, &refs, &vals) {
		return next
	}
	n := l.newNode(model.NAssign, s, next)
	l.nodes[n].LHS, l.nodes[n].RHS = refs, vals
	l.footprint(n, x.acc, s.Pos)
	return n
}

// value compiles the assignment of e to the value of type t at r, appending
// one (slot, expression) pair per scalar.
func (l *lowerer) value(t *model.Type, r *model.Ref, e syntax.Expr, sc *scope, x *exprCtx, refs *[]*model.Ref, vals *[]*model.Expr) bool {
	c := l.c
	if p, ok := e.(*syntax.ParenExpr); ok {
		e = p.X
	}
	switch lit := e.(type) {
	case *syntax.RecordLit:
		if t.Kind != model.TStruct {
			c.errorf(lit.Pos, "a record literal cannot be assigned to a %s", t)
			return false
		}
		given := map[string]syntax.Expr{}
		for _, fi := range lit.Fields {
			if _, ok := t.Field(fi.Name); !ok {
				c.errorf(fi.Pos, "struct %s has no field %s", t, fi.Name)
				return false
			}
			if _, dup := given[fi.Name]; dup {
				c.errorf(fi.Pos, "field %s given twice", fi.Name)
				return false
			}
			given[fi.Name] = fi.Value
		}
		ok := true
		for _, f := range t.Fields {
			fr := *r
			fr.Base += f.Offset
			fr.Name = r.Name + "." + f.Name
			if v, has := given[f.Name]; has {
				ok = l.value(f.Type, &fr, v, sc, x, refs, vals) && ok
			} else {
				l.zero(f.Type, &fr, refs, vals)
			}
		}
		return ok
	case *syntax.ArrayLit:
		if t.Kind != model.TArray || len(lit.Elems) != t.Len {
			c.errorf(lit.Pos, "an array literal of %d elements cannot be assigned to a %s", len(lit.Elems), t)
			return false
		}
		ok := true
		for i, el := range lit.Elems {
			er := *r
			er.Base += i * t.Elem.Slots
			ok = l.value(t.Elem, &er, el, sc, x, refs, vals) && ok
		}
		return ok
	}
	rhs := c.resolve(e, sc, x)
	if t.Kind == model.TRef {
		rhs = asRef(rhs, operand{typ: t})
	}
	if rhs.typ == nil {
		if rhs.group != nil {
			c.errorf(syntax.ExprPos(e), "a process is not a value")
		}
		return false
	}
	if t.IsScalar() {
		v := rhs.val
		if v == nil || !assignable(t, rhs.typ) {
			c.errorf(syntax.ExprPos(e), "cannot assign a value of type %s to %s of type %s", rhs.typ, r.Name, t)
			return false
		}
		if lo, hi := t.Range(); v.Op == model.EConst && (v.Val < lo || v.Val > hi) {
			c.errorf(syntax.ExprPos(e), "value %d is outside %s's range %d..%d", v.Val, r.Name, lo, hi)
			return false
		}
		*refs = append(*refs, r)
		*vals = append(*vals, v)
		return true
	}
	if !sameType(t, rhs.typ) || rhs.ref == nil {
		c.errorf(syntax.ExprPos(e), "cannot assign a value of type %s to %s of type %s", rhs.typ, r.Name, t)
		return false
	}
	dst, src := leaves(t, r), leaves(rhs.typ, rhs.ref)
	for i := range dst {
		*refs = append(*refs, dst[i])
		*vals = append(*vals, &model.Expr{Op: model.ELoad, Ref: src[i]})
	}
	return true
}

// zero appends the assignment of t's zero value to the slots at r.
func (l *lowerer) zero(t *model.Type, r *model.Ref, refs *[]*model.Ref, vals *[]*model.Expr) {
	for _, leaf := range leaves(t, r) {
		lt := leafType(t, leaf.Base-r.Base)
		lo, hi := lt.Range()
		z := int64(0)
		if z < lo || z > hi {
			z = lo
		}
		*refs = append(*refs, leaf)
		*vals = append(*vals, &model.Expr{Op: model.EConst, Val: z})
	}
}

// leafType returns the scalar type at slot offset off within t.
func leafType(t *model.Type, off int) *model.Type {
	switch t.Kind {
	case model.TStruct:
		for i := len(t.Fields) - 1; i >= 0; i-- {
			if f := t.Fields[i]; off >= f.Offset {
				return leafType(f.Type, off-f.Offset)
			}
		}
	case model.TArray:
		return leafType(t.Elem, off%t.Elem.Slots)
	}
	return t
}

// lowerCall lowers a call statement: an inline expansion, a sync primitive,
// or (with dst) x = read_seqcount_begin(c).
func (l *lowerer) lowerCall(s syntax.Stmt, call *syntax.CallExpr, dst syntax.Expr, next int, sc *scope) int {
	c := l.c
	if d, ok := c.inlines[call.Func]; ok {
		return l.expand(d, call, dst, next, sc)
	}
	info, ok := model.Builtins[call.Func]
	if !ok {
		c.errorf(call.Pos, "undefined: %s%s", call.Func, c.untakenNote(call.Func))
		return next
	}
	x := l.ctx("statement", true)
	if info.Expr {
		op := c.resolve(call, sc, x)
		if op.val == nil {
			return next
		}
		if !info.Acquires { // only a trylock's value may be dropped: it changes the state

			c.errorf(call.Pos, "the value of %s is not used", call.Func)
			return next
		}
		n := l.newNode(model.NAssign, s, next)
		l.nodes[n].RHS = []*model.Expr{op.val}
		l.footprint(n, x.acc, call.Pos)
		return n
	}
	obj, kind, args := c.syncArgs(call, info, sc, x, true)
	var dref *model.Ref
	if dst != nil {
		d := c.resolve(dst, sc, x)
		if d.typ == nil || !l.addressable(d, syntax.ExprPos(dst), x) {
			return next
		}
		if info.Allocs {
			if obj == nil || !c.allocDst(obj, d, dst) {
				return next
			}
		} else if d.typ.Kind != model.TInt {
			c.errorf(syntax.ExprPos(dst), "%s yields an integer; %s is a %s", call.Func, syntax.ExprString(dst), d.typ)
			return next
		}
		dref = d.ref
	}
	if obj == nil {
		return next
	}
	if info.Allocs && dref == nil {
		c.errorf(call.Pos, "the object alloc returns must be kept: r = alloc(%s)", obj.Name)
		return next
	}
	n := l.newNode(model.NSync, s, next)
	nd := &l.nodes[n]
	nd.Op, nd.ObjKind, nd.Obj, nd.Dst, nd.Args = info.Op, kind, obj, dref, args
	l.footprint(n, x.acc, call.Pos)
	if info.Splits {
		// A contended down_read or down_write queues, then waits;
		// synchronize_rcu snapshots the readers, then waits for them.
		wait := info.Wait
		w := l.newNode(model.NSync, s, next)
		wn := &l.nodes[w]
		wn.Op, wn.ObjKind, wn.Obj, wn.Args, wn.Boundary = wait, kind, obj, args, true
		wn.Reads, wn.Writes = l.nodes[n].Reads, l.nodes[n].Writes
		l.nodes[n].Else = w
	}
	return n
}

// expand lowers an inline call: the body with its parameters bound to the
// argument expressions, labels private to this expansion, return leaving it.
func (l *lowerer) expand(d *syntax.InlineDecl, call *syntax.CallExpr, dst syntax.Expr, next int, sc *scope) int {
	c := l.c
	if !l.callFits(d, call, dst, sc) {
		return next
	}
	l.expansions++
	if l.expansions > maxNodes || len(l.nodes) > maxNodes {
		if !l.tooBig {
			l.tooBig = true
			c.errorf(l.pi.decl.Pos, "process %s is too large: more than %d inline expansions or steps", l.pi.pt.Name, maxNodes)
		}
		return next
	}
	if len(call.Args) != len(d.Params) {
		c.errorf(call.Pos, "inline %s takes %d argument(s), got %d", d.Name, len(d.Params), len(call.Args))
		return next
	}
	if l.expanding[d.Name] {
		c.errorf(call.Pos, "inline %s is recursive: an inline body is expanded in place, so it cannot call itself", d.Name)
		return next
	}
	if l.inlineDeep >= maxInlineDepth {
		c.errorf(call.Pos, "inline %s: inline calls nest more than %d deep", d.Name, maxInlineDepth)
		return next
	}
	l.scopes++
	nsc := &scope{proc: sc.proc, params: map[string]binding{}, locals: l.pi.inlineLocal[d.Name], labelScope: l.scopes}
	for i, p := range d.Params {
		nsc.params[p.Name] = binding{arg: call.Args[i], sc: sc}
	}
	if dst != nil {
		nsc.params[retName] = binding{arg: dst, sc: sc}
	}
	savedRet, savedLoops, savedCall := l.ret, l.loops, l.call
	l.ret, l.loops, l.call = next, nil, call
	l.inlineDeep++
	l.expanding[d.Name] = true
	if c.preludes[d] && !c.preludeCall.IsValid() {
		c.preludeCall = call.Pos
		defer func() { c.preludeCall = syntax.Pos{} }()
	}
	savedInlines := l.inlines
	// A fresh array: nodes keep the slice they were made with.
	l.inlines = append(l.inlines[:len(l.inlines):len(l.inlines)], model.InlineFrame{Name: d.Name, Call: pos(call.Pos)})
	entry := l.lowerBlock(d.Body.Stmts, next, nsc)
	l.inlines = savedInlines
	delete(l.expanding, d.Name)
	l.inlineDeep--
	l.ret, l.loops, l.call = savedRet, savedLoops, savedCall
	return entry
}

// checkAtomicBody reports blocking statements that are not the first of an
// atomic block (or that carry a label), and choices inside it.
func (c *compiler) checkAtomicBody(stmts []syntax.Stmt, sc *scope, depth int) {
	first := depth == 0
	// An inline body checked once in a position need not be checked again:
	// walking every call would take exponential time.
	type inlineAt struct {
		name  string
		first bool
	}
	walked := map[inlineAt]bool{}
	var walk func(s syntax.Stmt, isFirst bool, depth int)
	walk = func(s syntax.Stmt, isFirst bool, depth int) {
		switch s := s.(type) {
		case *syntax.Block:
			lead := c.leadingEmpty(s.Stmts)
			for i, st := range s.Stmts {
				walk(st, isFirst && i <= lead, depth)
			}
		case *syntax.AtomicStmt:
			lead := c.leadingEmpty(s.Body.Stmts)
			for i, st := range s.Body.Stmts {
				walk(st, isFirst && i <= lead, depth)
			}
		case *syntax.LabeledStmt:
			walk(s.Stmt, false, depth)
		case *syntax.IfStmt:
			if s.Const {
				for _, b := range c.chosen(s) {
					walk(b, isFirst, depth)
				}
				return
			}
			walk(s.Then, false, depth)
			if s.Else != nil {
				walk(s.Else, false, depth)
			}
		case *syntax.WhileStmt:
			walk(s.Body, false, depth)
		case *syntax.EitherStmt:
			c.errorf(s.Pos, "either is not allowed inside atomic: a step has one outcome")
		case *syntax.AwaitStmt:
			if !isFirst {
				c.errorf(s.Pos, "await may block: inside atomic only the first statement may block")
			}
		case *syntax.AssignStmt:
			if call, ok := s.RHS.(*syntax.CallExpr); ok {
				if info, ok := model.Builtins[call.Func]; ok && info.Blocking && !isFirst {
					c.errorf(s.Pos, "%s may block: inside atomic only the first statement may block", call.Func)
				}
				if _, ok := c.inlines[call.Func]; ok { // x = inline(...)
					walk(&syntax.ExprStmt{Pos: s.Pos, X: call}, isFirst, depth)
				}
			}
		case *syntax.ExprStmt:
			call, ok := s.X.(*syntax.CallExpr)
			if !ok {
				return
			}
			if info, ok := model.Builtins[call.Func]; ok && info.Blocking && !isFirst {
				c.errorf(s.Pos, "%s may block: inside atomic only the first statement may block", call.Func)
			}
			if d, ok := c.inlines[call.Func]; ok && depth < maxInlineDepth && !walked[inlineAt{d.Name, isFirst}] {
				walked[inlineAt{d.Name, isFirst}] = true
				lead := c.leadingEmpty(d.Body.Stmts)
				for i, st := range d.Body.Stmts {
					walk(st, isFirst && i <= lead, depth+1)
				}
			}
		}
	}
	lead := c.leadingEmpty(stmts)
	for i, s := range stmts {
		walk(s, first && i <= lead, depth)
	}
}

func (c *compiler) invariant(d *syntax.InvariantDecl) {
	x := &exprCtx{what: "invariant", acc: newAccess()}
	op := c.resolve(d.Cond, nil, x)
	if op.typ != nil && op.val == nil {
		c.errorf(syntax.ExprPos(d.Cond), "invariant must be a bool, not %s", op.typ)
		return
	}
	v := c.scalar(op, syntax.ExprPos(d.Cond), "invariant")
	if v == nil {
		return
	}
	if op.typ.Kind != model.TBool {
		c.errorf(syntax.ExprPos(d.Cond), "invariant must be a bool, not %s", op.typ)
		return
	}
	c.prog.Invariant = append(c.prog.Invariant, model.Invariant{Name: d.Name, Pos: pos(d.Pos), Cond: v,
		Reads: sortedKeys(x.acc.reads), Symmetric: c.symmetricIn(d.Cond)})
}

// fixAt resolves every p[i]@label once all processes are lowered.
func (c *compiler) fixAt() {
	for _, f := range c.atFixups {
		if f.end {
			f.expr.Val = endNode
			continue
		}
		n, ok := f.pi.pt.Labels[f.label]
		switch {
		case !ok:
			c.errorf(f.pos, "process %s has no label %s", f.pi.pt.Name, f.label)
		case n < 0:
			c.errorf(f.pos, "label %s is inside an atomic block, where no process ever rests", f.label)
		default:
			f.expr.Val = int64(n)
		}
	}
}
