package compile

import (
	"mcheck/model"
	"mcheck/specs/syntax"
)

// measure lowers `measure NAME: expr`: an integer expression over the state,
// read like an invariant (globals and p[i].x, no self), whose range over the
// reachable states the explorer reports.
func (c *compiler) measure(d *syntax.MeasureDecl, f *syntax.File) {
	for _, other := range f.Decls {
		if o, ok := other.(*syntax.MeasureDecl); ok && o != d && o.Name == d.Name && o.Pos.Line < d.Pos.Line {
			c.errorf(d.Pos, "measure %s redeclared (previous declaration at %s)", d.Name, o.Pos)
			return
		}
	}
	x := &exprCtx{what: "measure", acc: newAccess()}
	op := c.resolve(d.Expr, nil, x)
	if op.typ != nil && op.val == nil {
		c.errorf(syntax.ExprPos(d.Expr), "measure must be an integer, not %s", op.typ)
		return
	}
	v := c.scalar(op, syntax.ExprPos(d.Expr), "measure")
	if v == nil {
		return
	}
	if op.typ.Kind != model.TInt {
		c.errorf(syntax.ExprPos(d.Expr), "measure must be an integer, not %s", op.typ)
		return
	}
	c.prog.Measures = append(c.prog.Measures, model.Measure{Name: d.Name, Pos: pos(d.Pos), Expr: v})
}
