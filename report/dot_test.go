package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/specs/compile"
)

// Two processes of two independent steps: 3 x 3 = 9 states and 12 steps,
// counted by hand; no violation, so nothing is red.
func TestGraphHandCount(t *testing.T) {
	src := `
var x: 0..2
var y: 0..2
process a { x = 1; x = 2 }
process b { y = 1; y = 2 }
`
	cr, err := compile.Compile("two.mc", []byte(src), compile.Options{})
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, Graph(&b, cr.Program, nil, GraphOptions{}))
	out := b.String()
	nodes := 0
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "  s") && !strings.Contains(line, " -> ") {
			nodes++
		}
	}
	assert.Equal(t, 9, nodes)
	assert.Equal(t, 12, strings.Count(out, " -> "), "edges")
	assert.NotContains(t, out, "red")
	assert.Contains(t, out, "a:done b:done\\nx = 2\\ny = 2")

	err = Graph(&b, cr.Program, nil, GraphOptions{Limit: 8})
	var big *GraphTooBig
	require.ErrorAs(t, err, &big)
	assert.Equal(t, 8, big.Limit)
}

// drop-no-rescan with one fault: the BFS counterexample is drawn as a red
// path from the initial state, one red edge per step, into a red state.
func TestGraphCounterexamplePath(t *testing.T) {
	src, name := sourceOf(t, "drop-no-rescan")
	cr, err := compile.Compile(name, src, compile.Options{Set: map[string]int64{"FAULTS": 1}})
	require.NoError(t, err)
	r, err := explorer.Explore(cr.Program, explorer.Options{})
	require.NoError(t, err)
	require.Equal(t, explorer.Violated, r.Verdict)
	var b bytes.Buffer
	require.NoError(t, Graph(&b, cr.Program, r, GraphOptions{}))
	out := b.String()
	redEdges, redNodes := 0, 0
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "color=red") {
			if strings.Contains(line, " -> ") {
				redEdges++
			} else {
				redNodes++
			}
		}
	}
	assert.Equal(t, len(r.Trace), redEdges)
	assert.Equal(t, len(r.Trace)+1, redNodes)
	assert.Contains(t, out, `xlabel="invariant no_stale_mapping"`)
}
