package explorer

import (
	"fmt"
	"io"
	"time"

	"mcheck/model"
)

// Search is a search order.
type Search int

// Search orders.
const (
	BFS Search = iota // breadth-first: the first counterexample is a shortest one
	DFS               // depth-first
)

func (s Search) String() string {
	if s == DFS {
		return "dfs"
	}
	return "bfs"
}

// Options configure a search. Zero budgets mean no limit.
type Options struct {
	Search    Search
	POR       bool      // partial-order reduction (stubborn sets); off: exhaustive
	Symmetry  bool      // store one state per permutation of interchangeable process instances
	MaxStates int64     // stop after storing this many states
	MaxDepth  int       // do not explore past this many steps from the initial state
	MaxMemory int64     // stop when the store's estimated size passes this many bytes
	Deadline  time.Time // stop at this time (needs Now)
	Now       func() time.Time

	// Stop, if set, ends the search when it is closed, like a budget: the
	// verdict is then Incomplete with Reason Interrupted. The caller owns it
	// (the CLI closes it on SIGINT); the search only polls it.
	Stop <-chan struct{}
	// Fairness, if set, overrides every process type's fairness in
	// ExploreLiveness.
	Fairness *model.Fairness
	// NoLockQueues drops the strong fairness that lock waits get on top of
	// a process's own (explorer/fair.go): the fairness SPIN's pan -f
	// implements, for the cross-check with SPIN (promela/liveness_test.go).
	NoLockQueues bool

	// Lockdep tracks the order in which processes take locks (default: warn).
	Lockdep Lockdep

	// KeepGoing explores the whole state graph instead of stopping at the
	// first violation: Result.All lists every violated property and
	// Result.Deadlocks every deadlock state (no traces). For differential tests.
	KeepGoing bool

	// Workers is how many goroutines expand states in a BFS (parallel.go);
	// 0 or 1: the serial search. The result is the same either way. DFS and
	// the liveness search use one.
	Workers int

	// OnCheckpoint, if set, is handed the search's state to write
	// (checkpoint.go) every CheckpointEvery (measured with Now) and when
	// Stop ends the search before any violation was found. An error it
	// returns stops the search (Incomplete).
	OnCheckpoint    func(write func(io.Writer) error) error
	CheckpointEvery time.Duration
	// Resume, if set, continues the search a checkpoint holds instead of
	// starting anew; the program and the options that shape the state graph
	// (search, reductions, depth budget, lockdep, KeepGoing) must be the
	// checkpoint's. Explore returns an error otherwise.
	Resume io.Reader

	// Store is how states are kept (fingerprint.go); the zero value is exact.
	Store Store

	// Levels asks for Result.Levels, the states stored per depth.
	Levels bool

	// OnProgress, if set, is called every ProgressEvery expanded states.
	OnProgress    func(Stats)
	ProgressEvery int64
}

// Interrupted is Result.Reason when Options.Stop was closed.
const Interrupted = "interrupted"

// Verdict is the outcome of a search.
type Verdict int

// Verdicts.
const (
	Holds Verdict = iota
	Violated
	Incomplete
)

func (v Verdict) String() string {
	switch v {
	case Holds:
		return "holds"
	case Violated:
		return "violation"
	}
	return "incomplete"
}

// Stats are a search's figures.
type Stats struct {
	States      int64    // distinct states stored
	Transitions int64    // steps executed (edges, including those to known states)
	MaxDepth    int      // deepest state reached: stored, or reached by the violating step
	Seconds     float64  // wall time, when Options.Now is set
	Bytes       int64    // estimated size of the state store
	POR         bool     // partial-order reduction was on
	Symmetry    []string // the symmetric process groups and permuted pools used, e.g. "fault[4]", "objects of filp[3]"; empty: none
	// SymmetryOff: with Options.Symmetry, the groups left unreduced because a
	// measure names their instances (reducing them could change the measure)
	SymmetryOff []string
	// LiveSymmetryOff: with Options.Symmetry, why a liveness search did not
	// use symmetry reduction (explorer/livesym.go); "" when it did or when
	// the program has nothing to reduce.
	LiveSymmetryOff string
	Reduced         int64 // states expanded through a proper subset of their enabled steps
	ProvisoFull     int64 // states expanded fully because the reduced set closed a cycle
	// LevelsFull: BFS levels past the exact prefix expanded fully because
	// the stubborn sets of a sample of their states pruned too few steps
	// (explorer/porprefix.go)
	LevelsFull int
}

// StatesPerSecond is States/Seconds, or 0.
func (s Stats) StatesPerSecond() float64 {
	if s.Seconds <= 0 {
		return 0
	}
	return float64(s.States) / s.Seconds
}

// Step is one step of a trace and the state after it.
type Step struct {
	Trans model.Trans
	State []uint64
}

// Result is what a search found.
type Result struct {
	Verdict   Verdict
	Violation *model.Violation // when Violated
	Initial   []uint64
	Trace     []Step          // from Initial to the violating state or step
	Blocked   []model.Blocked // for a deadlock: every blocked process
	Reason    string          // when Incomplete: which budget ran out
	Stats     Stats
	// Shortest: the trace is proven a shortest one (BFS without reduction,
	// or with reduction once an unreduced BFS found nothing shorter). A BFS
	// trace under reduction without it is the shortest found, not proven.
	Shortest bool

	// Cycle, for a liveness counterexample that is a lasso: the last Cycle
	// steps of Trace repeat forever (they return to the state before them).
	Cycle int
	Fair  string // for a lasso: one line on why the run is fair
	// Fairness: the override a liveness search used (Options.Fairness), or "".
	Fairness string
	// Live: the figures of each liveness search that held after this one
	// (set by the caller that ran them).
	Live []Stats
	// LiveRenamed counts the properties not searched because they are
	// renamings of one that was (instances of a symmetric process type).
	LiveRenamed int

	// Omission, with Options.Store StoreFingerprint, is the probability that
	// a state was missed: a Holds holds with probability at least 1-Bound.
	Omission *Omission

	LockOrder []LockCycle        // lock-order cycles seen (unless Options.Lockdep is LockdepOff)
	All       []*model.Violation // with KeepGoing: each violated property once, sorted by kind and property
	Deadlocks [][]uint64         // with KeepGoing: every deadlock state

	// Measures is each of the program's measures over the stored states.
	Measures []MeasureRange
	// Levels, with Options.Levels, counts the stored states per depth: with
	// BFS, the states first reached at each BFS level.
	Levels []int64
}

// MeasureRange is a measure's maximum and minimum over the stored states,
// with a trace from Initial to a state where it is at its maximum.
type MeasureRange struct {
	Name     string
	Max, Min int64
	MaxTrace []Step
}

// Explore searches the state graph of p, a linked program: its Executable,
// which the search and its workers share and never write.
func Explore(p *model.Program, opts Options) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("internal error exploring %s: %v", p.Name, r)
		}
	}()
	if err := storeError(opts); err != nil {
		return nil, err
	}
	x, err := executable(p)
	if err != nil {
		return nil, err
	}
	s := newSearch(x, opts)
	defer s.st.trail.close()
	s.run()
	if s.resumeErr != nil {
		return nil, s.resumeErr
	}
	res = s.result()
	if opts.POR && opts.Search == BFS && !opts.KeepGoing && res.Verdict == Violated &&
		res.Violation.Kind != KindLockOrder && !res.Shortest { // found in the exact prefix: shortest
		shorten(x, opts, res, s)
	}
	return res, nil
}

// executable is p's linked form, which searches run and share: nothing in
// it is written during a search (model.Executable).
func executable(p *model.Program) (*model.Executable, error) {
	if p.Executable == nil {
		return nil, fmt.Errorf("internal error: %s is not linked", p.Name)
	}
	return p.Executable, nil
}
