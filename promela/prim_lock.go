package promela

import (
	"fmt"

	"mcheck/model"
)

// mutex and spinlock (model/prim_lock.go): one owner variable, _pid+1.

type lockText struct {
	lock, unlock, try, isLocked model.SyncOp
}

func init() {
	primTexts[model.TMutex] = lockText{model.OpMutexLock, model.OpMutexUnlock, model.OpMutexTrylock, model.OpMutexIsLocked}
	primTexts[model.TSpinlock] = lockText{model.OpSpinLock, model.OpSpinUnlock, model.OpSpinTrylock, model.OpSpinIsLocked}
}

func (lockText) declare(n *names, _ *model.Program, base int, path string) *syncObj {
	o := &syncObj{owner: n.fresh(path)}
	n.slots[base].kind, n.slots[base].name = sOwner, o.owner
	return o
}

func (l lockText) guard(_ *exporter, op model.SyncOp, o *syncObj) string {
	if op != l.lock {
		panic(unknownOp("lock guard", op))
	}
	return "(" + o.owner + " == 0)"
}

func (l lockText) stmt(_ *exporter, op model.SyncOp, o *syncObj, _ *model.Node, _ func(int) string, _ string) string {
	switch op {
	case l.lock:
		return o.owner + " = " + me
	case l.unlock:
		return fmt.Sprintf("assert(%s == %s); %s = 0", o.owner, me, o.owner)
	}
	panic(unknownOp("lock stmt", op))
}

func (l lockText) query(_ *exporter, op model.SyncOp, o *syncObj, _ string) string {
	if op != l.isLocked {
		panic(unknownOp("lock query", op))
	}
	return "(" + o.owner + " != 0)"
}

func (l lockText) trylock(_ *exporter, op model.SyncOp, o *syncObj, t string) string {
	if op != l.try {
		panic(unknownOp("lock trylock", op))
	}
	return tryText(o.owner+" == 0", o.owner+" = "+me, t)
}

func (lockText) notHeld(o *syncObj) []string { return []string{o.owner + " != " + me} }

func (lockText) held(o *syncObj, _ bool) string { return o.owner + " == " + me }

// tryText sets t to whether cond held, doing take if so.
func tryText(cond, take, t string) string {
	return fmt.Sprintf("if :: %s -> %s; %s = 1 :: else -> %s = 0 fi", cond, take, t, t)
}
