package compile_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/model"
)

// nodeGraph prints every process type's nodes without their positions
// (nor the source text of atomic blocks, which shows an if const as written).
func nodeGraph(p *model.Program) string {
	var b strings.Builder
	for _, t := range p.Types {
		fmt.Fprintf(&b, "process %s[%d]\n", t.Name, t.Count)
		for i, nd := range t.Nodes {
			if strings.HasPrefix(nd.Text, "atomic") { // the source, if const and all
				nd.Text = "..."
			}
			fmt.Fprintf(&b, "%d: kind %d boundary %v next %d else %d targets %v op %v text %q\n",
				i, nd.Kind, nd.Boundary, nd.Next, nd.Else, nd.Targets, nd.Op, nd.Text)
		}
	}
	fmt.Fprintf(&b, "slots %d\n", len(p.Slots))
	return b.String()
}

// TestIfConstIsHandExpansion proves that `if const` costs no step: each
// spec compiles to the node graph of the same spec with the chosen branch
// written out by hand, and explores to the same states and transitions.
func TestIfConstIsHandExpansion(t *testing.T) {
	example, err := os.ReadFile("../testdata/examples/if-const.mc")
	require.NoError(t, err)
	const racy = `
var count: 0..2
mutex lock
process inc[2] {
    var tmp: 0..2
    %s
    tmp = count
    count = tmp + 1
    %s
}
invariant no_lost_update: finished(inc[0]) && finished(inc[1]) => count == 2
`
	cases := []struct {
		name, src string
		set       map[string]int64
		hand      string
	}{
		{"example buggy", string(example), nil, fmt.Sprintf(racy, "", "")},
		{"example fixed", string(example), map[string]int64{"FIXED": 1},
			fmt.Sprintf(racy, "mutex_lock(lock)", "mutex_unlock(lock)")},
		{"first in atomic", `const F = 1
var x: 0..1
mutex m
process p[2] { atomic { if const F == 1 { mutex_lock(m) } else { skip }; x = 1 }; mutex_unlock(m) }`, nil, `
var x: 0..1
mutex m
process p[2] { atomic { mutex_lock(m); x = 1 }; mutex_unlock(m) }`},
		{"dropped before the first in atomic", `const F = 0
var x: 0..1
mutex m
process p[2] { atomic { if const F == 1 { skip }; mutex_lock(m); x = 1 }; mutex_unlock(m) }`, nil, `
var x: 0..1
mutex m
process p[2] { atomic { mutex_lock(m); x = 1 }; mutex_unlock(m) }`},
		{"labels and inline", `const RETRY = 1
var x: 0..3
inline bump() { if const RETRY > 0 { again: x++; if x < 2 { goto again } } else { x = 3 } }
process p { bump() }`, nil, `
var x: 0..3
inline bump() { again: x++; if x < 2 { goto again } }
process p { bump() }`},
		{"false without else", `const N = 2
var x: 0..1
process p[N] { x = 1; if const N == 1 && true { x = 0 } }`, nil, `
var x: 0..1
process p[2] { x = 1 }`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, hand := mustCompile(t, c.src, c.set).Program, mustCompile(t, c.hand, nil).Program
			require.Equal(t, nodeGraph(hand), nodeGraph(got))
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
