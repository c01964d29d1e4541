package compile

import (
	"strings"

	"mcheck/model"
	"mcheck/specs/syntax"
)

// maxConst bounds constant values so that ranges and counts stay sane.
const maxConst = 1 << 31

func (c *compiler) evalConsts(f *syntax.File) {
	for _, d := range f.Decls {
		if cd, ok := d.(*syntax.ConstDecl); ok {
			if ci := c.consts[cd.Name]; ci != nil && ci.decl == cd {
				c.constValue(cd.Name, cd.Pos)
			}
		}
	}
	for _, d := range f.Decls {
		if cd, ok := d.(*syntax.ConstDecl); ok {
			if ci := c.consts[cd.Name]; ci != nil && ci.decl == cd {
				c.prog.Consts = append(c.prog.Consts, model.Const{Name: cd.Name, Value: ci.value})
			}
		}
	}
}

func (c *compiler) constValue(name string, use syntax.Pos) (int64, *model.Type, bool) {
	ci := c.consts[name]
	switch ci.state {
	case 1:
		c.errorf(use, "constant %s is defined in terms of itself", name)
		return 0, nil, false
	case 2:
		return ci.value, ci.typ, true
	}
	ci.state = 1
	v, ok := c.constExpr(ci.decl.Value)
	if set, has := c.opts.Set[name]; has && set <= maxConst && set >= -maxConst { // else reported
		v, ok = set, true
	}
	ci.value, ci.state = v, 2
	return v, nil, ok
}

// constExpr evaluates an integer constant expression.
func (c *compiler) constExpr(e syntax.Expr) (int64, bool) {
	v, t, ok := c.constEval(e)
	if ok && t != nil {
		c.errorf(syntax.ExprPos(e), "expected an integer constant, found a value of type %s", t)
		return 0, false
	}
	return v, ok
}

// constEval evaluates a constant expression; t is non-nil for bool or enum values.
func (c *compiler) constEval(e syntax.Expr) (v int64, t *model.Type, ok bool) {
	switch e := e.(type) {
	case *syntax.IntLit:
		return e.Value, nil, true
	case *syntax.BoolLit:
		return b2i(e.Value), boolType, true
	case *syntax.ParenExpr:
		return c.constEval(e.X)
	case *syntax.Name:
		if _, ok := c.consts[e.Name]; ok {
			return c.constValue(e.Name, e.Pos)
		}
		_, isVar := c.globals[e.Name]
		_, isProc := c.procs[e.Name]
		_, isInline := c.inlines[e.Name]
		if isVar || isProc || isInline {
			c.errorf(e.Pos, "%s is not a constant", e.Name)
		} else {
			c.errorf(e.Pos, "undefined: %s%s", e.Name, c.untakenNote(e.Name))
		}
		return 0, nil, false
	case *syntax.UnaryExpr:
		return c.constUnary(e)
	case *syntax.BinaryExpr:
		return c.constBinary(e)
	}
	c.errorf(syntax.ExprPos(e), "expected a constant expression")
	return 0, nil, false
}

// constUnary evaluates - ~ (integers) and ! (bools).
func (c *compiler) constUnary(e *syntax.UnaryExpr) (int64, *model.Type, bool) {
	x, t, ok := c.constEval(e.X)
	if !ok {
		return 0, nil, false
	}
	want := (*model.Type)(nil)
	if e.Op == syntax.NOT {
		want = boolType
	}
	if !constSame(t, want) {
		c.errorf(e.Pos, "operator %s needs %s, not %s", unaryText(e.Op), constKind(want), constKind(t))
		return 0, nil, false
	}
	v, _ := model.Apply(unOps[e.Op], x, 0)
	return c.constRange(e.Pos, v, want)
}

// constBinary evaluates a binary operator on constants with the
// evaluator's arithmetic (model.Apply); both operands are evaluated.
func (c *compiler) constBinary(e *syntax.BinaryExpr) (int64, *model.Type, bool) {
	x, tx, ok1 := c.constEval(e.X)
	y, ty, ok2 := c.constEval(e.Y)
	if !ok1 || !ok2 {
		return 0, nil, false
	}
	op := binOps[e.Op]
	var operand, result *model.Type // nil: integer
	switch e.Op {
	case syntax.EQ, syntax.NEQ:
		operand, result = tx, boolType
	case syntax.LT, syntax.LEQ, syntax.GT, syntax.GEQ:
		result = boolType
	case syntax.ANDAND, syntax.OROR, syntax.IMPL:
		operand, result = boolType, boolType
	}
	if !constSame(tx, operand) || !constSame(ty, operand) {
		c.errorf(e.Pos, "operator %s needs %s, not %s and %s", e.Op, constOperands(e.Op, operand), constKind(tx), constKind(ty))
		return 0, nil, false
	}
	v, ok := model.Apply(op, x, y)
	if !ok {
		c.errorf(e.Pos, "%s in constant expression", model.ArithError(op, y))
		return 0, nil, false
	}
	return c.constRange(e.Pos, v, result)
}

func (c *compiler) constRange(pos syntax.Pos, v int64, t *model.Type) (int64, *model.Type, bool) {
	if v > maxConst || v < -maxConst {
		c.errorf(pos, "constant %d is too large", v)
		return 0, nil, false
	}
	return v, t, true
}

// constSame reports whether constant types a and b (nil: integer) agree.
func constSame(a, b *model.Type) bool { return a == b || a != nil && b != nil && sameType(a, b) }

func constKind(t *model.Type) string {
	if t == nil {
		return "an integer"
	}
	return "a " + t.String()
}

func constOperands(op syntax.Token, t *model.Type) string {
	if op == syntax.EQ || op == syntax.NEQ {
		return "operands of one type"
	}
	if t == nil {
		return "integers"
	}
	return "bools"
}

// unaryText is a unary operator as messages show it (operator -).
func unaryText(op syntax.Token) string { return strings.Trim(op.String(), "'") }

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
