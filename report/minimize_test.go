package report

import (
	"testing"

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
			min, err := MinimizePreemptions(p, r, 0)
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
	min, err := MinimizePreemptions(run.Program, run.Result, 0)
	require.NoError(t, err)
	assert.Equal(t, 0, min.Bound)
	assert.Equal(t, []int32{0, 0, 1, 1}, pids(min.Result.Trace))
}
