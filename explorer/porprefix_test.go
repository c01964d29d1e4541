package explorer_test

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/internal/testlong"
)

// TestPORExactPrefix: with the exact prefix (porprefix.go), a BFS with
// reduction has the unreduced search's verdict and counterexample length and
// proves it shortest; a search that ends inside the prefix stores exactly the
// unreduced states and reduces none. With a prefix of 64 states the switch
// comes mid-search in most specs: some violations are then found past it
// (and proven by shorten.go), and the parallel and resumed searches make the
// switch where the serial one does.
func TestPORExactPrefix(t *testing.T) {
	defer explorer.SetBlocks(4, 2)()
	rng := rand.New(rand.NewSource(3))
	progs := allRuns(t)
	if testlong.On() {
		progs = porRuns(t)
	}
	for seed := int64(0); seed < int64(testlong.Count(10, 200)); seed++ {
		progs = append(progs, specRun{name: fmt.Sprint("random ", seed), prog: randomProgram(t, seed)})
	}
	past, inside := 0, 0
	for _, prefix := range []int{explorer.DefaultPORPrefix, 64} {
		restore := explorer.SetPORPrefix(prefix)
		for i, run := range progs {
			if prefix == 64 && !testlong.Every(i, 3) {
				continue
			}
			full := explore(t, run.prog, explorer.Options{MaxStates: 100000})
			if full.Verdict == explorer.Incomplete {
				continue
			}
			red := explore(t, run.prog, explorer.Options{POR: true})
			require.Equal(t, full.Verdict, red.Verdict, run.name)
			if full.Stats.States < int64(prefix) {
				assert.Equal(t, full.Stats.States, red.Stats.States, "%s: inside the prefix", run.name)
				assert.Zero(t, red.Stats.Reduced, run.name)
			}
			if full.Verdict == explorer.Violated {
				replayViolation(t, run.prog, red)
				assert.Len(t, red.Trace, len(full.Trace), "%s prefix %d", run.name, prefix)
				assert.True(t, red.Shortest, run.name)
				if red.Stats.Reduced > 0 {
					past++
				} else {
					inside++
				}
			}
			if prefix == 64 && testlong.Every(i, 24) {
				checkParallel(t, run.name, run.prog, explorer.Options{POR: true})
				checkResume(t, run.name, run.prog, explorer.Options{POR: true, Workers: 1 + i%2}, rng)
			}
		}
		restore()
	}
	t.Logf("violations found inside the prefix: %d, past it: %d", inside, past)
	require.Positive(t, past, "no violation was found past the prefix: the proof path went untested")
	require.Positive(t, inside)
}
