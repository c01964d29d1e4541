package explorer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
)

// fourFaults: with reduction, BFS runs the idle first steps of every fault
// thread before anything else (each is a stubborn set of one), so its first
// counterexample is 36 steps long where 11 suffice.
const fourFaults = `
const FAULTS = 4
rw_semaphore mmap_lock
var present: bool = true
var stale: bool

process fault[FAULTS] {
    var seen: bool
    var n: 0..7
    n = 1
    n = 2
    n = 3
    n = 4
    down_read(mmap_lock)
    seen = present
    up_read(mmap_lock)
    if seen { atomic { stale = !present } }
}

process remap {
    down_write(mmap_lock)
    present = false
    up_write(mmap_lock)
}

invariant no_stale: !stale
`

// TestPORTraceShortestUnderBudget: when the unreduced search that proves
// minimality cannot finish within the state budget, the counterexample is
// still shortened to the plain BFS's length (issue 9, item 4). The plain
// search up to the violation needs about 2500 states, the reduced one 1700.
func TestPORTraceShortestUnderBudget(t *testing.T) {
	p := compileSpec(t, fourFaults)
	plain := explore(t, p, explorer.Options{})
	require.Equal(t, explorer.Violated, plain.Verdict)
	require.True(t, plain.Shortest)
	want := shortestViolation(t, p, 40)
	require.Len(t, plain.Trace, want)
	for _, sym := range []bool{false, true} {
		r := explore(t, p, explorer.Options{POR: true, Symmetry: sym, MaxStates: 2000})
		require.Equal(t, explorer.Violated, r.Verdict, "symmetry %v", sym)
		assert.Len(t, r.Trace, want, "symmetry %v", sym)
		replayViolation(t, p, r)
		r = explore(t, p, explorer.Options{POR: true, Symmetry: sym})
		assert.Len(t, r.Trace, want, "symmetry %v, no budget", sym)
		assert.True(t, r.Shortest, "symmetry %v: the unreduced search proves it", sym)
	}
}

// TestPORTraceLengthsCatalogue: BFS with reduction reports counterexamples
// as short as BFS without, on the catalogue and the examples, and says it
// proved them shortest.
func TestPORTraceLengthsCatalogue(t *testing.T) {
	for _, run := range allRuns(t) {
		if run.expect.Verdict == "holds" {
			continue
		}
		plain := explore(t, run.prog, explorer.Options{})
		for _, sym := range []bool{false, true} {
			r := explore(t, run.prog, explorer.Options{POR: true, Symmetry: sym})
			require.Equal(t, explorer.Violated, r.Verdict, run.name)
			assert.Len(t, r.Trace, len(plain.Trace), "%s symmetry %v", run.name, sym)
			if r.Violation.Kind != explorer.KindLockOrder {
				assert.True(t, r.Shortest, "%s symmetry %v", run.name, sym)
			}
		}
	}
}
