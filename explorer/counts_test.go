package explorer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/model"
)

// Tiny specs whose state graphs are counted by hand. A state is written
// (pc of the first process, pc of the second), pcs numbered from 0 along the
// process body, the last one being "finished".

type handCount struct {
	name        string
	src         string
	states      int64
	transitions int64
	depth       int // BFS's deepest state
}

// Specs that hold: BFS and DFS store the whole graph, so both must give
// exactly these figures.
var holdCounts = []handCount{
	{
		// a: x=1, x=2, end; b likewise. x and y follow the pcs, so the states
		// are the 3 x 3 = 9 pc pairs. Each unfinished process has one enabled
		// step: a moves in the 2 x 3 = 6 states where it is not finished, b in
		// 6 more: 12 transitions. The deepest state (2,2) is 4 steps away.
		name: "independent",
		src: `
var x: 0..2
var y: 0..2
process a { x = 1; x = 2 }
process b { y = 1; y = 2 }
`,
		states: 9, transitions: 12, depth: 4,
	},
	{
		// pcs: 0 at lock, 1 at unlock (holding m; label cs), 2 finished, and
		// W at the lock's wait half: queued (Wq) or handed m (Wg). Without
		// waiting: the 9 pairs minus (1,1): 8 states. A lock while the other
		// holds m queues: (1,Wq), (Wq,1); the holder's unlock hands m over:
		// (2,Wg), (Wg,2): 12 states. Steps: (0,0), (1,0), (0,1) 2 each (a
		// lock that queues is a step); (2,0), (0,2), (1,Wq), (Wq,1), (2,Wg),
		// (Wg,2), (2,1), (1,2) 1 each; (2,2) none: 6 + 8 = 14. Deepest: (2,2)
		// at 4 (the hand-off path (1,0) (1,Wq) (2,Wg) (2,1) (2,2) is 5 long).
		name: "mutex pair",
		src: `
mutex m
process a { mutex_lock(m); cs: mutex_unlock(m) }
process b { mutex_lock(m); cs: mutex_unlock(m) }
invariant exclusive: !(a@cs && b@cs)
`,
		states: 12, transitions: 14, depth: 4,
	},
	{
		// p: at the choice, finished with x=1, finished with x=2 (3 positions);
		// q: before/after its skip (2): 6 states. p's two branches are enabled
		// in the 2 states where p is at the choice (4 transitions); q's skip in
		// the 3 states where q has not run (3): 7. Deepest: 2.
		name: "either",
		src: `
var x: 0..2
process p { either { x = 1 } or { x = 2 } }
process q { skip }
`,
		states: 6, transitions: 7, depth: 2,
	},
	{
		// The atomic block is one step: a has 2 positions, b 2: 4 states, and
		// the invariant never sees x = 1 or 2. a moves in 2 states, b in 2: 4.
		name: "atomic",
		src: `
var x: 0..3
process a { atomic { x = 1; x = 2; x = 3 } }
process b { skip }
invariant whole: x == 0 || x == 3
`,
		states: 4, transitions: 4, depth: 2,
	},
	{
		// The same three assignments as separate steps: a has 4 positions, b
		// 2: 8 states. a moves 3 times per b position (6), b once per a
		// position (4): 10 transitions. Deepest: 3 + 1 = 4.
		name: "atomic split",
		src: `
var x: 0..3
process a { x = 1; x = 2; x = 3 }
process b { skip }
`,
		states: 8, transitions: 10, depth: 4,
	},
}

func TestHandCountsHold(t *testing.T) {
	for _, c := range holdCounts {
		t.Run(c.name, func(t *testing.T) {
			p := compileSpec(t, c.src)
			for _, search := range searches {
				r := explore(t, p, explorer.Options{Search: search})
				require.Equal(t, explorer.Holds, r.Verdict, "%s: %v", search, r.Violation)
				assert.Equal(t, c.states, r.Stats.States, "%s states", search)
				assert.Equal(t, c.transitions, r.Stats.Transitions, "%s transitions", search)
				if search == explorer.BFS {
					assert.Equal(t, c.depth, r.Stats.MaxDepth, "BFS depth")
				}
			}
		})
	}
}

// Specs that fail. The search stops at the violation, so what it has stored
// by then depends on the order: the derivations follow Successors' order
// (pid, then node) and the explorer's queue (BFS) or stack (DFS).
type violCount struct {
	search              explorer.Search
	states, transitions int64
	traceLen            int
}

func TestHandCountsViolated(t *testing.T) {
	cases := []struct {
		name     string
		src      string
		kind     model.Kind
		property string
		counts   []violCount
	}{
		{
			// One process, so both orders walk the same line: pcs 0 (skip),
			// 1 (first lock), 2 (second lock: it queues behind a's own hold),
			// its wait half (blocked forever): 4 states, 3 transitions,
			// deadlock after 3 steps.
			name:     "relock deadlock",
			src:      `mutex m; process a { skip; mutex_lock(m); mutex_lock(m) }`,
			kind:     model.KindDeadlock,
			property: "deadlock",
			counts:   []violCount{{explorer.BFS, 4, 3, 3}, {explorer.DFS, 4, 3, 3}},
		},
		{
			// ABBA. pcs: 0 lock first, W1 its wait half, 1 lock second, W2
			// its wait half, 2 unlock second, 3 unlock first, 4 finished; a
			// wait half is queued (q) or handed the lock (g). (W2q,W2q) is
			// the deadlock: a holds m1 and queues on m2, b the converse.
			// BFS [states, transitions so far]: (0,0) -> (1,0), (0,1) [3, 2];
			// (1,0) -> (2,0), (1,1) [5, 4]; (0,1) -> (1,1) known, (0,2) [6, 6];
			// (2,0) -> (3,0), (2,W1q) [8, 8]; (1,1) -> (W2q,1), (1,W2q) [10,
			// 10]; (0,2) -> (W1q,2), (0,3) [12, 12]; (3,0) -> (4,0), (3,1) [14,
			// 14]; (2,W1q): a's unlock hands m2 to b, (3,W1g) [15, 15];
			// (W2q,1) -> (W2q,W2q) [16, 16]; (1,W2q) -> (W2q,W2q) known [16,
			// 17]; (W1q,2): b's unlock hands m1 to a, (W1g,3) [17, 18]; (0,3)
			// -> (1,3), (0,4) [19, 20]; (4,0) -> (4,1) [20, 21]; (3,1) -> (4,1)
			// known, (3,W2q) [21, 23]; (3,W1g) -> (4,W1g), (3,1) known [22, 25];
			// (W2q,W2q) has no step: deadlock, 4 steps.
			// DFS pops the last pushed: (0,0) -> (1,0), (0,1) [3, 2]; (0,1) ->
			// (1,1), (0,2) [5, 4]; (0,2) -> (W1q,2), (0,3) [7, 6]; (0,3) ->
			// (1,3), (0,4) [9, 8]; (0,4) -> (1,4) [10, 9]; (1,4) -> (2,4) [11,
			// 10]; (2,4) -> (3,4) [12, 11]; (3,4) -> (4,4) [13, 12], finished;
			// (1,3) -> (W2q,3), (1,4) known [14, 14]; (W2q,3): b's unlock hands
			// m2 to a, (W2g,4) [15, 15]; (W2g,4) -> (2,4) known [15, 16];
			// (W1q,2) -> (W1g,3) [16, 17]; (W1g,3) -> (1,3) known, (W1g,4) [17,
			// 19]; (W1g,4) -> (1,4) known [17, 20]; (1,1) -> (W2q,1), (1,W2q)
			// [19, 22]; (1,W2q) -> (W2q,W2q) [20, 23]: deadlock, 4 steps.
			name: "abba deadlock",
			src: `
mutex m1
mutex m2
process a { mutex_lock(m1); mutex_lock(m2); mutex_unlock(m2); mutex_unlock(m1) }
process b { mutex_lock(m2); mutex_lock(m1); mutex_unlock(m1); mutex_unlock(m2) }
`,
			kind:     model.KindDeadlock,
			property: "deadlock",
			counts:   []violCount{{explorer.BFS, 22, 25, 4}, {explorer.DFS, 20, 23, 4}},
		},
		{
			// pcs: a 0 (x = 1), 1 finished; b 0 (assert), 1 finished.
			// BFS: (0,0) -> (1,0) x=1, (0,1) [3 states, 2 trans]; (1,0): b's
			// assert fails [3, 3], trace 2 steps; (0,1) at the same depth has
			// a step, so it is no shorter deadlock.
			// DFS: (0,0) -> (1,0), (0,1) [3, 2]; (0,1) -> (1,1) [4, 3]; (1,1)
			// finished; (1,0): the assert fails [4, 4], trace 2 steps.
			name: "assertion",
			src: `
var x: 0..1
process a { x = 1 }
process b { assert x == 0 : "x is still 0" }
`,
			kind:     model.KindAssertion,
			property: "x is still 0",
			counts:   []violCount{{explorer.BFS, 3, 3, 2}, {explorer.DFS, 4, 4, 2}},
		},
		{
			// The non-atomic split breaks the invariant in the first state
			// after a's first step: (0,0) -> (1,0) x=1 is stored and breaks it
			// [2 states]. All steps of a state run together, so b's skip from
			// (0,0) runs too, though its successor is no longer stored [2
			// trans]. DFS alike: a's step comes first.
			name: "invariant",
			src: `
var x: 0..3
process a { x = 1; x = 2; x = 3 }
process b { skip }
invariant whole: x == 0 || x == 3
`,
			kind:     model.KindInvariant,
			property: "whole",
			counts:   []violCount{{explorer.BFS, 2, 2, 1}, {explorer.DFS, 2, 2, 1}},
		},
		{
			// BFS must prefer a shorter deadlock found after a longer
			// violation. The choice leads to S1 (x=1, at the assert) and S2
			// (x=2, at await false) [3 states, 2 trans]. BFS expands S1 first:
			// its assert fails, a 2-step trace [3, 3]; S2, at the same depth,
			// is a deadlock after 1 step, which wins. DFS pops S2 first and
			// stops there [3, 2].
			name: "shorter deadlock wins",
			src: `
var x: 0..2
process a { either { x = 1; assert false } or { x = 2; await false } }
`,
			kind:     model.KindDeadlock,
			property: "deadlock",
			counts:   []violCount{{explorer.BFS, 3, 3, 1}, {explorer.DFS, 3, 2, 1}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := compileSpec(t, c.src)
			for _, want := range c.counts {
				r := explore(t, p, explorer.Options{Search: want.search})
				require.Equal(t, explorer.Violated, r.Verdict, "%s", want.search)
				assert.Equal(t, c.kind, r.Violation.Kind, "%s", want.search)
				assert.Equal(t, c.property, r.Violation.Property, "%s", want.search)
				assert.Equal(t, want.states, r.Stats.States, "%s states", want.search)
				assert.Equal(t, want.transitions, r.Stats.Transitions, "%s transitions", want.search)
				assert.Len(t, r.Trace, want.traceLen, "%s trace", want.search)
				replay(t, p, r)
			}
		})
	}
}
