package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/model"
)

// TestRangeLockFIFO is the example in range_lock.h's header comment (Bueso,
// 2018): A holds [a,n]; B asks for [g,z] (one blocking range, A); C asks
// for [b,m] (two, A and B). A's release leaves B none and C one: B is
// granted, C still waits for B although A, whose range covers C's, is gone.
func TestRangeLockFIFO(t *testing.T) {
	d := newDriver(t, `
var l: range_lock(6, 3)
process A exits_locked { range_write_lock(l, 0, 4); range_write_unlock(l, 0, 4) }
process B exits_locked { range_write_lock(l, 2, 6); range_write_unlock(l, 2, 6) }
process C exits_locked { range_write_lock(l, 1, 3); range_write_unlock(l, 1, 3) }
`)
	d.steps("A", "B", "C")
	d.requireValue("l", "[0,4) write-held by A; [2,6) write, queued by B; [1,3) write, queued by C")
	require.Equal(t, "waits to write [1,3) of l, behind [0,4) write-held by A, [2,6) write, queued by B", d.blocked("C").Reason)
	require.Equal(t, []int{d.pid("A"), d.pid("B")}, d.blocked("C").Holders)
	d.requireEnabled("A: range_write_unlock(l, 0, 4)")
	d.step("A")
	d.requireValue("l", "[2,6) write-held by B; [1,3) write, queued by C")
	d.requireEnabled("B: range_write_lock(l, 2, 6)") // B's wait half: granted
	d.requireBlocked("C")
	d.steps("B", "B")
	d.requireValue("l", "[1,3) write-held by C")
	d.steps("C", "C")
	d.requireValue("l", "unlocked")
	require.True(t, d.p.AllFinished(d.s))
}

// TestRangeLockReaders: overlapping readers share; a reader waits only for
// an earlier overlapping writer (held or queued), so one that overlaps a
// held reader but not the queued writer goes ahead of the writer.
func TestRangeLockReaders(t *testing.T) {
	d := newDriver(t, `
var l: range_lock(4, 4)
process r1 exits_locked { range_read_lock(l, 0, 2) }
process w exits_locked { range_write_lock(l, 1, 3) }
process r2 exits_locked { range_read_lock(l, 0, 1) }
process r3 exits_locked { range_read_lock(l, 2, 4) }
`)
	d.steps("r1", "w", "r2", "r3")
	d.requireValue("l", "[0,2) read-held by r1; [1,3) write, queued by w; [0,1) read-held by r2; [2,4) read, queued by r3")
	require.Equal(t, "waits to read [2,4) of l, behind [1,3) write, queued by w", d.blocked("r3").Reason)
	require.Equal(t, []model.Hold{{Lock: 0, Name: "l", Mode: model.HoldRead, Count: 1}}, d.p.Holds(d.s, d.pid("r2")))
	require.Empty(t, d.p.Holds(d.s, d.pid("w")))
	mode, queued := d.p.Queued(d.s, 0, d.pid("w"))
	require.True(t, queued)
	require.Equal(t, model.HoldWrite, mode)
}

// TestRangeLockDowngrade: range_downgrade_write grants the later readers
// that only it blocked, not those behind a queued writer.
func TestRangeLockDowngrade(t *testing.T) {
	d := newDriver(t, `
var l: range_lock(4, 3)
process w exits_locked { range_write_lock(l, 0, 3); range_downgrade_write(l, 0, 3) }
process r exits_locked { range_read_lock(l, 1, 2) }
process v exits_locked { range_write_lock(l, 2, 4) }
`)
	d.steps("w", "r", "v")
	d.requireValue("l", "[0,3) write-held by w; [1,2) read, queued by r; [2,4) write, queued by v")
	d.step("w")
	d.requireValue("l", "[0,3) read-held by w; [1,2) read-held by r; [2,4) write, queued by v")
	d.requireEnabled("r: range_read_lock(l, 1, 2)")
}

// TestRangeLockTrylock: range_read_trylock fails on an overlapping writer
// even if it is only queued; range_write_trylock fails on a range inside
// the span of the tree's ranges although it overlaps none (the patch's
// __range_overlaps_intree), and succeeds outside it.
func TestRangeLockTrylock(t *testing.T) {
	d := newDriver(t, `
var l: range_lock(6, 4)
var got: [4]bool
process a exits_locked { range_read_lock(l, 0, 1); range_read_lock(l, 3, 4) }
process b exits_locked {
    got[0] = range_write_trylock(l, 1, 3)
    got[1] = range_read_trylock(l, 1, 3)
    got[2] = range_write_trylock(l, 4, 6)
    got[3] = range_read_trylock(l, 5, 6)
}
`)
	d.steps("a", "a", "b", "b", "b", "b")
	for i, want := range []string{"false", "true", "true", "false"} {
		d.requireValue("got["+string(rune('0'+i))+"]", want)
	}
	d.requireValue("l", "[0,1) read-held by a; [3,4) read-held by a; [1,3) read-held by b; [4,6) write-held by b")
}

// TestRangeLockMisuse: a range computed out of bounds, an unlock of a range
// or mode not held, more ranges than the declaration keeps.
func TestRangeLockMisuse(t *testing.T) {
	for _, c := range []struct{ body, prop, msg string }{
		{"range_write_lock(l, x, x)", "bad range", "range_write_lock(l, 2, 2): [2,2) is not a nonempty range within 0..4"},
		{"range_read_unlock(l, 0, 1)", "range_read_unlock of a range not held", "range_read_unlock(l, 0, 1) by p, which holds no read lock on [0,1) of it"},
		{"range_write_lock(l, 0, 2); range_write_unlock(l, 0, 1)", "range_write_unlock of a range not held", "range_write_unlock(l, 0, 1) by p, which holds no write lock on [0,1) of it"},
		{"range_write_lock(l, 0, 2); range_read_unlock(l, 0, 2)", "range_read_unlock of a range not held", "range_read_unlock(l, 0, 2) by p, which holds no read lock on [0,2) of it"},
		{"range_read_lock(l, 0, 1); range_read_lock(l, 1, 2); range_read_lock(l, 2, 3)", "too many ranges",
			"range_read_lock(l, 2, 3) by p: l already has 2 ranges held or queued, all that range_lock(4, 2) keeps"},
		{"range_downgrade_write(l, 0, 1)", "range_downgrade_write of a range not held", "range_downgrade_write(l, 0, 1) by p, which holds no write lock on [0,1) of it"},
	} {
		d := newDriver(t, "var l: range_lock(4, 2)\nvar x: 0..3 = 2\nprocess p exits_locked { "+c.body+" }\n")
		var v *model.Violation
		for v == nil && !d.p.AllFinished(d.s) {
			v = d.try("p")
		}
		require.NotNil(t, v, c.body)
		require.Equal(t, model.KindMisuse, v.Kind, c.body)
		require.Equal(t, c.prop, v.Property, c.body)
		require.Equal(t, c.msg, v.Msg, c.body)
	}
}

// TestRangeLockCounts: state counts by hand, without reductions. Two
// writers a [0,2) and b [1,3): with the list in brackets, the states are
// 1 (a0 b0 []), 2 (a1 b0 [A]), 3 (a0 b1 [B]), 4 (a2 b0 []), 5 (a1 bW
// [A B]), 6 (a0 b2 []), 7 (aW b1 [B A]), 8 (a2 b1 [B]), 9 (a2 bW [B],
// granted), 10 (a1 b2 [A]), 11 (aW b2 [A], granted), 12 (a2 b2 []): 12
// states, 14 transitions (1-2, 1-3, 2-4, 2-5, 3-6, 3-7, 4-8, 5-9, 6-10,
// 7-11, 8-12, 9-8, 10-12, 11-10). A reader c on the disjoint [3,4): before
// and after it holds, the 12 states (24); while it holds, its place in the
// list: one per ab state with an empty list (4), two with one range (6),
// three with two (2): 22; 46 states. Transitions: 14 in each of the outer
// layers, 26 in the middle one (each ab transition once per place of c in
// its source's list), c's lock 12 and unlock 22: 88.
func TestRangeLockCounts(t *testing.T) {
	two := `
var l: range_lock(4, 3)
process a { range_write_lock(l, 0, 2); range_write_unlock(l, 0, 2) }
process b { range_write_lock(l, 1, 3); range_write_unlock(l, 1, 3) }
`
	three := two + "process c { range_read_lock(l, 3, 4); range_read_unlock(l, 3, 4) }\n"
	for _, c := range []struct {
		src           string
		states, trans int64
	}{{two, 12, 14}, {three, 46, 88}} {
		r, err := explorer.Explore(compileSpec(t, c.src), explorer.Options{})
		require.NoError(t, err)
		require.Equal(t, explorer.Holds, r.Verdict)
		require.Equal(t, c.states, r.Stats.States)
		require.Equal(t, c.trans, r.Stats.Transitions)
	}
}
