package report

import (
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/model"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// catalogueRun compiles a catalogue spec with its defaults and explores it.
func catalogueRun(t *testing.T, name string, search explorer.Search) Run {
	t.Helper()
	src, filename, ok := protocols.Source(name)
	require.True(t, ok, name)
	cr, err := compile.Compile(filename, src, compile.Options{})
	require.NoError(t, err)
	r, err := explorer.Explore(cr.Program, explorer.Options{Search: search})
	require.NoError(t, err)
	return Run{Program: cr.Program, Search: search, Result: r, Source: src}
}

// violating lists the catalogue specs whose default run finds a violation.
func violating(t *testing.T) []Run {
	t.Helper()
	var out []Run
	for _, n := range protocols.Names() {
		run := catalogueRun(t, n, explorer.BFS)
		if run.Result.Verdict == explorer.Violated {
			out = append(out, run)
		}
	}
	require.GreaterOrEqual(t, len(out), 6)
	return out
}

func pids(tr []explorer.Step) []int32 {
	out := make([]int32, len(tr))
	for i, s := range tr {
		out[i] = s.Trans.Pid
	}
	return out
}

func transOf(tr []explorer.Step) []model.Trans { return transitions(tr) }

func sourceOf(t *testing.T, name string) ([]byte, string) {
	t.Helper()
	src, filename, ok := protocols.Source(name)
	require.True(t, ok, name)
	return src, filename
}
