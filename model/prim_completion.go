package model

import "strconv"

// completion: one slot, done. As in kernel/sched/completion.c (Linux 6.6):
// complete() increments done unless it is UINT_MAX, complete_all() sets it
// to UINT_MAX, wait_for_completion() waits while done is 0 and then
// decrements it unless it is UINT_MAX (do_wait_for_common), so one complete()
// lets one waiter through and complete_all() lets every waiter through for
// good. UINT_MAX is CompletionAll here; counts above CompletionMax are a
// model bound (a range violation), not a kernel limit. A completion has no
// owner: it is not a lock, has no holds and no symmetry roles, and its
// waiters wait on data (a newcomer may take done before a woken waiter
// does), so they get only their process's fairness. See specs/README.md.

const (
	completionDone = 0
	// CompletionMax is the largest count of complete() calls not yet
	// consumed that the model holds.
	CompletionMax = 7
	// CompletionAll is done after complete_all(): the kernel's UINT_MAX.
	CompletionAll = CompletionMax + 1
)

// The completion's kind and operations (numbered by prim.go).
var (
	TCompletion = newKind()

	OpWaitForCompletion    = newOp()
	OpComplete             = newOp()
	OpCompleteAll          = newOp()
	OpReinitCompletion     = newOp()
	OpTryWaitForCompletion = newOp()
	OpCompletionDone       = newOp()
)

type completionSem struct{ noObject }

func init() {
	c := []TypeKind{TCompletion}
	register(&Prim{Kind: TCompletion, Name: "completion", Pooled: true, sem: completionSem{}, Ops: []SyncOpInfo{
		{Op: OpWaitForCompletion, Name: "wait_for_completion", Kinds: c, Blocking: true, Sleeps: true, Guarded: true, NoHolds: true},
		{Op: OpComplete, Name: "complete", Kinds: c, NoHolds: true},
		{Op: OpCompleteAll, Name: "complete_all", Kinds: c, NoHolds: true},
		{Op: OpReinitCompletion, Name: "reinit_completion", Kinds: c, NoHolds: true},
		// A trylock in form (it changes the state inside an expression),
		// but it takes no lock: tryTake leaves the holds alone.
		{Op: OpTryWaitForCompletion, Name: "try_wait_for_completion", Kinds: c, Expr: true, Acquires: true},
		{Op: OpCompletionDone, Name: "completion_done", Kinds: c, Expr: true, Reads: true},
	}})
}

func (completionSem) layout([]string, []int64) []SlotSpec {
	return []SlotSpec{{".done", 0, CompletionAll}}
}

func (completionSem) guard(op SyncOp) func(*Machine, int, []int64) bool {
	if op != OpWaitForCompletion {
		panic(unknownOp("completion guard", op))
	}
	return func(m *Machine, base int, _ []int64) bool { return m.get(base+completionDone) > 0 }
}

// consume takes one completion: done > 0 is the caller's to check.
func (m *Machine) consume(base int) {
	if d := m.get(base + completionDone); d != CompletionAll {
		m.store(base+completionDone, d-1)
	}
}

func (completionSem) exec(op SyncOp, st *opSite) func(*Machine, int, []int64) bool {
	switch op {
	case OpWaitForCompletion:
		return func(m *Machine, base int, _ []int64) bool { m.consume(base); return false }
	case OpComplete:
		return func(m *Machine, base int, _ []int64) bool {
			switch d := m.get(base + completionDone); d {
			case CompletionAll:
			case CompletionMax:
				m.fail(KindRange, "complete("+st.name+") beyond the model's bound", st.pos,
					"complete(%s): done is already %d, the most the model counts", st.name, CompletionMax)
			default:
				m.store(base+completionDone, d+1)
			}
			return false
		}
	case OpCompleteAll, OpReinitCompletion:
		v := int64(CompletionAll)
		if op == OpReinitCompletion {
			v = 0
		}
		return func(m *Machine, base int, _ []int64) bool { m.store(base+completionDone, v); return false }
	}
	panic(unknownOp("completion exec", op))
}

func (completionSem) call(op SyncOp) func(*Machine, int, []int64) int64 {
	switch op {
	case OpTryWaitForCompletion:
		return func(m *Machine, base int, _ []int64) int64 {
			if m.get(base+completionDone) == 0 {
				return 0
			}
			m.consume(base)
			return 1
		}
	case OpCompletionDone:
		return func(m *Machine, base int, _ []int64) int64 { return b2i(m.get(base+completionDone) != 0) }
	}
	panic(unknownOp("completion call", op))
}

func (completionSem) footprint(op SyncOp, f *primFoot) {
	switch op {
	case OpWaitForCompletion, OpComplete, OpTryWaitForCompletion:
		f.read(completionDone)
		f.write(completionDone)
	case OpCompleteAll, OpReinitCompletion:
		f.write(completionDone)
	case OpCompletionDone:
		f.read(completionDone)
	default:
		panic(unknownOp("completion footprint", op))
	}
}

func (completionSem) blocked(op SyncOp, _ *Program, _ []uint64, _, _ int, name string) (string, []int) {
	if op != OpWaitForCompletion {
		panic(unknownOp("completion blocked", op))
	}
	return "waits for " + name + " (done is 0: no complete() yet)", nil
}

func (completionSem) transfer(op SyncOp, _ int, _ *hold) {
	switch op {
	case OpWaitForCompletion, OpComplete, OpCompleteAll, OpReinitCompletion:
		// takes and releases no lock
	default:
		panic(unknownOp("completion transfer", op))
	}
}

func (completionSem) tryTake(op SyncOp, _ *hold, _ bool) {
	if op != OpTryWaitForCompletion {
		panic(unknownOp("completion trylock", op))
	}
}

func (completionSem) mayViolate(op SyncOp, _ hold, _ *Node, _ *intervals) bool {
	switch op {
	case OpComplete:
		return true // the model's bound on done is shared state
	case OpWaitForCompletion, OpCompleteAll, OpReinitCompletion:
		return false // blocking, and might_sleep, are checked generically
	}
	panic(unknownOp("completion mayViolate", op))
}

func (completionSem) text(p *Program, s []uint64, base int) string {
	if d := p.Get(s, base+completionDone); d != CompletionAll {
		return strconv.FormatInt(d, 10)
	}
	return "all (complete_all)"
}
