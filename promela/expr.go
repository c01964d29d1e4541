package promela

import (
	"fmt"
	"strconv"
	"strings"

	"mcheck/model"
)

// Expressions are rendered twice over: V(e), the value as our machine
// computes it (a load whose index is out of range yields 0), and D(e), true
// when evaluating e commits no violation (index, division by zero), following
// the same short-circuits as model/eval.go. A step asserts D before it uses V;
// a guard uses V alone, because our guards ignore violations (the step then
// reports them). Only trylocks have side effects; eval sequences them through
// hidden temporaries inside the d_step.

// cand is one slot a reference may denote, under a condition on its indices.
type cand struct {
	cond  string // "" when the reference is static
	slot  int
	local bool // slot is frame-relative: a Promela local
}

// exprCtx renders expressions for one process type (nil for invariants).
type exprCtx struct {
	x  *exporter
	pt *model.ProcType
}

func and(a, b string) string {
	switch {
	case a == "1":
		return b
	case b == "1":
		return a
	case a == "0" || b == "0":
		return "0"
	}
	return "(" + a + " && " + b + ")"
}

func or(a, b string) string {
	switch {
	case a == "0":
		return b
	case b == "0":
		return a
	case a == "1" || b == "1":
		return "1"
	}
	return "(" + a + " || " + b + ")"
}

func not(a string) string {
	switch a {
	case "1":
		return "0"
	case "0":
		return "1"
	}
	return "!" + paren(a)
}

func paren(s string) string {
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && balanced(s[1:len(s)-1]) {
		return s
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "(" + s + ")"
		}
	}
	return s
}

func balanced(s string) bool {
	d := 0
	for _, r := range s {
		switch r {
		case '(':
			d++
		case ')':
			d--
			if d < 0 {
				return false
			}
		}
	}
	return d == 0
}

func lit(v int64) string {
	if v < 0 {
		return "(" + strconv.FormatInt(v, 10) + ")"
	}
	return strconv.FormatInt(v, 10)
}

// cands enumerates the slots r may denote; index values are rendered by idx.
func (c *exprCtx) cands(r *model.Ref, idx []string) []cand {
	out := []cand{{slot: r.Base, local: r.Local}}
	for k, t := range r.Index {
		var next []cand
		for _, cd := range out {
			for i := 0; i < t.Len; i++ {
				cond := fmt.Sprintf("%s == %d", paren(idx[k]), i)
				if cd.cond != "" {
					cond = cd.cond + " && " + cond
				}
				next = append(next, cand{cond: cond, slot: cd.slot + i*t.Stride, local: cd.local})
			}
		}
		out = next
	}
	if r.Local && c.x.global[c.pt] {
		// This type's frames are global variables: one per instance.
		var next []cand
		for _, cd := range out {
			for _, pr := range c.x.insts[c.pt] {
				cond := fmt.Sprintf("_pid == %d", pr.Pid)
				if cd.cond != "" {
					cond = cd.cond + " && " + cond
				}
				next = append(next, cand{cond: cond, slot: pr.Frame + cd.slot})
			}
		}
		out = next
	}
	return out
}

// lval names a candidate's slot as a Promela variable.
func (c *exprCtx) lval(cd cand) string {
	n := c.x.n
	if cd.local {
		return n.locals[c.pt][cd.slot]
	}
	si := &n.slots[cd.slot]
	switch {
	case si.pid >= 0 && !c.x.global[c.x.p.Procs[si.pid].Type]:
		panic(fmt.Sprintf("%s is read from outside its process, but its frame is local", c.x.p.Slots[cd.slot].Name))
	case si.kind == sReaders:
		return fmt.Sprintf("%s[%d]", si.name, si.elem)
	}
	return si.name
}

// chain renders a conditional expression over candidates, def when none holds.
func chain(cs []cand, val func(cand) string, def string) string {
	if len(cs) == 1 && cs[0].cond == "" {
		return val(cs[0])
	}
	s := def
	for i := len(cs) - 1; i >= 0; i-- {
		s = fmt.Sprintf("(%s -> %s : %s)", cs[i].cond, val(cs[i]), s)
	}
	return s
}

// refD is the definedness of r's indices, in order: in bounds, and for an
// object access through a reference not NULL (-1) and not a freed object.
func (c *exprCtx) refD(r *model.Ref, write bool) string {
	d := "1"
	for _, t := range r.Index {
		v := c.V(t.X)
		d = and(d, and(c.D(t.X), fmt.Sprintf("(%s >= 0 && %s < %d)", paren(v), paren(v), t.Len)))
		if t.Pool != "" {
			d = and(d, c.objLive(t, v, write))
		}
	}
	return d
}

// refLive renders "every pool object r's index terms idx name is
// allocated": what a write through r needs.
func (c *exprCtx) refLive(r *model.Ref, idx []string) string {
	d := "1"
	for k, t := range r.Index {
		if t.Pool != "" {
			d = and(d, fmt.Sprintf("(%s != 0)", c.x.objState(t, idx[k])))
		}
	}
	return d
}

// objLive renders "the object term t names at index i may be accessed":
// allocated, or for a read of a typesafe_by_rcu object by a process inside
// an RCU read-side section, any state (model.Machine.live).
func (c *exprCtx) objLive(t model.IndexTerm, i string, write bool) string {
	live := fmt.Sprintf("(%s != 0)", c.x.objState(t, i))
	if t.Typesafe && !write && c.pt != nil && c.x.rcuObj() != nil {
		return or(live, c.x.inRcu())
	}
	return live
}

// objState renders the state of the pool object a reference term names.
func (x *exporter) objState(t model.IndexTerm, i string) string {
	cs := make([]cand, t.Len)
	for k := range cs {
		cs[k] = cand{cond: fmt.Sprintf("%s == %d", paren(i), k), slot: t.State + k*t.Stride}
	}
	return chain(cs, func(cd cand) string { return x.n.slots[cd.slot].name }, "0")
}

func (c *exprCtx) refIdx(r *model.Ref) []string {
	idx := make([]string, len(r.Index))
	for k, t := range r.Index {
		idx[k] = c.V(t.X)
	}
	return idx
}

func (c *exprCtx) load(r *model.Ref, idx []string) string {
	return chain(c.cands(r, idx), func(cd cand) string { return c.lval(cd) }, "0")
}

// V renders e's value.
func (c *exprCtx) V(e *model.Expr) string {
	switch e.Op {
	case model.EConst:
		return lit(e.Val)
	case model.ELoad:
		return c.load(e.Ref, c.refIdx(e.Ref))
	case model.ESelf:
		return fmt.Sprintf("(_pid - %d)", c.x.first[c.pt])
	case model.EAt:
		return fmt.Sprintf("(%s == %d)", c.load(e.Ref, c.refIdx(e.Ref)), e.Val)
	case model.ECall:
		return c.query(e, c.refIdx(e.Args[0].Ref))
	case model.ENot:
		return not(c.V(e.X))
	case model.ENeg, model.EBitNot:
		return unary(e.Op, c.V(e.X))
	}
	x, y := c.V(e.X), c.V(e.Y)
	return binary(e.Op, x, y)
}

// binOps spells the operators whose C semantics are model.Func's (on
// operands within model.RightDomain, which the export asserts first).
var binOps = map[model.ExprOp]string{
	model.EAdd: "+", model.ESub: "-", model.EMul: "*", model.EEq: "==", model.ENeq: "!=",
	model.ELt: "<", model.ELeq: "<=", model.EGt: ">", model.EGeq: ">=",
	model.EDiv: "/", model.EMod: "%", model.EBitAnd: "&", model.EBitOr: "|", model.EBitXor: "^",
	model.EShl: "<<", model.EShr: ">>",
}

// exported reports whether the export spells operator op.
func exported(op model.ExprOp) bool {
	_, ok := binOps[op]
	return ok || op == model.EBitNot
}

func unary(op model.ExprOp, x string) string {
	if op == model.EBitNot {
		return "(~" + paren(x) + ")"
	}
	return "(-" + paren(x) + ")"
}

// domain renders "y is in d" (d partial); "1" when y is a literal in d.
func domain(d model.Domain, y string) string {
	if v, err := strconv.ParseInt(strings.Trim(y, "()"), 10, 64); err == nil && d.Contains(v) {
		return "1"
	}
	if d.NonZero {
		return fmt.Sprintf("%s != 0", paren(y))
	}
	return fmt.Sprintf("%s >= %d && %s <= %d", paren(y), d.Lo, paren(y), d.Hi)
}

func binary(op model.ExprOp, x, y string) string {
	switch op {
	case model.EAnd:
		return and(x, y)
	case model.EOr:
		return or(x, y)
	case model.EImpl:
		return or(not(x), y)
	}
	o, ok := binOps[op]
	if !ok {
		panic(fmt.Sprintf("promela: unknown expression operator %d", op))
	}
	if d := model.RightDomain(op); d.Partial && domain(d, y) != "1" { // the value is read even where D is false
		return fmt.Sprintf("(%s -> %s %s %s : 0)", domain(d, y), paren(x), o, paren(y))
	}
	return fmt.Sprintf("(%s %s %s)", paren(x), o, paren(y))
}

// D renders "evaluating e commits no violation".
func (c *exprCtx) D(e *model.Expr) string {
	switch e.Op {
	case model.EConst, model.ESelf:
		return "1"
	case model.ELoad, model.EAt:
		return c.refD(e.Ref, false)
	case model.ECall:
		d := c.refD(e.Args[0].Ref, writes(e.Sync))
		for _, a := range e.Args[1:] {
			d = and(d, c.D(a))
		}
		return d
	case model.ENot, model.ENeg, model.EBitNot:
		return c.D(e.X)
	case model.EAnd, model.EImpl:
		return and(c.D(e.X), or(not(c.V(e.X)), c.D(e.Y)))
	case model.EOr:
		return and(c.D(e.X), or(c.V(e.X), c.D(e.Y)))
	}
	if d := model.RightDomain(e.Op); d.Partial {
		return and(and(c.D(e.X), c.D(e.Y)), paren(domain(d, c.V(e.Y))))
	}
	return and(c.D(e.X), c.D(e.Y))
}

// impure reports whether e contains a trylock (a side effect).
func impure(e *model.Expr) bool {
	if e == nil {
		return false
	}
	if e.Op == model.ECall && isTrylock(e.Sync) {
		return true
	}
	if e.Ref != nil {
		for _, t := range e.Ref.Index {
			if impure(t.X) {
				return true
			}
		}
	}
	for _, a := range e.Args {
		if impure(a) {
			return true
		}
	}
	return impure(e.X) || impure(e.Y)
}

func isTrylock(op model.SyncOp) bool {
	i := model.OpInfo(op)
	return i.Expr && i.Acquires
}

// query renders an expression-level built-in without side effects.
func (c *exprCtx) query(e *model.Expr, idx []string) string {
	cs := c.cands(e.Args[0].Ref, idx)
	args := make([]string, len(e.Args)-1)
	for i, a := range e.Args[1:] {
		args[i] = c.V(a)
	}
	return chain(cs, func(cd cand) string {
		o := c.x.obj(cd.slot)
		if isTrylock(e.Sync) {
			return "0" // trylocks go through eval
		}
		return textOf(o.kind).query(c.x, e.Sync, o, args)
	}, "0")
}
