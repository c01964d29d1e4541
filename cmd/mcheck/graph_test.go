package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGraphCommand(t *testing.T) {
	code, out, stderr, _ := runCLI(t, "graph", "--set", "FAULTS=1", "drop-no-rescan")
	assert.Equal(t, exitHolds, code, stderr)
	assert.True(t, strings.HasPrefix(out, `digraph "drop-no-rescan" {`))
	assert.Contains(t, out, "color=red")

	code, out, stderr, _ = runCLI(t, "graph", "--max-states", "10", "lock-held")
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, out)
	msg := stderr + errOf(t, "graph", "--max-states", "10", "lock-held")
	assert.Contains(t, msg, "more than 10 states")
	assert.Contains(t, msg, "without partial-order reduction", "the refusal says why check needs fewer")
	assert.Contains(t, msg, "raise --max-states (at most 5000)")

	code, _, _, _ = runCLI(t, "graph", "--max-states", "100000", "lock-held")
	assert.Equal(t, exitUsage, code)
}

// graph merges symmetric states as check does (issue 9: it refused
// drop-no-rescan, which check explores in 88 states). The number of states
// drawn is the plain search's count over the whole graph, with symmetry on
// and off (lock-held holds, so check explores all of it), and the
// counterexample of drop-no-rescan is a red path of its 11 steps.
func TestGraphSymmetry(t *testing.T) {
	for _, sym := range []string{"on", "off"} {
		code, out, _, _ := runCLI(t, "check", "-q", "--por", "off", "--symmetry", sym, "lock-held")
		require.Equal(t, exitHolds, code)
		want := regexpInt(t, `holds over (\d+) states`, out)
		code, out, stderr, _ := runCLI(t, "graph", "--symmetry", sym, "lock-held")
		require.Equal(t, exitHolds, code, stderr)
		assert.Equal(t, want, countNodes(out), "--symmetry %s", sym)
	}
	assert.Equal(t, 124, countNodes(graphOut(t, "lock-held")))

	out := graphOut(t, "--max-states", "1000", "drop-no-rescan") // 887 states since queued readers are states
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
	assert.Equal(t, 11, redEdges, "the 11 steps of the shortest counterexample")
	assert.Equal(t, 12, redNodes)
	assert.Contains(t, out, `xlabel="invariant no_stale_mapping"`)
}

func graphOut(t *testing.T, args ...string) string {
	t.Helper()
	code, out, stderr, _ := runCLI(t, append([]string{"graph"}, args...)...)
	require.Equal(t, exitHolds, code, stderr)
	return out
}

// countNodes counts the state nodes of a DOT graph (violation nodes aside).
func countNodes(dot string) int {
	n := 0
	for _, line := range strings.Split(dot, "\n") {
		if strings.HasPrefix(line, "  s") && !strings.Contains(line, " -> ") {
			n++
		}
	}
	return n
}

func regexpInt(t *testing.T, re, s string) int {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	require.NotNil(t, m, "%q in %q", re, s)
	n, err := strconv.Atoi(m[1])
	require.NoError(t, err)
	return n
}

func errOf(t *testing.T, args ...string) string {
	_, _, _, err := runCLI(t, args...)
	if err == nil {
		return ""
	}
	return err.Error()
}
