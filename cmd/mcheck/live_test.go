package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The liveness flags and what check prints for them.
func TestLivenessCLI(t *testing.T) {
	code, out, stderr, _ := runCLI(t, "check", "--format", "json", "seqcount-retry")
	require.Equal(t, exitHolds, code, stderr)
	var j struct {
		Verdict  string
		Liveness struct{ Properties, Renamed int }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &j))
	assert.Equal(t, "holds", j.Verdict)
	assert.Equal(t, 1, j.Liveness.Properties, "fault_completes[fault[0]] searched")
	assert.Equal(t, 1, j.Liveness.Renamed, "fault_completes[fault[1]] is its renaming")

	code, out, _, _ = runCLI(t, "check", "-q", "seqcount-retry-livelock")
	assert.Equal(t, exitViolation, code)
	assert.Contains(t, out, "violation: liveness fault_completes[fault]: a cycle of")
	code, _, _, _ = runCLI(t, "check", "-q", "--liveness", "off", "seqcount-retry-livelock")
	assert.Equal(t, exitHolds, code, "--liveness off asks safety only")

	spec := writeSpec(t, "loop.mc", "var x: 0..1\nprocess spin { while true { x = 1 - x } }\n")
	code, _, _, _ = runCLI(t, "check", "-q", spec)
	assert.Equal(t, exitHolds, code, "no property: nothing owed")
	code, out, _, _ = runCLI(t, "check", "-q", "--starvation", spec)
	assert.Equal(t, exitViolation, code)
	assert.Contains(t, out, "violation: starvation")

	code, out, _, _ = runCLI(t, "check", "-q", "--max-states", "130", "lock-held")
	assert.Equal(t, exitIncomplete, code)
	assert.Contains(t, out, "safety holds over 124 states, but the liveness search of fault_completes[fault[0]] stopped")

	for _, bad := range [][]string{{"--fairness", "sometimes"}, {"--liveness", "maybe"}} {
		code, _, _, _ = runCLI(t, append(append([]string{"check"}, bad...), "lock-held")...)
		assert.Equal(t, exitUsage, code, "%v", bad)
	}
}

// A lasso in JSON version 2 names its loop start; replay checks it, and a
// version 1 file of the same lasso (no loop_start) still replays.
func TestLassoTraceVersion2(t *testing.T) {
	name := "seqcount-retry-livelock"
	_, tr := traceOf(t, name)
	require.Equal(t, 2, tr.Version)
	require.Positive(t, tr.Cycle, "a lasso")
	assert.Equal(t, len(tr.Trace)-tr.Cycle+1, tr.LoopStart)
	code, _, stderr, _ := runCLI(t, "replay", name, writeTrace(t, tr))
	assert.Equal(t, exitViolation, code, stderr)

	v1 := *tr
	v1.Version, v1.LoopStart = 1, 0
	code, _, stderr, _ = runCLI(t, "replay", name, writeTrace(t, &v1))
	assert.Equal(t, exitViolation, code, "version 1 still replays: %s", stderr)

	bad := *tr
	bad.LoopStart--
	assert.Contains(t, errText(t, name, writeTrace(t, &bad)), "loop_start")
	noCycle := *tr
	noCycle.Cycle = 0
	assert.Contains(t, errText(t, name, writeTrace(t, &noCycle)), "loop_start", "loop_start without a cycle")
}
