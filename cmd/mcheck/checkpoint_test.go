package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCheckpointResumeCLI: a search stopped (as by SIGINT) writes its
// checkpoint; --resume finishes it with the uninterrupted run's output, and
// refuses a checkpoint of another search.
func TestCheckpointResumeCLI(t *testing.T) {
	ck := filepath.Join(t.TempDir(), "ck")
	args := []string{"check", "--set", "FAULTS=3", "--liveness", "off", "seqcount-retry"}
	secs := regexp.MustCompile(`[0-9.]+s\)`)
	code, want, _, _ := runCLI(t, args...)
	require.Equal(t, exitHolds, code)

	stop := make(chan struct{})
	close(stop)
	var out, errb bytes.Buffer
	err := runStop(&out, &errb, append(args, "--checkpoint", ck), stop)
	require.Equal(t, exitIncomplete, exitCode(err), out.String())
	require.Contains(t, errb.String(), "checkpoint written to "+ck)

	code, got, _, _ := runCLI(t, append(args, "--resume", ck)...)
	require.Equal(t, exitHolds, code)
	require.Equal(t, secs.ReplaceAllString(want, "s)"), secs.ReplaceAllString(got, "s)"))

	code, _, stderr, _ := runCLI(t, append(args, "--resume", ck, "--por", "off")...)
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "another search")
}
