package explorer

import (
	"fmt"

	"mcheck/model"
)

// LiveCheck names the liveness question ExploreLiveness answers.
type LiveCheck struct {
	// Property is an index into Program.Liveness (eventually / leadsto).
	Property int
	// Starvation, instead of a property: every process that has not
	// finished eventually makes progress (takes the step of a statement
	// labelled progress..., or finishes).
	Starvation bool
}

// maxLivePids bounds the processes of a liveness search (enabled sets are
// 64-bit masks).
const maxLivePids = 64

// liveSearch is one liveness question over the product of the state graph
// with a one-bit monitor ("the obligation is pending") for leadsto, or over
// the state graph itself for eventually (states that discharged the
// obligation are not stored) and starvation.
type liveSearch struct {
	p       *model.Executable
	opts    Options
	check   LiveCheck
	m       *model.Machine
	st      *store
	words   int  // words of a program state
	monitor bool // vectors carry a monitor word (leadsto)
	fair    []model.Fairness
	victim  int // starvation: the process whose progress is in question

	transitions int64
	maxDepth    int
	truncated   bool
	stopReason  string
	buf         []uint64
	enBuf       []model.Trans

	// the state whose successors are being stored or listed, and the
	// callbacks bound to it once (no closure per state)
	at      expansion
	storeFn func(model.Trans, []uint64, *model.Violation) bool
	edgeFn  func(model.Trans, []uint64, *model.Violation) bool
	allFn   func(model.Trans, []uint64, *model.Violation) // calls at.fn
	start   int64

	sym                               *model.Symmetry // nil: no symmetry reduction
	symOff                            string          // why not, when asked
	lp                                *livePOR        // nil: no partial-order reduction
	choice                            []uint8         // with lp: each expanded state's choice (livepor.go)
	reduced, provisoFull, visibleFull int64
}

type expansion struct {
	i, depth int
	mon      uint64
	base     []uint64
	frontier bool
	edges    []ledge // pendingEdges' result
	fn       func(model.Trans, []uint64, *model.Violation) bool
}

// ExploreLiveness answers a liveness question over fair runs: it stores the
// reachable graph (of the property's product), then looks for a fair cycle
// through states where the obligation stays pending with Tarjan's algorithm,
// or a run that ends while it is pending. Options.POR and Options.Symmetry
// reduce it where that is sound (doc.go; Stats say what was used, and
// LiveSymmetryOff why symmetry was not). A step that commits a safety
// violation is not followed: check safety first (the CLI does).
func ExploreLiveness(p *model.Program, check LiveCheck, opts Options) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("internal error exploring %s: %v", p.Name, r)
		}
	}()
	if len(p.Procs) > maxLivePids {
		return nil, fmt.Errorf("liveness checking supports at most %d processes, %s has %d", maxLivePids, p.Name, len(p.Procs))
	}
	if !check.Starvation && (check.Property < 0 || check.Property >= len(p.Liveness)) {
		return nil, fmt.Errorf("no liveness property %d in %s", check.Property, p.Name)
	}
	x, err := executable(p)
	if err != nil {
		return nil, err
	}
	ls := newLiveSearch(x, check, opts)
	r := ls.run()
	if ls.sym != nil {
		return confirm(x, check, opts, r)
	}
	return r, nil
}

func newLiveSearch(p *model.Executable, check LiveCheck, opts Options) *liveSearch {
	ls := &liveSearch{p: p, opts: opts, check: check, m: p.NewMachine(), words: p.Words(), victim: -1}
	ls.monitor = !check.Starvation && p.Liveness[check.Property].Leadsto
	w := ls.words
	if ls.monitor {
		w++
	}
	ls.st = newStore(w, false, p.Program)
	ls.buf = make([]uint64, w)
	ls.storeFn, ls.edgeFn = ls.store, ls.edge
	ls.allFn = func(t model.Trans, next []uint64, v *model.Violation) { ls.at.fn(t, next, v) }
	ls.fair = make([]model.Fairness, len(p.Procs))
	for pid, pr := range p.Procs {
		ls.fair[pid] = pr.Type.Fairness
		if opts.Fairness != nil {
			ls.fair[pid] = *opts.Fairness
		}
	}
	if opts.POR {
		ls.lp = newLivePOR(p, check, ls.fair)
	}
	if opts.Symmetry {
		if ls.symOff = liveSymmetryOff(p, check, ls.fair); ls.symOff == "" {
			ls.sym = p.Symmetry()
		}
	}
	return ls
}

func (ls *liveSearch) run() *Result {
	if opts := ls.opts; opts.Now != nil {
		ls.start = opts.Now().UnixNano()
	}
	ls.checkBudgets() // a deadline already past, or an interrupt, stops small searches too
	if ls.stopReason != "" {
		return ls.incomplete(ls.stopReason)
	}
	if r := ls.explore(); r != nil {
		return r
	}
	if ls.stopReason != "" {
		return ls.incomplete(ls.stopReason)
	}
	if ls.truncated {
		return ls.incomplete(fmt.Sprintf("states beyond the depth budget (--max-depth %d) were not explored", ls.opts.MaxDepth))
	}
	if !ls.check.Starvation {
		return ls.findCycle()
	}
	for pid := range ls.p.Procs {
		ls.victim = pid
		if r := ls.findCycle(); r.Verdict != Holds {
			return r
		}
	}
	ls.victim = -1
	return ls.result(Holds)
}

// explore stores every reachable (product) state breadth-first and reports
// a run that ends while the obligation is pending.
func (ls *liveSearch) explore() *Result {
	init, ok := ls.product(ls.p.Initial(), 0)
	if !ok {
		return ls.result(Holds) // eventually: holds in the initial state
	}
	ls.st.insert(init, -1, 0, 0)
	for i := 0; i < ls.st.len(); i++ {
		if ls.stopReason != "" {
			return nil
		}
		n := ls.expand(i)
		if n == 0 && ls.pending(i) {
			return ls.ends(i)
		}
		if i%checkEvery == checkEvery-1 {
			ls.checkBudgets()
		}
	}
	return nil
}

// expand stores the successors of state i; it returns its enabled steps.
func (ls *liveSearch) expand(i int) int {
	c := &ls.at
	c.i, c.depth = i, ls.st.depthOf(i)
	c.mon = 0
	if ls.monitor {
		c.mon = ls.st.state(i)[ls.words]
	}
	c.base = ls.st.state(i)[:ls.words]
	c.frontier = ls.opts.MaxDepth > 0 && c.depth >= ls.opts.MaxDepth
	c.fn = ls.storeFn
	n, kind, choice := ls.successors(ls.storeFn, chooseAgain)
	if ls.lp != nil {
		ls.choice = append(ls.choice, choice) // states are expanded in index order
	}
	switch kind {
	case expandReduced:
		ls.reduced++
	case expandProviso:
		ls.provisoFull++
	case expandVisible:
		ls.visibleFull++
	}
	return n
}

// store handles one successor of the state being expanded (ls.at); it is
// bound once as ls.storeFn, so expanding a state allocates nothing. It
// reports whether the step goes back (to a stored state no deeper than
// ls.at, or past a budget): the reduction's cycle proviso.
func (ls *liveSearch) store(t model.Trans, next []uint64, v *model.Violation) bool {
	c := &ls.at
	ls.transitions++
	if ls.stopReason != "" {
		return true
	}
	if v != nil {
		return false // not followed (violating steps are visible: never in a reduced set)
	}
	vec, keep := ls.product(next, c.mon)
	if !keep {
		return false
	}
	if c.frontier {
		if _, found := ls.st.lookup(vec); !found {
			ls.truncated = true
		}
		return true
	}
	if ls.opts.MaxStates > 0 && int64(ls.st.len()) >= ls.opts.MaxStates {
		if _, found := ls.st.lookup(vec); !found {
			ls.stopReason = fmt.Sprintf("the state budget (--max-states %d) ran out", ls.opts.MaxStates)
		}
		return true
	}
	w, isNew := ls.st.insert(vec, c.i, pack(t), c.depth+1)
	if isNew && c.depth+1 > ls.maxDepth {
		ls.maxDepth = c.depth + 1
	}
	return !isNew && ls.st.depthOf(w) <= c.depth
}

// product makes the stored vector of program state s entered with monitor
// bit mon. keep is false for a state the search does not store:
// eventually's obligation was discharged.
func (ls *liveSearch) product(s []uint64, mon uint64) (vec []uint64, keep bool) {
	copy(ls.buf, s)
	if ls.sym != nil {
		ls.sym.Canonical(s, ls.buf[:ls.words])
	}
	if ls.check.Starvation {
		return ls.buf, true
	}
	trig, q, _ := ls.m.EvalLiveness(s, ls.check.Property)
	if !ls.monitor { // eventually Q: pending from the start until Q
		return ls.buf, !q
	}
	pending := (mon == 1 || trig) && !q
	ls.buf[ls.words] = 0
	if pending {
		ls.buf[ls.words] = 1
	}
	return ls.buf, true
}

// pending reports whether stored state i is one where the question is
// open: the obligation pending, or (starvation) some process unfinished.
func (ls *liveSearch) pending(i int) bool {
	s := ls.st.state(i)
	switch {
	case ls.monitor:
		return s[ls.words] == 1
	case ls.check.Starvation && ls.victim >= 0:
		return !ls.p.Finished(s[:ls.words], ls.victim)
	case ls.check.Starvation:
		return !ls.p.AllFinished(s[:ls.words])
	}
	return true
}

func (ls *liveSearch) checkBudgets() {
	o := ls.opts
	if o.MaxMemory > 0 && ls.st.bytes() > o.MaxMemory {
		ls.stopReason = fmt.Sprintf("the memory budget (%d MiB) ran out", o.MaxMemory>>20)
	}
	if o.Now != nil && !o.Deadline.IsZero() && o.Now().After(o.Deadline) {
		ls.stopReason = "the time budget (--timeout) ran out"
	}
	select {
	case <-o.Stop: // a nil channel never fires
		ls.stopReason = Interrupted
	default:
	}
	if o.OnProgress != nil {
		o.OnProgress(ls.stats())
	}
}

func (ls *liveSearch) stats() Stats {
	st := Stats{States: int64(ls.st.len()), Transitions: ls.transitions, MaxDepth: ls.maxDepth, Bytes: ls.st.bytes(),
		POR: ls.lp != nil, Reduced: ls.reduced, ProvisoFull: ls.provisoFull, LiveSymmetryOff: ls.symOff}
	if ls.sym != nil {
		st.Symmetry = ls.sym.Groups()
	}
	if ls.opts.Now != nil {
		st.Seconds = float64(ls.opts.Now().UnixNano()-ls.start) / 1e9
	}
	return st
}

func (ls *liveSearch) result(v Verdict) *Result {
	r := &Result{Verdict: v, Initial: ls.p.Initial(), Stats: ls.stats()}
	if ls.opts.Fairness != nil {
		r.Fairness = ls.opts.Fairness.String()
	}
	return r
}

func (ls *liveSearch) incomplete(reason string) *Result {
	r := ls.result(Incomplete)
	r.Reason = reason
	return r
}
