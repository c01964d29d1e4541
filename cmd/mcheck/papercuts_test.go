package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// --symmetry on says on the summary line why it reduced nothing when a
// process type has several instances (issue 9: it did nothing silently).
func TestSymmetrySaysWhyNot(t *testing.T) {
	pool := writeSpec(t, "pool.mc", `struct node_t { val: 0..3 }
pool nodes[2]: node_t
process p[2] {
    var a: ref nodes
    a = alloc(nodes)
    a->val = 1
    free(a)
}
`)
	self := writeSpec(t, "self.mc", "var x: 0..3\nprocess p[2] { x = self }\n")
	single := writeSpec(t, "single.mc", "var x: 0..3\nprocess p { x = 1 }\nprocess q { x = 2 }\n")
	for _, c := range []struct{ spec, want string }{
		{pool, "(bfs, por on, no symmetry: it does not handle the pool nodes yet, "},
		{self, "(bfs, por on, no symmetry: p reads self, "},
		{"lock-held", "(bfs, por on, symmetry fault[2], "},
	} {
		code, out, stderr, _ := runCLI(t, "check", "-q", c.spec)
		assert.Equal(t, exitHolds, code, stderr)
		assert.Contains(t, out, c.want)
	}
	// Nothing to be symmetric, or symmetry off: nothing said.
	for _, args := range [][]string{{single}, {"--symmetry", "off", self}} {
		_, out, _, _ := runCLI(t, append([]string{"check", "-q"}, args...)...)
		assert.NotContains(t, out, "symmetry")
	}
}
