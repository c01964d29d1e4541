package compile_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/model"
)

// inlineLocalsHand is inline-locals.mc written out by hand: the inline
// locals as process locals, each return e as the assignment to the
// caller's variable.
const inlineLocalsHand = `
const N = 2
const LOCKED = 1
var refcnt: -3..3 = 1
var freed: bool
mutex lock
process owner {
    var last: bool
    var put_old: -3..3
    mutex_lock(lock)
    put_old = refcnt
    refcnt = put_old - 1
    last = put_old == 1
    if last {
        freed = true
    }
    mutex_unlock(lock)
}
process w[N] {
    var got: bool
    var last: bool
    var put_old: -3..3
    var get_old: -3..3
    if const LOCKED == 1 {
        mutex_lock(lock)
    }
    get_old = refcnt
    if get_old == 0 {
        got = false
        goto got_done
    }
    refcnt = get_old + 1
    assert !freed : "reference taken on a freed object"
    got = true
got_done:
    if const LOCKED == 1 {
        mutex_unlock(lock)
    }
    if got {
        mutex_lock(lock)
        put_old = refcnt
        refcnt = put_old - 1
        last = put_old == 1
        if last {
            freed = true
        }
        mutex_unlock(lock)
    }
}
invariant freed_means_unreferenced: freed => refcnt == 0
`

// TestInlineLocalsAreHandExpansion: inline locals and return values give
// the state graph of the spec written with process locals and plain
// assignments: same frames, states and transitions, with and without
// each reduction, for the fixed and the buggy setting.
func TestInlineLocalsAreHandExpansion(t *testing.T) {
	src, err := os.ReadFile("../testdata/examples/inline-locals.mc")
	require.NoError(t, err)
	for _, locked := range []int64{1, 0} {
		set := map[string]int64{"LOCKED": locked}
		got := mustCompile(t, string(src), set).Program
		hand := mustCompile(t, inlineLocalsHand, set).Program
		for i, pt := range got.Types {
			assert.Equal(t, hand.Types[i].FrameSize, pt.FrameSize, "frame of %s", pt.Name)
		}
		for _, opts := range []explorer.Options{{}, {POR: true}, {POR: true, Symmetry: true}} {
			a, err := explorer.Explore(got, opts)
			require.NoError(t, err)
			b, err := explorer.Explore(hand, opts)
			require.NoError(t, err)
			assert.Equal(t, b.Verdict, a.Verdict, "LOCKED=%d %+v", locked, opts)
			assert.Equal(t, b.Stats.States, a.Stats.States, "LOCKED=%d %+v", locked, opts)
			assert.Equal(t, b.Stats.Transitions, a.Stats.Transitions, "LOCKED=%d %+v", locked, opts)
		}
	}
}

// TestInlineLocalLayout: one copy of an inline's locals per instance of
// each process that expands it (directly or through another inline, and
// not through a branch an if const drops), after the process's own.
func TestInlineLocalLayout(t *testing.T) {
	p := mustCompile(t, `
const F = 0
var g: 0..3
inline inner() { var t: 0..3; t = g; g = t }
inline outer() { var u: bool; inner(); u = true }
inline unused() { var z: 0..3; z = 1 }
process a[2] { var mine: bool; outer(); if const F == 1 { unused() } }
process b { inner(); inner() }
`, nil).Program
	names := func(pt *model.ProcType) []string {
		var out []string
		for _, l := range pt.Locals {
			out = append(out, l.Name)
		}
		return out
	}
	assert.Equal(t, []string{"mine", "inner.t", "outer.u"}, names(p.Types[0]))
	assert.Equal(t, []string{"inner.t"}, names(p.Types[1]))
	var slots []string
	for _, s := range p.Slots {
		slots = append(slots, s.Name)
	}
	assert.Equal(t, []string{"g", "a[0].pc", "a[0].mine", "a[0].inner.t", "a[0].outer.u",
		"a[1].pc", "a[1].mine", "a[1].inner.t", "a[1].outer.u", "b.pc", "b.inner.t"}, slots)
}
