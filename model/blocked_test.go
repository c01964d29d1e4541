package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A process at an either with every branch blocked gives each reason. A
// contended mutex_lock is no such branch: it joins the wait list, and the
// process is then committed to it.
func TestBlockedEitherReasons(t *testing.T) {
	d := newDriver(t, `
mutex m
var x: 0..1
var y: 0..1
process a exits_locked { either { await y == 1 } or { await x == 1 } }
process b exits_locked { mutex_lock(m); x = 1 }
process c exits_locked { either { mutex_lock(m) } or { await x == 1 } }
`)
	d.step("b")
	b := d.blocked("a")
	require.Equal(t, "waits until y == 1; or waits until x == 1", b.Reason)
	require.Empty(t, b.Holders)
	d.requireEnabled("b: x = 1", "c: mutex_lock(m)")
	d.step("c") // c queues on m
	require.Equal(t, "waits for m, held by b", d.blocked("c").Reason)
	require.Equal(t, []int{d.pid("b")}, d.blocked("c").Holders)
	d.step("b") // x = 1: a's await branch is enabled, c stays queued
	d.requireEnabled("a: await x == 1")
}

// Arrays of locks and locks in structs are named element by element.
func TestLockArraysAndFields(t *testing.T) {
	d := newDriver(t, `
struct page { lock: mutex; dirty: bool }
var pages: [2]page
spinlock ptl[2]
process p[2] exits_locked { mutex_lock(pages[self].lock); spin_lock(ptl[1 - self]) }
process q exits_locked { mutex_lock(pages[1].lock) }
`)
	d.steps("p[1]", "p[1]")
	d.requireValue("pages[1].lock", "held by p[1]")
	d.requireValue("pages[0].lock", "unlocked")
	d.requireValue("ptl[0]", "held by p[1]")
	d.requireValue("ptl[1]", "unlocked")
	d.step("q")
	d.requireBlocked("q")
	b := d.blocked("q")
	require.Equal(t, "waits for pages[1].lock, held by p[1]", b.Reason)
	require.Equal(t, []int{d.pid("p[1]")}, b.Holders)
	d.step("p[0]")
	d.requireEnabled("p[0]: spin_lock(ptl[1 - self])")
}

// A dynamically indexed lock: the holder is found through the index. (The
// object is named as written, "locks[1 - self]"; that may well improve.)
func TestBlockedReasonDynamicIndex(t *testing.T) {
	d := newDriver(t, `
mutex locks[2]
process p[2] exits_locked { mutex_lock(locks[self]); mutex_lock(locks[1 - self]) }
`)
	d.steps("p[0]", "p[1]", "p[0]", "p[1]") // ABBA: each holds its own lock and queues on the other's
	d.requireEnabled()
	require.Contains(t, d.blocked("p[0]").Reason, ", held by p[1]")
	require.Equal(t, []int{d.pid("p[1]")}, d.blocked("p[0]").Holders)
	require.Contains(t, d.blocked("p[1]").Reason, ", held by p[0]")
	require.Equal(t, []int{d.pid("p[0]")}, d.blocked("p[1]").Holders)
}
