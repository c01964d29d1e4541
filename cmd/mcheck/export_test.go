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

	err = run(&out, &errb, []string{"export", "--promela", "stackrot"})
	require.Error(t, err, "pools are not exported")
	assert.Equal(t, exitUsage, err.(*exitError).code)
	assert.Contains(t, err.Error(), "not supported by the Promela export")
}
