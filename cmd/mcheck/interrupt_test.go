package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildBinary builds mcheck into a temporary directory: signals need a real
// process.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mcheck")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

// interrupt starts mcheck on a search far too big to finish, sends sig after
// a moment, and returns the exit code and output.
func interrupt(t *testing.T, bin string, sig syscall.Signal, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	require.NoError(t, cmd.Start())
	time.Sleep(1500 * time.Millisecond) // well past installing the handler, long before the end
	require.NoError(t, cmd.Process.Signal(sig))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode(), out.String(), errb.String()
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("mcheck %v did not stop within 30s of %v", args, sig)
	}
	return 0, "", ""
}

// Ctrl-C or SIGTERM ends the search like a budget: the verdict line with the
// figures so far, incomplete (interrupted), exit 3; JSON stays well-formed.
func TestInterruptEndsCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	big := []string{"--por", "off", "--symmetry", "off", "--set", "FAULTS=8", "seqcount-retry"}

	code, out, stderr := interrupt(t, bin, syscall.SIGINT, append([]string{"check"}, big...)...)
	require.Equal(t, exitIncomplete, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
	oneLine := strings.Join(strings.Fields(out), " ") // the verdict line wraps at --width
	assert.Regexp(t, `^seqcount-retry \[FAULTS=8 REMAPS=1\]: incomplete: interrupted; no violation among the states explored \(bfs, por off, [1-9]\d* states`, oneLine)

	code, out, stderr = interrupt(t, bin, syscall.SIGTERM, append([]string{"check", "--format", "json"}, big...)...)
	require.Equal(t, exitIncomplete, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
	var doc struct {
		Verdict, Reason string
		Stats           struct{ States int64 }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	assert.Equal(t, "incomplete", doc.Verdict)
	assert.Equal(t, "interrupted", doc.Reason)
	assert.Greater(t, doc.Stats.States, int64(1))

	// mcheck test: the interrupted run and every one after it are
	// incomplete; the table and the totals are still printed.
	code, out, stderr = interrupt(t, bin, syscall.SIGINT, "test", "--por", "off", "--symmetry", "off", "--set", "FAULTS=8", "seqcount-retry", "lock-held")
	require.Equal(t, exitIncomplete, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
	assert.Regexp(t, `(?m)^seqcount-retry .* incomplete .*\n(.*\n)*lock-held .* incomplete `, out)
	assert.Contains(t, out, "0 passed, 0 failed")
}
