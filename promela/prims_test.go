package promela_test

import (
	"path/filepath"
	"testing"

	"mcheck/internal/testlong"
)

// primExample names, for one primitive added after the descriptor
// refactor, the language examples whose SPIN parity runs by default (one
// holds, one violation or deadlock where there is one); MCHECK_LONG=1 runs
// every example matching glob. TestParityCatalogue samples every twelfth
// example only, so a new primitive would otherwise go unchecked against
// SPIN. Each primitive adds its own in its prim_*_test.go.
type primExample struct {
	glob     string
	defaults []string
}

var primExamples []primExample

// TestParityPrims: our state graph and verdict equal SPIN's on the examples
// of each new primitive (parity, parity_test.go).
func TestParityPrims(t *testing.T) {
	needSpin(t)
	if len(primExamples) < 4 {
		t.Fatalf("%d primitives' examples registered, want at least 4", len(primExamples))
	}
	for _, pe := range primExamples {
		files := pe.defaults
		if testlong.On() {
			all, err := filepath.Glob(filepath.Join("../specs/testdata/examples", pe.glob))
			if err != nil || len(all) == 0 {
				t.Fatalf("%s: no examples (%v)", pe.glob, err)
			}
			files = files[:0]
			for _, f := range all {
				files = append(files, filepath.Base(f))
			}
		}
		for _, f := range files {
			t.Run(f, func(t *testing.T) {
				t.Parallel()
				parityFile(t, filepath.Join("../specs/testdata/examples", f), nil)
			})
		}
	}
}
