package model_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/model"
)

func TestSeqcountReadBeginWaitsWhileOdd(t *testing.T) {
	d := newDriver(t, `
seqcount c
process w exits_locked { write_seqcount_begin(c); write_seqcount_end(c) }
process r exits_locked { var v: 0..255; var raw: 0..255; raw = raw_read_seqcount(c); v = read_seqcount_begin(c) }
`)
	d.step("w")
	d.requireValue("c", "1")
	d.step("r") // raw_read_seqcount never waits and sees the odd count
	d.requireValue("r.raw", "1")
	d.requireEnabled("w: write_seqcount_end(c)")
	d.requireBlocked("r")
	require.Equal(t, "waits for c to be even (a writer is inside)", d.blocked("r").Reason)
	d.step("w")
	d.requireValue("c", "2")
	d.requireEnabled("r: v = read_seqcount_begin(c)")
	d.step("r")
	d.requireValue("r.v", "2")
}

func TestSeqcountRetry(t *testing.T) {
	src := `
seqcount c
var moved: bool
process r exits_locked { var v: 0..255; v = read_seqcount_begin(c); moved = read_seqcount_retry(c, v) }
process w exits_locked { write_seqcount_begin(c); write_seqcount_end(c) }
`
	d := newDriver(t, src) // no writer in between
	d.steps("r", "r")
	d.requireValue("moved", "false")

	d = newDriver(t, src) // a whole write section in between
	d.steps("r", "w", "w", "r")
	d.requireValue("r.v", "0")
	d.requireValue("moved", "true")

	d = newDriver(t, src) // a writer inside when the retry test runs
	d.steps("r", "w", "r")
	d.requireValue("moved", "true")
}

func TestSeqcountWriterMisuse(t *testing.T) {
	d := newDriver(t, `
seqcount c
process w1 exits_locked { write_seqcount_begin(c) }
process w2 exits_locked { write_seqcount_begin(c) }
`)
	d.step("w1")
	v := d.violation("w2", model.KindMisuse, "write_seqcount_begin unbalanced")
	require.Contains(t, v.Msg, "count 1 is already odd")

	d = newDriver(t, `
seqcount c
process w exits_locked { write_seqcount_end(c) }
`)
	v = d.violation("w", model.KindMisuse, "write_seqcount_end unbalanced")
	require.Contains(t, v.Msg, "count 0 is even")
}

// The count is 0..255 and wraps: 128 write sections bring it back to 0.
func TestSeqcountWraps(t *testing.T) {
	d := newDriver(t, `
seqcount c
process w exits_locked {
    var i: 0..200
    while i < 128 { write_seqcount_begin(c); write_seqcount_end(c); i++ }
}
`)
	for i := 0; i < 127; i++ {
		d.steps("w", "w", "w", "w") // test, begin, end, i++
	}
	d.requireValue("w.i", "127")
	d.requireValue("c", "254")
	d.steps("w", "w")
	d.requireValue("c", "255")
	d.step("w")
	d.requireValue("c", "0")
	d.steps("w", "w") // i++, the test fails
	require.True(t, d.p.AllFinished(d.s))
}

// Each case runs other to its end, then a up to its last statement, the
// assertion, which must pass or be the given violation.
func TestLockdepAssertHeld(t *testing.T) {
	cases := []struct {
		name, other, a string
		violation      string // "" when the assertion holds
	}{
		{"mutex held", "", "mutex_lock(m); lockdep_assert_held(m)", ""},
		{"mutex free", "", "lockdep_assert_held(m)", "lockdep_assert_held(m)"},
		{"mutex held by another", "mutex_lock(m)", "lockdep_assert_held(m)", "lockdep_assert_held(m)"},
		{"mutex released", "", "mutex_lock(m); mutex_unlock(m); lockdep_assert_held(m)", "lockdep_assert_held(m)"},
		{"spinlock held", "", "spin_lock(s); lockdep_assert_held(s)", ""},
		{"spinlock held by another", "spin_lock(s)", "lockdep_assert_held(s)", "lockdep_assert_held(s)"},
		{"rwsem read", "down_read(l)", "down_read(l); lockdep_assert_held(l)", ""},
		{"rwsem write", "", "down_write(l); lockdep_assert_held(l)", ""},
		{"rwsem free", "", "lockdep_assert_held(l)", "lockdep_assert_held(l)"},
		{"rwsem read by another", "down_read(l)", "lockdep_assert_held(l)", "lockdep_assert_held(l)"},
		{"rwsem write by another", "down_write(l)", "lockdep_assert_held(l)", "lockdep_assert_held(l)"},
		{"held_write with write", "", "down_write(l); lockdep_assert_held_write(l)", ""},
		{"held_write after downgrade", "", "down_write(l); downgrade_write(l); lockdep_assert_held_write(l)", "lockdep_assert_held_write(l)"},
		{"held_write with read", "", "down_read(l); lockdep_assert_held_write(l)", "lockdep_assert_held_write(l)"},
		{"held_write by another", "down_write(l)", "lockdep_assert_held_write(l)", "lockdep_assert_held_write(l)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newDriver(t, `
mutex m
spinlock s
rw_semaphore l
process other exits_locked { `+c.other+` }
process a exits_locked { `+c.a+` }
`)
			for !d.p.Finished(d.s, d.pid("other")) {
				d.step("other")
			}
			for range strings.Count(c.a, ";") {
				d.step("a")
			}
			if c.violation == "" {
				d.step("a")
				require.True(t, d.p.AllFinished(d.s))
				return
			}
			d.violation("a", model.KindAssertion, c.violation)
		})
	}
}
