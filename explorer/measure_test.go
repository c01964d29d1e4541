package explorer_test

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/model"
	"mcheck/specs/compile"
)

// allOptions are the plain search first, then every reduction, both orders.
var allOptions = []explorer.Options{{}, {POR: true}, {Symmetry: true}, {POR: true, Symmetry: true},
	{Search: explorer.DFS}, {Search: explorer.DFS, POR: true, Symmetry: true}}

type measureFigures struct {
	name     string
	max, min int64
}

func figures(r *explorer.Result) []measureFigures {
	var out []measureFigures
	for _, m := range r.Measures {
		out = append(out, measureFigures{m.Name, m.Max, m.Min})
	}
	return out
}

// checkMaxTraces replays each measure's trace from the initial state, step
// by step, and evaluates the measure in its last state: it must be the max.
func checkMaxTraces(t *testing.T, p *model.Program, r *explorer.Result) {
	t.Helper()
	m := p.NewMachine()
	vals := make([]int64, len(p.Measures))
	for i, ms := range r.Measures {
		s := p.Initial()
		for k, st := range ms.MaxTrace {
			next, v, ok := m.Step(s, st.Trans)
			require.True(t, ok && v == nil, "measure %s: step %d of the trace is not enabled", ms.Name, k+1)
			require.Equal(t, st.State, next, "measure %s: step %d", ms.Name, k+1)
			s = next
		}
		require.Nil(t, m.Measures(s, vals))
		require.Equal(t, ms.Max, vals[i], "measure %s at the end of its trace", ms.Name)
	}
}

// Hand counts. counter: x is bumped once by each of two processes, so x
// ranges over 0..2 and 3-x over 1..3; the maximum of x is reached after both
// steps. retry: a reader samples seq, then retries if it moved; the writer
// bumps seq twice, so the reader can retry at most twice (a bump between
// each sample and its check) and at least never. transient: x+y is 2 only
// while both processes are between their two steps; their steps are
// independent, so a reduction that did not treat the measure's variables as
// visible would run one process to the end first and report a max of 1.
func TestMeasureHandCounts(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []measureFigures
		maxSteps  []int // length of a shortest trace to each maximum
	}{
		{"counter", "var x: 0..3\nprocess p[2] {\n    x = x + 1\n}\nmeasure xs: x\nmeasure down: 3 - x\n",
			[]measureFigures{{"xs", 2, 0}, {"down", 3, 1}}, []int{2, 0}},
		{"retry", `var seq: 0..3
process reader {
    var s: 0..3
    var retries: 0..3
again:
    s = seq
    if s != seq {
        retries = retries + 1
        goto again
    }
}
process writer {
    seq = seq + 1
    seq = seq + 1
}
measure retries: reader.retries
measure seq_seen: seq
`, []measureFigures{{"retries", 2, 0}, {"seq_seen", 2, 0}}, []int{8, 2}},
		{"transient", "var x: 0..1\nvar y: 0..1\nprocess a {\n    x = 1\n    x = 0\n}\nprocess b {\n    y = 1\n    y = 0\n}\nmeasure both: x + y\n",
			[]measureFigures{{"both", 2, 0}}, []int{2}},
	} {
		p := compileSpec(t, tc.src)
		for i, o := range allOptions {
			r := explore(t, p, o)
			require.Equal(t, explorer.Holds, r.Verdict, tc.name)
			assert.Equal(t, tc.want, figures(r), "%s %+v", tc.name, o)
			checkMaxTraces(t, p, r)
			if i == 0 { // the plain BFS
				for i, n := range tc.maxSteps {
					assert.Len(t, r.Measures[i].MaxTrace, n, "%s: BFS without reduction gives a shortest trace to %s's max", tc.name, r.Measures[i].Name)
				}
			}
		}
	}
}

func TestMeasureCompileErrors(t *testing.T) {
	for _, tc := range []struct{ src, msg string }{
		{"var f: bool\nprocess p { f = true }\nmeasure m: f\n", "test.mc:3:12: measure must be an integer, not bool"},
		{"var x: 0..1\nprocess p { x = 1 }\nmeasure m: x\nmeasure m: x + 1\n", "test.mc:4:1: measure m redeclared"},
		{"var x: 0..1\nprocess p { x = 1 }\nmeasure m: self\n", "test.mc:3:12:"},
		{"var x: 0..1\nprocess p { x = 1 }\nmeasure m x\n", "test.mc:3:11: expected ':'"},
	} {
		_, err := compile.Compile("test.mc", []byte(tc.src), compile.Options{})
		require.Error(t, err, tc.src)
		assert.Contains(t, err.Error(), tc.msg, tc.src)
	}
	// `measure` is a keyword only where a declaration starts
	p := compileSpec(t, "var measure: 0..2\nprocess p { measure = 2 }\nmeasure m: measure\n")
	assert.Equal(t, []measureFigures{{"m", 2, 0}}, figures(explore(t, p, explorer.Options{})))
}

// withMeasures appends a measure for each candidate expression that compiles.
func withMeasures(src string, exprs []string) (string, int) {
	n := 0
	for _, e := range exprs {
		extra := fmt.Sprintf("\nmeasure m%d: %s\n", n, e)
		if _, err := compile.Compile("m.mc", []byte(src+extra), compile.Options{}); err == nil {
			src += extra
			n++
		}
	}
	return src, n
}

// checkMeasuresUnchanged compares every measure under each reduction and
// search order with the plain BFS over the whole graph (KeepGoing, so that
// violations do not cut it short).
func checkMeasuresUnchanged(t *testing.T, name, src string) bool {
	res, err := compile.Compile(name, []byte(src), compile.Options{})
	require.NoError(t, err, src)
	p := res.Program
	var base []measureFigures
	for i, o := range allOptions {
		o.KeepGoing, o.MaxStates = true, 20000
		r := explore(t, p, o)
		if r.Verdict == explorer.Incomplete || r.Stats.States >= o.MaxStates {
			return false // with KeepGoing a budget still reports the violations found
		}
		checkMaxTraces(t, p, r)
		if i == 0 {
			base = figures(r)
			continue
		}
		require.Equal(t, base, figures(r), "%s: %+v changes a measure\n%s", name, o, src)
	}
	return true
}

// A reduction never changes a measure: the catalogue and the language
// examples with measures on their integer variables, and random specs with
// measures on globals and on a process's local (which turns symmetry off
// for that process type, as an invariant naming it would).
func TestMeasuresUnderReductions(t *testing.T) {
	checked := 0
	for _, s := range append(catalogueSources(t), exampleSources(t)...) {
		src, n := withMeasures(string(s.src), globalIntNames(t, s))
		if n > 0 && checkMeasuresUnchanged(t, s.name, src) {
			checked++
		}
	}
	assert.Greater(t, checked, 20, "specs with measures compared")
	rng := rand.New(rand.NewSource(7))
	random := 0
	for i := 0; i < 200; i++ {
		src := randomSpec(rng)
		if i%2 == 1 {
			src = symmetricVariant(src, rng)
		}
		src, n := withMeasures(src, []string{"x", "y", "x - 2 * y", "p1.t", "p0[1].t"})
		require.GreaterOrEqual(t, n, 3, src)
		if checkMeasuresUnchanged(t, fmt.Sprint("random ", i), src) {
			random++
		}
	}
	assert.Greater(t, random, 150, "random specs within the budget")
}

// globalIntNames are the spec's integer slots outside processes and sync
// objects, as expressions (cur.id, a[1]).
func globalIntNames(t *testing.T, s specSource) []string {
	res, err := compile.Compile(s.filename, s.src, compile.Options{})
	if err != nil {
		return nil
	}
	// Pool objects are left out: reading a free one (nodes[1].val) is a
	// violation use_after_free, in a measure as anywhere.
	inPool := map[int]bool{}
	for _, g := range res.Program.Globals {
		for k := 0; g.Type.Kind == model.TPool && k < g.Type.Slots; k++ {
			inPool[g.Base+k] = true
		}
	}
	var out []string
	for i, sl := range res.Program.Slots {
		if sl.Lo < sl.Hi && !inPool[i] && !strings.ContainsAny(sl.Name, "#$ ") && len(out) < 6 {
			out = append(out, sl.Name)
		}
	}
	return out
}

// A measure naming one instance's local turns symmetry off for its type (a
// permutation would move the value to another instance) and the statistics
// say so; a measure on globals leaves symmetry on.
func TestMeasureTurnsSymmetryOff(t *testing.T) {
	const base = "var x: 0..3\nprocess p[2] {\n    var t: 0..1\n    t = 1\n    x = x + 1\n}\nmeasure xs: x\n"
	r := explore(t, compileSpec(t, base), explorer.Options{Symmetry: true})
	assert.Equal(t, []string{"p[2]"}, r.Stats.Symmetry)
	assert.Empty(t, r.Stats.SymmetryOff)

	p := compileSpec(t, base+"measure first: p[0].t\n")
	r = explore(t, p, explorer.Options{Symmetry: true})
	assert.Empty(t, r.Stats.Symmetry)
	assert.Equal(t, []string{"p[2]"}, r.Stats.SymmetryOff)
	assert.Equal(t, []measureFigures{{"xs", 2, 0}, {"first", 1, 0}}, figures(r))
	assert.Empty(t, explore(t, p, explorer.Options{}).Stats.SymmetryOff, "not asked for, not reported")
}
