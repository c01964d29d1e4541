package explorer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
)

// bigStates is a spec of 50000 states in a line, each of about 5 KiB: a
// counter and an array the counter's process writes into.
const bigStates = `
var big: [20000]0..3
var c: 0..50000
process p {
    while c < 50000 {
        atomic { big[c % 20000] = (big[c % 20000] + 1) % 4; c = c + 1 }
    }
}
`

// The memory budget is honoured: four times the budget stores about four
// times the states, and the store stays within the budget's bound. With
// chunks of 16384 states counted whole, both runs stopped at the first
// check with the same count.
func TestMaxMemoryLargeStates(t *testing.T) {
	p := compileSpec(t, bigStates)
	stateBytes := int64(p.Words()) * 8
	require.Greater(t, stateBytes, int64(4000))
	var counts []int64
	for _, mib := range []int64{4, 16} {
		r := explore(t, p, explorer.Options{MaxMemory: mib << 20})
		require.Equal(t, explorer.Incomplete, r.Verdict)
		assert.Contains(t, r.Reason, "memory budget")
		assert.LessOrEqual(t, r.Stats.Bytes, mib<<20+2<<20, "%d MiB: the store may pass the budget by a chunk at most", mib)
		// At least the budget less a chunk and the table is filled with states.
		assert.GreaterOrEqual(t, r.Stats.States*stateBytes, (mib-2)<<20, "%d MiB", mib)
		counts = append(counts, r.Stats.States)
	}
	ratio := float64(counts[1]) / float64(counts[0])
	t.Logf("states at 4 and 16 MiB: %v", counts)
	assert.InDelta(t, 4.0, ratio, 1.0, "states at 4 and 16 MiB: %v", counts)
}
