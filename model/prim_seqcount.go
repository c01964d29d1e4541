package model

import "strconv"

// seqcount: one slot, the count, odd while a writer is inside. Writers must
// be serialised by the spec (a lock); read_seqcount_begin waits for an even
// count. It has no owner: no holds, no symmetry roles. See specs/README.md.

const (
	seqCount = 0
	// SeqcountMax is the largest seqcount value; the count wraps past it.
	SeqcountMax = 255
)

// The seqcount's kind and operations (numbered by prim.go).
var (
	TSeqcount = newKind()

	OpWriteSeqBegin = newOp()
	OpWriteSeqEnd   = newOp()
	OpReadSeqBegin  = newOp()
	OpRawReadSeq    = newOp()
	OpReadSeqRetry  = newOp()
)

type seqcountSem struct{ noObject }

func init() {
	seq := []TypeKind{TSeqcount}
	register(&Prim{Kind: TSeqcount, Name: "seqcount", Pooled: true, sem: seqcountSem{}, Ops: []SyncOpInfo{
		{Op: OpWriteSeqBegin, Name: "write_seqcount_begin", Kinds: seq, NoHolds: true},
		{Op: OpWriteSeqEnd, Name: "write_seqcount_end", Kinds: seq, NoHolds: true},
		{Op: OpReadSeqBegin, Name: "read_seqcount_begin", Kinds: seq, Blocking: true, Value: true, Guarded: true, Returns: true, NoHolds: true, Reads: true},
		{Op: OpRawReadSeq, Name: "raw_read_seqcount", Kinds: seq, Expr: true, Returns: true, Reads: true},
		{Op: OpReadSeqRetry, Name: "read_seqcount_retry", Kinds: seq, Expr: true, Args: 1, Reads: true},
	}})
}

func (seqcountSem) layout([]string, []int64) []SlotSpec {
	return []SlotSpec{{".count", 0, SeqcountMax}}
}

func (seqcountSem) guard(op SyncOp) func(*Machine, int, []int64) bool {
	if op != OpReadSeqBegin {
		panic(unknownOp("seqcount guard", op))
	}
	return func(m *Machine, base int, _ []int64) bool { return m.get(base+seqCount)%2 == 0 }
}

func (seqcountSem) exec(op SyncOp, st *opSite) func(*Machine, int, []int64) bool {
	switch op {
	case OpWriteSeqBegin, OpWriteSeqEnd:
		return func(m *Machine, base int, _ []int64) bool {
			c := m.get(base + seqCount)
			if (c%2 == 1) == (op == OpWriteSeqBegin) {
				what := "already odd: a writer is inside (writers must be serialised)"
				if op == OpWriteSeqEnd {
					what = "even: no write_seqcount_begin"
				}
				m.fail(KindMisuse, op.String()+" unbalanced", st.pos, "%s(%s): count %d is %s", op, st.name, c, what)
				return false
			}
			m.store(base+seqCount, (c+1)%(SeqcountMax+1))
			return false
		}
	case OpReadSeqBegin:
		return func(m *Machine, base int, _ []int64) bool {
			if st.dst != nil {
				if d := st.dst(m); d >= 0 {
					m.store(d, m.get(base+seqCount))
				}
			}
			return false
		}
	}
	panic(unknownOp("seqcount exec", op))
}

func (seqcountSem) call(op SyncOp) func(*Machine, int, []int64) int64 {
	switch op {
	case OpRawReadSeq:
		return func(m *Machine, base int, _ []int64) int64 { return m.get(base + seqCount) }
	case OpReadSeqRetry:
		return func(m *Machine, base int, args []int64) int64 { return b2i(m.get(base+seqCount) != args[0]) }
	}
	panic(unknownOp("seqcount call", op))
}

func (seqcountSem) footprint(op SyncOp, f *primFoot) {
	switch op {
	case OpWriteSeqBegin, OpWriteSeqEnd:
		f.read(seqCount)
		f.write(seqCount)
	case OpReadSeqBegin, OpRawReadSeq, OpReadSeqRetry:
		f.read(seqCount)
	default:
		panic(unknownOp("seqcount footprint", op))
	}
}

func (seqcountSem) blockers(op SyncOp, _ *Program, _ []uint64, _, _ int) int64 {
	panic(unknownOp("seqcount blockers", op)) // readers wait on data, not on a holder
}

func (seqcountSem) blocked(op SyncOp, _ *Program, _ []uint64, _, _ int, name string) (string, []int) {
	if op != OpReadSeqBegin {
		panic(unknownOp("seqcount blocked", op))
	}
	return "waits for " + name + " to be even (a writer is inside)", nil
}

func (seqcountSem) transfer(op SyncOp, _ int, _ *hold) {
	switch op {
	case OpWriteSeqBegin, OpWriteSeqEnd, OpReadSeqBegin:
		// takes and releases no lock
	default:
		panic(unknownOp("seqcount transfer", op))
	}
}

func (seqcountSem) mayViolate(op SyncOp, _ hold, nd *Node, iv *intervals) bool {
	switch op {
	case OpWriteSeqBegin, OpWriteSeqEnd:
		return true // the count's parity is shared state
	case OpReadSeqBegin:
		if nd.Dst == nil {
			return false
		}
		lo, hi, ok := iv.ref(nd.Dst)
		return !ok || lo > 0 || hi < SeqcountMax
	}
	panic(unknownOp("seqcount mayViolate", op))
}

func (seqcountSem) text(p *Program, s []uint64, base int) string {
	return strconv.FormatInt(p.Get(s, base+seqCount), 10)
}
