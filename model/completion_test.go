package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/model"
)

// complete() lets one waiter through per call; wait_for_completion blocks
// on 0 and names why; complete_all() lets every waiter through and stays
// (kernel/sched/completion.c: done == UINT_MAX is never decremented).
func TestCompletionCountsAndCompleteAll(t *testing.T) {
	d := newDriver(t, `
var c: completion
process w[2] { wait_for_completion(c) }
process one { complete(c) }
process all { complete_all(c) }
`)
	d.requireBlocked("w[0]")
	d.requireBlocked("w[1]")
	require.Equal(t, "waits for c (done is 0: no complete() yet)", d.blocked("w[0]").Reason)
	require.Empty(t, d.blocked("w[0]").Holders)
	d.step("one")
	d.requireValue("c", "1")
	d.requireEnabled("w[0]: wait_for_completion(c)", "w[1]: wait_for_completion(c)", "all: complete_all(c)")
	d.step("w[0]")
	d.requireValue("c", "0")
	d.requireBlocked("w[1]")
	d.step("all")
	d.requireValue("c", "all (complete_all)")
	d.step("w[1]")
	d.requireValue("c", "all (complete_all)")
	require.True(t, d.p.AllFinished(d.s))
}

// complete() after complete_all() keeps UINT_MAX (no wrap to 0), and
// reinit_completion() starts counting again.
func TestCompletionSaturatesAndReinit(t *testing.T) {
	d := newDriver(t, `
var c: completion
var got: bool
process p {
    complete_all(c)
    complete(c)
    got = try_wait_for_completion(c)
    reinit_completion(c)
    got = try_wait_for_completion(c)
    got = completion_done(c)
}
`)
	d.steps("p", "p")
	d.requireValue("c", "all (complete_all)")
	d.step("p")
	d.requireValue("got", "true")
	d.requireValue("c", "all (complete_all)")
	d.step("p")
	d.requireValue("c", "0")
	d.step("p")
	d.requireValue("got", "false")
	d.step("p")
	d.requireValue("got", "false")
}

// The model counts at most CompletionMax pending completions; one more is a
// range violation at the complete() that crosses it.
func TestCompletionBound(t *testing.T) {
	d := newDriver(t, `
var c: completion
process p { while true { complete(c) } }
`)
	for i := 0; i < model.CompletionMax; i++ {
		d.steps("p", "p")
	}
	d.requireValue("c", "7")
	d.step("p") // the loop test
	v := d.violation("p", model.KindRange, "complete(c) beyond the model's bound")
	require.Contains(t, v.Msg, "done is already 7")
}
