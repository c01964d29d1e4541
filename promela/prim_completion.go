package promela

import (
	"fmt"

	"mcheck/model"
)

// completion (model/prim_completion.go): one variable, done, with
// model.CompletionAll for the kernel's UINT_MAX.

type completionText struct{}

func init() { primTexts[model.TCompletion] = completionText{} }

var completionAll = fmt.Sprint(model.CompletionAll)

func (completionText) declare(n *names, _ *model.Program, base int, path string) *syncObj {
	o := &syncObj{count: n.fresh(path)}
	n.slots[base].kind, n.slots[base].name = sCount, o.count
	return o
}

func (completionText) guard(_ *exporter, op model.SyncOp, o *syncObj, _ []string) string {
	if op != model.OpWaitForCompletion {
		panic(unknownOp("completion guard", op))
	}
	return "(" + o.count + " > 0)"
}

// consume takes one completion (done > 0 checked by the caller).
func consume(o *syncObj) string {
	return fmt.Sprintf("if :: %s != %s -> %s = %s - 1 :: else -> skip fi", o.count, completionAll, o.count, o.count)
}

func (completionText) stmt(_ *exporter, op model.SyncOp, o *syncObj, _ *model.Node, _ func(int) string, _ string, _ []string) string {
	switch op {
	case model.OpWaitForCompletion:
		return consume(o)
	case model.OpComplete:
		return fmt.Sprintf("assert(%s != %d); if :: %s != %s -> %s = %s + 1 :: else -> skip fi",
			o.count, model.CompletionMax, o.count, completionAll, o.count, o.count)
	case model.OpCompleteAll:
		return o.count + " = " + completionAll
	case model.OpReinitCompletion:
		return o.count + " = 0"
	}
	panic(unknownOp("completion stmt", op))
}

func (completionText) query(_ *exporter, op model.SyncOp, o *syncObj, args []string) string {
	if op != model.OpCompletionDone {
		panic(unknownOp("completion query", op))
	}
	return "(" + o.count + " != 0)"
}

func (completionText) trylock(_ *exporter, op model.SyncOp, o *syncObj, t string, _ []string) string {
	if op != model.OpTryWaitForCompletion {
		panic(unknownOp("completion trylock", op))
	}
	return tryText(o.count+" != 0", consume(o), t)
}

func (completionText) notHeld(*syncObj) []string { return nil } // no owner

func (completionText) held(*syncObj, bool) string { panic("promela: a completion is never held") }
