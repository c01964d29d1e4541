package compile

import (
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
			c.errorf(e.Pos, "undefined: %s", e.Name)
		}
		return 0, nil, false
	case *syntax.UnaryExpr:
		x, ok := c.constExpr(e.X)
		if e.Op == syntax.MINUS {
			return -x, nil, ok
		}
		c.errorf(e.Pos, "operator ! is not allowed in a constant expression")
		return 0, nil, false
	case *syntax.BinaryExpr:
		x, ok1 := c.constExpr(e.X)
		y, ok2 := c.constExpr(e.Y)
		if !ok1 || !ok2 {
			return 0, nil, false
		}
		var r int64
		switch e.Op {
		case syntax.PLUS:
			r = x + y
		case syntax.MINUS:
			r = x - y
		case syntax.STAR:
			r = x * y
		case syntax.SLASH, syntax.PERCENT:
			if y == 0 {
				c.errorf(e.Pos, "division by zero in constant expression")
				return 0, nil, false
			}
			if e.Op == syntax.SLASH {
				r = x / y
			} else {
				r = x % y
			}
		default:
			c.errorf(e.Pos, "operator %s is not allowed in a constant expression", e.Op)
			return 0, nil, false
		}
		if r > maxConst || r < -maxConst {
			c.errorf(e.Pos, "constant %d is too large", r)
			return 0, nil, false
		}
		return r, nil, true
	}
	c.errorf(syntax.ExprPos(e), "expected a constant expression")
	return 0, nil, false
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
