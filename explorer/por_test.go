package explorer_test

import (
	"fmt"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/internal/testlong"
	"mcheck/model"
	"mcheck/specs/compile"
)

// porRuns is every catalogue spec and example at its expect: settings, plus
// the catalogue at FAULTS=3 where no expect: line has it already.
func porRuns(t *testing.T) []specRun {
	out := allRuns(t)
	have := map[string]bool{}
	for _, r := range out {
		have[r.name] = true
	}
	for _, s := range catalogueSources(t) {
		if have[s.name+" FAULTS=3"] {
			continue
		}
		res, err := compile.Compile(s.filename, s.src, compile.Options{Set: map[string]int64{"FAULTS": 3}})
		require.NoError(t, err, s.name)
		if name := s.name + " FAULTS=3 (por)"; small(t, name, res.Program) {
			out = append(out, specRun{name: name, prog: res.Program, src: s.src})
		}
	}
	return out
}

// summary is what reduction must keep: every violated property and every
// reachable deadlock state.
func summary(t *testing.T, p *model.Program, por bool) (props []string, deadlocks []string, r *explorer.Result) {
	r = explore(t, p, explorer.Options{POR: por, KeepGoing: true})
	for _, v := range r.All {
		props = append(props, string(v.Kind)+" "+v.Property)
	}
	for _, d := range r.Deadlocks {
		deadlocks = append(deadlocks, fmt.Sprint(d))
	}
	sort.Strings(deadlocks)
	return props, deadlocks, r
}

// TestPORKeepsEveryViolation compares the reduced and the unreduced search
// over whole state graphs: the same violated properties, the same deadlock
// states, and never more states.
func TestPORKeepsEveryViolation(t *testing.T) {
	for _, run := range porRuns(t) {
		t.Run(run.name, func(t *testing.T) {
			fullProps, fullDead, full := summary(t, run.prog, false)
			redProps, redDead, red := summary(t, run.prog, true)
			assert.Equal(t, fullProps, redProps, "violated properties")
			assert.Equal(t, fullDead, redDead, "deadlock states")
			assert.LessOrEqual(t, red.Stats.States, full.Stats.States)
			assert.True(t, red.Stats.POR)
			assert.False(t, full.Stats.POR)
		})
	}
}

// TestPORFirstViolation checks the first verdict under BFS and DFS, that a
// reduced counterexample replays on the unreduced system, and that BFS with
// reduction still reports a shortest counterexample.
func TestPORFirstViolation(t *testing.T) {
	for i, run := range porRuns(t) {
		for _, search := range searches {
			if search == explorer.DFS && !testlong.Every(i, 2) {
				continue // half the DFS runs by default: TestPORExactPrefix's time
			}
			t.Run(run.name+"/"+search.String(), func(t *testing.T) {
				full := explore(t, run.prog, explorer.Options{Search: search})
				red := explore(t, run.prog, explorer.Options{Search: search, POR: true})
				require.Equal(t, full.Verdict, red.Verdict)
				if full.Verdict != explorer.Violated {
					return
				}
				replayViolation(t, run.prog, red)
				if search == explorer.BFS {
					assert.True(t, red.Shortest)
					assert.Len(t, red.Trace, len(full.Trace), "a shortest counterexample")
				}
			})
		}
	}
}

// replayViolation re-executes r's trace step by step on the unreduced
// semantics and checks it ends in r's violation.
func replayViolation(t *testing.T, p *model.Program, r *explorer.Result) {
	t.Helper()
	m := p.NewMachine()
	s := p.Initial()
	var last *model.Violation
	for i, st := range r.Trace {
		next, v, ok := m.Step(s, st.Trans)
		require.True(t, ok, "step %d is not enabled", i+1)
		if v != nil {
			require.Equal(t, len(r.Trace)-1, i, "violation before the last step")
			last = v
			break
		}
		require.Equal(t, st.State, next, "state after step %d", i+1)
		s = next
	}
	want := r.Violation
	switch want.Kind {
	case model.KindInvariant:
		v := m.CheckInvariants(s)
		require.NotNil(t, v)
		assert.Equal(t, want.Property, v.Property)
	case model.KindDeadlock:
		if len(m.Enabled(s)) > 0 {
			assert.NotNil(t, m.WaitCycle(s), "a step is enabled and no wait-for cycle closed")
			break
		}
		assert.False(t, p.AllFinished(s))
	default:
		if last == nil { // raised evaluating an invariant (reading a freed object) in the last state
			last = m.CheckInvariants(s)
		}
		require.NotNil(t, last)
		assert.Equal(t, want.Kind, last.Kind)
		assert.Equal(t, want.Property, last.Property)
	}
}

// TestPORReduces guards against a reduction that silently stopped reducing.
func TestPORReduces(t *testing.T) {
	var full, red int64
	for _, s := range catalogueSources(t) {
		for _, run := range runs(t, []specSource{s}) {
			if run.expect.Verdict != "holds" {
				continue
			}
			full += explore(t, run.prog, explorer.Options{}).Stats.States
			red += explore(t, run.prog, explorer.Options{POR: true}).Stats.States
		}
	}
	t.Logf("catalogue holds specs: %d states unreduced, %d reduced", full, red)
	assert.Less(t, float64(red), 0.8*float64(full))
}
