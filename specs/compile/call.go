package compile

// Built-in calls inside expressions: sync queries, trylocks, and the
// argument checks every built-in shares.

import (
	"mcheck/model"
	"mcheck/specs/syntax"
)

// resolveCall compiles an expression-level built-in (a query or a trylock).
func (c *compiler) resolveCall(e *syntax.CallExpr, sc *scope, x *exprCtx) operand {
	if e.Func == "finished" {
		return c.resolveFinished(e, sc, x)
	}
	info, ok := model.Builtins[e.Func]
	if !ok {
		if _, isInline := c.inlines[e.Func]; isInline {
			c.errorf(e.Pos, "inline %s cannot be used inside an expression: call it as a statement, or as x = %s(...) if it returns a value", e.Func, e.Func)
		} else {
			c.errorf(e.Pos, "undefined: %s%s", e.Func, c.untakenNote(e.Func))
		}
		return bad
	}
	if !info.Expr {
		if info.Value && !info.Blocking {
			c.errorf(e.Pos, "%s changes the state: use it as the whole value of an assignment, x = %s(...)", e.Func, e.Func)
		} else if info.Value {
			c.errorf(e.Pos, "%s may block: use it as the whole value of an assignment, x = %s(...)", e.Func, e.Func)
		} else {
			c.errorf(e.Pos, "%s is a statement, not a value", e.Func)
		}
		return bad
	}
	trylock := info.Acquires // an expression that takes a lock
	if trylock && !x.sideEffects {
		c.errorf(e.Pos, "%s changes the state: it is allowed only in if/while conditions and assignment values, not in %s", e.Func, x.what)
		return bad
	}
	obj, kind, args := c.syncArgs(e, info, sc, x, trylock)
	if obj == nil {
		return bad
	}
	ex := &model.Expr{Op: model.ECall, Sync: info.Op, ObjKind: kind, Args: append([]*model.Expr{{Op: model.ELoad, Ref: obj}}, args...)}
	t := boolType
	if !info.Op.ReturnsBool() {
		t = &model.Type{Kind: model.TInt, Lo: 0, Hi: model.SeqcountMax, Slots: 1}
	}
	return operand{typ: t, val: ex, global: -1}
}

// syncArgs checks a built-in's arguments: a sync object of an accepted kind,
// then scalar integer arguments. It records the object in the footprint.
func (c *compiler) syncArgs(e *syntax.CallExpr, info model.SyncOpInfo, sc *scope, x *exprCtx, writes bool) (*model.Ref, model.TypeKind, []*model.Expr) {
	if obj, kind, args, ok := c.memArgs(e, info, sc, x); ok {
		return obj, kind, args
	}
	if len(e.Args) != 1+info.Args {
		c.errorf(e.Pos, "%s takes %d argument(s), got %d", e.Func, 1+info.Args, len(e.Args))
		return nil, 0, nil
	}
	obj := c.resolve(e.Args[0], sc, x)
	if obj.typ == nil {
		if obj.group != nil {
			c.errorf(syntax.ExprPos(e.Args[0]), "%s needs a sync object, not a process", e.Func)
		}
		return nil, 0, nil
	}
	if !info.Accepts(obj.typ.Kind) {
		c.errorf(syntax.ExprPos(e.Args[0]), "%s needs a %s, but %s is a %s", e.Func, kindNames(info.AcceptedKinds()), syntax.ExprString(e.Args[0]), obj.typ)
		return nil, 0, nil
	}
	if obj.global >= 0 && writes {
		x.acc.writes[obj.global] = true
	}
	var args []*model.Expr
	for _, a := range e.Args[1:] {
		op := c.resolve(a, sc, x)
		v := c.scalar(op, syntax.ExprPos(a), "argument of "+e.Func)
		if v == nil {
			return nil, 0, nil
		}
		if op.typ.Kind != model.TInt {
			c.errorf(syntax.ExprPos(a), "argument of %s must be an integer, not %s", e.Func, op.typ)
			return nil, 0, nil
		}
		args = append(args, v)
	}
	if !c.constArgsOK(e, info.Op, obj.typ, args) {
		return nil, 0, nil
	}
	r := *obj.ref
	return &r, obj.typ.Kind, args
}

// constArgsOK asks the primitive about arguments that are all constants
// (an empty range, one outside the lock's space): a compile error rather
// than a violation the search would find on every run.
func (c *compiler) constArgsOK(e *syntax.CallExpr, op model.SyncOp, t *model.Type, args []*model.Expr) bool {
	d := model.PrimOf(t.Kind)
	if d == nil || d.CheckArgs == nil || len(args) == 0 {
		return true
	}
	vals := make([]int64, len(args))
	for i, a := range args {
		if a.Op != model.EConst {
			return true
		}
		vals[i] = a.Val
	}
	if msg := d.CheckArgs(op, t.Params, vals); msg != "" {
		c.errorf(syntax.ExprPos(e.Args[1]), "%s: %s", e.Func, msg)
		return false
	}
	return true
}

func kindNames(ks []model.TypeKind) string {
	s := ""
	for i, k := range ks {
		if i > 0 {
			if i == len(ks)-1 {
				s += " or "
			} else {
				s += ", "
			}
		}
		s += (&model.Type{Kind: k}).String()
	}
	return s
}
