package model

// lockdep_assert_held, lockdep_assert_held_write and lockdep_assert_not_held
// (include/linux/lockdep.h): assertions over any lock kind, answered by the
// lock's own descriptor (heldBy, holdReads, surelyHolds). They own no object
// kind.

type lockdepSem struct{ noObject }

// The assertions' operations; they own no object kind.
var (
	OpAssertHeld      = newOp()
	OpAssertHeldWrite = newOp()
	OpAssertNotHeld   = newOp() // the caller holds the lock in no mode
)

// anyLock and writeLock select the locks the assertions take, from the
// lock descriptors' flags: every lock, or those with a write mode.
func anyLock(*Prim) bool     { return true }
func writeLock(d *Prim) bool { return d.LockdepWrite }

func init() {
	register(&Prim{Kind: noKind, sem: lockdepSem{}, Ops: []SyncOpInfo{
		{Op: OpAssertHeld, Name: "lockdep_assert_held", Locks: anyLock, NoHolds: true},
		{Op: OpAssertHeldWrite, Name: "lockdep_assert_held_write", Locks: writeLock, NoHolds: true},
		{Op: OpAssertNotHeld, Name: "lockdep_assert_not_held", Locks: anyLock, NoHolds: true},
	}})
}

func isAssert(op SyncOp) bool {
	return op == OpAssertHeld || op == OpAssertHeldWrite || op == OpAssertNotHeld
}

func (lockdepSem) exec(op SyncOp, st *opSite) func(*Machine, int, []int64) bool {
	if !isAssert(op) {
		panic(unknownOp("lockdep exec", op))
	}
	lock, write, not := semOf("lockdep exec", st.kind), op == OpAssertHeldWrite, op == OpAssertNotHeld
	return func(m *Machine, base int, _ []int64) bool {
		if lock.heldBy(m, base, write) == not {
			m.fail(KindAssertion, op.String()+"("+st.name+")", st.pos, "%s(%s) fails in %s", op, st.name, m.p.Procs[m.pid].Name())
		}
		return false
	}
}

func (lockdepSem) footprint(op SyncOp, f *primFoot) {
	if !isAssert(op) {
		panic(unknownOp("lockdep footprint", op))
	}
	semOf("lockdep footprint", f.kind).holdReads(f, op == OpAssertHeldWrite)
}

func (lockdepSem) transfer(op SyncOp, _ int, _ *hold) {
	if !isAssert(op) {
		panic(unknownOp("lockdep transfer", op))
	}
}

func (lockdepSem) mayViolate(op SyncOp, x hold, nd *Node, _ *intervals) bool {
	if !isAssert(op) {
		panic(unknownOp("lockdep mayViolate", op))
	}
	if op == OpAssertNotHeld {
		return x.hi > 0 || x.whi > 0 // possibly held in some mode
	}
	return !semOf("lockdep mayViolate", nd.ObjKind).surelyHolds(x, op == OpAssertHeldWrite)
}

// noObject fails closed for the parts of primSem that a descriptor owning
// no object kind (or no such op) lacks.
type noObject struct{}

func (noObject) layout([]string, []int64) []SlotSpec { panic("layout: no object kind") }
func (noObject) guard(op SyncOp) func(*Machine, int, []int64) bool {
	panic(unknownOp("guard", op))
}
func (noObject) call(op SyncOp) func(*Machine, int, []int64) int64 {
	panic(unknownOp("call", op))
}
func (noObject) blockers(op SyncOp, _ *Program, _ []uint64, _, _ int) int64 {
	panic(unknownOp("blockers", op))
}
func (noObject) blocked(op SyncOp, _ *Program, _ []uint64, _, _ int, _ string) (string, []int) {
	panic(unknownOp("blocked", op))
}
func (noObject) holds(_ *Program, _ []uint64, _, _ int, out []Hold) []Hold { return out }
func (noObject) heldBy(*Machine, int, bool) bool                           { panic("heldBy: no object kind") }
func (noObject) holdReads(*primFoot, bool)                                 { panic("holdReads: no object kind") }
func (noObject) surelyHolds(hold, bool) bool                               { panic("surelyHolds: no object kind") }
func (noObject) tryTake(op SyncOp, _ *hold, _ bool)                        { panic(unknownOp("trylock", op)) }
func (noObject) roles(int, *Symmetry)                                      {}
func (noObject) text(*Program, []uint64, int) string                       { return "?" }
