package explorer_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/internal/testlong"
	"mcheck/model"
)

// checkFingerprint requires the fingerprint search's result to be the exact
// search's (on graphs this small a collision has probability below 1e-6,
// and the bound says so; under MCHECK_LONG exe-file-rcu FAULTS=3 has
// 1.2e-8, and the sweeps' few thousand searches fail by a collision with
// probability well below 1e-3), but for the
// store's size and the bound; chunks of 16 states make BFS release
// vectors, so traces and measures replay them.
func checkFingerprint(t *testing.T, name string, p *model.Program, o explorer.Options) {
	t.Helper()
	exact := explore(t, p, o)
	o.Store = explorer.StoreFingerprint
	fp := explore(t, p, o)
	require.NotNil(t, fp.Omission, name)
	require.Less(t, fp.Omission.Bound, 1e-6, name)
	d, n := float64(fp.Stats.States), float64(fp.Stats.Transitions+1)
	require.InDelta(t, d*math.Max(n-d, 0)/math.Exp2(64), fp.Omission.Bound, 1e-30, name)
	fp.Omission, fp.Stats.Bytes, exact.Stats.Bytes = nil, 0, 0
	require.Equal(t, exact, fp, "%s %+v", name, o)
}

var fingerprintOptions = []explorer.Options{
	{},
	{POR: true, Symmetry: true},
	{Search: explorer.DFS},
	{Workers: 2, POR: true},
	{KeepGoing: true},
}

// TestFingerprintCatalogue: two runs in three have tiny fingerprint tables
// (checkTinyTables).
func TestFingerprintCatalogue(t *testing.T) {
	defer explorer.SetChunkBits(4)()
	defer explorer.SetBlocks(8, 2)()
	for i, r := range allRuns(t) {
		for k, o := range fingerprintOptions {
			if !testlong.Every(i+k, 6) {
				continue
			}
			if i%3 < 2 {
				checkTinyTables(t, r.name, r.prog, i%3, o)
			} else {
				checkFingerprint(t, r.name, r.prog, o)
			}
		}
	}
}

func TestFingerprintRandom(t *testing.T) {
	defer explorer.SetChunkBits(4)()
	for seed := int64(0); seed < int64(testlong.Count(40, 600)); seed++ {
		o := fingerprintOptions[seed%int64(len(fingerprintOptions))]
		o.MaxStates = 100000
		checkFingerprint(t, fmt.Sprint("seed ", seed), randomProgram(t, seed), o)
	}
}

// TestFingerprintReleases: the BFS keeps the vectors of about one level, so
// its store is smaller than the exact one on a spec with large states.
func TestFingerprintReleases(t *testing.T) {
	defer explorer.SetChunkBits(4)()
	p := compileSpec(t, `
var a: [64]0..255
process w[4] { a[0] = a[0] + 1; a[1] = a[1] + 1; a[2] = a[2] + 1; a[3] = a[3] + 1; a[4] = 1; a[5] = 1 }
`)
	exact := explore(t, p, explorer.Options{})
	fp := explore(t, p, explorer.Options{Store: explorer.StoreFingerprint})
	require.Equal(t, exact.Stats.States, fp.Stats.States)
	require.Less(t, fp.Stats.Bytes, exact.Stats.Bytes)
	t.Logf("exact %d bytes, fingerprints %d bytes, %d states", exact.Stats.Bytes, fp.Stats.Bytes, fp.Stats.States)
}

// TestStoreAuto: under a memory budget the exact search cannot meet, the
// auto store switches to fingerprints and finishes with the exact counts,
// serial and parallel, with reduction (the switch tags the states of the
// level being filled as entered in this level: the cycle proviso reads it)
// and with tiny fingerprint tables.
func TestStoreAuto(t *testing.T) {
	defer explorer.SetChunkBits(4)()
	p := compileSpec(t, `
var a: [64]0..255
process w[4] { a[0] = a[0] + 1; a[1] = a[1] + 1; a[2] = a[2] + 1; a[3] = a[3] + 1; a[4] = 1; a[5] = 1 }
`)
	for _, por := range []bool{false, true} {
		exact := explore(t, p, explorer.Options{POR: por})
		budget := exact.Stats.Bytes * 3 / 4
		for _, w := range []int{1, 2} {
			restore := explorer.SetFPTable(1, w)
			cut := explore(t, p, explorer.Options{MaxMemory: budget, Workers: w, POR: por})
			require.Equal(t, explorer.Incomplete, cut.Verdict)
			auto := explore(t, p, explorer.Options{MaxMemory: budget, Store: explorer.StoreAuto, Workers: w, POR: por})
			restore()
			require.Equal(t, explorer.Holds, auto.Verdict, "por %v workers %d: %s", por, w, auto.Reason)
			require.Equal(t, exact.Stats.States, auto.Stats.States)
			require.Equal(t, exact.Stats.Transitions, auto.Stats.Transitions)
			require.Equal(t, exact.Stats.ProvisoFull, auto.Stats.ProvisoFull, "por %v workers %d", por, w)
			require.NotNil(t, auto.Omission)
			require.Equal(t, cut.Stats.States, auto.Omission.SwitchedAt, "the switch comes where the exact search stops")
			require.LessOrEqual(t, auto.Stats.Bytes, budget)
		}
	}
}

// tinyTableOptions run with fingerprint tables of one bucket a shard (many
// growths, each placing every entry again) and a level tag cleared at every
// level (period 1, one flag bit) or every other one: with reduction (whose
// cycle proviso reads the tags) and with parallel batches (which enter
// their states at the commit).
var tinyTableOptions = []explorer.Options{{POR: true}, {Workers: 2, POR: true}, {POR: true, Symmetry: true, Lockdep: explorer.LockdepWarn}}

func checkTinyTables(t *testing.T, name string, p *model.Program, k int, o explorer.Options) {
	t.Helper()
	defer explorer.SetFPTable(1, 1+k%2)()
	checkFingerprint(t, name, p, o)
}

// TestFingerprintTinyTables: random specs with tiny tables (the catalogue
// has them in TestFingerprintCatalogue), under POR thresholds around the
// default, so that the per-level choice (porprefix.go), whose sample asks
// whether steps go back to stored states, is near the line on some levels.
func TestFingerprintTinyTables(t *testing.T) {
	defer explorer.SetChunkBits(4)()
	defer explorer.SetBlocks(8, 2)()
	defer explorer.SetPORMinPruned(explorer.DefaultPORMinPruned)()
	thresholds := []float64{explorer.DefaultPORMinPruned, 0.2, 0.4, 0.5}
	for seed := int64(0); seed < int64(testlong.Count(16, 200)); seed++ {
		o := tinyTableOptions[seed%int64(len(tinyTableOptions))]
		o.MaxStates = 100000
		explorer.SetPORMinPruned(thresholds[seed/3%4]) // undone by the defer above
		checkTinyTables(t, fmt.Sprint("seed ", seed), randomProgram(t, seed), int(seed/3), o)
	}
}

// TestFingerprintParallelCommits: in fingerprint mode the parallel batches
// commit states themselves (not the serial fallback).
func TestFingerprintParallelCommits(t *testing.T) {
	defer explorer.SetBlocks(8, 2)()
	p := compileSpec(t, `
var a: [8]0..7
process w[4] { a[0] = a[0] + 1; a[1] = a[1] + 1; a[2] = a[2] + 1; a[3] = 1; a[4] = 1 }
`)
	before := explorer.ParallelCommitted()
	o := explorer.Options{Workers: 2}
	checkFingerprint(t, "parallel", p, o)
	require.Greater(t, explorer.ParallelCommitted()-before, int64(100))
}

// TestFingerprintTrailFile: the parents and steps of released chunks go to
// a file in $TMPDIR, read back for the traces, and nothing is left there.
func TestFingerprintTrailFile(t *testing.T) {
	defer explorer.SetChunkBits(4)()
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	p := compileSpec(t, `
var x: 0..9
process w[3] { x = x + 1; x = x + 1 }
invariant small: x < 6
`)
	exact := explore(t, p, explorer.Options{})
	require.Equal(t, explorer.Violated, exact.Verdict)
	require.Greater(t, exact.Stats.States, int64(16))
	checkFingerprint(t, "trail", p, explorer.Options{})
	left, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, left)
}

// TestFingerprintTrailFails: a trace file that cannot be created stops the
// search, Incomplete, saying why.
func TestFingerprintTrailFails(t *testing.T) {
	defer explorer.SetChunkBits(4)()
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	p := compileSpec(t, `
var x: 0..9
process w[3] { x = x + 1; x = x + 1 }
`)
	r := explore(t, p, explorer.Options{Store: explorer.StoreFingerprint})
	require.Equal(t, explorer.Incomplete, r.Verdict)
	require.Contains(t, r.Reason, "writing the trace file failed")
}

// TestFingerprintBudgets: a state or memory budget stops the fingerprint
// search, serial or parallel, at the same point with the same counts and
// bytes (the parallel commit projects the table's growth exactly), and a
// memory budget makes it Incomplete.
func TestFingerprintBudgets(t *testing.T) {
	defer explorer.SetBlocks(4, 2)()
	defer explorer.SetChunkBits(4)()
	defer explorer.SetFPTable(1, 1)()
	p := compileSpec(t, budgetSpec)
	fp := explorer.Options{Store: explorer.StoreFingerprint}
	full := explore(t, p, fp)
	require.Equal(t, explorer.Holds, full.Verdict)
	for _, k := range []int64{1, 17, full.Stats.States - 1} {
		o := fp
		o.MaxStates = k
		checkParallel(t, fmt.Sprint("max-states ", k), p, o)
	}
	for _, mem := range []int64{1, full.Stats.Bytes * 2 / 3, full.Stats.Bytes - 1, full.Stats.Bytes} {
		o := fp
		o.MaxMemory = mem
		checkParallel(t, fmt.Sprint("max-memory ", mem), p, o)
		if r := explore(t, p, o); mem < full.Stats.Bytes {
			require.Equal(t, explorer.Incomplete, r.Verdict, "max-memory %d", mem)
			require.Contains(t, r.Reason, "memory budget")
		}
	}
}
