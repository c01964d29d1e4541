package explorer_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/internal/randspec"
	"mcheck/internal/testlong"
	"mcheck/specs/compile"
)

// Random specs with a pool, RCU readers, kfree_rcu and a symmetric process
// type (randspec.Config.Symmetric) through every reduction against the plain
// search (checkReductions): 40 seeds by default, 400 under MCHECK_LONG=1.
// Every odd seed has a pool of three objects that several process types
// allocate from in either order (randspec.Config.Objects), so the objects
// are permuted once no alloc is left.
func TestRandomPoolSymmetry(t *testing.T) {
	n := randomEnv("MCHECK_RANDOM_SPECS", int64(testlong.Count(40, 400)))
	seed := randomEnv("MCHECK_RANDOM_SEED", 7000)
	skipped, reduced := 0, 0
	for i := int64(0); i < n; i++ {
		objects := (seed+i)%2 == 1
		cfg := randspec.Config{Symmetric: true, Stmts: 3}
		if objects {
			cfg = randspec.Config{Symmetric: true, Stmts: 1, Objects: true}
		}
		src := randspec.Generate(seed+i, cfg)
		res, err := compile.Compile("random.mc", []byte(src), compile.Options{})
		require.NoError(t, err, src)
		require.NotNil(t, res.Program.Symmetry(), "the symmetric type is not reduced: %s\n%s",
			res.Program.SymmetryOff(), src)
		require.Equal(t, objects, slices.Contains(res.Program.Symmetry().Groups(), "objects of nodes[3]"), src)
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

// The object permutations of TestRandomPoolSymmetry's odd seeds are not
// vacuous: against the same spec with its pool named by number (which
// keeps the objects in place), most store fewer states. MCHECK_LONG=1 only.
func TestRandomObjectSymmetryFires(t *testing.T) {
	testlong.Skip(t)
	n := randomEnv("MCHECK_RANDOM_SPECS", 400)
	seed := randomEnv("MCHECK_RANDOM_SEED", 7000)
	fired, total := 0, 0
	var on, off int64
	for i := int64(0); i < n; i++ {
		if (seed+i)%2 == 0 {
			continue
		}
		src := randspec.Generate(seed+i, randspec.Config{Symmetric: true, Stmts: 1, Objects: true})
		o := explorer.Options{Symmetry: true, KeepGoing: true, MaxStates: randomBudget}
		a, err := explorer.Explore(compileSpec(t, src), o)
		require.NoError(t, err)
		b, err := explorer.Explore(compileSpec(t, src+"invariant numbered: head != nodes[2] || true\n"), o)
		require.NoError(t, err)
		if a.Verdict == explorer.Incomplete || b.Verdict == explorer.Incomplete {
			continue
		}
		total++
		on, off = on+a.Stats.States, off+b.Stats.States
		require.LessOrEqual(t, a.Stats.States, b.Stats.States, src)
		if a.Stats.States < b.Stats.States {
			fired++
		}
	}
	t.Logf("%d of %d specs store fewer states with the objects permuted; %d against %d states", fired, total, on, off)
	require.Greater(t, fired, total/4)
}
