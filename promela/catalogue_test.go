package promela_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/internal/testlong"
	"mcheck/promela"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// TestParityCatalogue: every catalogue spec at its defaults and every twelfth
// language example; under MCHECK_LONG=1 also the catalogue scaled up
// (FAULTS=3 where it has FAULTS) and every example. Each case costs a gcc
// run, about a CPU second.
func TestParityCatalogue(t *testing.T) {
	needSpin(t)
	type tc struct {
		name, file string
		src        []byte
		set        map[string]int64
	}
	var cases []tc
	for _, n := range protocols.Names() {
		src, file, ok := protocols.Source(n)
		if !ok {
			t.Fatalf("catalogue spec %s has no source", n)
		}
		cases = append(cases, tc{n, file, src, nil})
		if testlong.On() && bytes.Contains(src, []byte("const FAULTS")) {
			cases = append(cases, tc{n + "/FAULTS=3", file, src, map[string]int64{"FAULTS": 3}})
		}
	}
	ex, _ := filepath.Glob("../specs/testdata/examples/*.mc")
	sort.Strings(ex)
	for i, f := range ex {
		if !testlong.Every(i, 12) {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, tc{"examples/" + filepath.Base(f), f, src, nil})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			diff, err := parity(spinCtx(t), t.TempDir(), c.file, c.src, c.set)
			if errors.Is(err, promela.ErrUnsupported) {
				t.Skip(err) // listed in the report: RCU and pools are not exported yet
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff != "" {
				t.Error(diff)
			}
		})
	}
}

// TestParityNoHidden: the export without hidden variables (for pan's BFS)
// has the same state graph, with SPIN's BFS, on every sixth catalogue spec
// (every one under MCHECK_LONG=1).
func TestParityNoHidden(t *testing.T) {
	needSpin(t)
	for i, n := range protocols.Names() {
		if !testlong.Every(i, 6) {
			continue
		}
		t.Run(n, func(t *testing.T) {
			t.Parallel()
			src, file, _ := protocols.Source(n)
			res, err := compile.Compile(file, src, compile.Options{})
			require.NoError(t, err)
			pml, err := promela.ExportWith(res.Program, promela.Options{NoHidden: true})
			if errors.Is(err, promela.ErrUnsupported) {
				t.Skip(err)
			}
			require.NoError(t, err)
			ours, err := explorer.Explore(res.Program, explorer.Options{})
			require.NoError(t, err)
			ctx := spinCtx(t)
			pan, err := promela.BuildQuick(ctx, t.TempDir(), pml, append(promela.NoReduceQuick, "-DBFS"))
			require.NoError(t, err)
			sp, err := promela.Run(ctx, pan, promela.SizeArgs(ours.Stats.States)...)
			require.NoError(t, err)
			if want := verdictClass(ours); want != promela.VerdictNone {
				assert.NotEqual(t, promela.VerdictNone, sp.Verdict, "mcheck: %v", ours.Violation)
				return
			}
			assert.Equal(t, promela.VerdictNone, sp.Verdict)
			// BFS stores the states inside atomic sequences too, and counts
			// them apart: nominal = stored - atomic.
			assert.Equal(t, ours.Stats.States, sp.Nominal, "nominal states (stored-atomic)")
			assert.Equal(t, ours.Stats.Transitions+1, sp.Transitions-(sp.States-sp.Nominal), "transitions (+1) less the atomic intermediate states")
		})
	}
}
