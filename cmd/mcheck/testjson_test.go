package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type testJSON struct {
	Rows []struct {
		Spec, Setting, Expected, Got string
		OK                           bool
		States, Transitions          int64
	}
	Passed, Failed int
}

func TestTestJSON(t *testing.T) {
	code, out, _, _ := runCLI(t, "test", "--format", "json", "--por", "off", "--symmetry", "off", "lock-held")
	require.Equal(t, exitHolds, code)
	var res testJSON
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Len(t, res.Rows, 3, "lock-held has three expect: lines")
	assert.Equal(t, 3, res.Passed)
	assert.Equal(t, 0, res.Failed)
	first := res.Rows[0]
	assert.Equal(t, "lock-held", first.Spec)
	assert.Equal(t, "-", first.Setting)
	assert.True(t, first.OK)
	// The plain search of lock-held at its defaults (the list golden's figures).
	assert.Equal(t, "holds", first.Got)
	assert.Greater(t, first.Transitions, first.States)

	path := writeSpec(t, "wrong.mc", "var x: bool\nprocess p { x = true }\n// expect: deadlock\n")
	code, out, _, _ = runCLI(t, "test", "--format", "json", path)
	assert.Equal(t, exitViolation, code)
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Len(t, res.Rows, 1)
	assert.False(t, res.Rows[0].OK)
	assert.Equal(t, "holds", res.Rows[0].Got)
	assert.Equal(t, 1, res.Failed)
}
