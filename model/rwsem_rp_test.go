package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// reader_pref_rwsem: a reader enters whenever no writer holds the lock,
// queued writers or not; writers wait as a set and take it once it is free.
func TestReaderPrefRwsem(t *testing.T) {
	d := newDriver(t, `
var l: reader_pref_rwsem
process r1 exits_locked { down_read(l); up_read(l) }
process w exits_locked { down_write(l); up_write(l) }
process r2 exits_locked { down_read(l); up_read(l) }
`)
	d.steps("r1", "w")
	d.requireValue("l", "read-held by r1; writer queued: w")
	d.step("r2") // no writer inside: r2 passes the queued writer
	d.requireValue("l", "read-held by r1, r2; writer queued: w")
	d.requireBlocked("w")
	require.Equal(t, "queued to write l, read-held by r1, r2", d.blocked("w").Reason)
	require.Equal(t, []int{d.pid("r1"), d.pid("r2")}, d.blocked("w").Holders)
	d.steps("r1", "r2")
	d.requireValue("l", "writer queued: w") // free, but w must take it itself
	d.requireEnabled("w: down_write(l)")
	d.step("w")
	d.requireValue("l", "write-held by w")
}

func TestReaderPrefRwsemReaderWaitsForWriter(t *testing.T) {
	d := newDriver(t, `
var l: reader_pref_rwsem
process w exits_locked { down_write(l); up_write(l) }
process r exits_locked { down_read(l); up_read(l) }
`)
	d.steps("w", "r") // r waits for the writer inside
	d.requireValue("l", "write-held by w")
	d.requireBlocked("r")
	require.Equal(t, "waits to read l, write-held by w", d.blocked("r").Reason)
	d.step("w")
	d.requireEnabled("r: down_read(l)")
	d.step("r")
	d.requireValue("l", "read-held by r")
}
