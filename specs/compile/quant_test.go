package compile_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
)

const quantSpec = `
const N = 3
var inside: 0..3
mutex m
process w[N] {
    mutex_lock(m)
    inside++
cs: inside--
    mutex_unlock(m)
}
invariant alone: %s
`

// TestQuantifiedInvariant: forall/exists expand to the conjunction or
// disjunction written out by hand (same verdict and graph without
// symmetry), and an invariant naming the instances only through a
// quantifier over all of them keeps symmetry reduction on; one that uses
// the bound variable otherwise turns it off.
func TestQuantifiedInvariant(t *testing.T) {
	cases := []struct {
		quant, hand string
		symmetric   bool
	}{
		{"forall i in w: w[i]@cs => inside == 1",
			"(w[0]@cs => inside == 1) && (w[1]@cs => inside == 1) && (w[2]@cs => inside == 1)", true},
		{"inside == 1 => exists i in w: w[i]@cs",
			"inside == 1 => w[0]@cs || w[1]@cs || w[2]@cs", true},
		{"forall i in w: forall j in w: !(w[i]@cs && w[j]@cs) || inside == 1",
			"inside == 1 || !(w[0]@cs || w[1]@cs || w[2]@cs)", true},
		{"forall i in w: i == 0 || !w[i]@cs || inside == 1",
			"!w[1]@cs && !w[2]@cs || inside == 1", false},
		{"forall i in w: !w[i]@cs", "!w[0]@cs && !w[1]@cs && !w[2]@cs", true}, // violated
	}
	for _, c := range cases {
		t.Run(c.quant, func(t *testing.T) {
			q := mustCompile(t, fmt.Sprintf(quantSpec, c.quant), nil).Program
			h := mustCompile(t, fmt.Sprintf(quantSpec, c.hand), nil).Program
			assert.Equal(t, c.symmetric, len(q.Invariant[0].Symmetric) == 1)
			plainQ, err := explorer.Explore(q, explorer.Options{})
			require.NoError(t, err)
			plainH, err := explorer.Explore(h, explorer.Options{})
			require.NoError(t, err)
			assert.Equal(t, plainH.Verdict, plainQ.Verdict)
			assert.Equal(t, plainH.Stats.States, plainQ.Stats.States)
			sym, err := explorer.Explore(q, explorer.Options{Symmetry: true})
			require.NoError(t, err)
			assert.Equal(t, plainQ.Verdict, sym.Verdict)
			if c.symmetric {
				assert.Equal(t, []string{"w[3]"}, sym.Stats.Symmetry)
				if sym.Verdict == explorer.Holds {
					assert.Less(t, sym.Stats.States, plainQ.Stats.States)
				}
			} else {
				assert.Empty(t, sym.Stats.Symmetry)
			}
		})
	}
}

// TestQuantifierOneInstance: PROC[I] under a quantifier works when PROC
// has one instance.
func TestQuantifierOneInstance(t *testing.T) {
	p := mustCompile(t, fmt.Sprintf(quantSpec, "forall i in w: w[i]@cs => inside == 1"), map[string]int64{"N": 1}).Program
	r, err := explorer.Explore(p, explorer.Options{})
	require.NoError(t, err)
	assert.Equal(t, explorer.Holds, r.Verdict)
}
