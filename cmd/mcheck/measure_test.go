package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const measureExample = "../../specs/testdata/examples/measure.mc"

// The example's hand counts (its header): retries 0..2, seq 0..2, on the
// summary line, in JSON with a trace to the maximum whose last step makes
// the second retry, and as lanes with --measure-trace.
func TestMeasureOutputs(t *testing.T) {
	code, out, _, _ := runCLI(t, "check", "-q", measureExample)
	require.Equal(t, exitHolds, code)
	assert.Contains(t, out, "; measures: retries max 2 min 0, seq_seen max 2 min 0)")

	code, out, _, _ = runCLI(t, "check", "--format", "json", "--por", "off", measureExample)
	require.Equal(t, exitHolds, code)
	var doc struct {
		Measures []struct {
			Name     string
			Max, Min int64
			Complete bool
			Trace    []struct {
				Process   string
				Statement string
				Changes   []struct{ Var, Value string }
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Len(t, doc.Measures, 2)
	m := doc.Measures[0]
	assert.Equal(t, "retries", m.Name)
	assert.EqualValues(t, 2, m.Max)
	assert.True(t, m.Complete)
	// shortest: sample, bump, check, count; sample, bump, check, count
	require.Len(t, m.Trace, 8)
	last := m.Trace[len(m.Trace)-1]
	assert.Equal(t, "reader", last.Process)
	assert.Equal(t, "reader.retries", last.Changes[0].Var)
	assert.Equal(t, "2", last.Changes[0].Value)

	code, out, _, _ = runCLI(t, "check", "--measure-trace", "seq_seen", measureExample)
	require.Equal(t, exitHolds, code)
	assert.Contains(t, out, "Trace to a state where measure seq_seen = 2: 2 steps.")
	assert.Equal(t, 2, strings.Count(out, "seq = seq + 1"))

	code, _, stderr, _ := runCLI(t, "check", "--measure-trace", "nope", measureExample)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "no measure nope")

	// naming an instance's local turns symmetry off, and the summary says why
	named := writeSpec(t, "named.mc", "var x: 0..3\nprocess p[2] {\n    var t: 0..1\n    t = 1\n    x = x + 1\n}\nmeasure first: p[0].t\n")
	code, out, _, _ = runCLI(t, "check", "-q", named)
	assert.Equal(t, exitHolds, code)
	assert.Contains(t, out, "no symmetry: a measure names p's instances")
	assert.Contains(t, out, "measures: first max 1 min 0")

	// a violation cuts the search short: the figures say so
	bad := writeSpec(t, "cut.mc", "var x: 0..3\nprocess p {\n    x = 1\n    x = 2\n    x = 3\n}\ninvariant small: x < 2\nmeasure xs: x\n")
	code, out, _, _ = runCLI(t, "check", "-q", bad)
	assert.Equal(t, exitViolation, code)
	assert.Contains(t, out, "measures: xs max 2 min 0 (over the states explored only)")
}
