package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExportPromela(t *testing.T) {
	var out, errb bytes.Buffer
	require.NoError(t, run(&out, &errb, []string{"export", "--promela", "--set", "FAULTS=3", "lock-held"}))
	assert.Contains(t, out.String(), "Constants: FAULTS=3 REMAPS=1.")
	assert.Contains(t, out.String(), "active [3] proctype fault()")
	assert.Contains(t, out.String(), "end_mc:\tfalse")

	out.Reset()
	err := run(&out, &errb, []string{"export", "lock-held"})
	require.Error(t, err)
	assert.Equal(t, exitUsage, err.(*exitError).code, "no format chosen")

	out.Reset()
	require.NoError(t, run(&out, &errb, []string{"export", "--promela", "stackrot"}))
	assert.Contains(t, out.String(), "maple_node_0_state", "pools are exported")

	err = run(&out, &errb, []string{"export", "--promela", "no-such-spec"})
	require.Error(t, err)
	assert.Equal(t, exitUsage, err.(*exitError).code)
}

func TestExportPromelaLiveness(t *testing.T) {
	var out, errb bytes.Buffer
	require.NoError(t, run(&out, &errb, []string{"export", "--promela", "--liveness", "fault_completes[fault]", "seqcount-retry-livelock"}))
	assert.Contains(t, out.String(), "never mc_live0 {")
	assert.Contains(t, out.String(), "accept_init:")

	out.Reset()
	err := run(&out, &errb, []string{"export", "--promela", "--liveness", "nope", "seqcount-retry-livelock"})
	require.Error(t, err)
	assert.Equal(t, exitUsage, err.(*exitError).code)
	assert.Contains(t, err.Error(), "no liveness property nope (have: fault_completes[fault])")
}
