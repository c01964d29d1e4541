package compile

import (
	"strings"

	"mcheck/model"
	"mcheck/specs/syntax"
)

// Object pools and references: `pool NAME[N]: T`, `ref NAME`, NULL,
// `NAME[r].f` and `r->f`, alloc, free and kfree_rcu. See model/pool.go for
// the state and semantics.

// maxPool bounds the objects of one pool.
const maxPool = 16

// nullType is the type of NULL: a reference into no pool, assignable to any.
var nullType = &model.Type{Kind: model.TRef, Slots: 1}

// poolType resolves the type of a pool declaration.
func (c *compiler) poolType(te *syntax.PoolType) *model.Type {
	n, ok := c.constExpr(te.Len)
	elem := c.typeOf(te.Elem)
	if !ok || elem == nil {
		return nil
	}
	if n <= 0 || n > maxPool {
		c.errorf(te.Pos, "pool size %d is out of range 1..%d", n, maxPool)
		return nil
	}
	if k := unpooled(elem); k != nil {
		c.errorf(syntax.TypePos(te.Elem), "a pool object cannot contain a %s yet (only %s)", k, strings.Join(model.PooledPrims(), ", "))
		return nil
	}
	return &model.Type{Kind: model.TPool, Elem: elem, Len: int(n), Slots: model.PoolSlots(elem, int(n)),
		Hi: model.PoolStateMax(c.mem.kfreeRcu, c.nprocs), Typesafe: te.Typesafe}
}

// unpooled returns the first sync type inside t that a pool object may not
// contain, or nil. Those it may contain say so (model.Prim.Pooled): their
// initial state is all slots 0, so alloc reinitialises them, and for locks
// their idle state is too, so free can tell one in use.
func unpooled(t *model.Type) *model.Type {
	switch {
	case t.Kind == model.TStruct:
		for _, f := range t.Fields {
			if k := unpooled(f.Type); k != nil {
				return k
			}
		}
	case t.Kind == model.TArray:
		return unpooled(t.Elem)
	case t.IsSync() && !isPooled(t.Kind):
		return t
	}
	return nil
}

func isPooled(k model.TypeKind) bool {
	d := model.PrimOf(k)
	return d != nil && d.Pooled
}

// refType resolves `ref POOL`.
func (c *compiler) refType(te *syntax.RefType) *model.Type {
	g := c.globals[te.Pool]
	pt, ok := (*syntax.PoolType)(nil), false
	if g != nil {
		pt, ok = g.decl.Type.(*syntax.PoolType)
	}
	if !ok {
		c.errorf(te.Pos, "ref %s: %s is not a pool", te.Pool, te.Pool)
		return nil
	}
	n, ok := c.constExpr(pt.Len)
	if !ok || n <= 0 || n > maxPool {
		return nil // reported at the pool
	}
	return &model.Type{Kind: model.TRef, Pool: te.Pool, Lo: 0, Hi: n, Slots: 1}
}

// poolSlots lays out a pool: the most recently freed object, then each
// object's state and fields.
func (c *compiler) poolSlots(name string, t *model.Type) {
	c.prog.Slots = append(c.prog.Slots, model.Slot{Name: name + ".last_freed", Lo: 0, Hi: int64(t.Len)})
	for i := 0; i < t.Len; i++ {
		obj := name + "[" + itoaC(i) + "]"
		c.prog.Slots = append(c.prog.Slots, model.Slot{Name: obj + ".state", Lo: 0, Hi: t.Hi})
		c.slotsOf(obj, t.Elem)
	}
}

// poolInit applies `= [ {...}, ... ]`: the listed objects start allocated.
func (c *compiler) poolInit(t *model.Type, e syntax.Expr, base int) {
	lit, ok := e.(*syntax.ArrayLit)
	if !ok {
		c.errorf(syntax.ExprPos(e), "initialiser of a pool must list the objects allocated at the start: [ {...}, ... ]")
		return
	}
	if len(lit.Elems) > t.Len {
		c.errorf(lit.Pos, "%d initial objects for a pool of %d", len(lit.Elems), t.Len)
		return
	}
	for i, x := range lit.Elems {
		st := model.PoolObject(base, i, t.Elem)
		c.prog.Init[st] = 1
		c.initValue(t.Elem, x, st+1, -1)
	}
}

// refInit evaluates the initialiser of a reference: NULL or POOL[i], an
// object allocated at the start.
func (c *compiler) refInit(t *model.Type, e syntax.Expr, base int) {
	if n, ok := e.(*syntax.Name); ok && n.Name == "NULL" {
		return
	}
	ix, ok := e.(*syntax.IndexExpr)
	var pool *syntax.Name
	if ok {
		pool, ok = ix.X.(*syntax.Name)
	}
	if !ok || pool.Name != t.Pool {
		c.errorf(syntax.ExprPos(e), "a %s starts as NULL or as %s[i], an object the pool's initialiser allocates", t, t.Pool)
		return
	}
	i, ok := c.constExpr(ix.Index)
	if !ok {
		return
	}
	g := c.globals[t.Pool]
	lit, _ := g.decl.Init.(*syntax.ArrayLit)
	if lit == nil || i < 0 || i >= int64(len(lit.Elems)) {
		c.errorf(syntax.ExprPos(e), "%s[%d] is not allocated at the start (the pool's initialiser lists the objects that are)", t.Pool, i)
		return
	}
	c.prog.Init[base] = i + 1
}

// poolIndex compiles POOL[r]: the object r refers to, which must be allocated.
func (c *compiler) poolIndex(e *syntax.IndexExpr, pool, idx operand) operand {
	if idx.typ == nil || idx.val == nil {
		return bad
	}
	if idx.typ.Kind == model.TInt {
		return c.poolNumber(e, pool, idx)
	}
	if idx.typ.Kind != model.TRef || (idx.typ.Pool != "" && idx.typ.Pool != poolName(pool)) {
		c.errorf(syntax.ExprPos(e.Index), "index of pool %s must be a ref %s or an object number, not %s", poolName(pool), poolName(pool), idx.typ)
		return bad
	}
	if idx.typ.Pool == "" {
		c.errorf(syntax.ExprPos(e.Index), "NULL dereference")
		return bad
	}
	return c.object(pool, idx.val, syntax.ExprString(e))
}

// poolNumber compiles POOL[i] for an integer i: object i, allocated when
// it is accessed, and the reference to it where a ref is wanted.
func (c *compiler) poolNumber(e *syntax.IndexExpr, pool, idx operand) operand {
	n := pool.typ.Len
	if _, seen := c.prog.Numbered[poolName(pool)]; !seen { // object symmetry must keep its numbers
		if c.prog.Numbered == nil {
			c.prog.Numbered = map[string]model.Pos{}
		}
		c.prog.Numbered[poolName(pool)] = pos(syntax.ExprPos(e))
	}
	if idx.val.Op == model.EConst && (idx.val.Val < 0 || idx.val.Val >= int64(n)) {
		c.errorf(syntax.ExprPos(e.Index), "object %d out of range 0..%d of pool %s", idx.val.Val, n-1, poolName(pool))
		return bad
	}
	r := fold(&model.Expr{Op: model.EAdd, X: idx.val, Y: &model.Expr{Op: model.EConst, Val: 1}})
	op := c.object(pool, r, syntax.ExprString(e))
	op.objRef = r
	op.objRefType = &model.Type{Kind: model.TRef, Pool: poolName(pool), Lo: 0, Hi: int64(n), Slots: 1}
	return op
}

func poolName(pool operand) string { return pool.ref.Name }

// object makes the operand for the object of pool that the reference r names.
func (c *compiler) object(pool operand, r *model.Expr, name string) operand {
	t := pool.typ
	stride := 1 + t.Elem.Slots
	first := model.PoolObject(pool.ref.Base, 0, t.Elem)
	ref := &model.Ref{Base: first + 1, Name: name, Index: []model.IndexTerm{{
		X:      fold(&model.Expr{Op: model.ESub, X: r, Y: &model.Expr{Op: model.EConst, Val: 1}}),
		Stride: stride, Len: t.Len, Pool: pool.ref.Name, State: first, Typesafe: t.Typesafe,
	}}}
	return c.located(t.Elem, ref, pool.global)
}

// arrow compiles r->f.
func (c *compiler) arrow(e *syntax.SelectorExpr, sc *scope, x *exprCtx) operand {
	r := c.resolve(e.X, sc, x)
	if r.typ == nil {
		if r.group != nil {
			c.errorf(e.Pos, "-> needs a ref, not a process")
		}
		return bad
	}
	if r.typ.Kind != model.TRef {
		c.errorf(e.Pos, "%s is not a ref (it has type %s): use . for a field", syntax.ExprString(e.X), r.typ)
		return bad
	}
	if r.typ.Pool == "" {
		c.errorf(e.Pos, "NULL dereference")
		return bad
	}
	g := c.globals[r.typ.Pool]
	x.acc.reads[g.index] = true
	pool := operand{typ: g.typ, ref: &model.Ref{Base: g.base, Name: r.typ.Pool}, global: g.index}
	obj := c.object(pool, r.val, syntax.ExprString(e.X))
	f, ok := g.typ.Elem.Field(e.Field)
	if g.typ.Elem.Kind != model.TStruct || !ok {
		c.errorf(e.Pos, "%s has no field %s", g.typ.Elem, e.Field)
		return bad
	}
	ref := *obj.ref
	ref.Base += f.Offset
	ref.Name = syntax.ExprString(e)
	return c.located(f.Type, &ref, obj.global)
}

// freeArgs checks free(r) and kfree_rcu(r): the object is r's pool.
func (c *compiler) freeArgs(e *syntax.CallExpr, sc *scope, x *exprCtx) (*model.Ref, model.TypeKind, []*model.Expr) {
	if len(e.Args) != 1 {
		c.errorf(e.Pos, "%s takes 1 argument(s), got %d", e.Func, len(e.Args))
		return nil, 0, nil
	}
	r := c.resolve(e.Args[0], sc, x)
	if r.typ == nil {
		if r.group != nil {
			c.errorf(syntax.ExprPos(e.Args[0]), "%s needs a ref, not a process", e.Func)
		}
		return nil, 0, nil
	}
	if r.typ.Kind != model.TRef {
		c.errorf(syntax.ExprPos(e.Args[0]), "%s needs a ref, but %s is a %s", e.Func, syntax.ExprString(e.Args[0]), r.typ)
		return nil, 0, nil
	}
	if r.typ.Pool == "" {
		c.errorf(syntax.ExprPos(e.Args[0]), "%s(NULL) does nothing", e.Func)
		return nil, 0, nil
	}
	g := c.globals[r.typ.Pool]
	x.acc.writes[g.index] = true
	return &model.Ref{Base: g.base, Name: r.typ.Pool}, model.TPool, []*model.Expr{r.val}
}

// allocDst checks the destination of r = alloc(POOL).
func (c *compiler) allocDst(obj *model.Ref, d operand, dst syntax.Expr) bool {
	if d.typ.Kind != model.TRef || d.typ.Pool != obj.Name {
		c.errorf(syntax.ExprPos(dst), "alloc(%s) yields a ref %s; %s is a %s", obj.Name, obj.Name, syntax.ExprString(dst), d.typ)
		return false
	}
	return true
}

func itoaC(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoaC(i/10) + string(rune('0'+i%10))
}
