package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// prepare_to_wait queues the caller; schedule sleeps while it is queued;
// wake_up empties the queue (every waiter woken, autoremove_wake_function);
// a wake-up before schedule makes schedule return at once.
func TestWaitQueueSleepAndWake(t *testing.T) {
	d := newDriver(t, `
var wq: wait_queue_head
process w[2] { prepare_to_wait(wq); schedule(wq); finish_wait(wq) }
process k { wake_up(wq) }
`)
	d.steps("w[0]", "w[1]")
	d.requireValue("wq", "waited on by w[0], w[1]")
	d.requireBlocked("w[0]")
	require.Equal(t, "sleeps on wq until a wake_up", d.blocked("w[0]").Reason)
	require.Empty(t, d.blocked("w[0]").Holders)
	d.step("k")
	d.requireValue("wq", "empty")
	d.requireEnabled("w[0]: schedule(wq)", "w[1]: schedule(wq)")
	d.steps("w[0]", "w[0]", "w[1]", "w[1]")
	require.True(t, d.p.AllFinished(d.s))
}

// wait_event expands to check, prepare_to_wait, re-check, schedule: with the
// condition already true it takes one step and never queues.
func TestWaitEventSteps(t *testing.T) {
	d := newDriver(t, `
var ready: bool
var wq: wait_queue_head
process w { wait_event(wq, ready) }
process k { ready = true; wake_up(wq) }
`)
	d.step("w") // check: false
	d.step("w") // prepare_to_wait
	d.requireValue("wq", "waited on by w")
	d.step("w") // re-check: false
	d.requireBlocked("w")
	d.step("k")
	d.requireBlocked("w") // set, but not yet woken
	d.step("k")
	d.requireValue("wq", "empty")
	d.step("w") // schedule returns
	d.step("w") // prepare_to_wait again
	d.step("w") // re-check: true
	d.step("w") // finish_wait
	d.requireValue("wq", "empty")
	require.True(t, d.p.AllFinished(d.s))
}
