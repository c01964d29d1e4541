package explorer

import (
	"fmt"
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
	MaxStates int64     // stop after storing this many states
	MaxDepth  int       // do not explore past this many steps from the initial state
	MaxMemory int64     // stop when the store's estimated size passes this many bytes
	Deadline  time.Time // stop at this time (needs Now)
	Now       func() time.Time

	// OnProgress, if set, is called every ProgressEvery expanded states.
	OnProgress    func(Stats)
	ProgressEvery int64
}

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
	States      int64   // distinct states stored
	Transitions int64   // steps executed (edges, including those to known states)
	MaxDepth    int     // deepest state stored
	Seconds     float64 // wall time, when Options.Now is set
	Bytes       int64   // estimated size of the state store
	POR         bool    // partial-order reduction was on
	Reduced     int64   // states expanded through a proper subset of their enabled steps
	ProvisoFull int64   // states expanded fully because the reduced set closed a cycle
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
}

// Explore searches p's state graph.
func Explore(p *model.Program, opts Options) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("internal error exploring %s: %v", p.Name, r)
		}
	}()
	s := newSearch(p, opts)
	s.run()
	return s.result(), nil
}
