package report

import (
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/model"
)

// A BFS trace found under POR says when its minimality is unproven.
func TestUnprovenShortest(t *testing.T) {
	v := &model.Violation{Kind: model.KindAssertion, Property: "x"}
	r := &explorer.Result{Verdict: explorer.Violated, Violation: v, Stats: explorer.Stats{POR: true}}
	run := Run{Search: explorer.BFS, Result: r}
	require.Contains(t, unproven(run), "not proven shortest")
	r.Shortest = true
	require.Empty(t, unproven(run))
	r.Shortest, r.Stats.POR = false, false
	require.Empty(t, unproven(run), "without reduction BFS is shortest by construction")
	r.Stats.POR, run.Search = true, explorer.DFS
	require.Empty(t, unproven(run), "DFS makes no promise")
}
