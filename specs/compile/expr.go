package compile

import (
	"mcheck/model"
	"mcheck/specs/syntax"
)

// intType is the type of integer expressions; its name keeps messages readable.
var intType = &model.Type{Kind: model.TInt, Name: "int", Lo: -maxConst, Hi: maxConst, Slots: 1}

// scope resolves names inside a process body or an inline expansion.
type scope struct {
	proc       *procInfo // nil in invariants
	params     map[string]binding
	locals     map[string]model.Var // an inline expansion's own locals (inline.go)
	labelScope int
}

type binding struct {
	arg syntax.Expr
	sc  *scope
}

// access records the shared objects (global indices) one statement touches.
type access struct {
	reads, writes map[int]bool
}

func newAccess() *access { return &access{reads: map[int]bool{}, writes: map[int]bool{}} }

// operand is a resolved expression.
type operand struct {
	typ    *model.Type // nil when the expression is broken (already reported)
	ref    *model.Ref  // set when the value lives in the state (addressable)
	val    *model.Expr // set for scalars
	global int         // the global it is rooted in, or -1
	group  *procInfo   // a process name, or p[i] when inst != nil
	inst   *model.Expr
	isInst bool
	// implicit: the bare name of a single-instance process, which may still
	// be indexed (p[0], p[i] in a forall), so one spec works for any count
	implicit bool
	// objRef, for POOL[i] with an integer i: the reference to object i
	// (type objRefType), the operand's meaning where a ref is wanted.
	objRef     *model.Expr
	objRefType *model.Type
}

// asRef is op as a reference when it is POOL[i] and other is a ref.
func asRef(op, other operand) operand {
	if op.objRef != nil && other.typ != nil && other.typ.Kind == model.TRef {
		return operand{typ: op.objRefType, val: op.objRef, global: -1}
	}
	return op
}

var bad = operand{global: -1}

func constOp(v int64, t *model.Type) operand {
	if t == nil {
		t = intType
	}
	return operand{typ: t, val: &model.Expr{Op: model.EConst, Val: v}, global: -1}
}

// exprCtx is the context of the statement being compiled.
type exprCtx struct {
	sideEffects bool // trylocks allowed (if/while conditions, assignment values)
	acc         *access
	what        string // "invariant", "await condition", ... for messages
}

// resolve compiles an expression.
func (c *compiler) resolve(e syntax.Expr, sc *scope, x *exprCtx) operand {
	switch e := e.(type) {
	case *syntax.ParenExpr:
		return c.resolve(e.X, sc, x)
	case *syntax.IntLit:
		return constOp(e.Value, nil)
	case *syntax.BoolLit:
		return constOp(b2i(e.Value), boolType)
	case *syntax.SelfExpr:
		if sc == nil || sc.proc == nil {
			c.errorf(e.Pos, "self is only meaningful inside a process")
			return bad
		}
		t := &model.Type{Kind: model.TInt, Lo: 0, Hi: int64(sc.proc.pt.Count - 1), Slots: 1}
		return operand{typ: t, val: &model.Expr{Op: model.ESelf}, global: -1}
	case *syntax.Name:
		return c.resolveName(e, sc, x)
	case *syntax.SelectorExpr:
		return c.resolveSelector(e, sc, x)
	case *syntax.IndexExpr:
		return c.resolveIndex(e, sc, x)
	case *syntax.AtExpr:
		return c.resolveAt(e, sc, x)
	case *syntax.CallExpr:
		return c.resolveCall(e, sc, x)
	case *syntax.UnaryExpr:
		return c.resolveUnary(e, sc, x)
	case *syntax.BinaryExpr:
		return c.resolveBinary(e, sc, x)
	case *syntax.QuantExpr:
		return c.resolveQuant(e, sc, x)
	case *syntax.RecordLit, *syntax.ArrayLit:
		c.errorf(syntax.ExprPos(e), "a literal is allowed only as the whole value of an assignment")
		return bad
	}
	return bad // BadExpr: already reported
}

func (c *compiler) resolveName(e *syntax.Name, sc *scope, x *exprCtx) operand {
	if sc != nil {
		if b, ok := sc.params[e.Name]; ok {
			return c.resolve(b.arg, b.sc, x)
		}
		if v, ok := sc.locals[e.Name]; ok {
			if v.Type == nil {
				return bad
			}
			return c.located(v.Type, &model.Ref{Base: v.Base, Local: true, Name: e.Name}, -1)
		}
		if sc.proc != nil {
			if v, ok := sc.proc.local[e.Name]; ok {
				if v.Type == nil {
					return bad
				}
				r := &model.Ref{Base: v.Base, Local: true, Name: e.Name}
				return c.located(v.Type, r, -1)
			}
		}
	}
	if g, ok := c.globals[e.Name]; ok {
		if g.typ == nil {
			return bad
		}
		x.acc.reads[g.index] = true
		return c.located(g.typ, &model.Ref{Base: g.base, Name: e.Name}, g.index)
	}
	if ci, ok := c.consts[e.Name]; ok {
		v, t, ok := c.constValue(e.Name, e.Pos)
		if !ok {
			return bad
		}
		_ = ci
		return constOp(v, t)
	}
	if pi, ok := c.procs[e.Name]; ok {
		if pi.pt == nil {
			return bad
		}
		op := operand{global: -1, group: pi}
		if pi.pt.Count == 1 {
			op.inst, op.isInst, op.implicit = &model.Expr{Op: model.EConst, Val: 0}, true, true
		}
		return op
	}
	if _, ok := c.inlines[e.Name]; ok {
		c.errorf(e.Pos, "inline %s used as a value", e.Name)
		return bad
	}
	if _, ok := model.Builtins[e.Name]; ok {
		c.errorf(e.Pos, "built-in %s used as a value (call it)", e.Name)
		return bad
	}
	if e.Name == "NULL" {
		return constOp(0, nullType)
	}
	c.errorf(e.Pos, "undefined: %s%s", e.Name, c.untakenNote(e.Name))
	return bad
}

// located makes the operand for a value of type t stored at r.
func (c *compiler) located(t *model.Type, r *model.Ref, global int) operand {
	op := operand{typ: t, ref: r, global: global}
	if t.IsScalar() {
		op.val = &model.Expr{Op: model.ELoad, Ref: r}
	}
	return op
}

func (c *compiler) resolveSelector(e *syntax.SelectorExpr, sc *scope, x *exprCtx) operand {
	if e.Arrow {
		return c.arrow(e, sc, x)
	}
	op := c.resolve(e.X, sc, x)
	if op.group != nil {
		if !op.isInst {
			c.errorf(e.Pos, "%s has %d instances: index it, as %s[i].%s", op.group.pt.Name, op.group.pt.Count, op.group.pt.Name, e.Field)
			return bad
		}
		v, ok := op.group.local[e.Field]
		if !ok {
			c.errorf(e.Pos, "process %s has no local %s", op.group.pt.Name, e.Field)
			return bad
		}
		if v.Type == nil {
			return bad
		}
		first := c.prog.Procs[op.group.first]
		r := c.indexRef(&model.Ref{Base: first.Frame + v.Base, Name: syntax.ExprString(e)}, op.inst, first.Type.FrameSize, op.group.pt.Count, e.Pos)
		return c.located(v.Type, r, -1)
	}
	if op.typ == nil {
		return bad
	}
	if op.typ.Kind != model.TStruct {
		c.errorf(e.Pos, "%s is not a struct (it has type %s)", syntax.ExprString(e.X), op.typ)
		return bad
	}
	f, ok := op.typ.Field(e.Field)
	if !ok {
		c.errorf(e.Pos, "struct %s has no field %s", op.typ, e.Field)
		return bad
	}
	r := *op.ref
	r.Base += f.Offset
	r.Name = syntax.ExprString(e)
	return c.located(f.Type, &r, op.global)
}

// indexRef adds index i (stride, length) to a copy of r, folding constants.
func (c *compiler) indexRef(r *model.Ref, i *model.Expr, stride, n int, pos syntax.Pos) *model.Ref {
	out := *r
	out.Index = append([]model.IndexTerm(nil), r.Index...)
	if i.Op == model.EConst {
		if i.Val < 0 || i.Val >= int64(n) {
			c.errorf(pos, "index %d out of range 0..%d", i.Val, n-1)
			return &out
		}
		out.Base += int(i.Val) * stride
		return &out
	}
	out.Index = append(out.Index, model.IndexTerm{X: i, Stride: stride, Len: n})
	return &out
}

func (c *compiler) resolveIndex(e *syntax.IndexExpr, sc *scope, x *exprCtx) operand {
	op := c.resolve(e.X, sc, x)
	idx := c.resolve(e.Index, sc, x)
	if op.typ != nil && op.typ.Kind == model.TPool {
		return c.poolIndex(e, op, idx)
	}
	if idx.typ != nil && idx.typ.Kind != model.TInt {
		c.errorf(syntax.ExprPos(e.Index), "index must be an integer, not %s", idx.typ)
		return bad
	}
	if op.group != nil {
		if op.isInst && !op.implicit {
			c.errorf(e.Pos, "%s is already one process instance", syntax.ExprString(e.X))
			return bad
		}
		if idx.val == nil {
			return bad
		}
		if idx.val.Op == model.EConst && (idx.val.Val < 0 || idx.val.Val >= int64(op.group.pt.Count)) {
			c.errorf(e.Pos, "process index %d out of range 0..%d", idx.val.Val, op.group.pt.Count-1)
			return bad
		}
		return operand{global: -1, group: op.group, inst: idx.val, isInst: true}
	}
	if op.typ == nil || idx.val == nil {
		return bad
	}
	if op.typ.Kind != model.TArray {
		c.errorf(e.Pos, "%s is not an array (it has type %s)", syntax.ExprString(e.X), op.typ)
		return bad
	}
	r := c.indexRef(op.ref, idx.val, op.typ.Elem.Slots, op.typ.Len, e.Pos)
	r.Name = syntax.ExprString(e)
	return c.located(op.typ.Elem, r, op.global)
}

// atFixup is a p[i]@label whose label is resolved once every process is lowered.
type atFixup struct {
	expr  *model.Expr
	pi    *procInfo
	label string
	end   bool // finished(p): the end node, not a label
	pos   syntax.Pos
}

func (c *compiler) resolveAt(e *syntax.AtExpr, sc *scope, x *exprCtx) operand {
	op := c.resolve(e.X, sc, x)
	if op.group == nil || !op.isInst {
		if op.typ != nil || op.group != nil {
			c.errorf(e.Pos, "@%s needs a process instance on its left, as proc[i]@%s", e.Label, e.Label)
		}
		return bad
	}
	first := c.prog.Procs[op.group.first]
	r := c.indexRef(&model.Ref{Base: first.Frame, Name: syntax.ExprString(e.X) + ".pc"}, op.inst, first.Type.FrameSize, op.group.pt.Count, e.Pos)
	ex := &model.Expr{Op: model.EAt, Ref: r}
	c.atFixups = append(c.atFixups, atFixup{expr: ex, pi: op.group, label: e.Label, pos: e.Pos})
	return operand{typ: boolType, val: ex, global: -1}
}

// scalar checks that op is a scalar value and returns its expression.
func (c *compiler) scalar(op operand, pos syntax.Pos, what string) *model.Expr {
	if op.typ == nil && op.group == nil {
		return nil
	}
	if op.val == nil {
		desc := "a process"
		if op.typ != nil {
			desc = "a " + op.typ.String()
		}
		c.errorf(pos, "%s must be a scalar value, not %s", what, desc)
		return nil
	}
	return op.val
}

func (c *compiler) resolveUnary(e *syntax.UnaryExpr, sc *scope, x *exprCtx) operand {
	op := c.resolve(e.X, sc, x)
	v := c.scalar(op, e.Pos, "operand of "+e.Op.String())
	if v == nil {
		return bad
	}
	if e.Op == syntax.NOT {
		if op.typ.Kind != model.TBool {
			c.errorf(e.Pos, "operator ! needs a bool, not %s", op.typ)
			return bad
		}
		return operand{typ: boolType, val: fold(&model.Expr{Op: model.ENot, X: v}), global: -1}
	}
	if op.typ.Kind != model.TInt {
		c.errorf(e.Pos, "operator %s needs an integer, not %s", unaryText(e.Op), op.typ)
		return bad
	}
	return operand{typ: intType, val: fold(&model.Expr{Op: unOps[e.Op], X: v}), global: -1}
}

var binOps = map[syntax.Token]model.ExprOp{
	syntax.PLUS: model.EAdd, syntax.MINUS: model.ESub, syntax.STAR: model.EMul,
	syntax.SLASH: model.EDiv, syntax.PERCENT: model.EMod, syntax.EQ: model.EEq,
	syntax.NEQ: model.ENeq, syntax.LT: model.ELt, syntax.LEQ: model.ELeq, syntax.GT: model.EGt,
	syntax.GEQ: model.EGeq, syntax.ANDAND: model.EAnd, syntax.OROR: model.EOr, syntax.IMPL: model.EImpl,
	syntax.AMP: model.EBitAnd, syntax.PIPE: model.EBitOr, syntax.CARET: model.EBitXor,
	syntax.SHL: model.EShl, syntax.SHR: model.EShr,
}

var unOps = map[syntax.Token]model.ExprOp{syntax.NOT: model.ENot, syntax.MINUS: model.ENeg, syntax.TILDE: model.EBitNot}

func (c *compiler) resolveBinary(e *syntax.BinaryExpr, sc *scope, x *exprCtx) operand {
	a := c.resolve(e.X, sc, x)
	b := c.resolve(e.Y, sc, x)
	if (a.typ == nil && a.group == nil) || (b.typ == nil && b.group == nil) {
		return bad
	}
	op := binOps[e.Op]
	switch e.Op {
	case syntax.EQ, syntax.NEQ:
		return c.equality(e, a, b)
	}
	av := c.scalar(a, syntax.ExprPos(e.X), "left operand of "+e.Op.String())
	bv := c.scalar(b, syntax.ExprPos(e.Y), "right operand of "+e.Op.String())
	if av == nil || bv == nil {
		return bad
	}
	switch e.Op {
	case syntax.ANDAND, syntax.OROR, syntax.IMPL:
		if a.typ.Kind != model.TBool || b.typ.Kind != model.TBool {
			c.errorf(e.Pos, "operator %s needs bools, not %s and %s", e.Op, a.typ, b.typ)
			return bad
		}
		return operand{typ: boolType, val: fold(&model.Expr{Op: op, X: av, Y: bv}), global: -1}
	case syntax.LT, syntax.LEQ, syntax.GT, syntax.GEQ:
		if a.typ.Kind != model.TInt || b.typ.Kind != model.TInt {
			c.errorf(e.Pos, "operator %s needs integers, not %s and %s", e.Op, a.typ, b.typ)
			return bad
		}
		return operand{typ: boolType, val: fold(&model.Expr{Op: op, X: av, Y: bv}), global: -1}
	}
	if a.typ.Kind != model.TInt || b.typ.Kind != model.TInt {
		c.errorf(e.Pos, "operator %s needs integers, not %s and %s", e.Op, a.typ, b.typ)
		return bad
	}
	if bv.Op == model.EConst && !model.RightDomain(op).Contains(bv.Val) {
		c.errorf(e.Pos, "%s", model.ArithError(op, bv.Val))
		return bad
	}
	return operand{typ: intType, val: fold(&model.Expr{Op: op, X: av, Y: bv}), global: -1}
}

// equality compiles == and != on scalars, records and arrays (element-wise).
func (c *compiler) equality(e *syntax.BinaryExpr, a, b operand) operand {
	if a.group != nil || b.group != nil {
		c.errorf(e.Pos, "processes cannot be compared")
		return bad
	}
	a, b = asRef(a, b), asRef(b, a)
	if !sameType(a.typ, b.typ) && !(a.typ.Kind == model.TInt && b.typ.Kind == model.TInt) {
		c.errorf(e.Pos, "mismatched types %s and %s in %s", a.typ, b.typ, e.Op)
		return bad
	}
	if a.typ.ContainsSync() {
		c.errorf(e.Pos, "sync objects cannot be compared")
		return bad
	}
	var eq *model.Expr
	if a.typ.IsScalar() {
		eq = &model.Expr{Op: model.EEq, X: a.val, Y: b.val}
	} else {
		if a.ref == nil || b.ref == nil {
			c.errorf(e.Pos, "cannot compare these values")
			return bad
		}
		la, lb := leaves(a.typ, a.ref), leaves(b.typ, b.ref)
		eq = leafEquality(la, lb)
	}
	if e.Op == syntax.NEQ {
		eq = &model.Expr{Op: model.ENot, X: eq}
	}
	return operand{typ: boolType, val: fold(eq), global: -1}
}

// leaves lists the scalar slots of a value of type t at r, in layout order.
func leaves(t *model.Type, r *model.Ref) []*model.Ref {
	if t.IsScalar() || t.IsSync() {
		return []*model.Ref{r}
	}
	var out []*model.Ref
	switch t.Kind {
	case model.TStruct:
		for _, f := range t.Fields {
			fr := *r
			fr.Base += f.Offset
			fr.Name = r.Name + "." + f.Name
			out = append(out, leaves(f.Type, &fr)...)
		}
	case model.TArray:
		for i := 0; i < t.Len; i++ {
			er := *r
			er.Base += i * t.Elem.Slots
			out = append(out, leaves(t.Elem, &er)...)
		}
	}
	return out
}

// fold evaluates operators on constants at compile time, with the
// evaluator's own arithmetic (an operand outside the domain is left for
// the run, which reports it).
func fold(e *model.Expr) *model.Expr {
	if e.X == nil || e.X.Op != model.EConst || (e.Y != nil && e.Y.Op != model.EConst) {
		return e
	}
	var y int64
	if e.Y != nil {
		y = e.Y.Val
	}
	v, ok := model.Apply(e.Op, e.X.Val, y)
	if !ok {
		return e
	}
	return &model.Expr{Op: model.EConst, Val: v}
}

// leafEquality is the conjunction of la[i] == lb[i], as a balanced tree: a
// chain over an array of 65536 scalars would be that deep, and the passes
// over expressions recurse.
func leafEquality(la, lb []*model.Ref) *model.Expr {
	switch len(la) {
	case 0:
		return &model.Expr{Op: model.EConst, Val: 1} // empty structs are equal
	case 1:
		return &model.Expr{Op: model.EEq, X: &model.Expr{Op: model.ELoad, Ref: la[0]}, Y: &model.Expr{Op: model.ELoad, Ref: lb[0]}}
	}
	h := len(la) / 2
	return &model.Expr{Op: model.EAnd, X: leafEquality(la[:h], lb[:h]), Y: leafEquality(la[h:], lb[h:])}
}
