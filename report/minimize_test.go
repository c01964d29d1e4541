package report

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
)

// For every catalogue counterexample the minimized trace replays to the
// same violation, needs no more preemptions than the reordered BFS and DFS
// traces, and needs exactly Bound of them; and no trace with fewer exists:
// the search at Bound-1 finds nothing.
func TestMinimizePreemptionsCatalogue(t *testing.T) {
	for _, run := range violating(t) {
		t.Run(run.Program.Name, func(t *testing.T) {
			p, r := run.Program, run.Result
			min, err := MinimizePreemptions(p, r, MinimizeBudget{})
			require.NoError(t, err)
			require.NoError(t, Confirm(p, min.Result))
			assert.Equal(t, r.Violation.Kind, min.Result.Violation.Kind)
			assert.Equal(t, r.Violation.Property, min.Result.Violation.Property)
			_, pre := Switches(p, min.Result)
			assert.Equal(t, min.Bound, pre)
			for _, s := range []explorer.Search{explorer.BFS, explorer.DFS} {
				other := catalogueRun(t, p.Name, s)
				_, opre := Switches(p, Reorder(p, other.Result))
				assert.LessOrEqual(t, min.Bound, opre)
			}
			if min.Bound > 0 {
				b := &bounded{p: p, m: p.NewMachine(), want: r.Violation, bound: min.Bound - 1, max: 1 << 20}
				found, err := b.run(r.Initial)
				require.NoError(t, err)
				assert.Nil(t, found, "a schedule with fewer preemptions exists")
			}
		})
	}
}

// On a hand-made trace with two preemptions the search finds the schedule
// with none: run a to the end, then b.
func TestMinimizePreemptionsHand(t *testing.T) {
	src := `
var x: 0..3
var y: 0..3
process a { x = 1; x = 2 }
process b { y = 1; y = 2 }
invariant not_both: !(x == 2 && y == 2)
`
	run := handRun(t, src, []int32{0, 1, 0, 1})
	min, err := MinimizePreemptions(run.Program, run.Result, MinimizeBudget{})
	require.NoError(t, err)
	assert.Equal(t, 0, min.Bound)
	assert.Equal(t, []int32{0, 0, 1, 1}, pids(min.Result.Trace))
}

// A budget that runs out gives up with *MinimizeIncomplete naming it, never
// a trace that is not the fewest: the node cap, a deadline already passed,
// and a closed stop channel (the CLI's interrupt).
func TestMinimizePreemptionsBudget(t *testing.T) {
	src := `
var x: 0..3
var y: 0..3
process a { x = 1; x = 2 }
process b { y = 1; y = 2 }
invariant not_both: !(x == 2 && y == 2)
`
	run := handRun(t, src, []int32{0, 1, 0, 1})
	stop := make(chan struct{})
	close(stop)
	past := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		budget MinimizeBudget
		reason string
	}{
		{MinimizeBudget{MaxNodes: 1}, "more than 1 nodes"},
		{MinimizeBudget{Now: func() time.Time { return past }, Deadline: past.Add(-time.Second)}, "--timeout"},
		{MinimizeBudget{Stop: stop}, explorer.Interrupted},
	} {
		min, err := MinimizePreemptions(run.Program, run.Result, c.budget)
		assert.Nil(t, min)
		var inc *MinimizeIncomplete
		require.ErrorAs(t, err, &inc)
		assert.Contains(t, inc.Reason, c.reason)
		assert.Equal(t, 0, inc.Bound)
	}
}
