package compile

import (
	"mcheck/model"
	"mcheck/specs/syntax"
)

// RCU: rcu_read_lock(), rcu_read_unlock(), synchronize_rcu() and
// rcu_read_lock_held() name no object; the compiler adds one implicit global,
// "rcu", when a spec calls any of them or kfree_rcu (model/rcu.go).

// memUse says which RCU features a spec uses, found before layout so that
// specs without RCU carry no RCU state.
type memUse struct {
	rcu      bool // any RCU call, kfree_rcu included
	kfreeRcu bool // pool objects may wait for a grace period
	rcuBase  int
}

// scanMem finds the RCU calls of every process and inline body: the ops
// on the RCU state, and those that defer a free to a grace period.
func (c *compiler) scanMem(f *syntax.File) {
	c.inspectCompiled(f, func(n any) bool {
		call, ok := n.(*syntax.CallExpr)
		if !ok {
			return true
		}
		if info, ok := model.Builtins[call.Func]; ok && (info.Defers || info.Accepts(model.TRcu)) {
			c.mem.rcu = true
			c.mem.kfreeRcu = c.mem.kfreeRcu || info.Defers
		}
		return true
	})
}

// layoutRCU adds the implicit RCU state after the declared globals.
func (c *compiler) layoutRCU() {
	if !c.mem.rcu {
		return
	}
	t := &model.Type{Kind: model.TRcu, Slots: model.RcuSlots(c.nprocs)}
	c.mem.rcuBase = len(c.prog.Slots)
	for _, pr := range c.prog.Procs {
		c.prog.Slots = append(c.prog.Slots, model.Slot{Name: "rcu.nest[" + pr.Name() + "]", Hi: model.MaxRcuNest})
	}
	for _, pr := range c.prog.Procs {
		c.prog.Slots = append(c.prog.Slots, model.Slot{Name: "rcu.gp[" + pr.Name() + "]", Hi: int64(1)<<c.nprocs - 1})
	}
	for range t.Slots {
		c.prog.Init = append(c.prog.Init, 0)
	}
	c.prog.Globals = append(c.prog.Globals, model.Var{Name: "rcu", Type: t, Base: c.mem.rcuBase})
}

// memArgs handles the built-ins whose object is implicit: the RCU state, or
// the pool of a reference. handled is false for every other built-in.
func (c *compiler) memArgs(e *syntax.CallExpr, info model.SyncOpInfo, sc *scope, x *exprCtx) (obj *model.Ref, kind model.TypeKind, args []*model.Expr, handled bool) {
	if info.Frees {
		obj, kind, args = c.freeArgs(e, sc, x)
		return obj, kind, args, true
	}
	if !info.Accepts(model.TRcu) {
		return nil, 0, nil, false
	}
	if len(e.Args) != 0 {
		c.errorf(e.Pos, "%s takes no arguments, got %d", e.Func, len(e.Args))
		return nil, 0, nil, true
	}
	if sc == nil || sc.proc == nil {
		c.errorf(e.Pos, "%s is only meaningful inside a process", e.Func)
		return nil, 0, nil, true
	}
	return &model.Ref{Base: c.mem.rcuBase, Name: "rcu"}, model.TRcu, nil, true
}
