package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/model"
)

func TestMutexLockBlocksWhileHeld(t *testing.T) {
	d := newDriver(t, `
mutex m
var x: 0..2
process a exits_locked { mutex_lock(m); x = 1; mutex_unlock(m) }
process b exits_locked { mutex_lock(m); x = 2; mutex_unlock(m) }
`)
	d.requireEnabled("a: mutex_lock(m)", "b: mutex_lock(m)")
	d.requireValue("m", "unlocked")
	d.step("a")
	d.requireValue("m", "held by a")
	d.requireEnabled("a: x = 1", "b: mutex_lock(m)")
	d.step("b") // b joins the wait list
	d.requireValue("m", "held by a; queued: b")
	d.requireEnabled("a: x = 1")
	d.requireBlocked("b")
	blk := d.blocked("b")
	require.Equal(t, "waits for m, held by a", blk.Reason)
	require.Equal(t, []int{d.pid("a")}, blk.Holders)
	d.steps("a", "a") // the unlock hands m to b
	d.requireValue("m", "held by b")
	d.requireValue("x", "1")
	d.requireEnabled("b: mutex_lock(m)")
	d.steps("b", "b", "b")
	d.requireValue("x", "2")
	require.True(t, d.p.AllFinished(d.s))
	d.requireEnabled()
}

func TestMutexRelockByOwnerBlocksForever(t *testing.T) {
	d := newDriver(t, `
mutex m
process a exits_locked { mutex_lock(m); mutex_lock(m) }
`)
	d.steps("a", "a") // the second joins the queue behind a's own hold
	d.requireEnabled()
	d.requireBlocked("a")
	require.False(t, d.p.AllFinished(d.s))
	blk := d.blocked("a")
	require.Equal(t, "m is already held by a itself", blk.Reason)
	require.Equal(t, []int{0}, blk.Holders)
}

func TestMutexUnlockByNonOwner(t *testing.T) {
	src := `
mutex m
process a exits_locked { mutex_lock(m) }
process b exits_locked { mutex_unlock(m) }
`
	d := newDriver(t, src)
	d.step("a")
	v := d.violation("b", model.KindMisuse, "mutex_unlock by non-owner")
	require.Contains(t, v.Msg, "held by a")

	d = newDriver(t, src) // nobody holds it
	v = d.violation("b", model.KindMisuse, "mutex_unlock by non-owner")
	require.Contains(t, v.Msg, "not held")
}

func TestMutexTrylock(t *testing.T) {
	d := newDriver(t, `
mutex m
var got: 0..2
process a exits_locked { if mutex_trylock(m) { got = 1 } else { got = 2 } }
process b exits_locked { mutex_lock(m); mutex_unlock(m) }
`)
	d.step("b")
	d.step("a") // the trylock fails: m stays b's
	d.requireValue("m", "held by b")
	d.step("a")
	d.requireValue("got", "2")
	d.step("b")
	d.requireValue("m", "unlocked")
}

func TestMutexTrylockSucceeds(t *testing.T) {
	d := newDriver(t, `
mutex m
var got: bool
process a exits_locked { got = mutex_trylock(m) }
process b exits_locked { mutex_lock(m) }
`)
	d.step("a")
	d.requireValue("got", "true")
	d.requireValue("m", "held by a")
	d.step("b")
	d.requireBlocked("b")
	require.Equal(t, "waits for m, held by a", d.blocked("b").Reason)
}

func TestMutexIsLocked(t *testing.T) {
	d := newDriver(t, `
mutex m
var before: bool
var after: bool
process a exits_locked { before = mutex_is_locked(m); mutex_lock(m); after = mutex_is_locked(m) }
`)
	d.steps("a", "a", "a")
	d.requireValue("before", "false")
	d.requireValue("after", "true")
}

func TestSpinlock(t *testing.T) {
	d := newDriver(t, `
spinlock s
spinlock t
var got: bool
process a exits_locked { spin_lock(s); spin_lock(t); spin_unlock(t); spin_unlock(s) }
process b exits_locked { got = spin_trylock(s) }
`)
	d.step("a")
	d.requireValue("s", "held by a")
	d.step("b") // spin_trylock fails while a holds s
	d.requireValue("got", "false")
	d.step("a") // spin_lock under spin_lock is fine
	d.requireValue("t", "held by a")
	d.steps("a", "a")
	d.requireValue("s", "unlocked")
	d.requireValue("t", "unlocked")
	require.True(t, d.p.AllFinished(d.s))
}

func TestSpinLockBlocksWhileHeld(t *testing.T) {
	d := newDriver(t, `
spinlock s
process a exits_locked { spin_lock(s); spin_unlock(s) }
process b exits_locked { spin_lock(s); spin_unlock(s) }
`)
	d.steps("b", "a") // a queues
	d.requireEnabled("b: spin_unlock(s)")
	d.requireBlocked("a")
	require.Equal(t, "waits for s, held by b", d.blocked("a").Reason)
	d.step("b")
	d.requireValue("s", "held by a") // handed over
	d.requireEnabled("a: spin_lock(s)")
}

func TestSpinUnlockByNonOwner(t *testing.T) {
	d := newDriver(t, `
spinlock s
process a exits_locked { spin_lock(s) }
process b exits_locked { spin_unlock(s) }
`)
	d.step("a")
	d.violation("b", model.KindMisuse, "spin_unlock by non-owner")
}

// Sleeping in atomic context is reported as soon as the sleeping call is
// reached, whether or not the lock is free, and even when it is held by
// someone else (might_sleep fires before the lock is looked at).
func TestSleepInAtomicContext(t *testing.T) {
	for _, call := range []string{"mutex_lock(m)", "down_read(r)", "down_write(r)"} {
		t.Run(call, func(t *testing.T) {
			src := `
spinlock s
mutex m
rw_semaphore r
process a exits_locked { spin_lock(s); ` + call + ` }
process b exits_locked { mutex_lock(m); down_write(r) }
`
			d := newDriver(t, src) // the lock is free
			d.step("a")
			d.requireEnabled("a: "+call, "b: mutex_lock(m)")
			v := d.violation("a", model.KindMisuse, "sleeping in atomic context")
			require.Contains(t, v.Msg, "holds spinlock s")

			d = newDriver(t, src) // the lock is held by b
			d.steps("b", "b", "a")
			d.requireEnabled("a: " + call)
			d.violation("a", model.KindMisuse, "sleeping in atomic context")
		})
	}
}

// After the spinlock is released, sleeping is fine again.
func TestSleepAfterSpinUnlock(t *testing.T) {
	d := newDriver(t, `
spinlock s
mutex m
process a exits_locked { spin_lock(s); spin_unlock(s); mutex_lock(m) }
`)
	d.steps("a", "a", "a")
	d.requireValue("m", "held by a")
	require.True(t, d.p.AllFinished(d.s))
}

// Waiters are served in arrival order: the release hands the lock to the
// head of the queue, and nobody passes a waiter (MUTEX_FLAG_HANDOFF; a
// qspinlock's MCS queue).
func TestLockWaitersFIFO(t *testing.T) {
	for _, k := range []struct{ decl, lock, unlock, try string }{
		{"mutex m", "mutex_lock(m)", "mutex_unlock(m)", "mutex_trylock(m)"},
		{"spinlock m", "spin_lock(m)", "spin_unlock(m)", "spin_trylock(m)"},
	} {
		d := newDriver(t, k.decl+`
var got: bool
process a exits_locked { `+k.lock+`; `+k.unlock+`; got = `+k.try+` }
process b exits_locked { `+k.lock+`; `+k.unlock+` }
process c exits_locked { `+k.lock+`; `+k.unlock+` }
`)
		d.steps("a", "c", "b") // a takes m; c queues, then b
		d.requireValue("m", "held by a; queued: c, b")
		require.Equal(t, "waits for m, held by a, queued behind c", d.blocked("b").Reason)
		require.Equal(t, []int{d.pid("a")}, d.blocked("b").Holders)
		d.requireEnabled("a: " + k.unlock)
		d.step("a") // hands m to c, the head
		d.requireValue("m", "held by c; queued: b")
		d.requireEnabled("a: got = "+k.try, "c: "+k.lock)
		d.step("a") // the trylock fails: m is c's
		d.requireValue("got", "false")
		d.steps("c", "c") // c's wait half, then its unlock hands m to b
		d.requireValue("m", "held by b")
		d.steps("b", "b")
		d.requireValue("m", "unlocked")
		require.True(t, d.p.AllFinished(d.s))
	}
}
