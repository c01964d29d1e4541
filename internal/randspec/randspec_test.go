package randspec

import (
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/specs/compile"
)

// TestGenerateCompiles: every generated spec compiles, and a seed always
// gives the same text.
func TestGenerateCompiles(t *testing.T) {
	verdicts := map[explorer.Verdict]int{}
	for seed := int64(0); seed < 300; seed++ {
		src := Generate(seed, Config{})
		require.Equal(t, src, Generate(seed, Config{}), "seed %d is not reproducible", seed)
		res, err := compile.Compile("rand.mc", []byte(src), compile.Options{})
		require.NoError(t, err, "seed %d:\n%s", seed, src)
		r, err := explorer.Explore(res.Program, explorer.Options{MaxStates: 200000})
		require.NoError(t, err)
		verdicts[r.Verdict]++
	}
	t.Logf("verdicts over 300 seeds: %v", verdicts)
	require.Greater(t, verdicts[explorer.Holds], 30, "too few generated specs hold to compare state counts")
	require.Greater(t, verdicts[explorer.Violated], 30, "too few generated specs break a property")
}
