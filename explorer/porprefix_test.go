package explorer_test

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/internal/testlong"
	"mcheck/model"
)

// TestPORExactPrefix: with the exact prefix (porprefix.go), a BFS with
// reduction has the unreduced search's verdict and counterexample length and
// proves it shortest; a search that ends inside the prefix stores exactly the
// unreduced states and reduces none. With a prefix of 64 states the switch
// comes mid-search in most specs: some violations are then found past it
// (and proven by shorten.go), and the parallel and resumed searches make the
// switch where the serial one does. The default prefix runs with the default
// per-level choice; the prefix of 64 under each of levelThresholds in turn
// (porlevel_test.go): forced to expand every level fully, the search is the
// unreduced one.
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
	past, inside, mixed := 0, 0, 0
	defer explorer.SetPORPrefix(0)() // undone even when a check fails
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
			th := levelThresholds[1] // the default
			if prefix == 64 {
				th = levelThresholds[(i/3)%len(levelThresholds)]
			}
			name := fmt.Sprintf("%s prefix %d (%s)", run.name, prefix, th.name)
			p, in, mix := checkPrefix(t, name, run.prog, full, prefix, th.min)
			past, inside, mixed = past+p, inside+in, mixed+mix
			if prefix == 64 && testlong.Every(i, 24) && full.Stats.States <= resumeLimit {
				checkParallel(t, run.name, run.prog, explorer.Options{POR: true})
				checkResume(t, run.name, run.prog, explorer.Options{POR: true, Workers: 1 + i%2}, rng)
			}
		}
		restore()
	}
	t.Logf("violations found inside the prefix: %d, past it: %d; searches mixing fully expanded and reduced levels: %d", inside, past, mixed)
	require.Positive(t, past, "no violation was found past the prefix: the proof path went untested")
	require.Positive(t, inside)
	require.Positive(t, mixed, "the default threshold never mixed levels: the choice went untested")
}

// checkPrefix searches p with reduction, the given prefix and per-level
// threshold, and compares with full, the unreduced search. It reports
// whether a violation was found past the first reduced level or inside
// it, and whether the search mixed fully expanded and reduced levels.
func checkPrefix(t *testing.T, name string, p *model.Program, full *explorer.Result, prefix int, th float64) (past, inside, mixed int) {
	t.Helper()
	defer explorer.SetPORMinPruned(th)()
	red := explore(t, p, explorer.Options{POR: true})
	checkLevelResult(t, name, p, full, red)
	if full.Stats.States < int64(prefix) || th > 1 {
		require.Equal(t, full.Stats.States, red.Stats.States, "%s: inside the prefix or every level full", name)
		require.Equal(t, full.Stats.Transitions, red.Stats.Transitions, name)
		require.Zero(t, red.Stats.Reduced, name)
	}
	if th == 0 {
		require.Zero(t, red.Stats.LevelsFull, name)
	}
	if red.Stats.LevelsFull > 0 && red.Stats.Reduced > 0 {
		mixed = 1
	}
	switch {
	case full.Verdict != explorer.Violated:
	case red.Stats.Reduced > 0:
		past = 1
	default:
		inside = 1
	}
	return past, inside, mixed
}
