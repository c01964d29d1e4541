// Package testlong splits the test suite into its default run, which must
// finish in under five minutes on two loaded cores (scripts/test.sh), and the
// long differential sweeps, which the environment variable MCHECK_LONG turns
// on (README.md, "Tests"). Tests read the switch only through this package,
// so that one place says what "long" means.
package testlong

import (
	"math"
	"os"
	"testing"
)

// Var is the environment variable that turns the long sweeps on: any
// non-empty value does.
const Var = "MCHECK_LONG"

// On reports whether the long sweeps run.
func On() bool { return os.Getenv(Var) != "" }

// Count returns short in the default run and long under MCHECK_LONG.
func Count(short, long int) int {
	if On() {
		return long
	}
	return short
}

// Skip skips t in the default run: t is a sweep only MCHECK_LONG runs.
func Skip(t testing.TB) {
	t.Helper()
	if !On() {
		t.Skipf("long sweep: %s=1 runs it", Var)
	}
}

// DefaultMaxStates bounds, in the default run, the state graphs that the
// whole-graph comparisons (naive oracle, reductions against the plain search,
// Successors against Step) take: the catalogue at its defaults but
// per-vma-lock (22,455 states) and most of its scaled expect: settings fit;
// per-vma-lock at FAULTS=3 (520,529 states) alone would cost more than the
// rest together.
const DefaultMaxStates = 20000

// MaxStates is DefaultMaxStates, or no bound under MCHECK_LONG.
func MaxStates() int64 {
	if On() {
		return math.MaxInt64
	}
	return DefaultMaxStates
}

// Every reports whether the i-th of a list of cases runs: every k-th in the
// default run, all of them under MCHECK_LONG. The sample is fixed, so a
// failure reproduces.
func Every(i, k int) bool { return On() || i%k == 0 }
