package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --minimize preemptions on a spec too big for its unreduced search honours
// --timeout, falls back to the reordered trace and says so, and exits 1 as
// the plain run does (issue 9: it printed nothing, ran past the timeout and
// exited 2).
func TestMinimizeFallsBackOnBudget(t *testing.T) {
	big := []string{"--minimize", "preemptions", "--timeout", "1s", "--set", "FAULTS=9", "gup-inversion"}
	start := time.Now()
	code, out, stderr, _ := runCLI(t, append([]string{"check"}, big...)...)
	require.Equal(t, exitViolation, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
	assert.Less(t, time.Since(start), 15*time.Second, "--timeout 1s was not honoured")
	text := strings.Join(strings.Fields(out), " ")
	assert.Contains(t, text, "gup-inversion [FAULTS=9 REMAPS=1]: violation: deadlock after 7 steps")
	assert.Contains(t, text, "--minimize preemptions gave up at bound 0 (the time budget (--timeout) ran out, after ")
	assert.Contains(t, text, "Showing the search's trace reordered for fewest preemptions instead")
	assert.Contains(t, text, "Deadlock: a wait-for cycle: fault[0] at call site 83, in inline fs_fault line 66") // the trace and its end are shown

	code, out, stderr, _ = runCLI(t, append([]string{"check", "--format", "json"}, big...)...)
	require.Equal(t, exitViolation, code, stderr)
	var doc struct {
		Verdict, Kind string
		Schedule      struct{ Order string }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	assert.Equal(t, "violation", doc.Verdict)
	assert.Equal(t, "deadlock", doc.Kind)
	assert.Equal(t, "reordered", doc.Schedule.Order)
	assert.Contains(t, stderr, "--minimize preemptions gave up", "JSON has no note: stderr says it")
}
