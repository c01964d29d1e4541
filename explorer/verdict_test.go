package explorer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/model"
	"mcheck/specs/compile"
)

// judge says whether a result is what an expect: line asks for.
func judge(e compile.Expectation, r *explorer.Result) bool {
	switch e.Verdict {
	case "holds":
		return r.Verdict == explorer.Holds
	case "deadlock":
		return r.Verdict == explorer.Violated && r.Violation.Kind == model.KindDeadlock
	case "violation":
		return r.Verdict == explorer.Violated && r.Violation.Kind != model.KindDeadlock && r.Violation.Matches(e.Property)
	}
	return false
}

// TestExpectations runs every catalogue spec and example once per expect:
// line (with its constant settings), with BFS and with DFS, with and without
// partial-order reduction and symmetry reduction (randomConfigs).
func TestExpectations(t *testing.T) {
	all := allRuns(t)
	verdicts := map[string]int{}
	for _, run := range all {
		verdicts[run.expect.Verdict]++
		t.Run(run.name, func(t *testing.T) {
			for _, c := range randomConfigs {
				r := explore(t, run.prog, c.opts)
				assert.True(t, judge(run.expect, r), "%s: expected %s, got %s %v", c.name, run.expect, r.Verdict, r.Violation)
			}
			if run.expect.Verdict == "holds" {
				r := exploreLiveness(t, run.prog)
				want := run.expect
				if run.live != nil {
					want = *run.live
					verdicts["liveness"]++
				}
				assert.True(t, judge(want, r), "liveness: expected %s, got %s %v", want, r.Verdict, r.Violation)
			}
		})
	}
	require.Positive(t, verdicts["liveness"])
	// Every kind of expectation is exercised, so judge is not vacuous.
	require.Positive(t, verdicts["holds"])
	require.Positive(t, verdicts["deadlock"])
	require.Positive(t, verdicts["violation"])
}

// TestJudgeRejects guards the test above: a wrong expectation must fail.
func TestJudgeRejects(t *testing.T) {
	p := compileSpec(t, `mutex m; process a { mutex_lock(m); mutex_lock(m) }`)
	r := explore(t, p, explorer.Options{})
	require.True(t, judge(compile.Expectation{Verdict: "deadlock"}, r))
	require.False(t, judge(compile.Expectation{Verdict: "holds"}, r))
	require.False(t, judge(compile.Expectation{Verdict: "violation", Property: "misuse"}, r))
	require.False(t, judge(compile.Expectation{Verdict: "violation", Property: "deadlock"}, r))
}

// TestDepthCoversTrace: the depth figure is the deepest state reached, so a
// trace is never longer than it (a DFS run printed "after 70 steps ...
// depth 69": a violating step's target is reached but not stored).
func TestDepthCoversTrace(t *testing.T) {
	checked := 0
	for _, run := range allRuns(t) {
		if run.expect.Verdict == "holds" {
			continue
		}
		for _, c := range randomConfigs {
			r := explore(t, run.prog, c.opts)
			if r.Verdict != explorer.Violated {
				continue
			}
			checked++
			assert.GreaterOrEqual(t, r.Stats.MaxDepth, len(r.Trace), "%s %s", run.name, c.name)
		}
	}
	require.Greater(t, checked, 50)
}

// exploreLiveness asks every liveness question of p (each property, in
// order) and returns the first that fails, or a holds. Each answer is
// asked again with partial-order and symmetry reduction (as the CLI asks
// it): the verdict and the property must be the same.
func exploreLiveness(t *testing.T, p *model.Program) *explorer.Result {
	t.Helper()
	for i := range p.Liveness {
		r, err := explorer.ExploreLiveness(p, explorer.LiveCheck{Property: i}, explorer.Options{})
		require.NoError(t, err)
		red, err := explorer.ExploreLiveness(p, explorer.LiveCheck{Property: i}, explorer.Options{POR: true, Symmetry: true})
		require.NoError(t, err)
		require.Equal(t, r.Verdict, red.Verdict, "%s with reductions", p.Liveness[i].Name)
		if r.Verdict != explorer.Holds {
			require.Equal(t, r.Violation.Property, red.Violation.Property)
			return r
		}
	}
	return &explorer.Result{Verdict: explorer.Holds}
}
