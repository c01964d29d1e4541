package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/model"
)

func TestRcuNestingAndMisuse(t *testing.T) {
	d := newDriver(t, `
process r exits_locked { rcu_read_lock(); rcu_read_lock(); rcu_read_unlock(); rcu_read_unlock(); rcu_read_unlock() }
`)
	d.requireValue("rcu", "no readers")
	d.steps("r", "r")
	d.requireValue("rcu", "readers: rx2")
	d.steps("r", "r")
	d.requireValue("rcu", "no readers")
	d.violation("r", model.KindMisuse, "rcu_read_unlock without rcu_read_lock")
}

func TestRcuNestLimit(t *testing.T) {
	d := newDriver(t, `
process r exits_locked { rcu_read_lock(); rcu_read_lock(); rcu_read_lock(); rcu_read_lock() }
`)
	d.steps("r", "r", "r")
	d.violation("r", model.KindMisuse, "rcu_read_lock nested too deeply")
}

// synchronize_rcu waits for the readers inside a section at its first step,
// each until it leaves its outermost section, and for no reader that enters
// later.
func TestSynchronizeRcuWaitsForSnapshot(t *testing.T) {
	d := newDriver(t, `
process a exits_locked { rcu_read_lock(); rcu_read_lock(); rcu_read_unlock(); rcu_read_unlock() }
process b exits_locked { rcu_read_lock(); rcu_read_unlock() }
process u exits_locked { synchronize_rcu(); skip }
`)
	d.steps("a", "a") // a is two sections deep
	d.step("u")       // the snapshot: {a}
	d.requireValue("rcu", "readers: ax2; synchronize_rcu in u waits for a")
	d.requireBlocked("u")
	bl := d.blocked("u")
	require.Equal(t, "waits in synchronize_rcu for the RCU read-side sections of a", bl.Reason)
	require.Equal(t, []int{d.pid("a")}, bl.Holders)
	d.step("b") // a new reader: not waited for
	d.step("a") // leaves the inner section only
	d.requireBlocked("u")
	d.step("a") // leaves the outermost: the grace period ends
	d.requireValue("rcu", "readers: b")
	d.step("u") // returns although b is still inside
	d.requireEnabled("b: rcu_read_unlock()", "u: skip")
}

func TestSynchronizeRcuNoReaders(t *testing.T) {
	d := newDriver(t, `
process u exits_locked { synchronize_rcu(); skip }
`)
	d.step("u") // nobody inside: returns in one step
	d.requireEnabled("u: skip")
}

func TestSynchronizeRcuInsideReaderIsMisuse(t *testing.T) {
	d := newDriver(t, `
process u exits_locked { rcu_read_lock(); synchronize_rcu() }
`)
	d.step("u")
	d.violation("u", model.KindMisuse, "sleeping in an RCU read-side critical section")
}

func TestSleepInRcuIsMisuse(t *testing.T) {
	d := newDriver(t, `
mutex m
process h exits_locked { mutex_lock(m) }
process r exits_locked { rcu_read_lock(); mutex_lock(m) }
`)
	d.step("h") // m is held: the call would block, but might_sleep fires first
	d.step("r")
	d.violation("r", model.KindMisuse, "sleeping in an RCU read-side critical section")
}

func TestRcuReadLockHeld(t *testing.T) {
	d := newDriver(t, `
var in: bool
var out: bool = true
process r exits_locked { out = rcu_read_lock_held(); rcu_read_lock(); in = rcu_read_lock_held(); rcu_read_unlock() }
`)
	d.steps("r", "r", "r")
	d.requireValue("out", "false")
	d.requireValue("in", "true")
}
