package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/protocols"
)

// exitCode maps run's error to the process exit code, as main does.
func exitCode(err error) int {
	if err == nil {
		return exitHolds
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitUsage
}

// runCLI runs the CLI with args and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(&out, &errb, args)
	return exitCode(err), out.String(), errb.String(), err
}

// writeSpec writes a spec into a fresh temporary directory.
func writeSpec(t *testing.T, name, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	return path
}

// A state budget never ends in holds: every catalogue spec exits 3 under
// --max-states 10, unless its violation lies within the first 10 states
// (possible with reductions on the smallest specs), which is then reported
// as the violation it is (exit 1).
func TestExitIncompleteOnEveryCatalogueSpec(t *testing.T) {
	names := protocols.Names()
	require.NotEmpty(t, names)
	for _, n := range names {
		for _, search := range []string{"bfs", "dfs"} {
			for _, red := range []string{"on", "off"} {
				code, out, _, _ := runCLI(t, "check", "--search", search, "--por", red, "--symmetry", red, "--max-states", "10", n)
				if code == exitViolation {
					_, out, _, _ = runCLI(t, "check", "-q", "--search", search, "--por", red, "--symmetry", red, "--max-states", "10", n)
					assert.Regexp(t, `violation: .*\((bfs|dfs), [^,]*, (symmetry [^,]*, )?([1-9]|10) states`, out, "%s %s: a violation must be found within the budget", search, n)
					continue
				}
				assert.Equal(t, exitIncomplete, code, "%s --por/--symmetry %s %s:\n%s", search, red, n, out)
			}
		}
	}
}

func TestExitIncompleteDepth(t *testing.T) {
	code, out, _, _ := runCLI(t, "check", "--max-depth", "3", "lock-held")
	assert.Equal(t, exitIncomplete, code, out)
}

func TestExitBrokenSpec(t *testing.T) {
	path := writeSpec(t, "broken.mc", "var x: bool\nprocess p {\n    y = true\n}\n// expect: holds\n")
	code, _, stderr, _ := runCLI(t, "check", path)
	assert.Equal(t, exitUsage, code)
	// y is undefined at line 3, column 5.
	assert.Regexp(t, "^"+regexp.QuoteMeta(path)+`:3:5: \S.*\n`, stderr)
	assert.NotContains(t, stderr, "panic")

	path = writeSpec(t, "syntax.mc", "process p {\n    x = = 1\n")
	code, _, stderr, _ = runCLI(t, "check", path)
	assert.Equal(t, exitUsage, code)
	assert.Regexp(t, "^"+regexp.QuoteMeta(path)+`:2:\d+: \S`, stderr)
}

func TestExitViolation(t *testing.T) {
	path := writeSpec(t, "assert.mc", "var x: 0..1\nprocess a { x = 1 }\nprocess b { assert x == 0 }\n")
	code, out, _, _ := runCLI(t, "check", path)
	assert.Equal(t, exitViolation, code, out)

	for _, n := range []string{"drop-no-rescan", "lock-held-inversion"} {
		code, out, _, _ = runCLI(t, "check", n)
		assert.Equal(t, exitViolation, code, "%s:\n%s", n, out)
	}
}

func TestExitHolds(t *testing.T) {
	path := writeSpec(t, "ok.mc", "mutex m\nprocess p[2] { mutex_lock(m); mutex_unlock(m) }\n")
	code, out, _, err := runCLI(t, "check", path)
	assert.Equal(t, exitHolds, code, out)
	assert.NoError(t, err)

	code, out, _, _ = runCLI(t, "check", "--search", "dfs", "lock-held")
	assert.Equal(t, exitHolds, code, out)
}

// A violation outranks an incomplete run, and a spec error outranks both.
func TestExitWorstOfSeveralSpecs(t *testing.T) {
	broken := writeSpec(t, "broken.mc", "process p { y = 1 }\n")
	code, _, _, _ := runCLI(t, "check", "lock-held", "drop-no-rescan")
	assert.Equal(t, exitViolation, code)
	code, _, _, _ = runCLI(t, "check", "drop-no-rescan", broken, "lock-held")
	assert.Equal(t, exitUsage, code)
}

func TestExitUsage(t *testing.T) {
	cases := [][]string{
		{},
		{"frobnicate"},
		{"check"},
		{"check", "--bogus", "lock-held"},
		{"test", "--bogus"},
		{"check", "--search", "sideways", "lock-held"},
		{"check", "--max-states", "-1", "lock-held"},
		{"check", "--format", "xml", "lock-held"},
		{"check", "--por", "maybe", "lock-held"},
		{"check", "--symmetry", "maybe", "lock-held"},
		{"check", "--lockdep", "sometimes", "lock-held"},
		{"check", "no-such-spec"},
		{"check", "--set", "NOPE=1", "lock-held"},     // the spec has no such constant
		{"check", "--set", "FAULTS", "lock-held"},     // not NAME=VALUE
		{"check", "--set", "FAULTS=two", "lock-held"}, // not an integer
		{"list", "extra"},
		{"show"},
		{"show", "no-such-spec"},
	}
	for _, args := range cases {
		code, _, _, _ := runCLI(t, args...)
		assert.Equal(t, exitUsage, code, "mcheck %q", args)
	}
}
