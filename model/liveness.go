package model

import "strings"

// Fairness says which infinite runs of a process type count for liveness
// properties. A process is enabled in a state when one of its steps is
// enabled there: a lock acquisition that would block is not enabled.
type Fairness uint8

// Fairness kinds.
const (
	FairWeak   Fairness = iota // continuously enabled => eventually steps (the default)
	FairStrong                 // enabled infinitely often => steps infinitely often
	FairNone                   // may stop stepping at any time
)

var fairnessNames = [...]string{FairWeak: "weak", FairStrong: "strong", FairNone: "none"}

func (f Fairness) String() string {
	if int(f) < len(fairnessNames) {
		return fairnessNames[f]
	}
	return "fairness(" + itoa(int(f)) + ")"
}

// ParseFairness reads "weak", "strong" or "none".
func ParseFairness(s string) (Fairness, bool) {
	for f, n := range fairnessNames {
		if n == s {
			return Fairness(f), true
		}
	}
	return 0, false
}

// Liveness is a property of fair runs: `eventually Q` (Leadsto false: Q
// holds at some point of every fair run) or `leadsto P ~> Q` (whenever P
// holds, Q holds then or later). A run that ends counts as staying in its
// last state forever.
type Liveness struct {
	Name    string // "done", or "done[fault[1]]" for one instance of a forall
	Pos     Pos
	Leadsto bool
	P, Q    *Expr // P is nil for eventually
	// For one instance of `forall I in PROC`: the process type and the
	// instance. ByIndex: I appears only as PROC[I], so with PROC's instances
	// interchangeable (Symmetry.Interchangeable) every instance's property
	// is a renaming of instance 0's and checking that one suffices.
	Forall   *ProcType
	Instance int
	ByIndex  bool
}

// ProgressPrefix starts the labels that mark progress: a process makes
// progress when it takes the step of a statement so labelled, or finishes
// (SPIN's progress labels are the model for this).
const ProgressPrefix = "progress"

type liveFns struct{ p, q evalFn }

func (p *Program) linkLiveness() {
	p.live = make([]liveFns, len(p.Liveness))
	for i, l := range p.Liveness {
		if l.P != nil {
			p.live[i].p = p.expr(l.P, -1)
		}
		p.live[i].q = p.expr(l.Q, -1)
	}
	byType := map[*ProcType][]bool{}
	for _, pt := range p.Types {
		marks := make([]bool, len(pt.Nodes))
		for name, n := range pt.Labels {
			if strings.HasPrefix(name, ProgressPrefix) && n >= 0 && n < len(marks) {
				marks[n] = true
			}
		}
		byType[pt] = marks
	}
	p.progress = make([][]bool, len(p.Procs))
	for pid, pr := range p.Procs {
		p.progress[pid] = byType[pr.Type]
	}
}

// HasProgressLabels reports whether any process type marks progress.
func (p *Program) HasProgressLabels() bool {
	for _, marks := range p.progress {
		for _, m := range marks {
			if m {
				return true
			}
		}
	}
	return false
}

// IsProgress reports whether step t from state s is the step of a
// progress-labelled statement: the process rests at the label (an either's
// branches start elsewhere) or the step starts there.
func (p *Program) IsProgress(s []uint64, t Trans) bool {
	marks := p.progress[t.Pid]
	return marks[p.PC(s, int(t.Pid))] || marks[t.Node]
}

// EvalLiveness evaluates property i's two sides in s (p is true for
// eventually). A side that cannot be evaluated (a bad index) counts as
// false and is reported through ok.
func (m *Machine) EvalLiveness(s []uint64, i int) (p, q, ok bool) {
	m.s, m.pid, m.viol = s, -1, nil
	defer func() { m.s, m.viol = nil, nil }()
	f := m.p.live[i]
	p, ok = true, true
	if f.p != nil {
		p = f.p(m) != 0 && m.viol == nil
		ok, m.viol = m.viol == nil, nil
	}
	// A bad load yields 0, so the value alone may read true.
	q = f.q(m) != 0 && m.viol == nil
	return p, q, ok && m.viol == nil
}

// WaitsForLock reports whether process pid, in state s, rests where its
// next step takes a lock whose wait queue the model does not keep (whether
// or not the lock is free now): those steps get strong fairness in liveness
// searches (explorer/fair.go). A primitive that hands off to a FIFO wait
// list (Prim.HandsOff: mutex, spinlock, rw_semaphore) needs none.
func (p *Program) WaitsForLock(s []uint64, pid int) bool {
	nodes := p.Procs[pid].Type.Nodes
	for _, n := range p.Starts(pid, p.PC(s, pid)) {
		if nd := &nodes[n]; nd.Kind == NSync && queues(nd.Op) && !primOf(nd.ObjKind).HandsOff {
			return true
		}
	}
	return false
}

// LivenessReads is every slot property i's sides may read: a step that
// writes none of them cannot change whether the property's propositions
// hold (partial-order reduction in the liveness search).
func (p *Program) LivenessReads(i int) SlotSet {
	reads := newSlotSet(len(p.Slots))
	fc := footCollector{p: p, fp: &Footprint{Writes: newSlotSet(len(p.Slots))}}
	fc.expr(p.Liveness[i].P, reads)
	fc.expr(p.Liveness[i].Q, reads)
	return reads
}

// MayProgress reports whether the step of process pid starting at node may
// be a progress step (IsProgress) in some state.
func (p *Program) MayProgress(pid, node int) bool {
	marks := p.progress[pid]
	if marks[node] {
		return true
	}
	for pc, starts := range p.procs[pid].starts {
		if !marks[pc] {
			continue
		}
		for _, st := range starts {
			if int(st) == node {
				return true
			}
		}
	}
	return false
}

// MayFinish reports whether the step of process pid starting at node may
// end the process (leave it at its end node).
func (p *Program) MayFinish(pid, node int) bool {
	nodes := p.Procs[pid].Type.Nodes
	for _, i := range stepNodes(nodes, node) {
		for _, s := range stepSucc(&nodes[i]) {
			if nodes[s].Kind == NEnd {
				return true
			}
		}
	}
	return false
}
