package explorer_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// A state budget smaller than the graph never yields Holds. The smallest
// violating specs may show their violation within the budget: that is a
// real violation, found among at most 10 states.
func TestMaxStatesIsIncomplete(t *testing.T) {
	for _, run := range runs(t, catalogueSources(t)) {
		t.Run(run.name, func(t *testing.T) {
			for _, search := range searches {
				for _, por := range []bool{false, true} {
					r := explore(t, run.prog, explorer.Options{Search: search, POR: por, MaxStates: 10})
					if r.Verdict == explorer.Violated && run.expect.Verdict != "holds" {
						assert.LessOrEqual(t, r.Stats.States, int64(10))
						replayViolation(t, run.prog, r)
						continue
					}
					require.Equal(t, explorer.Incomplete, r.Verdict, "%s (POR %v): %v", search, por, r.Violation)
					assert.Contains(t, r.Reason, "max-states 10")
					assert.LessOrEqual(t, r.Stats.States, int64(10))
				}
			}
		})
	}
}

// A depth budget below the graph's depth never yields Holds; at exactly the
// BFS depth (from the oracle) BFS sees everything and the spec holds.
func TestMaxDepth(t *testing.T) {
	held := 0
	for _, run := range allRuns(t) {
		if run.expect.Verdict != "holds" {
			continue
		}
		o := oracle(t, run.prog)
		if o.depth < 2 {
			continue
		}
		held++
		t.Run(run.name, func(t *testing.T) {
			for _, search := range searches {
				r := explore(t, run.prog, explorer.Options{Search: search, MaxDepth: o.depth - 1})
				require.Equal(t, explorer.Incomplete, r.Verdict, "%s at depth %d", search, o.depth-1)
				assert.Contains(t, r.Reason, "max-depth")
			}
			r := explore(t, run.prog, explorer.Options{Search: explorer.BFS, MaxDepth: o.depth})
			require.Equal(t, explorer.Holds, r.Verdict, "BFS at depth %d", o.depth)
			assert.Equal(t, int64(o.states), r.Stats.States)
		})
	}
	require.Greater(t, held, 10)
}

// With a depth budget, BFS finds a violation exactly when its shortest
// trace fits: at the shortest length it is found, two steps below it the
// run is incomplete (never Holds).
func TestMaxDepthViolations(t *testing.T) {
	for _, run := range allRuns(t) {
		if run.expect.Verdict == "holds" {
			continue
		}
		n := shortestViolation(t, run.prog, 200)
		if n < 3 {
			continue // MaxDepth 0 means no limit
		}
		t.Run(run.name, func(t *testing.T) {
			r := explore(t, run.prog, explorer.Options{MaxDepth: n})
			require.Equal(t, explorer.Violated, r.Verdict, "at depth %d", n)
			r = explore(t, run.prog, explorer.Options{MaxDepth: n - 2})
			require.Equal(t, explorer.Incomplete, r.Verdict, "at depth %d: %v", n-2, r.Violation)
		})
	}
}

// fakeClock is a Now that advances a second per call.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time {
	c.t = c.t.Add(time.Second)
	return c.t
}

// A deadline that has already passed stops every search: no verdict but
// Incomplete, however small the graph.
func TestDeadlineInThePast(t *testing.T) {
	for _, run := range runs(t, catalogueSources(t)) {
		t.Run(run.name, func(t *testing.T) {
			for _, search := range searches {
				for _, por := range []bool{false, true} {
					clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
					r := explore(t, run.prog, explorer.Options{Search: search, POR: por, Now: clock.now, Deadline: clock.t.Add(-time.Hour)})
					require.Equal(t, explorer.Incomplete, r.Verdict, "%s (POR %v): %v", search, por, r.Violation)
					assert.Contains(t, r.Reason, "time")
				}
			}
		})
	}
}

// A deadline in the future does not change the result.
func TestDeadlineInTheFuture(t *testing.T) {
	for _, run := range runs(t, catalogueSources(t)) {
		clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		r := explore(t, run.prog, explorer.Options{Now: clock.now, Deadline: clock.t.Add(1000 * time.Hour)})
		assert.True(t, judge(run.expect, r), "%s: %s %v", run.name, r.Verdict, r.Violation)
	}
}

// A closed Stop channel ends every search before it starts: Incomplete,
// reason Interrupted, never a verdict, however small the graph.
func TestStopBeforeSearch(t *testing.T) {
	stop := make(chan struct{})
	close(stop)
	for _, run := range runs(t, catalogueSources(t)) {
		for _, search := range searches {
			for _, por := range []bool{false, true} {
				r := explore(t, run.prog, explorer.Options{Search: search, POR: por, Symmetry: por, Stop: stop})
				require.Equal(t, explorer.Incomplete, r.Verdict, "%s %s (POR %v): %v", run.name, search, por, r.Violation)
				assert.Equal(t, explorer.Interrupted, r.Reason)
			}
		}
	}
}

// Closing Stop during a search ends it at the next budget check with the
// figures so far: more than one state, fewer than the whole graph.
func TestStopDuringSearch(t *testing.T) {
	src, filename, ok := protocols.Source("seqcount-retry")
	require.True(t, ok)
	res, err := compile.Compile(filename, src, compile.Options{Set: map[string]int64{"FAULTS": 3}})
	require.NoError(t, err)
	whole := explore(t, res.Program, explorer.Options{})
	require.Equal(t, explorer.Holds, whole.Verdict)
	for _, search := range searches {
		stop := make(chan struct{})
		calls := 0
		progress := func(explorer.Stats) {
			if calls++; calls == 2 {
				close(stop)
			}
		}
		r := explore(t, res.Program, explorer.Options{Search: search, Stop: stop, OnProgress: progress, ProgressEvery: 1})
		require.Equal(t, explorer.Incomplete, r.Verdict, "%s", search)
		assert.Equal(t, explorer.Interrupted, r.Reason)
		assert.Greater(t, r.Stats.States, int64(1))
		assert.Less(t, r.Stats.States, whole.Stats.States, "%s: the search went on after Stop", search)
	}
}
