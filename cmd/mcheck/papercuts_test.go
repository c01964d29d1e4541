package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	numbered := writeSpec(t, "numbered.mc", "struct node_t { val: 0..3 }\npool nodes[2]: node_t\n"+
		"process p[2] { var a: ref nodes\n    a = alloc(nodes)\n    assert a != nodes[1] || true }\n")
	for _, c := range []struct{ spec, want string }{
		{pool, "(bfs, por on, symmetry p[2] objects of nodes[2], "}, // pools were once a reason (issue 13)
		{numbered, "(bfs, por on, symmetry p[2], objects not permuted: nodes is named by number at 5:17, "},
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

// The verdict line says a count once and in the right number, and a
// violation whose property is its kind's own word says the word once
// (issue 9: "range range", "atomic atomic", "1 states", the state count
// twice on a holds line).
func TestVerdictLineWording(t *testing.T) {
	rng := writeSpec(t, "range.mc", "var x: 0..1\nprocess p { x = x + 2 }\n")
	code, out, _, _ := runCLI(t, "check", "--width", "200", rng)
	assert.Equal(t, exitViolation, code)
	assert.Contains(t, out, "range: violation: range after 1 step (bfs, por on, 1 state, 1 transition, depth 1, ")
	assert.Contains(t, out, "Violation (range) in p at line 2: x = 2 is outside its range 0..1")
	assert.Contains(t, out, "Trace: 1 step, 0 context switches, 0 preemptions.")
	assert.Contains(t, out, "!! range\n")
	assert.Contains(t, out, "Violated: range in p at line 2:")
	assert.NotContains(t, out, "range range")
	assert.NotContains(t, out, "range: range")

	loop := writeSpec(t, "loop.mc", "var x: 0..1\nprocess p { atomic { while true { x = 1 - x } } }\n")
	_, out, _, _ = runCLI(t, "check", "-q", loop)
	assert.Contains(t, out, "loop: violation: atomic after 1 step (")
	_, out, _, _ = runCLI(t, "check", "--format", "mermaid", loop)
	assert.NotContains(t, out, "atomic atomic")
	assert.NotContains(t, out, "atomic: atomic")

	one := writeSpec(t, "one.mc", "var x: bool\nprocess p { x = true }\n")
	_, out, _, _ = runCLI(t, "check", "-q", one)
	assert.Regexp(t, `^one: holds: every property holds over 2 states \(bfs, por on, 1 transition, depth 1, \d+\.\d\ds\)\n$`, out)

	code, out, _, _ = runCLI(t, "test", writeSpec(t, "r.mc", "var x: 0..1\nprocess p { x = x + 2 }\n// expect: violation range\n"))
	assert.Equal(t, exitHolds, code, out)
	assert.Regexp(t, `(?m)^r +- +violation range +violation range +1 `, out)
}

// Every command answers --help and -h with its usage, exit 0 (issue 9:
// list and show failed).
func TestEveryCommandHelp(t *testing.T) {
	for _, cmd := range []string{"check", "test", "replay", "graph", "export", "list", "show"} {
		for _, flag := range []string{"--help", "-h"} {
			code, _, stderr, err := runCLI(t, cmd, flag)
			assert.Equal(t, exitHolds, code, "mcheck %s %s: %v", cmd, flag, err)
			assert.Contains(t, stderr, "Usage: mcheck "+cmd, "mcheck %s %s", cmd, flag)
		}
	}
}

// check --format json prints JSON Lines: one object per spec, each on its
// own line (issue 9: several specs printed concatenated indented objects).
func TestCheckJSONLines(t *testing.T) {
	specs := []string{"lock-held", "drop-no-rescan", "lock-held-inversion"}
	code, out, stderr, _ := runCLI(t, append([]string{"check", "--format", "json"}, specs...)...)
	assert.Equal(t, exitViolation, code, stderr)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, len(specs))
	for i, line := range lines {
		var doc struct{ Spec, Verdict string }
		require.NoError(t, json.Unmarshal([]byte(line), &doc), "line %d", i+1)
		assert.Equal(t, specs[i], doc.Spec)
	}
}

// --compare-por supports --format json (one line per spec) and refuses the
// trace flags it cannot honour (issue 9: it ignored them silently).
func TestComparePORFormats(t *testing.T) {
	// FAULTS=6: lock-held has 5,720 states (symmetry on), past the 4,096 that a BFS
	// searches unreduced (explorer/porprefix.go), so POR stores fewer.
	code, out, stderr, _ := runCLI(t, "check", "--compare-por", "--format", "json", "--set", "FAULTS=6", "lock-held", "drop-no-rescan")
	assert.Equal(t, exitViolation, code, stderr)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 2)
	var cmp porCompare
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &cmp))
	assert.Equal(t, "lock-held", cmp.Spec)
	assert.Equal(t, "holds", cmp.Off.Verdict)
	assert.Equal(t, "holds", cmp.On.Verdict)
	assert.True(t, cmp.Agree)
	// The plain search stores more states than the reduced one, and the
	// factor is their ratio.
	assert.Greater(t, cmp.Off.States, cmp.On.States)
	require.NotNil(t, cmp.Factor)
	assert.InDelta(t, float64(cmp.Off.States)/float64(cmp.On.States), cmp.Factor.States, 1e-9)
	require.NoError(t, json.Unmarshal([]byte(lines[1]), &cmp))
	assert.Equal(t, "no_stale_mapping", cmp.On.Property)

	for _, args := range [][]string{
		{"--html", "x.html"}, {"--trace-out", "x.json"}, {"--format", "mermaid"}, {"--minimize", "preemptions"}, {"-q"},
		{"--measure-trace", "retries"}, {"--levels", "x.svg"},
	} {
		code, out, _, err := runCLI(t, append(append([]string{"check", "--compare-por"}, args...), "lock-held")...)
		assert.Equal(t, exitUsage, code, "%v", args)
		assert.ErrorContains(t, err, "--compare-por prints figures, not a trace", "%v", args)
		assert.Empty(t, out)
	}
}
