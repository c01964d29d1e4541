package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/model"
)

// A violation met while evaluating a condition (if, while, await, assert)
// or inside an atomic block carries the line of the statement that
// committed it, like any other step violation.
func TestViolationInConditionHasItsLine(t *testing.T) {
	const head = `struct node_t { val: 0..3 }
pool nodes[2]: node_t = [{ val: 1 }]
var n: ref nodes = nodes[0]
var v: 0..3
process p {
    free(n)
`
	for _, tc := range []struct{ name, stmt string }{
		{"if", "if n->val == 1 { skip }"},
		{"if-else", "if v == 1 { skip } else if n->val == 1 { skip }"},
		{"while", "while n->val == 1 { skip }"},
		{"await", "await n->val == 1"},
		{"assert", "assert n->val == 1"},
		{"atomic", "atomic { v = 1;\n    if n->val == 1 { skip } }"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDriver(t, head+"    "+tc.stmt+"\n}\n")
			d.step("p")
			want := 7
			if tc.name == "atomic" {
				want = 8 // the statement inside the block that failed
			}
			if tc.name == "if-else" {
				d.step("p") // if v == 1
			}
			v := d.violation("p", model.KindUseAfterFree, "nodes[0]")
			require.Equal(t, want, v.Pos.Line, v.Msg)
		})
	}
}

// A violation met evaluating an invariant is placed at the invariant.
func TestViolationInInvariantHasItsLine(t *testing.T) {
	p := compileSpec(t, `struct node_t { val: 0..3 }
pool nodes[2]: node_t = [{ val: 1 }]
var n: ref nodes = nodes[0]
process p { free(n) }
invariant positive: n->val > 0
`)
	m := p.NewMachine()
	var after []uint64
	m.Successors(p.Initial(), func(_ model.Trans, next []uint64, _ *model.Violation) {
		after = append([]uint64(nil), next...)
	})
	v := m.CheckInvariants(after)
	require.NotNil(t, v)
	require.Equal(t, model.KindUseAfterFree, v.Kind, v.Msg)
	require.Equal(t, 5, v.Pos.Line, v.Msg)
}
