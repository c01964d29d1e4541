package explorer

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"mcheck/model"
)

// deadlockMsg describes a state in which no process can move.
const deadlockMsg = "no process can take a step, and not every process has finished"

// checkEvery is how many expansions pass between budget checks.
const checkEvery = 1024

type search struct {
	p     *model.Executable
	opts  Options
	m     *model.Machine
	st    *store
	start time.Time

	// the state being expanded
	cur      int
	curDepth int
	frontier bool // at MaxDepth: successors are not stored

	transitions    int64
	expansions     int64
	reduced        int64 // states expanded through a proper stubborn set
	reducedFull    int64 // states fully expanded by the cycle proviso
	maxDepth       int
	truncated      bool
	stack          []uint32  // DFS
	par            *parallel // nil: one worker
	lastCheckpoint time.Time
	switchedAt     int64 // StoreAuto: states stored exactly before the switch
	resumeErr      error
	progressed     int64    // progress reports made (parallel)
	por            *por     // nil: no reduction
	porFrom        int      // BFS: the first depth whose states are reduced; -1 until then
	porSeen        int      // BFS: the levels porLevel has decided are those below this
	levelsFull     int      // BFS: levels past the exact prefix expanded fully by porLevel's choice
	porPrefix      bool     // BFS: the exact prefix applies (porprefix.go)
	lockdep        *lockdep // nil: lock order not tracked
	sym            *model.Symmetry
	canon          []uint64
	meas           *measures // nil: the program has no measures
	enBuf          []model.Trans
	visitFn        func(model.Trans, []uint64, *model.Violation)

	viol       *model.Violation
	violAt     int    // the state the violation is in, or the state its step left
	violStep   bool   // the violation happened in a step from violAt
	violTrans  uint32 // that step
	violNext   []uint64
	violCycle  bool // the violation is a wait-for cycle (WaitCycle)
	blocked    []model.Blocked
	stopReason string

	// Options.KeepGoing: every violated property (first occurrence) and every deadlock state
	found     map[string]*model.Violation
	firstAt   int
	deadlocks [][]uint64
}

func newSearch(p *model.Executable, opts Options) *search {
	fp := opts.Store == StoreFingerprint
	s := &search{p: p, opts: opts, m: p.NewMachine(), st: newStore(p.Words(), fp && opts.Search == DFS, p.Program), meas: newMeasures(p)}
	s.visitFn = func(t model.Trans, next []uint64, v *model.Violation) { s.visit(t, next, v) }
	if opts.Search == BFS && fp {
		s.st.useTable(newFPTable())
	}
	if opts.Search == BFS && !fp && collapseStates {
		s.st.col = newCollapse(p.Words())
	}
	if opts.Lockdep != LockdepOff {
		s.lockdep = newLockdep(p)
	}
	if opts.Symmetry {
		s.sym = p.Symmetry()
		s.canon = make([]uint64, p.Words())
	}
	if opts.POR {
		s.por = newPOR(p, s.lockdep != nil)
		if opts.Search == BFS { // porLevel decides each level
			s.por.off, s.porFrom = true, -1
			s.porPrefix = !opts.KeepGoing && porPrefix > 0
		}
	}
	if opts.Now != nil {
		s.start = opts.Now()
	}
	if opts.Workers > 1 && opts.Search == BFS {
		s.par = newParallel(s, opts.Workers)
	}
	if s.por != nil {
		s.setPOROff(s.por.off) // the workers' too
	}
	return s
}

// collapseStates turns the exact BFS store's compression on (a variable for
// the tests, which compare it with the plain store).
var collapseStates = true

func pack(t model.Trans) uint32 { return uint32(t.Pid)<<24 | uint32(t.Node) }

func unpack(v uint32) model.Trans {
	return model.Trans{Pid: int32(v >> 24), Node: int32(v & (1<<24 - 1))}
}

func (s *search) run() {
	if s.opts.Resume != nil {
		s.resume()
		return
	}
	init := s.p.Initial()
	if s.sym != nil {
		init = s.sym.Canonical(init, nil)
	}
	if s.st.fpt != nil {
		s.st.insertFP(init, -1, 0, 0)
	} else {
		s.st.insert(init, -1, 0, 0)
	}
	if v := s.checkState(init, 0); v != nil && s.opts.KeepGoing {
		s.record(v, 0)
	} else if v != nil {
		s.viol, s.violAt = v, 0
		return
	}
	// Budgets are checked every checkEvery expansions; a deadline that has
	// already passed, or a stop already asked for, must also stop searches
	// smaller than that.
	if s.checkClock(); s.stopped(0) {
		return
	}
	if s.opts.Search == DFS {
		s.stack = append(s.stack, 0)
		s.dfs()
	} else {
		s.bfs(0)
	}
}

// bfs expands states in discovery order: the arena is the queue. A violation
// found by a step from depth d has a trace of d+1 steps, so the rest of depth
// d is still checked for deadlocks, which would be shorter.
func (s *search) bfs(start int) {
	pendingDepth := -1
	serialTo := start // with workers: states left to the serial search up to here
	level := -1
	for i := start; i < s.st.len(); {
		if d := s.st.depthOf(i); d != level {
			level = d
			s.levelBegins(d)
		}
		s.release(i)
		if pendingDepth < 0 && (i%checkEvery == 0 || s.par != nil && i >= serialTo) && s.checkpointDue() {
			s.checkpoint(i)
		}
		if s.par != nil && pendingDepth < 0 && i >= serialTo {
			done, end := s.par.batch(s, i)
			if s.progress(); s.stopped(done) {
				return
			}
			if i, serialTo = done, end; i == end {
				continue
			}
		}
		d := s.st.depthOf(i)
		if pendingDepth >= 0 && d > pendingDepth {
			return
		}
		if s.expand(i, pendingDepth >= 0) {
			return
		}
		if s.viol != nil && pendingDepth < 0 {
			if s.violAt == i && !s.violStep && s.blocked != nil {
				return // a deadlock: nothing at this depth is shorter
			}
			pendingDepth = d
		}
		if s.stopped(i + 1) {
			return
		}
		i++
	}
}

// levelBegins is called when a BFS starts expanding the states of depth d.
func (s *search) levelBegins(d int) {
	s.porLevel(d)
	if s.st.fpt != nil && d%tagPeriod == 0 {
		s.st.fpt.retag() // fptable.go: the tags of the last tagPeriod levels
	}
}

func (s *search) dfs() {
	for len(s.stack) > 0 {
		if s.expansions%checkEvery == 0 && s.checkpointDue() {
			s.checkpoint(0)
		}
		i := int(s.stack[len(s.stack)-1])
		s.stack = s.stack[:len(s.stack)-1]
		if s.expand(i, false) || s.viol != nil || s.stopped(0) {
			return
		}
	}
}

// expand runs every enabled step of state i. With deadlockOnly it only
// looks for a deadlock in i (BFS finishing a level after a longer violation)
// and reports true if it found one. It returns true when the search must end.
func (s *search) expand(i int, deadlockOnly bool) bool {
	s.cur, s.curDepth = i, s.st.depthOf(i)
	s.frontier = s.opts.MaxDepth > 0 && s.curDepth >= s.opts.MaxDepth
	state := s.st.state(i)
	if s.lockdep != nil {
		s.lockdep.attempts(s.m, state, i)
	}
	if s.waitCycle(i, state) {
		return true
	}
	var n int
	if deadlockOnly {
		n = len(s.m.Enabled(state))
	} else {
		if s.por != nil && !s.por.off {
			n = s.expandReduced(state)
		} else {
			n = s.m.Successors(state, s.visitFn)
		}
		if s.viol != nil && s.opts.Search == DFS {
			return true
		}
	}
	if n == 0 && !s.p.AllFinished(state) && s.opts.KeepGoing {
		s.record(&model.Violation{Kind: model.KindDeadlock, Property: "deadlock", Pid: -1}, i)
		s.deadlocks = append(s.deadlocks, append([]uint64(nil), state...))
	} else if n == 0 && !s.p.AllFinished(state) {
		state = s.st.state(i)
		s.viol = &model.Violation{Kind: model.KindDeadlock, Property: "deadlock", Pid: -1,
			Msg: deadlockMsg}
		s.violAt, s.violStep, s.violNext = i, false, nil
		s.blocked = s.m.BlockedProcs(state)
		return deadlockOnly || s.opts.Search == DFS
	}
	s.expansions++
	// Memory is checked at every reduction: with large states, checkEvery
	// expansions can pass any budget many times over.
	if s.expansions%checkEvery == 0 || s.opts.MaxMemory > 0 && s.memBytes() > s.opts.MaxMemory {
		s.checkBudgets()
	}
	return false
}

// waitCycle checks state i for processes waiting on each other's locks
// while others can still run (with none running, the deadlock check below
// reports it); it returns true when the search must end. A cycle is found
// in the state where it closes: every shallower state was expanded first.
func (s *search) waitCycle(i int, state []uint64) bool {
	v := s.m.WaitCycle(state)
	if v == nil || len(s.m.EnabledInto(state, s.enBuf)) == 0 {
		return false
	}
	if s.opts.KeepGoing {
		s.record(v, i)
		return false
	}
	s.viol, s.violAt, s.violStep, s.violNext, s.violCycle = v, i, false, nil, true
	s.blocked = s.m.BlockedProcs(s.st.state(i))
	return true
}

// visit handles one successor; it reports whether the edge goes back: to a
// stored state no deeper than the current one (or to a state not stored at
// all, at a budget or the depth frontier).
func (s *search) visit(t model.Trans, next []uint64, v *model.Violation) (back bool) {
	s.transitions++
	if s.viol != nil || s.stopReason != "" {
		return true
	}
	if s.lockdep != nil && v == nil {
		s.lockdep.observe(s.st.state(s.cur), next, t, s.cur)
	}
	if v != nil && s.opts.KeepGoing {
		s.record(v, s.cur)
		return false
	}
	if s.sym != nil && v == nil {
		next = s.sym.Canonical(next, s.canon)
	}
	if v != nil {
		s.viol, s.violAt, s.violStep, s.violTrans = v, s.cur, true, pack(t)
		s.violNext = append([]uint64(nil), next...)
		// The trace ends one step past its last stored state: count the
		// depth it reaches, so that "after N steps" never exceeds it.
		s.maxDepth = max(s.maxDepth, s.curDepth+1)
		return true
	}
	if s.frontier {
		if _, found := s.st.lookup(next); !found {
			s.truncated = true
		}
		return true
	}
	if s.opts.MaxStates > 0 && int64(s.st.len()) >= s.opts.MaxStates {
		if _, found := s.st.lookup(next); !found {
			s.stopReason = fmt.Sprintf("the state budget (--max-states %d) ran out", s.opts.MaxStates)
		}
		return true
	}
	var idx int
	if s.st.fpt != nil {
		var isNew, back bool
		if idx, isNew, back = s.st.insertFP(next, s.cur, pack(t), s.curDepth+1); !isNew {
			return back
		}
	} else {
		var isNew bool
		if idx, isNew = s.st.insert(next, s.cur, pack(t), s.curDepth+1); !isNew {
			return s.st.depthOf(idx) <= s.curDepth
		}
	}
	if s.curDepth+1 > s.maxDepth {
		s.maxDepth = s.curDepth + 1
	}
	if iv := s.checkState(next, idx); iv != nil && s.opts.KeepGoing {
		s.record(iv, idx)
	} else if iv != nil {
		s.viol, s.violAt, s.violStep = iv, idx, false
		return false
	}
	if s.opts.Search == DFS {
		s.stack = append(s.stack, uint32(idx))
	}
	return false
}

// checkState measures a newly stored state and checks the invariants in it.
func (s *search) checkState(state []uint64, idx int) *model.Violation {
	if v := s.measure(state, idx); v != nil {
		return v
	}
	return s.m.CheckInvariants(state)
}

// record notes a violation and goes on (Options.KeepGoing).
func (s *search) record(v *model.Violation, at int) {
	if s.found == nil {
		s.found = map[string]*model.Violation{}
	}
	key := string(v.Kind) + " " + v.Property
	if _, ok := s.found[key]; !ok {
		if len(s.found) == 0 {
			s.firstAt = at
		}
		s.found[key] = v
	}
}

func (s *search) checkBudgets() {
	if s.opts.MaxMemory > 0 && s.memBytes() > s.opts.MaxMemory && !s.switchStore() {
		s.stopReason = fmt.Sprintf("the memory budget (%d MiB) ran out", s.opts.MaxMemory>>20)
		if s.switchedAt > 0 {
			s.stopReason += fmt.Sprintf(" after the switch to fingerprints at %d states", s.switchedAt)
		}
	}
	s.checkClock()
	every := s.opts.ProgressEvery
	if every <= 0 {
		every = 1 << 16
	}
	if s.opts.OnProgress != nil && s.expansions%every < checkEvery {
		s.opts.OnProgress(s.stats())
	}
}

// checkClock stops the search at the deadline or when Options.Stop is closed.
func (s *search) checkClock() {
	if s.opts.Now != nil && !s.opts.Deadline.IsZero() && s.opts.Now().After(s.opts.Deadline) {
		s.stopReason = "the time budget (--timeout) ran out"
	}
	select {
	case <-s.opts.Stop: // a nil channel never fires
		s.stopReason = Interrupted
	default:
	}
}

func (s *search) stats() Stats {
	st := Stats{States: int64(s.st.len()), Transitions: s.transitions, MaxDepth: s.maxDepth, Bytes: s.st.bytes(),
		POR: s.por != nil, Reduced: s.reduced, ProvisoFull: s.reducedFull, LevelsFull: s.levelsFull}
	if s.sym != nil {
		st.Symmetry = s.sym.Groups()
	}
	if s.opts.Symmetry {
		st.SymmetryOff = s.p.SymmetryOffForMeasures()
	}
	if s.opts.Now != nil {
		st.Seconds = s.opts.Now().Sub(s.start).Seconds()
	}
	return st
}

func (s *search) result() *Result {
	r := &Result{Initial: s.p.Initial(), Stats: s.stats()}
	if s.st.fingerprints() {
		r.Omission = s.omission()
	}
	for _, k := range sortedKeys(s.found) {
		r.All = append(r.All, s.found[k])
	}
	r.Deadlocks = s.deadlocks
	if s.opts.Levels {
		r.Levels = s.levels()
	}
	r.Measures = s.measureResults()
	if s.lockdep != nil {
		r.LockOrder = s.lockdep.cycles()
	}
	switch {
	case s.viol == nil && len(r.All) > 0: // KeepGoing: a found violation is real, budget or not
		r.Verdict, r.Violation = Violated, r.All[0]
	case s.viol != nil:
		r.Verdict, r.Violation, r.Blocked = Violated, s.viol, s.blocked
		r.Trace = s.trace(s.violAt)
		if s.violStep {
			r.Trace = append(r.Trace, Step{Trans: unpack(s.violTrans), State: s.violNext})
		}
		r.Shortest = s.opts.Search == BFS && (s.por == nil || s.exact(len(r.Trace)))
		if s.sym != nil {
			var v *model.Violation
			r.Trace, v = s.concretize(r.Trace, s.violStep)
			if v != nil {
				// The step found in the canonical graph may belong to
				// another instance of the group: name the concrete one.
				r.Violation = v
			}
			if s.viol.Kind == model.KindDeadlock {
				r.Blocked = s.m.BlockedProcs(finalState(r))
				if v := s.m.WaitCycle(finalState(r)); v != nil && s.violCycle {
					r.Violation = v // named after the concrete processes
				}
			}
		}
		if s.viol.Kind == model.KindUseAfterFree {
			s.nameFreer(r)
		}
	case s.stopReason != "":
		r.Verdict, r.Reason = Incomplete, s.stopReason
	case s.truncated:
		r.Verdict = Incomplete
		r.Reason = fmt.Sprintf("states beyond the depth budget (--max-depth %d) were not explored", s.opts.MaxDepth)
	default:
		r.Verdict = Holds
	}
	if s.opts.Lockdep == LockdepError && len(r.LockOrder) > 0 && r.Verdict != Violated {
		c := r.LockOrder[0]
		last := c.Edges[len(c.Edges)-1]
		r.Verdict, r.Reason = Violated, ""
		pos, _ := s.p.Location(last.Pid, int(last.Trans.Node))
		r.Violation = &model.Violation{Kind: KindLockOrder, Property: "lock_order", Pid: last.Pid, Pos: pos,
			Msg: "lock order cycle " + c.String() + ": " + s.lockdep.sites(c)}
		r.Trace = s.trace(last.state)
		if next, _, ok := s.m.Step(s.vector(last.state), last.Trans); ok && !last.Attempt {
			r.Trace = append(r.Trace, Step{Trans: last.Trans, State: next})
			if s.sym != nil {
				r.Trace[len(r.Trace)-1].State = s.sym.Canonical(next, nil)
			}
		}
		if s.sym != nil {
			r.Trace, _ = s.concretize(r.Trace, false)
			if !last.Attempt && len(r.Trace) > 0 {
				r.Violation.Pid = int(r.Trace[len(r.Trace)-1].Trans.Pid) // the concrete instance
			}
		}
		r.Shortest = false
	}
	return r
}

// levels counts the stored states per depth.
func (s *search) levels() []int64 {
	out := make([]int64, s.maxDepth+1)
	for i := 0; i < s.st.len(); i++ {
		out[s.st.depthOf(i)]++
	}
	return out
}

// trace returns the steps from the initial state to state i.
func (s *search) trace(i int) []Step {
	var path []int
	for j := i; j != 0; j = s.st.parentOf(j) {
		path = append(path, j)
	}
	slices.Reverse(path)
	vecs := s.vectors(path)
	out := make([]Step, 0, len(path))
	for k, j := range path {
		out = append(out, Step{Trans: unpack(s.st.viaOf(j)), State: vecs[k]})
	}
	return out
}

func sortedKeys(m map[string]*model.Violation) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func finalState(r *Result) []uint64 {
	if len(r.Trace) == 0 {
		return r.Initial
	}
	return r.Trace[len(r.Trace)-1].State
}

// concretize turns a trace through canonical states (symmetry reduction)
// into a trace of real steps from the initial state: at each step it takes
// the first enabled step whose successor has the stored canonical form (or,
// for a final violating step, that commits the same violation, which it
// returns as the concrete step committed it).
func (s *search) concretize(trace []Step, lastViolates bool) ([]Step, *model.Violation) {
	c := s.p.Initial()
	out := make([]Step, 0, len(trace))
	var last *model.Violation
	for k, st := range trace {
		violating := lastViolates && k == len(trace)-1
		var found *Step
		for _, t := range s.m.Enabled(c) {
			next, v, _ := s.m.Step(c, t)
			if violating {
				if v != nil && s.sym.SameViolation(s.viol, v) {
					found, last = &Step{Trans: t, State: next}, v
					break
				}
				continue
			}
			if v == nil && equal(s.sym.Canonical(next, nil), st.State) {
				found = &Step{Trans: t, State: next}
				break
			}
		}
		if found == nil {
			panic(fmt.Sprintf("symmetry: no step from the concrete state matches step %d of the canonical trace", k+1))
		}
		out = append(out, *found)
		c = found.State
	}
	return out, last
}

// nameFreer adds to a use-after-free message the step that freed the object:
// the last step of the trace after which the object was free.
func (s *search) nameFreer(r *Result) {
	prev, freer := r.Initial, ""
	for _, st := range r.Trace {
		for _, obj := range s.p.FreedObjects(prev, st.State) {
			if obj == r.Violation.Property {
				pos, text := s.p.Location(int(st.Trans.Pid), int(st.Trans.Node))
				freer = fmt.Sprintf("%s freed it at line %d: %s", s.p.Procs[st.Trans.Pid].Name(), pos.Line, text)
			}
		}
		prev = st.State
	}
	if freer != "" {
		v := *r.Violation
		v.Msg += "; " + freer
		r.Violation = &v
	}
}
