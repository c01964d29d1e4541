package model

// Memory primitives: RCU (rcu.go) and object pools (pool.go). Their
// operations are rows of the operation table like every other primitive's,
// and their semantics are descriptors too (Prim.mem), which generic code
// asks through the op's owner, never by naming an op. They do not fit
// primSem: their operations name implicit or per-process state (the running
// process's RCU nesting and grace-period slots, every object of the pool a
// reference points into, the pools kfree_rcu defers), so they link from the
// whole node and program. Each method fails closed on an op its descriptor
// does not own.
type memSem interface {
	// exec links a statement op.
	exec(p *Program, n *Node, pr *Proc) execFn
	// guard links a guarded op's enabling condition.
	guard(p *Program, n *Node, pr *Proc) guardFn
	// call links an expression op on the object at obj.
	call(p *Program, op SyncOp, obj slotFn) evalFn
	// footprint adds what op of process pid (-1: an invariant) on the
	// object at base reads (into reads) and writes.
	footprint(fc *footCollector, op SyncOp, base, pid int, reads SlotSet)
	// transfer applies op to the hold interval its object's base keys.
	transfer(op SyncOp, h *hold)
	// mayViolate: may op, with holds x, commit a violation beyond blocking
	// and might_sleep, which are checked generically.
	mayViolate(p *Program, op SyncOp, x hold) bool
	// blocked says why process pid's guarded op waits, and for whom.
	blocked(p *Program, op SyncOp, s []uint64, base, pid int) (string, []int)
}

// memOf returns the memory semantics that owns op, or nil for an op of a
// lock-like primitive (or none).
func memOf(op SyncOp) memSem {
	if int(op) < len(opPrim) && opPrim[op] != nil {
		return opPrim[op].mem
	}
	return nil
}

// noMemOp fails closed for the parts of memSem a memory primitive has no
// op for.
type noMemOp struct{ what string }

func (n noMemOp) guard(_ *Program, nd *Node, _ *Proc) guardFn {
	panic(unknownOp(n.what+" guard", nd.Op))
}
func (n noMemOp) call(_ *Program, op SyncOp, _ slotFn) evalFn { panic(unknownOp(n.what+" call", op)) }
func (n noMemOp) blocked(_ *Program, op SyncOp, _ []uint64, _, _ int) (string, []int) {
	panic(unknownOp(n.what+" blocked", op))
}
