package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/model"
)

func TestRwsemReadersShareWriterExcludes(t *testing.T) {
	d := newDriver(t, `
rw_semaphore l
process r[2] exits_locked { down_read(l); up_read(l) }
process w exits_locked { down_write(l); up_write(l) }
`)
	d.steps("r[0]", "r[1]")
	d.requireValue("l", "read-held by r[0], r[1]")
	d.step("w") // l is held: w queues
	d.requireValue("l", "read-held by r[0], r[1]; writer queued: w")
	d.requireEnabled("r[0]: up_read(l)", "r[1]: up_read(l)")
	blk := d.blocked("w")
	require.Equal(t, "queued to write l, read-held by r[0], r[1]", blk.Reason)
	require.Equal(t, []int{d.pid("r[0]"), d.pid("r[1]")}, blk.Holders)
	d.step("r[0]")
	d.requireBlocked("w")
	d.step("r[1]") // the last reader leaves and hands the lock to w
	d.requireValue("l", "write-held by w")
	d.requireEnabled("w: down_write(l)") // the wait half
	d.step("w")
	d.requireValue("l", "write-held by w")
	d.requireEnabled("w: up_write(l)")
	d.step("w")
	d.requireValue("l", "unlocked")
	require.True(t, d.p.AllFinished(d.s))
}

func TestRwsemWriterBlocksReaders(t *testing.T) {
	d := newDriver(t, `
rw_semaphore l
process w exits_locked { down_write(l); up_write(l) }
process r exits_locked { down_read(l); up_read(l) }
process w2 exits_locked { down_write(l); up_write(l) }
`)
	d.step("w") // free: taken in one step
	d.requireValue("l", "write-held by w")
	d.step("r") // held: r joins the wait list
	d.requireValue("l", "write-held by w; reader queued: r")
	d.requireBlocked("r")
	require.Equal(t, "waits to read l, write-held by w", d.blocked("r").Reason)
	require.Equal(t, []int{d.pid("w")}, d.blocked("r").Holders)
	d.requireEnabled("w: up_write(l)", "w2: down_write(l)")
	d.step("w2") // queues behind r
	d.requireValue("l", "write-held by w; reader queued: r; writer queued: w2")
	require.Equal(t, "queued to write l, write-held by w", d.blocked("w2").Reason)
	d.step("w") // hands off to the head of the list: r
	d.requireValue("l", "read-held by r; writer queued: w2")
	d.requireEnabled("r: down_read(l)")
	require.Equal(t, "queued to write l, read-held by r", d.blocked("w2").Reason)
	d.steps("r", "r") // the wait half, then up_read hands off to w2
	d.requireValue("l", "write-held by w2")
	d.requireEnabled("w2: down_write(l)")
}

// FIFO: a writer queued first gets the lock before a reader queued after it.
func TestRwsemWaitListOrder(t *testing.T) {
	d := newDriver(t, `
rw_semaphore l
process w exits_locked { down_write(l); up_write(l) }
process w2 exits_locked { down_write(l); up_write(l) }
process r exits_locked { down_read(l); up_read(l) }
`)
	d.steps("w", "w2", "r")
	d.requireValue("l", "write-held by w; writer queued: w2; reader queued: r (after w2)")
	d.step("w")
	d.requireValue("l", "write-held by w2; reader queued: r")
	d.requireEnabled("w2: down_write(l)")
	d.requireBlocked("r")
	require.Equal(t, "waits to read l, write-held by w2", d.blocked("r").Reason)
}

// A reader at the head wakes every queued reader, also those behind a
// queued writer (rwsem_mark_wake); the writer keeps its place.
func TestRwsemWakesAllReaders(t *testing.T) {
	d := newDriver(t, `
rw_semaphore l
process w exits_locked { down_write(l); up_write(l) }
process r1 exits_locked { down_read(l); up_read(l) }
process w2 exits_locked { down_write(l); up_write(l) }
process r2 exits_locked { down_read(l); up_read(l) }
`)
	d.steps("w", "r1", "w2", "r2")
	d.requireValue("l", "write-held by w; reader queued: r1, r2; writer queued: w2")
	d.step("w")
	d.requireValue("l", "read-held by r1, r2; writer queued: w2")
	d.requireEnabled("r1: down_read(l)", "r2: down_read(l)")
}

// Writer preference: once a writer queues, a new down_read waits behind it
// although only readers hold the semaphore.
func TestRwsemWriterPreference(t *testing.T) {
	d := newDriver(t, `
rw_semaphore l
process r1 exits_locked { down_read(l); up_read(l) }
process w exits_locked { down_write(l); up_write(l) }
process r2 exits_locked { down_read(l); up_read(l) }
`)
	d.step("r1")
	d.requireEnabled("r1: up_read(l)", "w: down_write(l)", "r2: down_read(l)")
	d.step("w")
	d.requireValue("l", "read-held by r1; writer queued: w")
	d.step("r2") // queues behind w
	d.requireValue("l", "read-held by r1; writer queued: w; reader queued: r2 (after w)")
	d.requireEnabled("r1: up_read(l)")
	blk := d.blocked("r2")
	require.Equal(t, "waits to read l: a queued writer (w) blocks new readers", blk.Reason)
	require.Equal(t, []int{d.pid("w")}, blk.Holders)
	d.step("r1")
	d.requireValue("l", "write-held by w; reader queued: r2")
	d.requireEnabled("w: down_write(l)")
	d.steps("w", "w")
	d.requireValue("l", "read-held by r2")
	d.requireEnabled("r2: down_read(l)")
}

// A process that takes the read side twice deadlocks once a writer queues
// between the two.
func TestRwsemRecursiveReadDeadlock(t *testing.T) {
	d := newDriver(t, `
rw_semaphore mmap_lock
process fault exits_locked { down_read(mmap_lock); down_read(mmap_lock); up_read(mmap_lock); up_read(mmap_lock) }
process munmap exits_locked { down_write(mmap_lock); up_write(mmap_lock) }
`)
	d.steps("fault", "munmap", "fault") // the second down_read queues behind munmap
	d.requireEnabled()
	require.False(t, d.p.AllFinished(d.s))
	bl := d.m.BlockedProcs(d.s)
	require.Len(t, bl, 2)
	require.Equal(t, "waits to read mmap_lock: a queued writer (munmap) blocks new readers", d.blocked("fault").Reason)
	require.Equal(t, []int{d.pid("munmap")}, d.blocked("fault").Holders)
	require.Equal(t, "queued to write mmap_lock, read-held by fault", d.blocked("munmap").Reason)
	require.Equal(t, []int{d.pid("fault")}, d.blocked("munmap").Holders)

	// Without the writer in between, recursion is fine.
	d = newDriver(t, `
rw_semaphore mmap_lock
process fault exits_locked { down_read(mmap_lock); down_read(mmap_lock); up_read(mmap_lock); up_read(mmap_lock) }
process munmap exits_locked { down_write(mmap_lock); up_write(mmap_lock) }
`)
	d.steps("fault", "fault")
	d.requireValue("mmap_lock", "read-held by faultx2")
	d.steps("fault", "fault", "munmap", "munmap")
	require.True(t, d.p.AllFinished(d.s))
}

func TestRwsemDownReadTrylock(t *testing.T) {
	d := newDriver(t, `
rw_semaphore l
var got: 0..2
process r1 exits_locked { down_read(l); up_read(l) }
process w exits_locked { down_write(l); up_write(l) }
process r2 exits_locked { if down_read_trylock(l) { got = 1; up_read(l) } else { got = 2 } }
`)
	d.steps("r1", "w")
	d.step("r2") // fails: a writer is queued, though only r1 reads
	d.requireValue("l", "read-held by r1; writer queued: w")
	d.step("r2")
	d.requireValue("got", "2")

	d = newDriver(t, d.src())
	d.step("r1")
	d.step("r2") // succeeds: only readers, nobody queued
	d.requireValue("l", "read-held by r1, r2")
	d.step("r2")
	d.requireValue("got", "1")

	d = newDriver(t, d.src())
	d.steps("w") // write-held
	d.steps("r2", "r2")
	d.requireValue("got", "2")
	d.requireValue("l", "write-held by w")
}

func TestRwsemDownWriteTrylock(t *testing.T) {
	src := `
rw_semaphore l
var got: bool
process r exits_locked { down_read(l); up_read(l) }
process w exits_locked { got = down_write_trylock(l) }
`
	d := newDriver(t, src)
	d.step("w")
	d.requireValue("got", "true")
	d.requireValue("l", "write-held by w")
	d.step("r")
	d.requireBlocked("r")

	d = newDriver(t, src)
	d.steps("r", "w") // read-held: fails and does not queue
	d.requireValue("got", "false")
	d.requireValue("l", "read-held by r")
}

// downgrade_write turns the write hold into a read hold; a queued writer
// stays queued, so new readers queue behind it.
func TestRwsemDowngradeWrite(t *testing.T) {
	d := newDriver(t, `
rw_semaphore l
process w1 exits_locked { down_write(l); downgrade_write(l); up_read(l) }
process w2 exits_locked { down_write(l); up_write(l) }
process r exits_locked { down_read(l); up_read(l) }
`)
	d.steps("w1", "w2")
	d.requireValue("l", "write-held by w1; writer queued: w2")
	d.step("w1")
	d.requireValue("l", "read-held by w1; writer queued: w2")
	d.step("r") // queues behind w2
	d.requireEnabled("w1: up_read(l)")
	d.requireBlocked("w2")
	d.requireBlocked("r")
	d.step("w1")
	d.requireValue("l", "write-held by w2; reader queued: r")
	d.requireEnabled("w2: down_write(l)")
}

func TestRwsemMisuse(t *testing.T) {
	t.Run("up_read without a hold", func(t *testing.T) {
		d := newDriver(t, `
rw_semaphore l
process a exits_locked { down_read(l) }
process b exits_locked { up_read(l) }
`)
		d.step("a") // a's read hold is not b's
		v := d.violation("b", model.KindMisuse, "up_read without down_read")
		require.Contains(t, v.Msg, "up_read(l) by b")
	})
	t.Run("up_write by non-owner", func(t *testing.T) {
		d := newDriver(t, `
rw_semaphore l
process a exits_locked { down_write(l) }
process b exits_locked { up_write(l) }
`)
		d.step("a")
		v := d.violation("b", model.KindMisuse, "up_write by non-owner")
		require.Contains(t, v.Msg, "write-held by a")
	})
	t.Run("up_write of a read hold", func(t *testing.T) {
		d := newDriver(t, `
rw_semaphore l
process a exits_locked { down_read(l); up_write(l) }
`)
		d.step("a")
		d.violation("a", model.KindMisuse, "up_write by non-owner")
	})
	t.Run("downgrade_write without a write hold", func(t *testing.T) {
		d := newDriver(t, `
rw_semaphore l
process a exits_locked { down_read(l); downgrade_write(l) }
`)
		d.step("a")
		d.violation("a", model.KindMisuse, "downgrade_write by non-owner")
	})
	t.Run("more than 3 read holds", func(t *testing.T) {
		d := newDriver(t, `
rw_semaphore l
process a exits_locked { down_read(l); down_read(l); down_read(l); down_read(l) }
`)
		d.steps("a", "a", "a")
		d.requireValue("l", "read-held by ax3")
		d.violation("a", model.KindMisuse, "too many read holds")
	})
}

func TestRwsemIsLocked(t *testing.T) {
	d := newDriver(t, `
rw_semaphore l
var a: bool
var b: bool
var c: bool
process p exits_locked { a = rwsem_is_locked(l); down_read(l); b = rwsem_is_locked(l); up_read(l); down_write(l); c = rwsem_is_locked(l) }
`)
	d.steps("p", "p", "p", "p", "p", "p")
	d.requireValue("a", "false")
	d.requireValue("b", "true")
	d.requireValue("c", "true")
}

// Readers leave the wait list all together, so where a later reader stands
// among the writers is not state: r1 w2 r2 and r1 r2 w2 behind a writer are
// one state, shown and blocking alike (w2 waits for both readers), and the
// release grants both readers at once, w2 after them.
func TestRwsemLaterReaderPlaceIsNotState(t *testing.T) {
	src := `
rw_semaphore l
process w exits_locked { down_write(l); up_write(l) }
process r1 exits_locked { down_read(l); up_read(l) }
process w2 exits_locked { down_write(l); up_write(l) }
process r2 exits_locked { down_read(l); up_read(l) }
`
	a, b := newDriver(t, src), newDriver(t, src)
	a.steps("w", "r1", "w2", "r2")
	b.steps("w", "r1", "r2", "w2")
	require.Equal(t, a.s, b.s)
	a.requireValue("l", "write-held by w; reader queued: r1, r2; writer queued: w2")
	blk := a.blocked("w2")
	require.Equal(t, "queued to write l, write-held by w", blk.Reason)
	a.step("w") // hands off to both readers
	a.requireValue("l", "read-held by r1, r2; writer queued: w2")
	require.Equal(t, "queued to write l, read-held by r1, r2", a.blocked("w2").Reason)

	c := newDriver(t, src) // a reader behind a writer records that writer
	c.steps("w", "w2", "r1", "r2")
	c.requireValue("l", "write-held by w; writer queued: w2; reader queued: r1, r2 (after w2)")
	c.step("w")
	c.requireValue("l", "write-held by w2; reader queued: r1, r2")
	c.steps("w2", "w2") // its wait half, then up_write wakes both readers
	c.requireValue("l", "read-held by r1, r2")
}
