package report

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/model"
	"mcheck/specs/compile"
)

// handRun compiles src and builds a result from a trace given as pids, each
// step being that process's only enabled step.
func handRun(t *testing.T, src string, order []int32) Run {
	t.Helper()
	cr, err := compile.Compile("hand.mc", []byte(src), compile.Options{})
	require.NoError(t, err)
	p := cr.Program
	m := p.NewMachine()
	r := &explorer.Result{Verdict: explorer.Violated, Initial: p.Initial()}
	s := r.Initial
	for _, pid := range order {
		var tr []model.Trans
		for _, e := range m.Enabled(s) {
			if e.Pid == pid {
				tr = append(tr, e)
			}
		}
		require.Len(t, tr, 1)
		next, v, ok := m.Step(s, tr[0])
		require.True(t, ok)
		require.Nil(t, v)
		r.Trace = append(r.Trace, explorer.Step{Trans: tr[0], State: next})
		s = next
	}
	r.Violation = m.CheckInvariants(s)
	require.NotNil(t, r.Violation)
	return Run{Program: p, Result: r, Source: []byte(src)}
}

func TestReorderIndependentSteps(t *testing.T) {
	src := `
var x: 0..3
var y: 0..3
process a { x = 1; x = 2 }
process b { y = 1; y = 2 }
invariant not_both: !(x == 2 && y == 2)
`
	run := handRun(t, src, []int32{0, 1, 0, 1})
	sw, pre := Switches(run.Program, run.Result)
	assert.Equal(t, 3, sw)
	assert.Equal(t, 2, pre)
	re := Reorder(run.Program, run.Result)
	assert.Equal(t, []int32{0, 0, 1, 1}, pids(re.Trace))
	sw, pre = Switches(run.Program, re)
	assert.Equal(t, 1, sw)
	assert.Equal(t, 0, pre, "a has finished when b starts")
	require.NoError(t, Confirm(run.Program, re))
}

// b's await depends on a's first step and a's second step disables it, so
// only b's last step may move: a1 b1 b2 a2, one preemption instead of two.
func TestReorderRespectsDependence(t *testing.T) {
	src := `
var x: 0..3
var y: 0..3
process a { x = 1; x = 2 }
process b { await x == 1; y = 2 }
invariant not_both: !(x == 2 && y == 2)
`
	run := handRun(t, src, []int32{0, 1, 0, 1})
	re := Reorder(run.Program, run.Result)
	assert.Equal(t, []int32{0, 1, 1, 0}, pids(re.Trace))
	sw, pre := Switches(run.Program, re)
	assert.Equal(t, 2, sw)
	assert.Equal(t, 1, pre)
	require.NoError(t, Confirm(run.Program, re))
}

// Every catalogue counterexample, BFS and DFS: the reordered trace is as long,
// replays to the same violation and final state, is no worse, and is the best
// the brute-force enumeration of swap-reachable orders finds.
func TestReorderCatalogue(t *testing.T) {
	for _, run := range violating(t) {
		for _, search := range []explorer.Search{explorer.BFS, explorer.DFS} {
			run := catalogueRun(t, run.Program.Name, search)
			t.Run(run.Program.Name+"/"+search.String(), func(t *testing.T) {
				p, r := run.Program, run.Result
				re := Reorder(p, r)
				require.Len(t, re.Trace, len(r.Trace), "never longer")
				require.NoError(t, Confirm(p, re))
				assert.Equal(t, FinalState(r), FinalState(re))
				assert.Equal(t, r.Violation, re.Violation)
				sw, pre := Switches(p, re)
				osw, opre := Switches(p, r)
				assert.True(t, pre < opre || (pre == opre && sw <= osw), "worse: %d/%d vs %d/%d", pre, sw, opre, osw)
				best, ok := bruteForceBest(t, p, r)
				if ok {
					assert.Equal(t, best, [2]int{pre, sw}, "brute force finds a better order")
				}
			})
		}
	}
}

// bruteForceBest enumerates every order reachable from r's trace by swapping
// adjacent steps that check out as independent, and returns the lowest
// (preemptions, switches). ok is false when there are too many orders.
func bruteForceBest(t *testing.T, p *model.Program, r *explorer.Result) ([2]int, bool) {
	m := p.NewMachine()
	fixed := 0
	if stepViolation(r) {
		fixed = 1
	}
	start := transOf(r.Trace)
	seen := map[string]bool{orderKey(start): true}
	queue := [][]model.Trans{start}
	best := [2]int{1 << 30, 1 << 30}
	for len(queue) > 0 {
		if len(seen) > 20000 {
			return best, false
		}
		order := queue[0]
		queue = queue[1:]
		steps, _, err := execute(m, r.Initial, order)
		require.NoError(t, err)
		cand := &explorer.Result{Initial: r.Initial, Trace: steps, Violation: r.Violation}
		sw, pre := Switches(p, cand)
		if pre < best[0] || (pre == best[0] && sw < best[1]) {
			best = [2]int{pre, sw}
		}
		for i := 0; i+1 < len(order)-fixed; i++ {
			if order[i].Pid == order[i+1].Pid {
				continue
			}
			swapped := append([]model.Trans(nil), order...)
			swapped[i], swapped[i+1] = swapped[i+1], swapped[i]
			if seen[orderKey(swapped)] || !swapOK(m, r.Initial, steps, order, i) {
				continue
			}
			seen[orderKey(swapped)] = true
			queue = append(queue, swapped)
		}
	}
	return best, true
}

// swapOK checks steps i and i+1 of order in both orders from the state before i.
func swapOK(m *model.Machine, init []uint64, steps []explorer.Step, order []model.Trans, i int) bool {
	before := init
	if i > 0 {
		before = steps[i-1].State
	}
	a, v, ok := m.Step(before, order[i+1])
	if !ok || v != nil || m.CheckInvariants(a) != nil {
		return false
	}
	b, v, ok := m.Step(a, order[i])
	return ok && v == nil && equalStates(b, steps[i+1].State)
}

func orderKey(ts []model.Trans) string {
	b := make([]byte, 0, len(ts)*8)
	for _, t := range ts {
		b = append(b, byte(t.Pid), byte(t.Node), byte(t.Node>>8), ',')
	}
	return string(b)
}

// Forty independent steps of four processes, round robin (39 switches; 36 preemptions,
// all but the last round's 3): the reordering runs each process to its end.
func TestReorderLongRoundRobin(t *testing.T) {
	src := "var a: 0..10\nvar b: 0..10\nvar c: 0..10\nvar d: 0..10\n"
	for _, v := range []string{"a", "b", "c", "d"} {
		src += "process p" + v + " {\n" + strings.Repeat("    "+v+" = "+v+" + 1\n", 10) + "}\n"
	}
	src += "invariant not_all: !(a == 10 && b == 10 && c == 10 && d == 10)\n"
	var order []int32
	for i := 0; i < 10; i++ {
		order = append(order, 0, 1, 2, 3)
	}
	run := handRun(t, src, order)
	sw, pre := Switches(run.Program, run.Result)
	require.Equal(t, [2]int{39, 36}, [2]int{sw, pre})
	re := Reorder(run.Program, run.Result)
	require.NoError(t, Confirm(run.Program, re))
	sw, pre = Switches(run.Program, re)
	assert.Equal(t, [2]int{3, 0}, [2]int{sw, pre})
}
