package explorer_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/internal/randspec"
	"mcheck/internal/testlong"
	"mcheck/specs/compile"
)

// Random specs with a pool, RCU readers, kfree_rcu and a symmetric process
// type (randspec.Config.Symmetric) through every reduction against the plain
// search (checkReductions): 40 seeds by default, 400 under MCHECK_LONG=1.
func TestRandomPoolSymmetry(t *testing.T) {
	n := randomEnv("MCHECK_RANDOM_SPECS", int64(testlong.Count(40, 400)))
	seed := randomEnv("MCHECK_RANDOM_SEED", 7000)
	skipped, reduced := 0, 0
	for i := int64(0); i < n; i++ {
		src := randspec.Generate(seed+i, randspec.Config{Symmetric: true, Stmts: 3})
		res, err := compile.Compile("random.mc", []byte(src), compile.Options{})
		require.NoError(t, err, src)
		require.NotNil(t, res.Program.Symmetry(), "the symmetric type is not reduced: %s\n%s",
			res.Program.SymmetryOff(), src)
		if !t.Run(fmt.Sprint(seed+i), func(t *testing.T) {
			if checkReductions(t, src) {
				skipped++
			} else {
				reduced++
			}
		}) {
			t.Logf("seed %d:\n%s", seed+i, src)
			break
		}
	}
	t.Logf("%d random pool specs from seed %d; %d over %d states skipped", n, seed, skipped, randomBudget)
	require.Less(t, skipped, int(n)/4+1, "too many random specs skipped: the check would be vacuous")
}
