package explorer_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/internal/testlong"
	"mcheck/model"
)

// parallelOptions are the configurations the parallel search is compared in.
var parallelOptions = []explorer.Options{
	{},
	{POR: true},
	{Symmetry: true},
	{POR: true, Symmetry: true, Levels: true},
	{KeepGoing: true, POR: true},
	{Lockdep: explorer.LockdepError, Symmetry: true},
}

// checkParallel runs p serially and with several workers (in blocks of a
// few states, so that small specs make many batches) and requires the same
// Result: verdict, counts, trace, lock-order edges, measures, everything.
func checkParallel(t *testing.T, name string, p *model.Program, o explorer.Options) {
	t.Helper()
	serial := explore(t, p, o)
	for _, w := range []int{2, 3} {
		o.Workers = w
		par := explore(t, p, o)
		require.Equal(t, serial, par, "%s %+v", name, o)
	}
}

// requireParallelCommits fails the test at its end unless parallel batches
// stored states: the comparison must not pass on the serial fallback alone.
func requireParallelCommits(t *testing.T) func() {
	before := explorer.ParallelCommitted()
	return func() {
		n := explorer.ParallelCommitted() - before
		t.Logf("%d states stored by parallel batches", n)
		require.Greater(t, n, int64(1000))
	}
}

func TestParallelCatalogue(t *testing.T) {
	defer explorer.SetBlocks(3, 2)()
	defer requireParallelCommits(t)()
	for i, r := range allRuns(t) {
		for k, o := range parallelOptions {
			if testlong.Every(i+k, 8) {
				checkParallel(t, r.name, r.prog, o)
			}
		}
	}
}

func TestParallelRandom(t *testing.T) {
	defer explorer.SetBlocks(2, 2)()
	defer requireParallelCommits(t)()
	n := testlong.Count(40, 600)
	for seed := int64(0); seed < int64(n); seed++ {
		o := parallelOptions[seed%int64(len(parallelOptions))]
		o.MaxStates = 200000
		checkParallel(t, fmt.Sprint("seed ", seed), randomProgram(t, seed), o)
	}
}

// TestParallelTableFull: a batch whose table of new states fills up is
// committed up to the block that filled it, and the serial search does the
// rest; the result is still the serial search's.
func TestParallelTableFull(t *testing.T) {
	defer explorer.SetBlocks(4, 4)()
	defer explorer.SetBatchRecords(24)() // 24 new states a batch at most
	defer requireParallelCommits(t)()
	fills := explorer.ParallelTableFills()
	checkRandomParallel(t, testlong.Count(6, 200), func(o *explorer.Options) {})
	require.Greater(t, explorer.ParallelTableFills()-fills, int64(5))
}

// TestParallelRoomFull: batches larger than the shards' tables have room
// for make workers run out of it (each gets a share of a shard's room up to
// 7/8 full); the batch is then cut there, its records past the cut taken
// out of the tables again, and the serial search expands the rest.
func TestParallelRoomFull(t *testing.T) {
	defer explorer.SetBlocks(64, 4)()
	defer explorer.SetBatchIgnoresRoom()()
	defer requireParallelCommits(t)()
	checkRandomParallel(t, testlong.Count(6, 200), func(o *explorer.Options) {})
	t.Logf("room fills %d", explorer.ParallelRoomFills())
	require.Greater(t, explorer.ParallelRoomFills(), int64(5))
}

// TestParallelReversed: workers that take the blocks last first reach most
// states first from a later parent than the serial search; each record still
// keeps the serial search's first discovery, so the result is the
// same (without lock-order tracking, whose merge relies on the block order).
// Small chunks make the store compress (collapse.go) expanded states that
// commits then read again when the tables grow.
func TestParallelReversed(t *testing.T) {
	defer explorer.SetBlocks(2, 4)()
	defer explorer.SetBlocksReversed()()
	defer explorer.SetChunkBits(4)() // compressed chunks while the tables grow in parallel
	defer requireParallelCommits(t)()
	checkRandomParallel(t, testlong.Count(12, 200), func(o *explorer.Options) { o.Lockdep = explorer.LockdepOff })
}

// checkRandomParallel runs checkParallel on random specs, seeds from 1000
// on, in parallelOptions changed by opt.
func checkRandomParallel(t *testing.T, n int, opt func(*explorer.Options)) {
	for seed := int64(1000); seed < int64(1000+n); seed++ {
		o := parallelOptions[seed%int64(len(parallelOptions))]
		o.MaxStates = 200000
		opt(&o)
		checkParallel(t, fmt.Sprint("seed ", seed), randomProgram(t, seed), o)
	}
}

// budgetSpec is small enough to search whole, with budgets to stop it
// anywhere (TestParallelBudgets, TestFingerprintBudgets).
const budgetSpec = `
var x: 0..7
var y: 0..7
process a[2] { x = x + 1; x = x + 1; y = y + 1 }
process b { y = y + 1; x = 0; y = 0 }
`

// TestParallelBudgets: a state or memory budget stops the parallel search
// where it stops the serial one, with the same counts.
func TestParallelBudgets(t *testing.T) {
	defer explorer.SetBlocks(4, 2)()
	p := compileSpec(t, budgetSpec)
	full := explore(t, p, explorer.Options{})
	require.Equal(t, explorer.Holds, full.Verdict)
	for _, k := range []int64{1, 2, 5, 17, full.Stats.States - 1, full.Stats.States} {
		checkParallel(t, fmt.Sprint("max-states ", k), p, explorer.Options{MaxStates: k})
	}
	for _, mem := range []int64{1, 40 << 10, full.Stats.Bytes - 1, full.Stats.Bytes} {
		checkParallel(t, fmt.Sprint("max-memory ", mem), p, explorer.Options{MaxMemory: mem})
	}
	for _, mem := range []int64{full.Stats.Bytes - 1, full.Stats.Bytes} {
		o := explorer.Options{MaxMemory: mem, MaxStates: full.Stats.States - 3}
		checkParallel(t, "max-memory and max-states", p, o)
	}
	checkParallel(t, "max-depth 3", p, explorer.Options{MaxDepth: 3})
}

// TestParallelStop: a closed Stop ends the parallel search as Incomplete.
func TestParallelStop(t *testing.T) {
	p := compileSpec(t, `
var x: 0..3
process a[3] { x = 1; x = 2 }
`)
	stop := make(chan struct{})
	close(stop)
	r := explore(t, p, explorer.Options{Workers: 2, Stop: stop})
	require.Equal(t, explorer.Incomplete, r.Verdict)
	require.Equal(t, explorer.Interrupted, r.Reason)
}

// TestParallelLockdep: the same lock-order edge is taken in many states of
// one level, by whichever worker; the report names the serial search's first.
func TestParallelLockdep(t *testing.T) {
	defer explorer.SetBlocks(1, 4)()
	p := compileSpec(t, `
mutex g
mutex m1
mutex m2
var x: 0..3
var y: 0..3
process noise { x = 1; x = 2; x = 3 }
process noise2 { y = 1; y = 2; y = 3 }
process a { await x + y >= 2; mutex_lock(g); mutex_lock(m1); mutex_lock(m2); mutex_unlock(m2); mutex_unlock(m1); mutex_unlock(g) }
process b { await x + y >= 2; mutex_lock(g); mutex_lock(m2); mutex_lock(m1); mutex_unlock(m1); mutex_unlock(m2); mutex_unlock(g) }
`)
	r := explore(t, p, explorer.Options{})
	require.Equal(t, explorer.Holds, r.Verdict)
	require.NotEmpty(t, r.LockOrder)
	for i := 0; i < 30; i++ { // which worker sees an edge first varies
		checkParallel(t, "lock order", p, explorer.Options{})
	}
}
