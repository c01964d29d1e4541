package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A budget that runs out makes mcheck test exit 3, not 1: an incomplete run
// neither passed nor failed (issue 9). Over the whole catalogue with 10
// states only the two tiny deadlocks reach their verdict.
func TestTestBudgetIsIncomplete(t *testing.T) {
	code, out, _, _ := runCLI(t, "test", "--max-states", "10")
	assert.Equal(t, exitIncomplete, code, out)
	assert.Regexp(t, `\n\d+ passed, 0 failed, [1-9]\d* incomplete`, out)
	assert.NotContains(t, out, "FAIL")
	assert.Contains(t, out, "INCOMPLETE")

	code, out, _, _ = runCLI(t, "test", "--format", "json", "--max-states", "10", "lock-held")
	assert.Equal(t, exitIncomplete, code, out)
	var res struct {
		Rows []struct {
			Got, Reason string
			OK          bool
		}
		Passed, Failed, Incomplete int
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.Equal(t, 3, res.Incomplete)
	assert.Equal(t, 0, res.Failed)
	assert.Equal(t, "incomplete", res.Rows[0].Got)
	assert.Contains(t, res.Rows[0].Reason, "max-states 10")
}

// A verdict that differs from its expect: line outranks an incomplete run
// (1 over 3), and a broken spec outranks both (2).
func TestTestExitPrecedence(t *testing.T) {
	wrong := writeSpec(t, "wrong.mc", "var x: bool\nprocess p { x = true }\n// expect: deadlock\n")
	code, out, _, _ := runCLI(t, "test", "--max-states", "10", "lock-held", wrong)
	assert.Equal(t, exitViolation, code, out)
	assert.Contains(t, out, "\n0 passed, 1 failed, 3 incomplete")

	broken := writeSpec(t, "broken.mc", "process p { y = 1 }\n// expect: holds\n")
	code, out, _, _ = runCLI(t, "test", "--max-states", "10", "lock-held", wrong, broken)
	assert.Equal(t, exitUsage, code, out)
}

// mcheck test DIR runs the specs in DIR's subdirectories too (hidden ones
// skipped), and names each in the table.
func TestTestDirRecurses(t *testing.T) {
	dir := t.TempDir()
	ok := "mutex m\nprocess p[2] { mutex_lock(m); mutex_unlock(m) }\n// expect: holds\n"
	for _, f := range []string{"top.mc", "sub/inner.mc", "sub/deeper/deepest.mc", ".hidden/skipped.mc"} {
		path := filepath.Join(dir, f)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(ok), 0o644))
	}
	code, out, _, _ := runCLI(t, "test", dir)
	assert.Equal(t, exitHolds, code, out)
	assert.Contains(t, out, "\n3 passed, 0 failed\n")
	for _, name := range []string{"top", "inner", "deepest"} {
		assert.Regexp(t, "(?m)^"+name+" ", out)
	}
	assert.NotContains(t, out, "skipped")

	empty := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(empty, "sub"), 0o755))
	code, _, _, err := runCLI(t, "test", empty)
	assert.Equal(t, exitUsage, code)
	assert.ErrorContains(t, err, "no .mc files")
}
