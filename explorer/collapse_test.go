package explorer_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/internal/randspec"
	"mcheck/internal/testlong"
	"mcheck/specs/compile"
)

var collapseOptions = []explorer.Options{
	{},
	{POR: true, Symmetry: true},
	{Workers: 2, POR: true},
	{KeepGoing: true, Levels: true},
}

// checkCollapse requires the BFS with the compressed exact store to give the
// plain store's result (counts, verdict, trace, measures, lock order), with
// chunks of 16 states so that most states are compressed before the end.
func checkCollapse(t *testing.T, name, src string, o explorer.Options) {
	t.Helper()
	res, err := compile.Compile(name, []byte(src), compile.Options{})
	require.NoError(t, err, src)
	restore := explorer.SetCollapse(false)
	plain := explore(t, res.Program, o)
	restore()
	packed := explore(t, res.Program, o)
	plain.Stats.Bytes, packed.Stats.Bytes = 0, 0
	require.Equal(t, plain, packed, "%s %+v", name, o)
}

// TestCollapseCatalogue runs the whole catalogue with MCHECK_LONG=1 (its
// list alone costs seconds). The default run has TestFingerprintCatalogue,
// which checks the compressed exact store against the fingerprint store
// (which compresses nothing) on a sample of it, and TestCollapseRandom.
func TestCollapseCatalogue(t *testing.T) {
	testlong.Skip(t)
	defer explorer.SetChunkBits(4)()
	defer explorer.SetBlocks(8, 2)()
	for _, r := range allRuns(t) {
		for _, o := range collapseOptions {
			restore := explorer.SetCollapse(false)
			plain := explore(t, r.prog, o)
			restore()
			packed := explore(t, r.prog, o)
			plain.Stats.Bytes, packed.Stats.Bytes = 0, 0
			require.Equal(t, plain, packed, "%s %+v", r.name, o)
		}
	}
}

func TestCollapseRandom(t *testing.T) {
	defer explorer.SetChunkBits(4)()
	for seed := int64(0); seed < int64(testlong.Count(16, 400)); seed++ {
		src := randspec.Generate(seed, randspec.Config{})
		checkCollapse(t, "rand.mc", src, collapseOptions[seed%int64(len(collapseOptions))])
	}
}
