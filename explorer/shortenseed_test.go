package explorer

import (
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/internal/randspec"
	"mcheck/specs/compile"
)

// TestSeedProof: the proof search that starts from the main search's levels
// up to its first reduced depth (seedProof) is the proof search from the
// initial state: the same states in the same order, the same verdict and
// trace. Random specs whose violation lies past a prefix of 64 states, under
// the default per-level choice and with every level reduced.
func TestSeedProof(t *testing.T) {
	defer func(a int, b float64) { porPrefix, porMinPruned = a, b }(porPrefix, porMinPruned)
	porPrefix = 64
	seeded := 0
	for seed := int64(0); seed < 60 && seeded < 8; seed++ {
		res, err := compile.Compile("r.mc", []byte(randspec.Generate(seed, randspec.Config{})), compile.Options{})
		require.NoError(t, err)
		x, err := executable(res.Program)
		require.NoError(t, err)
		for _, th := range []float64{0, defaultPORMinPruned} {
			porMinPruned = th
			main := newSearch(x, Options{POR: true, MaxStates: 20000})
			main.run()
			r := main.result()
			if r.Verdict != Violated || r.Shortest || main.porFrom <= 0 {
				continue
			}
			o := Options{MaxDepth: len(r.Trace) - 1, MaxStates: shortenBudget}
			scratch := newSearch(x, o)
			scratch.run()
			s := newSearch(x, o)
			start := seedProof(s, main)
			require.Positive(t, start)
			s.bfs(start)
			require.Equal(t, scratch.st.len(), s.st.len(), "seed %d", seed)
			for i := 0; i < s.st.len(); i++ {
				require.Equal(t, scratch.st.state(i), s.st.state(i), "seed %d state %d", seed, i)
				require.Equal(t, scratch.st.depthOf(i), s.st.depthOf(i), "seed %d state %d", seed, i)
			}
			want, got := scratch.result(), s.result()
			require.Equal(t, want.Verdict, got.Verdict, "seed %d", seed)
			require.Equal(t, want.Trace, got.Trace, "seed %d", seed)
			seeded++
		}
	}
	t.Logf("%d proofs compared", seeded)
	require.GreaterOrEqual(t, seeded, 4, "too few violations past the prefix to test the seeded proof")
}
