package report

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/specs/compile"
)

// specRun compiles a spec given as a string and explores it.
func specRun(t *testing.T, src string, opts explorer.Options) Run {
	t.Helper()
	cr, err := compile.Compile("test.mc", []byte(src), compile.Options{})
	require.NoError(t, err)
	r, err := explorer.Explore(cr.Program, opts)
	require.NoError(t, err)
	return Run{Program: cr.Program, Search: opts.Search, Result: r, Source: []byte(src)}
}

// "It fails with:" and JSON final list what the invariant reads: process
// locals, p@label tests, pool objects and sync objects, not only globals.
func TestCulpritsListLocalsAndLabels(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []Change
	}{
		{"local", `
process p[2] {
    var done: bool
    done = true
}
invariant in_order: p[1].done => p[0].done
`, []Change{{"p[0].done", "false"}, {"p[1].done", "true"}}},
		{"label", `
var g: 0..3
struct n_t { v: 0..3 }
pool ns[2]: n_t = [{ v: 1 }]
var r: ref ns = ns[0]
mutex m
process p[2] {
crit:
    g = 1
}
process q {
    r->v = 2
    mutex_lock(m)
}
invariant notboth: !(p[0]@crit && g == 1) || r->v == 2 || mutex_is_locked(m)
`, []Change{{"g", "1"}, {"ns[0]", "allocated"}, {"ns[0].v", "1"}, {"r", "ns[0]"}, {"m", "unlocked"}, {"p[0]@crit", "true"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := specRun(t, tc.src, explorer.Options{Search: explorer.BFS})
			require.Equal(t, explorer.Violated, run.Result.Verdict)
			assert.Equal(t, tc.want, Culprits(run.Program, run.Result))
			assert.Equal(t, tc.want, ToJSON(run).Final)
			var b bytes.Buffer
			Render(&b, run, TraceOptions{})
			for _, c := range tc.want {
				assert.Contains(t, b.String(), "\n  "+c.Var+" = "+c.Value+"\n")
			}
		})
	}
}
