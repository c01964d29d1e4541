package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/specs/compile"
)

const examplesDir = "../../specs/testdata/examples"

// countExpectations counts the expect: lines of the .mc files in dir: one
// test row each.
func countExpectations(t *testing.T, dir string) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.mc"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	n := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		exps, errs := compile.ParseExpectations(f, src)
		require.Empty(t, errs)
		require.NotEmpty(t, exps, "%s has no expect: line", f)
		n += len(exps)
	}
	return n
}

func TestExamplesPass(t *testing.T) {
	want := countExpectations(t, examplesDir)
	for _, search := range []string{"bfs", "dfs"} {
		for _, por := range []string{"on", "off"} {
			code, out, stderr, err := runCLI(t, "test", "--search", search, "--por", por, examplesDir)
			require.NoError(t, err, "%s\n%s", out, stderr)
			assert.Equal(t, exitHolds, code)
			assert.Contains(t, out, fmt.Sprintf("\n%d passed, 0 failed\n", want), "%s --por %s", search, por)
			assert.NotContains(t, out, "FAIL")
		}
	}
}

func TestCataloguePasses(t *testing.T) {
	code, out, stderr, err := runCLI(t, "test")
	require.NoError(t, err, "%s\n%s", out, stderr)
	assert.Equal(t, exitHolds, code)
	assert.Regexp(t, `\n[1-9][0-9]* passed, 0 failed\n`, out)
}

var expectLine = regexp.MustCompile(`(?m)^(\s*//\s*expect\b[^:]*:\s*)(.*?)\s*$`)

// wrongVerdict is an expectation no run of the spec can meet.
func wrongVerdict(v string) string {
	if v == "holds" {
		return "deadlock"
	}
	return "holds"
}

// TestWrongExpectationsFail copies every example with every expect: line
// turned into a wrong one; mcheck test must fail every row, so the passing
// run above is not vacuous.
func TestWrongExpectationsFail(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(examplesDir, "*.mc"))
	require.NoError(t, err)
	dir := t.TempDir()
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		wrong := expectLine.ReplaceAllStringFunc(string(src), func(line string) string {
			m := expectLine.FindStringSubmatch(line)
			return m[1] + wrongVerdict(m[2])
		})
		require.NotEqual(t, string(src), wrong, f)
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), []byte(wrong), 0o644))
	}
	want := countExpectations(t, dir)
	require.Equal(t, countExpectations(t, examplesDir), want)

	code, out, _, _ := runCLI(t, "test", dir)
	assert.Equal(t, exitViolation, code)
	assert.Contains(t, out, fmt.Sprintf("\n0 passed, %d failed\n", want))
	assert.Equal(t, want, strings.Count(out, "FAIL"))
}

// One wrong line among right ones is enough to fail the run.
func TestOneWrongExpectationFails(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(examplesDir, "mutex.mc"))
	require.NoError(t, err)
	require.Contains(t, string(src), "// expect: holds")
	dir := t.TempDir()
	wrong := strings.Replace(string(src), "// expect: holds", "// expect: deadlock", 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "mutex-wrong.mc"), []byte(wrong), 0o644))
	right := filepath.Join(examplesDir, "mutex.mc")

	code, out, _, _ := runCLI(t, "test", right, filepath.Join(dir, "mutex-wrong.mc"))
	assert.Equal(t, exitViolation, code, out)
	assert.Contains(t, out, "\n1 passed, 1 failed\n")
}
