package model

import "fmt"

// Executable is a linked Program: its state layout, initial state, the
// closures that evaluate and run its steps, footprints, reachability, lock
// instances and symmetry groups. Link builds it, and nothing writes to it
// afterwards, nor to the Program it was linked from: so every search, every
// parallel worker and every renderer shares one. What they write while they
// work is theirs: a Machine (the state being built, guard, hold and wait-for
// scratch), a Symmetry (Symmetry returns a copy with its own canonical-form
// scratch), and the explorer's reduction and lockdep scratch.
//
// The methods stay on Program, which reaches the linked form through its
// embedded Executable, and are promoted to Executable: the explorer takes
// an Executable, and renderers keep asking the Program.
type Executable struct {
	*Program // the declarations it was linked from
	linked
}

// Link links p (Program.Link) and returns its executable form.
func Link(p *Program) (*Executable, error) {
	if err := p.Link(); err != nil {
		return nil, err
	}
	return p.Executable, nil
}

// linked is what Link builds.
type linked struct {
	pos       []slotPos
	words     int
	init      []uint64
	procs     []procExec
	invs      []evalFn
	meas      []evalFn
	live      []liveFns
	progress  [][]bool // per process, per node: the step of a progress-labelled statement
	spinSlots []int    // owner slots of every spinlock, for might_sleep checks
	maxTmp    int      // widest parallel assignment
	fps       [][]*Footprint
	reach     [][]NodeSet
	invReads  SlotSet
	locks     []SyncObject
	lockIndex map[int]int // first slot -> index in locks
	compWaits []compWait  // waits for completions inside pool objects (pool_completion.go)
	sym       *Symmetry
	// process types left unreduced because a measure names their instances
	symOffMeasured []string
	objOff         []string // pools whose objects are not permuted, and why
}

type (
	evalFn  func(m *Machine) int64
	execFn  func(m *Machine) int // returns the next node
	guardFn func(m *Machine) bool
	slotFn  func(m *Machine) int // returns a slot, or -1 after recording a violation
)

// procExec is one process instance's linked code: closures specialised to its frame.
type procExec struct {
	proc     *Proc
	pcSlot   int
	exec     []execFn
	enabled  []guardFn // nil: always enabled
	starts   [][]int32 // per node: the nodes whose steps can be taken there
	boundary []bool
	checkEnd []bool // NEnd nodes of a process that must not exit holding locks
	lockWait []bool // nodes whose step waits for a lock (waitfor.go)
	lockObj  []slotFn
}

// atomicLimit bounds the nodes one step may run through.
const atomicLimit = 100000

// Link checks the program's internal consistency and builds its executable
// form, p.Executable. The compiler calls it; a failure is a compiler bug.
func (p *Program) Link() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error linking %s: %v", p.Name, r)
		}
		if err != nil {
			p.Executable = nil // no half-linked program
		}
	}()
	p.Executable = &Executable{Program: p} // the builders below fill it
	if len(p.Init) != len(p.Slots) {
		return fmt.Errorf("internal error: %d initial values for %d slots", len(p.Init), len(p.Slots))
	}
	p.pos, p.words = layout(p.Slots)
	p.init = make([]uint64, p.words)
	for i, v := range p.Init {
		if v < p.Slots[i].Lo || v > p.Slots[i].Hi {
			return fmt.Errorf("initial value %d of %s is outside %d..%d", v, p.Slots[i].Name, p.Slots[i].Lo, p.Slots[i].Hi)
		}
		p.put(p.init, i, v)
	}
	p.spinSlots, p.locks, p.lockIndex = nil, nil, nil
	for _, g := range p.Globals {
		p.collectSpin(g.Type, g.Base)
		p.collectLocks(g.Name, g.Type, g.Base)
	}
	if err := p.checkOps(); err != nil {
		return fmt.Errorf("internal error linking %s: %v", p.Name, err)
	}
	p.linkCompletionWaits()
	p.procs = make([]procExec, len(p.Procs))
	for i, pr := range p.Procs {
		if err := p.linkProc(&p.procs[i], pr); err != nil {
			return err
		}
	}
	p.invs = make([]evalFn, len(p.Invariant))
	for i, inv := range p.Invariant {
		p.invs[i] = p.expr(inv.Cond, -1) // invariants belong to no process
	}
	p.meas = make([]evalFn, len(p.Measures))
	for i, ms := range p.Measures {
		p.meas[i] = p.expr(ms.Expr, -1)
	}
	p.linkLiveness()
	p.computeReach()
	p.computeFootprints()
	p.computeInvariantReads()
	p.computeSymmetry()
	return nil
}

func (p *Program) collectSpin(t *Type, base int) {
	if d := primOf(t.Kind); d != nil && d.Atomic {
		p.spinSlots = append(p.spinSlots, base+lockOwner)
		return
	}
	switch t.Kind {
	case TStruct:
		for _, f := range t.Fields {
			p.collectSpin(f.Type, base+f.Offset)
		}
	case TArray:
		for i := 0; i < t.Len; i++ {
			p.collectSpin(t.Elem, base+i*t.Elem.Slots)
		}
	case TPool:
		for i := 0; i < t.Len; i++ {
			p.collectSpin(t.Elem, PoolObject(base, i, t.Elem)+1)
		}
	}
}

func (p *Program) linkProc(pe *procExec, pr *Proc) error {
	nodes := pr.Type.Nodes
	pe.proc = pr
	pe.pcSlot = pr.Frame
	pe.exec = make([]execFn, len(nodes))
	pe.enabled = make([]guardFn, len(nodes))
	pe.starts = make([][]int32, len(nodes))
	pe.boundary = make([]bool, len(nodes))
	pe.checkEnd = make([]bool, len(nodes))
	pe.lockWait = make([]bool, len(nodes))
	pe.lockObj = make([]slotFn, len(nodes))
	for i := range nodes {
		n := &nodes[i]
		pe.boundary[i] = n.Boundary
		pe.checkEnd[i] = n.Kind == NEnd && !pr.Type.ExitsLocked
		if isLockWait(n) {
			pe.lockWait[i], pe.lockObj[i] = true, p.object(n.Obj, pr)
		}
		pe.exec[i] = p.execNode(n, pr)
		pe.enabled[i] = p.guard(n, pr)
	}
	for i := range nodes {
		if !nodes[i].Boundary || nodes[i].Kind == NEnd {
			continue
		}
		var starts []int32
		if err := flattenStarts(nodes, i, &starts, 0); err != nil {
			return err
		}
		pe.starts[i] = starts
	}
	return nil
}

func flattenStarts(nodes []Node, i int, out *[]int32, depth int) error {
	if depth > len(nodes) {
		return fmt.Errorf("either branches form a cycle at line %d", nodes[i].Pos.Line)
	}
	n := &nodes[i]
	if n.Kind != NEither {
		if n.Kind != NEnd {
			*out = append(*out, int32(i))
		}
		return nil
	}
	for _, t := range n.Targets {
		if err := flattenStarts(nodes, t, out, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// Initial returns a fresh copy of the initial state.
func (p *Program) Initial() []uint64 {
	return append([]uint64(nil), p.init...)
}

// PC returns the node at which process pid rests in state s.
func (p *Program) PC(s []uint64, pid int) int {
	return int(p.Get(s, p.procs[pid].pcSlot))
}

// Finished reports whether process pid has finished in s.
func (p *Program) Finished(s []uint64, pid int) bool {
	pr := p.Procs[pid]
	return pr.Type.Nodes[p.PC(s, pid)].Kind == NEnd
}

// AllFinished reports whether every process has finished in s.
func (p *Program) AllFinished(s []uint64) bool {
	for pid := range p.Procs {
		if !p.Finished(s, pid) {
			return false
		}
	}
	return true
}
