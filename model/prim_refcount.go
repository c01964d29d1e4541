package model

import "strconv"

// refcount_t (and kref, the same count behind a wrapper): one slot, the
// count. As in include/linux/refcount.h and lib/refcount.c (Linux 6.6),
// every misuse the kernel detects is a violation here; the kernel then
// saturates the count (REFCOUNT_SATURATED) and WARNs, leaking the object
// rather than freeing it twice, and mcheck stops at the WARN:
//   - refcount_inc on 0: "addition on 0; use-after-free" (REFCOUNT_ADD_UAF),
//     kind use_after_free: the object was put for good and may be freed;
//   - refcount_dec_and_test on 0: "underflow; use-after-free"
//     (REFCOUNT_SUB_UAF in __refcount_sub_and_test), kind use_after_free (a
//     put after the last put);
//   - refcount_dec to 0 or on 0: "decrement hit 0; leaking memory"
//     (__refcount_dec tests old <= 1 and WARNs REFCOUNT_DEC_LEAK in both
//     cases), kind misuse: a plain dec must not drop the last reference;
//   - more than RefcountMax references: the kernel saturates past INT_MAX
//     (REFCOUNT_ADD_OVF); the model's bound is far lower, so it is a range
//     violation, a bound of the model.
// refcount_inc_not_zero on 0 yields false and changes nothing; it is the
// lookup's guard against taking a reference to a dying object. Not a lock:
// no owner, holds or symmetry roles. See specs/README.md.

const (
	refcountRefs = 0
	// RefcountMax is the most references the model counts.
	RefcountMax = 7
)

// The refcount_t's kind and operations (numbered by prim.go).
var (
	TRefcount = newKind()

	OpRefcountInc        = newOp()
	OpRefcountDec        = newOp()
	OpKrefInit           = newOp()
	OpRefcountIncNotZero = newOp()
	OpRefcountDecAndTest = newOp()
	OpRefcountRead       = newOp()
)

type refcountSem struct{ noObject }

func init() {
	r := []TypeKind{TRefcount}
	register(&Prim{Kind: TRefcount, Name: "refcount_t", TypeAliases: []string{"kref"}, Pooled: true, sem: refcountSem{},
		Aliases: map[string]SyncOp{"kref_get": OpRefcountInc, "kref_put": OpRefcountDecAndTest,
			"kref_get_unless_zero": OpRefcountIncNotZero, "kref_read": OpRefcountRead},
		Ops: []SyncOpInfo{
			{Op: OpRefcountInc, Name: "refcount_inc", Kinds: r, NoHolds: true},
			{Op: OpRefcountDec, Name: "refcount_dec", Kinds: r, NoHolds: true},
			{Op: OpKrefInit, Name: "kref_init", Kinds: r, NoHolds: true},
			// State-changing expressions: Acquires lets them change the
			// state where a trylock may (tryTake leaves holds alone).
			{Op: OpRefcountIncNotZero, Name: "refcount_inc_not_zero", Kinds: r, Expr: true, Acquires: true, MayFail: true, WritesIfTrue: true},
			{Op: OpRefcountDecAndTest, Name: "refcount_dec_and_test", Kinds: r, Expr: true, Acquires: true, MayFail: true},
			{Op: OpRefcountRead, Name: "refcount_read", Kinds: r, Expr: true, Returns: true, Reads: true},
		}})
}

func (refcountSem) layout([]string, []int64) []SlotSpec { return []SlotSpec{{".refs", 0, RefcountMax}} }

// refInc takes one more reference; it reports a violation on 0 unless
// notZero (refcount_inc_not_zero then yields false).
func (m *Machine) refInc(op SyncOp, base int, st *opSite, notZero bool) bool {
	switch c := m.get(base + refcountRefs); {
	case c == 0 && notZero:
		return false
	case c == 0:
		m.fail(KindUseAfterFree, "refcount_t "+st.name, st.pos, "%s(%s): addition on 0; use-after-free", op, st.name)
	case c == RefcountMax:
		m.fail(KindRange, op.String()+"("+st.name+") beyond the model's bound", st.pos,
			"%s(%s): already %d references, the most the model counts", op, st.name, RefcountMax)
	default:
		m.store(base+refcountRefs, c+1)
		return true
	}
	return false
}

// refDec drops one reference and reports whether it was the last; a plain
// dec (test false) must not drop the last.
func (m *Machine) refDec(op SyncOp, base int, st *opSite, test bool) bool {
	c := m.get(base + refcountRefs)
	switch {
	case c <= 1 && !test:
		// __refcount_dec: one test, old <= 1, one WARN for both.
		m.fail(KindMisuse, "refcount_dec to 0", st.pos, "%s(%s): decrement hit 0; leaking memory", op, st.name)
		return false
	case c == 0:
		m.fail(KindUseAfterFree, "refcount_t "+st.name, st.pos, "%s(%s): underflow; use-after-free", op, st.name)
		return false
	}
	m.store(base+refcountRefs, c-1)
	return c == 1
}

func (refcountSem) exec(op SyncOp, st *opSite) func(*Machine, int, []int64) bool {
	switch op {
	case OpRefcountInc:
		return func(m *Machine, base int, _ []int64) bool { m.refInc(op, base, st, false); return false }
	case OpRefcountDec:
		return func(m *Machine, base int, _ []int64) bool { m.refDec(op, base, st, false); return false }
	case OpKrefInit:
		return func(m *Machine, base int, _ []int64) bool { m.store(base+refcountRefs, 1); return false }
	}
	panic(unknownOp("refcount_t exec", op))
}

func (refcountSem) call(op SyncOp) func(*Machine, int, []int64) int64 {
	switch op {
	case OpRefcountIncNotZero, OpRefcountDecAndTest:
		// The step fills in the position of a violation inside an expression.
		return func(m *Machine, base int, _ []int64) int64 {
			st := &opSite{name: trimSlotSuffix(m.p.Slots[base].Name)}
			if op == OpRefcountIncNotZero {
				return b2i(m.refInc(op, base, st, true))
			}
			return b2i(m.refDec(op, base, st, true))
		}
	case OpRefcountRead:
		return func(m *Machine, base int, _ []int64) int64 { return m.get(base + refcountRefs) }
	}
	panic(unknownOp("refcount_t call", op))
}

func (refcountSem) footprint(op SyncOp, f *primFoot) {
	switch op {
	case OpRefcountInc, OpRefcountDec, OpRefcountIncNotZero, OpRefcountDecAndTest:
		f.read(refcountRefs)
		f.write(refcountRefs)
	case OpKrefInit:
		f.write(refcountRefs)
	case OpRefcountRead:
		f.read(refcountRefs)
	default:
		panic(unknownOp("refcount_t footprint", op))
	}
}

func (refcountSem) transfer(op SyncOp, _ int, _ *hold) {
	switch op {
	case OpRefcountInc, OpRefcountDec, OpKrefInit:
		// takes and releases no lock
	default:
		panic(unknownOp("refcount_t transfer", op))
	}
}

func (refcountSem) tryTake(op SyncOp, _ *hold, _ bool) {
	if op != OpRefcountIncNotZero && op != OpRefcountDecAndTest {
		panic(unknownOp("refcount_t trylock", op))
	}
}

func (refcountSem) mayViolate(op SyncOp, _ hold, _ *Node, _ *intervals) bool {
	switch op {
	case OpRefcountInc, OpRefcountDec:
		return true // on 0, at 1, at the bound: shared state
	case OpKrefInit:
		return false
	}
	panic(unknownOp("refcount_t mayViolate", op))
}

func (refcountSem) text(p *Program, s []uint64, base int) string {
	return strconv.FormatInt(p.Get(s, base+refcountRefs), 10)
}
