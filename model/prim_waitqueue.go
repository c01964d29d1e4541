package model

import "strings"

// wait_queue_head: one slot, the set of processes queued on it (a bit per
// pid). Linux (include/linux/wait.h, kernel/sched/wait.c, 6.6):
// prepare_to_wait() queues the task's entry (if not queued) and sets its
// state to sleeping; schedule() then sleeps unless a wake-up already set the
// task running; wake_up() wakes every non-exclusive waiter, and the default
// wake function (autoremove_wake_function) removes the woken entry from the
// queue; finish_wait() sets the task running and dequeues it. So "queued"
// here is "prepared and not woken since": schedule(wq) waits while the
// caller is queued, and a wake-up between prepare_to_wait and schedule makes
// schedule return at once — the reason the kernel's wait_event re-checks its
// condition after prepare_to_wait. wait_event(wq, cond) is the kernel's
// macro, an inline over these operations (Inlines below), so a waiter that
// checks without re-checking, or a waker that wakes before it sets the
// condition, can sleep for ever. Exclusive waits (prepare_to_wait_exclusive,
// wake_up waking one) are not modelled. See specs/README.md.

const wqWaiters = 0

// The wait queue's kind and operations (numbered by prim.go).
var (
	TWaitQueue = newKind()

	OpPrepareToWait   = newOp()
	OpFinishWait      = newOp()
	OpSchedule        = newOp()
	OpWakeUp          = newOp()
	OpWaitqueueActive = newOp()
)

type waitQueueSem struct{ noObject }

// waitEvent is include/linux/wait.h's wait_event: check, then loop
// { prepare_to_wait; re-check; schedule }, then finish_wait. Its line
// numbers are the ones traces give for its steps ("in inline wait_event").
const waitEvent = `inline wait_event(wq_head, condition) {
    if condition { return }
again:
    prepare_to_wait(wq_head)
    if condition { finish_wait(wq_head); return }
    schedule(wq_head)
    goto again
}
`

func init() {
	w := []TypeKind{TWaitQueue}
	register(&Prim{Kind: TWaitQueue, Name: "wait_queue_head", Pooled: true, sem: waitQueueSem{}, Inlines: waitEvent,
		// In a pool object: a sleeper's finish_wait() (and a waker's
		// wake_up()) would take the freed wq_head->lock (kernel/sched/wait.c).
		FreedInUse: "wait queue freed with sleepers", InUseText: "has processes queued on it (their finish_wait would take the freed wq_head->lock)",
		Ops: []SyncOpInfo{
			{Op: OpPrepareToWait, Name: "prepare_to_wait", Kinds: w, NoHolds: true},
			{Op: OpFinishWait, Name: "finish_wait", Kinds: w, NoHolds: true},
			{Op: OpSchedule, Name: "schedule", Kinds: w, Blocking: true, Sleeps: true, Guarded: true, NoHolds: true},
			{Op: OpWakeUp, Name: "wake_up", Kinds: w, NoHolds: true},
			{Op: OpWaitqueueActive, Name: "waitqueue_active", Kinds: w, Expr: true, Reads: true},
		}})
}

func (waitQueueSem) layout(procs []string, _ []int64) []SlotSpec {
	return []SlotSpec{{".waiters", 0, int64(1)<<len(procs) - 1}}
}

func (waitQueueSem) guard(op SyncOp) func(*Machine, int, []int64) bool {
	if op != OpSchedule {
		panic(unknownOp("wait_queue_head guard", op))
	}
	return func(m *Machine, base int, _ []int64) bool { return m.get(base+wqWaiters)&(1<<m.pid) == 0 }
}

func (waitQueueSem) exec(op SyncOp, _ *opSite) func(*Machine, int, []int64) bool {
	switch op {
	case OpPrepareToWait:
		return func(m *Machine, base int, _ []int64) bool {
			m.store(base+wqWaiters, m.get(base+wqWaiters)|1<<m.pid)
			return false
		}
	case OpFinishWait:
		return func(m *Machine, base int, _ []int64) bool {
			m.store(base+wqWaiters, m.get(base+wqWaiters)&^(1<<m.pid))
			return false
		}
	case OpSchedule:
		return func(*Machine, int, []int64) bool { return false } // woken: the guard held
	case OpWakeUp:
		return func(m *Machine, base int, _ []int64) bool { m.store(base+wqWaiters, 0); return false }
	}
	panic(unknownOp("wait_queue_head exec", op))
}

func (waitQueueSem) call(op SyncOp) func(*Machine, int, []int64) int64 {
	if op != OpWaitqueueActive {
		panic(unknownOp("wait_queue_head call", op))
	}
	return func(m *Machine, base int, _ []int64) int64 { return b2i(m.get(base+wqWaiters) != 0) }
}

func (waitQueueSem) footprint(op SyncOp, f *primFoot) {
	switch op {
	case OpPrepareToWait, OpFinishWait:
		f.read(wqWaiters)
		f.write(wqWaiters)
	case OpSchedule, OpWaitqueueActive:
		f.read(wqWaiters)
	case OpWakeUp:
		f.write(wqWaiters)
	default:
		panic(unknownOp("wait_queue_head footprint", op))
	}
}

func (waitQueueSem) blocked(op SyncOp, _ *Program, _ []uint64, _, _ int, name string) (string, []int) {
	if op != OpSchedule {
		panic(unknownOp("wait_queue_head blocked", op))
	}
	return "sleeps on " + name + " until a wake_up", nil
}

func (waitQueueSem) transfer(op SyncOp, _ int, _ *hold) {
	switch op {
	case OpPrepareToWait, OpFinishWait, OpSchedule, OpWakeUp:
		// takes and releases no lock
	default:
		panic(unknownOp("wait_queue_head transfer", op))
	}
}

func (waitQueueSem) mayViolate(op SyncOp, _ hold, _ *Node, _ *intervals) bool {
	switch op {
	case OpPrepareToWait, OpFinishWait, OpSchedule, OpWakeUp:
		return false // schedule's might_sleep is checked generically
	}
	panic(unknownOp("wait_queue_head mayViolate", op))
}

func (waitQueueSem) roles(base int, sy *Symmetry) { sy.masks = append(sy.masks, base+wqWaiters) }

func (waitQueueSem) text(p *Program, s []uint64, base int) string {
	var names []string
	for _, pid := range p.pidList(p.Get(s, base+wqWaiters)) {
		names = append(names, p.Procs[pid].Name())
	}
	if len(names) == 0 {
		return "empty"
	}
	return "waited on by " + strings.Join(names, ", ")
}
