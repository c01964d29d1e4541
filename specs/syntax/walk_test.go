package syntax

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInspectVisitsEveryExpression(t *testing.T) {
	f, errs := Parse("t.mc", []byte(`
const N = 2
var x: 0..3 = 1
process p[N] {
    var v: bool = true
    if x == 1 { x = f(1) } else { either { await !v } or { assert g(x[2]) } }
    while x < 3 { L: atomic { x++ } }
}
invariant i: p[0]@L => x != 0
`))
	require.Empty(t, errs)
	var calls, names []string
	Inspect(f, func(n any) bool {
		switch n := n.(type) {
		case *CallExpr:
			calls = append(calls, n.Func)
		case *Name:
			names = append(names, n.Name)
		}
		return true
	})
	assert.Equal(t, []string{"f", "g"}, calls)
	assert.Equal(t, []string{"N", "x", "x", "v", "x", "x", "x", "p", "x"}, names)

	// Returning false prunes: no name below the process declaration.
	names = nil
	Inspect(f, func(n any) bool {
		if nm, ok := n.(*Name); ok {
			names = append(names, nm.Name)
		}
		_, proc := n.(*ProcessDecl)
		return !proc
	})
	assert.Equal(t, []string{"p", "x"}, names)
}
