package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGraphCommand(t *testing.T) {
	code, out, stderr, _ := runCLI(t, "graph", "--set", "FAULTS=1", "drop-no-rescan")
	assert.Equal(t, exitHolds, code, stderr)
	assert.True(t, strings.HasPrefix(out, `digraph "drop-no-rescan" {`))
	assert.Contains(t, out, "color=red")

	code, out, stderr, _ = runCLI(t, "graph", "--max-states", "10", "lock-held")
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, out)
	assert.Contains(t, stderr+errOf(t, "graph", "--max-states", "10", "lock-held"), "more than 10 states")

	code, _, _, _ = runCLI(t, "graph", "--max-states", "100000", "lock-held")
	assert.Equal(t, exitUsage, code)
}

func errOf(t *testing.T, args ...string) string {
	_, _, _, err := runCLI(t, args...)
	if err == nil {
		return ""
	}
	return err.Error()
}
