package compile

import (
	"mcheck/model"
	"mcheck/specs/syntax"
)

// `if const C { A } else { B }` is decided while compiling: the statement
// stands for A or B (or nothing), with no node of its own, so it costs no
// step and the state graph is that of the spec written without it. The
// branch not taken is parsed but not compiled, like C's #if.

// constDecision is the compiled meaning of one `if const`.
type constDecision struct {
	branch syntax.Stmt // the chosen block, the else statement, or nil
	ok     bool        // false after an error (reported once)
}

// constBranch decides s (an `if const`) once; inline bodies expanded many
// times share the decision and its errors.
func (c *compiler) constBranch(s *syntax.IfStmt) (syntax.Stmt, bool) {
	if d, done := c.constIfs[s]; done {
		return d.branch, d.ok
	}
	if c.constIfs == nil {
		c.constIfs = map[*syntax.IfStmt]constDecision{}
	}
	d := c.decide(s)
	c.constIfs[s] = d
	return d.branch, d.ok
}

func (c *compiler) decide(s *syntax.IfStmt) constDecision {
	v, t, ok := c.constEval(s.Cond)
	if !ok {
		return constDecision{}
	}
	if t == nil || t.Kind != model.TBool {
		c.errorf(syntax.ExprPos(s.Cond), "if const needs a bool constant expression, not %s", constKind(t))
		return constDecision{}
	}
	if v != 0 {
		return constDecision{branch: s.Then, ok: true}
	}
	if s.Else == nil {
		return constDecision{ok: true}
	}
	return constDecision{branch: s.Else, ok: true}
}

// chosen returns the statements s stands for when it is an `if const`.
func (c *compiler) chosen(s *syntax.IfStmt) []syntax.Stmt {
	b, ok := c.constBranch(s)
	if !ok || b == nil {
		return nil
	}
	return []syntax.Stmt{b}
}

// leadingEmpty counts the statements at the start of stmts that compile to
// nothing (an if const whose chosen branch is empty, an empty statement):
// the statement after them is the first of its block.
func (c *compiler) leadingEmpty(stmts []syntax.Stmt) int {
	n := 0
	for _, s := range stmts {
		switch s := s.(type) {
		case *syntax.EmptyStmt:
		case *syntax.IfStmt:
			if !s.Const {
				return n
			}
			if b := c.chosen(s); len(b) > 0 && !c.empty(b[0]) {
				return n
			}
		default:
			return n
		}
		n++
	}
	return n
}

func (c *compiler) empty(s syntax.Stmt) bool {
	if b, ok := s.(*syntax.Block); ok {
		return c.leadingEmpty(b.Stmts) == len(b.Stmts)
	}
	_, ok := s.(*syntax.EmptyStmt)
	return ok || c.leadingEmpty([]syntax.Stmt{s}) == 1
}
