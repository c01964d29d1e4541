package promela

import (
	"fmt"

	"mcheck/model"
)

// wait_queue_head (model/prim_waitqueue.go): one variable, the bit set of
// queued pids.

type waitQueueText struct{}

func init() { primTexts[model.TWaitQueue] = waitQueueText{} }

func (waitQueueText) declare(n *names, _ *model.Program, base int, path string) *syncObj {
	o := &syncObj{waiters: n.fresh(path)}
	n.slots[base].kind, n.slots[base].name = sWaiters, o.waiters
	return o
}

func (waitQueueText) guard(_ *exporter, op model.SyncOp, o *syncObj, _ []string) string {
	if op != model.OpSchedule {
		panic(unknownOp("wait_queue_head guard", op))
	}
	return fmt.Sprintf("((%s & (1 << _pid)) == 0)", o.waiters)
}

func (waitQueueText) stmt(_ *exporter, op model.SyncOp, o *syncObj, _ *model.Node, _ func(int) string, _ string, _ []string) string {
	switch op {
	case model.OpPrepareToWait:
		return fmt.Sprintf("%s = %s | (1 << _pid)", o.waiters, o.waiters)
	case model.OpFinishWait:
		return fmt.Sprintf("%s = %s & ~(1 << _pid)", o.waiters, o.waiters)
	case model.OpSchedule:
		return "skip"
	case model.OpWakeUp:
		return o.waiters + " = 0"
	}
	panic(unknownOp("wait_queue_head stmt", op))
}

func (waitQueueText) query(_ *exporter, op model.SyncOp, o *syncObj, args []string) string {
	if op != model.OpWaitqueueActive {
		panic(unknownOp("wait_queue_head query", op))
	}
	return "(" + o.waiters + " != 0)"
}

func (waitQueueText) trylock(_ *exporter, op model.SyncOp, _ *syncObj, _ string, _ []string) string {
	panic(unknownOp("wait_queue_head trylock", op))
}

func (waitQueueText) notHeld(*syncObj) []string { return nil } // no owner

func (waitQueueText) held(*syncObj, bool) string { panic("promela: a wait queue is never held") }
