package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The writer sets block at once, then waits for the readers inside; new
// readers wait behind block; percpu_up_write lets them in.
func TestPercpuRwsemWriterBlocksNewReaders(t *testing.T) {
	d := newDriver(t, `
var sem: percpu_rw_semaphore
process r[2] { percpu_down_read(sem); percpu_up_read(sem) }
process w { percpu_down_write(sem); percpu_up_write(sem) }
`)
	d.step("r[0]")
	d.requireValue("sem", "read-held by r[0]")
	d.step("w") // block set, r[0] still inside: w waits for it
	d.requireValue("sem", "write-held by w; read-held by r[0]")
	require.Equal(t, "waits for the readers of sem to drain: r[0]", d.blocked("w").Reason)
	require.Equal(t, []int{d.pid("r[0]")}, d.blocked("w").Holders)
	require.Equal(t, "waits to read sem: writer w has blocked new readers", d.blocked("r[1]").Reason)
	d.requireEnabled("r[0]: percpu_up_read(sem)")
	d.step("r[0]")
	d.requireEnabled("w: percpu_down_write(sem)")
	d.steps("w", "w")
	d.requireValue("sem", "unlocked")
	d.steps("r[1]", "r[1]")
	require.True(t, d.p.AllFinished(d.s))
}

// Read holds must be balanced and only the writer releases the write hold.
func TestPercpuRwsemMisuse(t *testing.T) {
	d := newDriver(t, `
var sem: percpu_rw_semaphore
process p { percpu_up_read(sem) }
process q { percpu_up_write(sem) }
`)
	require.Equal(t, "percpu_up_read(sem) by p, which holds no read lock on it",
		d.violation("p", "misuse", "percpu_up_read without percpu_down_read").Msg)
	require.Contains(t, d.violation("q", "misuse", "percpu_up_write by non-owner").Msg, "percpu_up_write(sem) by q")
}
