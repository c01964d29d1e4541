package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMemoryLimit: check, test and sweep give the runtime a soft memory
// limit of the store budget plus a quarter plus 256 MiB, none with
// --max-memory 0, and leave it alone when GOMEMLIMIT is set.
func TestMemoryLimit(t *testing.T) {
	var got []int64
	defer func(old func(int64) int64) { setMemoryLimit = old }(setMemoryLimit)
	setMemoryLimit = func(n int64) int64 { got = append(got, n); return 0 }
	spec := writeSpec(t, "tiny.mc", "// expect: holds\nconst X = 1\nvar x: 0..1\nprocess p { x = X }\n")

	for _, args := range [][]string{
		{"check", "-q", "--max-memory", "100", spec},
		{"test", "--max-memory", "100", spec},
		{"sweep", "--max-memory", "100", "--set", "X=1..1", spec},
	} {
		got = nil
		code, _, stderr, _ := runCLI(t, args...)
		require.NotEqual(t, exitUsage, code, "%v: %s", args, stderr)
		require.Equal(t, []int64{(100 + 25 + 256) << 20}, got, "%v", args)
	}

	got = nil
	runCLI(t, "check", "-q", "--max-memory", "0", spec)
	require.Empty(t, got, "no budget: no limit")
	runCLI(t, "check", "-q", spec)
	require.Equal(t, []int64{(8192 + 2048 + 256) << 20}, got, "the default budget, 8192 MiB")

	got = nil
	t.Setenv("GOMEMLIMIT", "1GiB")
	runCLI(t, "check", "-q", "--max-memory", "100", spec)
	require.Empty(t, got, "GOMEMLIMIT set: left alone")
}
