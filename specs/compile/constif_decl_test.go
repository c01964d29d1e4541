package compile_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
)

// TestIfConstDeclIsHandExpansion: a top-level `if const` around declarations
// compiles to the spec with the chosen declarations written in its place:
// the same node graph, slots, invariants and constants, and the same
// verdict, states and transitions with and without POR.
func TestIfConstDeclIsHandExpansion(t *testing.T) {
	example, err := os.ReadFile("../testdata/examples/if-const-decls.mc")
	require.NoError(t, err)
	const tail = `
process inc[2] {
    add()
}
invariant no_lost_update: finished(inc[0]) && finished(inc[1]) => count == 2
`
	cases := []struct {
		name, src string
		set       map[string]int64
		hand      string
	}{
		{"example buggy", string(example), nil, `
const FIXED = 0
var count: 0..2
inline add() {
    var tmp: 0..2
    tmp = count
    count = tmp + 1
}` + tail},
		{"example fixed", string(example), map[string]int64{"FIXED": 1}, `
const FIXED = 1
var count: 0..2
mutex lock
inline add() {
    var tmp: 0..2
    mutex_lock(lock)
    tmp = count
    count = tmp + 1
    mutex_unlock(lock)
}
invariant unlocked_at_end: finished(inc[0]) && finished(inc[1]) => !mutex_is_locked(lock)` + tail},
		{"else-if chain, nested, constants inside", `
const MODE = 2
if const MODE == 1 {
    const K = 1
} else if const MODE == 2 {
    const K = 2
    if const MODE > 1 {
        var y: 0..3
        process q { y = K }
    }
} else {
    const K = 3
}
var x: 0..3
process p[K] { x = K }
invariant small: x <= K`, nil, `
const MODE = 2
const K = 2
var y: 0..3
process q { y = K }
var x: 0..3
process p[K] { x = K }
invariant small: x <= K`},
		{"nothing chosen", `
const F = 0
var x: 0..1
if const F == 1 { process extra { x = 1 } }
process p { x = 0 }`, nil, `
const F = 0
var x: 0..1
process p { x = 0 }`},
		{"--set of a constant in a branch not taken", `
const F = 0
if const F == 1 { const N = 2 } else { const M = 1 }
var x: 0..3
process p { x = M }`, map[string]int64{"N": 3}, `
const F = 0
const M = 1
var x: 0..3
process p { x = M }`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, hand := mustCompile(t, c.src, c.set).Program, mustCompile(t, c.hand, nil).Program
			require.Equal(t, nodeGraph(hand), nodeGraph(got))
			require.Equal(t, len(hand.Invariant), len(got.Invariant))
			for i := range hand.Invariant {
				assert.Equal(t, hand.Invariant[i].Name, got.Invariant[i].Name)
			}
			assert.Equal(t, hand.Consts, got.Consts)
			for _, por := range []bool{false, true} {
				a, err := explorer.Explore(got, explorer.Options{POR: por})
				require.NoError(t, err)
				b, err := explorer.Explore(hand, explorer.Options{POR: por})
				require.NoError(t, err)
				assert.Equal(t, b.Verdict, a.Verdict)
				assert.Equal(t, b.Stats.States, a.Stats.States, "states, por %v", por)
				assert.Equal(t, b.Stats.Transitions, a.Stats.Transitions, "transitions, por %v", por)
			}
		})
	}
}
