package promela

import (
	"fmt"

	"mcheck/model"
)

// seqcount (model/prim_seqcount.go): one count variable.

type seqcountText struct{}

func init() { primTexts[model.TSeqcount] = seqcountText{} }

func (seqcountText) declare(n *names, _ *model.Program, base int, path string) *syncObj {
	o := &syncObj{count: n.fresh(path)}
	n.slots[base].kind, n.slots[base].name = sCount, o.count
	return o
}

func (seqcountText) guard(_ *exporter, op model.SyncOp, o *syncObj, _ []string) string {
	if op != model.OpReadSeqBegin {
		panic(unknownOp("seqcount guard", op))
	}
	return "(" + o.count + " % 2 == 0)"
}

func (seqcountText) stmt(_ *exporter, op model.SyncOp, o *syncObj, _ *model.Node, _ func(int) string, dst string, _ []string) string {
	switch op {
	case model.OpWriteSeqBegin, model.OpWriteSeqEnd:
		parity := 0
		if op == model.OpWriteSeqEnd {
			parity = 1
		}
		return fmt.Sprintf("assert(%s %% 2 == %d); %s = (%s + 1) %% %d", o.count, parity, o.count, o.count, model.SeqcountMax+1)
	case model.OpReadSeqBegin:
		if dst == "" {
			return "skip"
		}
		return dst + " = " + o.count
	}
	panic(unknownOp("seqcount stmt", op))
}

func (seqcountText) query(_ *exporter, op model.SyncOp, o *syncObj, args []string) string {
	switch op {
	case model.OpRawReadSeq:
		return o.count
	case model.OpReadSeqRetry:
		return fmt.Sprintf("(%s != %s)", o.count, paren(args[0]))
	}
	panic(unknownOp("seqcount query", op))
}

func (seqcountText) trylock(_ *exporter, op model.SyncOp, _ *syncObj, _ string, _ []string) string {
	panic(unknownOp("seqcount trylock", op))
}

func (seqcountText) notHeld(*syncObj) []string { return nil } // no owner

func (seqcountText) held(*syncObj, bool) string { panic("promela: a seqcount is never held") }
