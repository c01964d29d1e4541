package promela

import (
	"fmt"
	"strconv"
	"strings"

	"mcheck/model"
)

// body collects the statements of one d_step.
type body struct {
	c     *exprCtx
	stmts []string
}

func (b *body) emit(format string, args ...any) {
	b.stmts = append(b.stmts, fmt.Sprintf(format, args...))
}

func (b *body) assert(d string) {
	if d != "1" {
		b.emit("assert(%s)", d)
	}
}

func (b *body) sub() *body { return &body{c: b.c} }

// block renders the statements as one sequence.
func (b *body) block() string {
	if len(b.stmts) == 0 {
		return "skip"
	}
	return strings.Join(b.stmts, "; ")
}

func (b *body) temp() string { return b.c.x.temp() }

// args emits the evaluation of an operation's extra arguments, in order,
// into temporaries (a value must survive the others' side effects and the
// operation's own) and returns them.
func (b *body) args(es []*model.Expr) []string {
	out := make([]string, len(es))
	for i, e := range es {
		v := b.eval(e)
		if e.Op != model.EConst {
			t := b.temp()
			b.emit("%s = %s", t, v)
			v = t
		}
		out[i] = v
	}
	return out
}

// eval emits what evaluating e does and returns its value, valid until the
// next side effect.
func (b *body) eval(e *model.Expr) string {
	c := b.c
	if !impure(e) {
		b.assert(c.D(e))
		return c.V(e)
	}
	switch e.Op {
	case model.ECall:
		r := e.Args[0].Ref
		idx := b.index(r, writes(e.Sync))
		args := b.args(e.Args[1:])
		t := b.temp()
		b.objects(r, idx, func(o *syncObj) string { return b.c.x.trylock(e.Sync, o, t, args) })
		if model.OpInfo(e.Sync).WritesIfTrue {
			// It wrote its object: that must be allocated
			// (model.Program.writesIfTrue).
			if live := b.c.refLive(r, idx); live != "1" {
				b.emit("assert(%s == 0 || %s)", t, live)
			}
		}
		return t
	case model.ELoad, model.EAt:
		idx := b.index(e.Ref, false)
		v := c.load(e.Ref, idx)
		if e.Op == model.EAt {
			v = fmt.Sprintf("(%s == %d)", v, e.Val)
		}
		return v
	case model.ENot:
		return not(b.eval(e.X))
	case model.ENeg, model.EBitNot:
		return unary(e.Op, b.eval(e.X))
	case model.EAnd, model.EOr, model.EImpl:
		t := b.temp()
		x := b.eval(e.X)
		cont := paren(x) + " != 0"
		if e.Op == model.EOr {
			cont = paren(x) + " == 0"
		}
		s := b.sub()
		y := s.eval(e.Y)
		s.emit("%s = (%s != 0)", t, paren(y))
		short := "0"
		if e.Op != model.EAnd {
			short = "1"
		}
		b.emit("if :: %s -> %s :: else -> %s = %s fi", cont, s.block(), t, short)
		return t
	}
	x := b.eval(e.X)
	if impure(e.Y) {
		t := b.temp()
		b.emit("%s = %s", t, x)
		x = t
	}
	y := b.eval(e.Y)
	if d := model.RightDomain(e.Op); d.Partial && domain(d, y) != "1" {
		b.emit("assert(%s)", domain(d, y))
	}
	return binary(e.Op, x, y)
}

// index evaluates r's index terms into temporaries when they have side
// effects, checks their bounds, and returns their values.
func (b *body) index(r *model.Ref, write bool) []string {
	idx := make([]string, len(r.Index))
	for k, t := range r.Index {
		v := b.eval(t.X)
		if impure(t.X) {
			tmp := b.temp()
			b.emit("%s = %s", tmp, v)
			v = tmp
		}
		b.emit("assert(%s >= 0 && %s < %d)", paren(v), paren(v), t.Len)
		if t.Pool != "" {
			b.emit("assert(%s)", b.c.objLive(t, v, write))
		}
		idx[k] = v
	}
	return idx
}

// objects emits code for the sync object r denotes (one if-option per
// candidate when its index is dynamic; the bounds are already asserted).
func (b *body) objects(r *model.Ref, idx []string, code func(o *syncObj) string) {
	cs := b.c.cands(r, idx)
	if len(cs) == 1 && cs[0].cond == "" {
		b.emit("%s", code(b.c.x.obj(cs[0].slot)))
		return
	}
	var opts []string
	for _, cd := range cs {
		opts = append(opts, fmt.Sprintf(":: %s -> %s", cd.cond, code(b.c.x.obj(cd.slot))))
	}
	b.emit("if %s fi", strings.Join(opts, " "))
}

// store emits the range-checked store of v into the slot r denotes.
func (b *body) store(r *model.Ref, idx []string, v string) {
	cs := b.c.cands(r, idx)
	set := func(cd cand) string { return fmt.Sprintf("%s = %s", b.c.lval(cd), v) }
	lo, hi := b.c.x.slotRange(b.c.pt, cs[0].local, cs[0].slot)
	if k, err := strconv.ParseInt(strings.Trim(v, "()"), 10, 64); err != nil || k < lo || k > hi {
		b.emit("assert(%s >= %s && %s <= %s)", paren(v), lit(lo), paren(v), lit(hi))
	}
	if len(cs) == 1 && cs[0].cond == "" {
		b.emit("%s", set(cs[0]))
		return
	}
	var opts []string
	for _, cd := range cs {
		opts = append(opts, fmt.Sprintf(":: %s -> %s", cd.cond, set(cd)))
	}
	b.emit("if %s fi", strings.Join(opts, " "))
}

// assign emits a parallel assignment: every value first, then every store.
// Values go through temporaries only when a store could change what a later
// value reads, or when they have side effects.
func (b *body) assign(n *model.Node) {
	lhsNames := map[string]bool{}
	for _, r := range n.LHS {
		for _, cd := range b.c.cands(r, make([]string, len(r.Index))) {
			lhsNames[strings.SplitN(b.c.lval(cd), "[", 2)[0]] = true
		}
	}
	vals := make([]string, len(n.RHS))
	for i, e := range n.RHS {
		vals[i] = b.eval(e)
		if impure(e) || len(n.LHS) > 1 && mentions(vals[i], lhsNames) {
			t := b.temp()
			b.emit("%s = %s", t, vals[i])
			vals[i] = t
		}
	}
	for i, r := range n.LHS {
		b.store(r, b.index(r, true), vals[i])
	}
}

// mentions reports whether expression text s names one of the variables.
func mentions(s string, vars map[string]bool) bool {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		if vars[f] {
			return true
		}
	}
	return false
}
