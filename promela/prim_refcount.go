package promela

import (
	"fmt"

	"mcheck/model"
)

// refcount_t and kref (model/prim_refcount.go): one count variable. Each
// WARN of lib/refcount.c is an assert, as the model's violation.

type refcountText struct{}

func init() { primTexts[model.TRefcount] = refcountText{} }

func (refcountText) declare(n *names, _ *model.Program, base int, path string) *syncObj {
	o := &syncObj{count: n.fresh(path)}
	n.slots[base].kind, n.slots[base].name = sCount, o.count
	return o
}

func (refcountText) guard(_ *exporter, op model.SyncOp, _ *syncObj, _ []string) string {
	panic(unknownOp("refcount_t guard", op))
}

// inc asserts a reference to add to and room below the model's bound.
func refInc(o *syncObj) string {
	return fmt.Sprintf("assert(%s != 0); assert(%s != %d); %s = %s + 1", o.count, o.count, model.RefcountMax, o.count, o.count)
}

func (refcountText) stmt(_ *exporter, op model.SyncOp, o *syncObj, _ *model.Node, _ func(int) string, _ string, _ []string) string {
	switch op {
	case model.OpRefcountInc:
		return refInc(o)
	case model.OpRefcountDec:
		return fmt.Sprintf("assert(%s > 1); %s = %s - 1", o.count, o.count, o.count)
	case model.OpKrefInit:
		return o.count + " = 1"
	}
	panic(unknownOp("refcount_t stmt", op))
}

func (refcountText) query(_ *exporter, op model.SyncOp, o *syncObj, args []string) string {
	if op != model.OpRefcountRead {
		panic(unknownOp("refcount_t query", op))
	}
	return o.count
}

func (refcountText) trylock(_ *exporter, op model.SyncOp, o *syncObj, t string, _ []string) string {
	switch op {
	case model.OpRefcountIncNotZero:
		return tryText(o.count+" != 0", refInc(o), t)
	case model.OpRefcountDecAndTest:
		return fmt.Sprintf("assert(%s != 0); %s = %s - 1; %s = (%s == 0 -> 1 : 0)", o.count, o.count, o.count, t, o.count)
	}
	panic(unknownOp("refcount_t trylock", op))
}

func (refcountText) notHeld(*syncObj) []string { return nil } // no owner

func (refcountText) held(*syncObj, bool) string { panic("promela: a refcount is never held") }
