package model

import (
	"math/bits"
	"sort"
)

// Footprints: for every step (process instance, start node) the state slots
// it may read and write, the slots its guard reads, and whether it may commit
// a violation. Partial-order reduction derives independence, enabling and
// visibility from these; they over-approximate (a dynamic index touches every
// element), never under.

// SlotSet is a bit set of slot indices.
type SlotSet []uint64

func newSlotSet(n int) SlotSet { return make(SlotSet, (n+63)/64) }

func (s SlotSet) add(i int) { s[i>>6] |= 1 << (uint(i) & 63) }

// Has reports whether slot i is in the set.
func (s SlotSet) Has(i int) bool { return s[i>>6]&(1<<(uint(i)&63)) != 0 }

// Intersects reports whether the sets share a slot.
func (s SlotSet) Intersects(t SlotSet) bool {
	for i := range s {
		if s[i]&t[i] != 0 {
			return true
		}
	}
	return false
}

func (s SlotSet) union(t SlotSet) {
	for i := range s {
		s[i] |= t[i]
	}
}

// Footprint is what one step may touch.
type Footprint struct {
	Reads      SlotSet // every slot the step (guard included) may read
	Writes     SlotSet // every slot it may write (its own pc included)
	Guard      SlotSet // the slots its enabling condition reads
	MayViolate bool    // it may commit a step violation (assert, misuse, range, ...)
	Acquires   bool    // it may take a lock
	Nested     bool    // it may take a lock while the process holds another (a lock-order edge)
	// Commuting lists, by slot, the slots (in Reads and Writes) that the step
	// touches only through one op that commutes with itself
	// (SyncOpInfo.Commutes): no conflict with a step of another process that
	// touches the slot only through the same op.
	Commuting []CommSlot
}

// CommSlot is a slot a step touches only through the commuting op Op.
type CommSlot struct {
	Slot int32
	Op   SyncOp
}

// footprints is indexed [pid][node]; only step starts are filled.
func (p *Program) computeFootprints() {
	p.fps = make([][]*Footprint, len(p.Procs))
	for pid, pr := range p.Procs {
		holds := p.holdAnalysis(pr.Type)
		p.fps[pid] = make([]*Footprint, len(pr.Type.Nodes))
		for _, starts := range p.procs[pid].starts {
			for _, st := range starts {
				if p.fps[pid][st] == nil {
					p.fps[pid][st] = p.stepFootprint(pr, int(st), holds)
				}
			}
		}
	}
}

// StepFootprint returns the footprint of the step of process pid starting at node.
func (p *Program) StepFootprint(pid, node int) *Footprint { return p.fps[pid][node] }

// stepFootprint walks the nodes one step runs through.
func (p *Program) stepFootprint(pr *Proc, start int, holds []holdState) *Footprint {
	n := len(p.Slots)
	fp := &Footprint{Reads: newSlotSet(n), Writes: newSlotSet(n), Guard: newSlotSet(n)}
	fc := footCollector{p: p, pr: pr, fp: fp}
	nodes := pr.Type.Nodes
	fc.guard(&nodes[start])
	fp.Reads.union(fp.Guard)
	inStep := stepNodes(nodes, start)
	for _, i := range inStep {
		nd := &nodes[i]
		fc.node(nd)
		if p.nodeMayViolate(pr, nd, holds[i]) {
			fp.MayViolate = true
		}
		for _, s := range stepSucc(nd) {
			// Ending the process checks its holds (exit.go). Only the
			// process itself changes whether it holds a lock, so the check
			// reads nothing another process writes.
			if nodes[s].Kind == NEnd && exitMayViolate(pr.Type, holds[s]) {
				fp.MayViolate = true
			}
		}
		if nodeAcquires(nd) {
			fp.Acquires = true
			// Holds before this node: an earlier lock in the same atomic step counts.
			fp.Nested = fp.Nested || mayHoldAny(holds[i])
		}
	}
	if stepHasCycle(nodes, start) {
		fp.MayViolate = true // a loop inside atomic may run past the limit
	}
	fp.Reads.add(pr.Frame)
	fp.Writes.add(pr.Frame)
	if len(fc.comm) > 0 {
		fp.Commuting = p.commutingSlots(pr, start, fc.comm)
	}
	return fp
}

// commutingSlots keeps the slots commuting ops marked (comm) that the step
// touches in no other way: a second walk leaves the marked slots out of
// those ops' footprints and sees whether anything else reads or writes them
// (the guard is walked whole).
func (p *Program) commutingSlots(pr *Proc, start int, comm map[int]SyncOp) []CommSlot {
	n := len(p.Slots)
	plain := &Footprint{Reads: newSlotSet(n), Writes: newSlotSet(n), Guard: newSlotSet(n)}
	fc := footCollector{p: p, pr: pr, fp: plain}
	nodes := pr.Type.Nodes
	fc.guard(&nodes[start])
	fc.skipComm = true
	for _, i := range stepNodes(nodes, start) {
		fc.node(&nodes[i])
	}
	var out []CommSlot
	for s, op := range comm {
		if op != mixedOps && !plain.Reads.Has(s) && !plain.Writes.Has(s) && !plain.Guard.Has(s) {
			out = append(out, CommSlot{Slot: int32(s), Op: op})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slot < out[j].Slot })
	return out
}

// mixedOps marks a slot two different commuting ops touch in one step.
const mixedOps = OpNone

// stepSucc lists the nodes that may follow nd within a step or at its end.
func stepSucc(nd *Node) []int {
	switch {
	case nd.Kind == NEnd:
		return nil
	case nd.Kind == NBranch:
		return []int{nd.Next, nd.Else}
	case nd.Kind == NSync && splits(nd.Op):
		return []int{nd.Next, nd.Else}
	case nd.Kind == NEither:
		return nd.Targets
	}
	return []int{nd.Next}
}

// stepNodes lists the nodes a step from start may execute: start and the
// non-boundary nodes reachable from it.
func stepNodes(nodes []Node, start int) []int {
	seen := map[int]bool{start: true}
	out := []int{start}
	for k := 0; k < len(out); k++ {
		for _, s := range stepSucc(&nodes[out[k]]) {
			if !nodes[s].Boundary && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// stepHasCycle reports a cycle among the non-boundary nodes of a step.
func stepHasCycle(nodes []Node, start int) bool {
	state := map[int]int{} // 1 on the stack, 2 done
	var visit func(i int) bool
	visit = func(i int) bool {
		state[i] = 1
		for _, s := range stepSucc(&nodes[i]) {
			if nodes[s].Boundary {
				continue
			}
			if state[s] == 1 || (state[s] == 0 && visit(s)) {
				return true
			}
		}
		state[i] = 2
		return false
	}
	return visit(start)
}

// footCollector adds the slots of expressions, refs and sync operations.
type footCollector struct {
	p  *Program
	pr *Proc
	fp *Footprint
	// comm: the slots commuting ops of the step mark, by op (commutingSlots)
	comm map[int]SyncOp
	// skipComm: leave those slots out (commutingSlots' second walk)
	skipComm bool
	inGuard  bool // walking a guard: every slot it reads is a plain read
}

// refSlots lists every slot r may name.
func (fc *footCollector) refSlots(r *Ref, reads SlotSet) []int {
	base := r.Base
	if r.Local {
		base += fc.pr.Frame
	}
	slots := []int{base}
	for _, t := range r.Index {
		fc.expr(t.X, reads)
		for k := 0; t.Pool != "" && k < t.Len; k++ {
			reads.add(t.State + k*t.Stride) // the object must be allocated
		}
		if rcu := fc.p.rcuBase(); t.Typesafe && rcu >= 0 && fc.pr != nil {
			reads.add(fc.p.rcuNest(rcu, fc.pr.Pid)) // a freed one may be read under RCU
		}
		var next []int
		for _, s := range slots {
			for k := 0; k < t.Len; k++ {
				next = append(next, s+k*t.Stride)
			}
		}
		slots = next
	}
	return slots
}

func (fc *footCollector) expr(e *Expr, reads SlotSet) {
	if e == nil {
		return
	}
	switch e.Op {
	case ELoad, EAt:
		for _, s := range fc.refSlots(e.Ref, reads) {
			reads.add(s)
		}
	case ECall:
		fc.sync(e.Sync, e.ObjKind, e.Args[0].Ref, reads)
		for _, a := range e.Args[1:] {
			fc.expr(a, reads)
		}
	default:
		if !knownExpr(e.Op) {
			panic(unknownExpr("footprint", e.Op))
		}
	}
	fc.expr(e.X, reads)
	fc.expr(e.Y, reads)
}

// sync adds the slots a primitive reads (into reads) and writes.
func (fc *footCollector) sync(op SyncOp, kind TypeKind, obj *Ref, reads SlotSet) {
	w := fc.fp.Writes
	pid := -1 // an invariant's query
	if fc.pr != nil {
		pid = fc.pr.Pid
	}
	for _, base := range fc.refSlots(obj, reads) {
		if ms := memOf(op); ms != nil {
			ms.footprint(fc, op, base, pid, reads)
			continue
		}
		f := primFoot{kind: kind, base: base, pid: pid, nprocs: len(fc.p.Procs), params: fc.p.ParamsAt(base), reads: reads, writes: w}
		commutes := info(op).Commutes && fc.pr != nil && !fc.inGuard
		if commutes && !fc.skipComm {
			f.comm = newSlotSet(len(fc.p.Slots))
		}
		f.skipComm = commutes && fc.skipComm
		opSem("footprint", op, kind).footprint(op, &f)
		fc.noteComm(f.comm, op)
	}
	if sleeps(op) {
		for _, s := range fc.p.spinSlots {
			reads.add(s) // might_sleep looks at the spinlocks held
		}
		if rcu := fc.p.rcuBase(); rcu >= 0 && pid >= 0 {
			reads.add(fc.p.rcuNest(rcu, pid)) // and at the RCU read-side nesting
		}
	}
}

// noteComm records the slots of comm as touched by op.
func (fc *footCollector) noteComm(comm SlotSet, op SyncOp) {
	for _, s := range comm.members() {
		if fc.comm == nil {
			fc.comm = map[int]SyncOp{}
		}
		if prev, ok := fc.comm[s]; ok && prev != op {
			op = mixedOps
		}
		fc.comm[s] = op
	}
}

// members lists the slots in the set.
func (s SlotSet) members() []int {
	var out []int
	for i, word := range s {
		for word != 0 {
			out = append(out, i*64+bits.TrailingZeros64(word))
			word &= word - 1
		}
	}
	return out
}

// guard adds the slots a step's enabling condition reads.
func (fc *footCollector) guard(nd *Node) {
	fc.inGuard = true
	defer func() { fc.inGuard = false }()
	switch nd.Kind {
	case NAwait:
		fc.expr(nd.Cond, fc.fp.Guard)
	case NSync:
		switch {
		case guarded(nd.Op):
			saved := fc.fp.Writes
			fc.fp.Writes = newSlotSet(len(fc.p.Slots)) // only the reads matter here
			fc.sync(nd.Op, nd.ObjKind, nd.Obj, fc.fp.Guard)
			fc.fp.Writes = saved
		case !stmtOp(nd.Op):
			panic(unknownOp("footprint guard", nd.Op))
		}
	case NEnd, NSkip, NAssign, NBranch, NEither, NAssert:
	default:
		panic(unknownNode("footprint guard", nd.Kind))
	}
}

func (fc *footCollector) node(nd *Node) {
	r := fc.fp.Reads
	switch nd.Kind {
	case NBranch, NAwait, NAssert:
		fc.expr(nd.Cond, r)
	case NAssign:
		for _, e := range nd.RHS {
			fc.expr(e, r)
		}
		for _, l := range nd.LHS {
			for _, s := range fc.refSlots(l, r) {
				fc.fp.Writes.add(s)
			}
		}
	case NSync:
		fc.sync(nd.Op, nd.ObjKind, nd.Obj, r)
		for _, a := range nd.Args {
			fc.expr(a, r)
		}
		if nd.Dst != nil {
			for _, s := range fc.refSlots(nd.Dst, r) {
				fc.fp.Writes.add(s)
			}
		}
	case NEnd, NSkip, NEither:
	default:
		panic(unknownNode("footprint", nd.Kind))
	}
}

// InvariantReads is every slot some invariant or measure may read: a step
// writing one of them is visible to the properties.
func (p *Program) InvariantReads() SlotSet { return p.invReads }

func (p *Program) computeInvariantReads() {
	p.invReads = newSlotSet(len(p.Slots))
	fc := footCollector{p: p, fp: &Footprint{Writes: newSlotSet(len(p.Slots))}}
	for _, inv := range p.Invariant {
		fc.expr(inv.Cond, p.invReads)
	}
	for _, ms := range p.Measures {
		fc.expr(ms.Expr, p.invReads)
	}
}
