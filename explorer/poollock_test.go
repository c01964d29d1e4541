package explorer_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/model"
)

// A lock inside a pool object is a lock instance of its own, named by its
// object: lockdep's order graph and lock_held_at_exit name vmas[0].vm_lock,
// with and without POR.
func TestPoolLockNames(t *testing.T) {
	p := compileSpec(t, `
struct vma_t { vm_lock: rw_semaphore; vm_start: 0..3 }
pool vmas[2]: vma_t = [{ vm_start: 1 }]
var mm_vma: ref vmas = vmas[0]
rw_semaphore mmap_lock
process fault {
    var v: ref vmas
    v = mm_vma
    down_read(v->vm_lock)
    down_read(mmap_lock)
    up_read(mmap_lock)
    up_read(v->vm_lock)
}
process munmap {
    var v: ref vmas
    down_write(mmap_lock)
    v = mm_vma
    down_write(v->vm_lock)
    up_write(v->vm_lock)
    up_write(mmap_lock)
}
// expect: deadlock
`)
	for _, por := range []bool{false, true} {
		r := explore(t, p, explorer.Options{POR: por})
		assert.Contains(t, cycleNames(r), "vmas[0].vm_lock -> mmap_lock -> vmas[0].vm_lock", "por %v", por)
	}
	p = compileSpec(t, `
struct vma_t { vm_lock: mutex }
pool vmas[2]: vma_t
process fault {
    var v: ref vmas
    v = alloc(vmas)
    v = alloc(vmas)
    mutex_lock(v->vm_lock)
}
// expect: violation lock_held_at_exit
`)
	for _, por := range []bool{false, true} {
		r := explore(t, p, explorer.Options{POR: por})
		require.Equal(t, explorer.Violated, r.Verdict)
		assert.Equal(t, model.KindLockHeldAtExit, r.Violation.Kind)
		assert.Contains(t, r.Violation.Msg, "vmas[1].vm_lock")
	}
}

// typesafe-rcu-read.mc without reductions, counted by hand: the updater's
// 5 program points (start, after unpublish, after free, after alloc, done)
// against the reader's. Before the reader loads head (2 points): 2*5 = 10.
// Loaded objs[0] (at updater point 0): at the if and at the read, 5 each;
// after the read (at the unlock, and done), the key read is 1 (read at
// points 0-2: 5 later updater points), 0 (at point 3, alloc zeroed it: 2)
// or 2 (at point 4: 1), so 8 each: 10+16 = 26. Loaded NULL (points 1-4):
// after the load, at the unlock and done, 4 each: 12. 10+26+12 = 48. Every
// read of the freed objs[0] is inside the read-side section: holds.
func TestTypesafeReadByHand(t *testing.T) {
	src, err := os.ReadFile("../specs/testdata/examples/typesafe-rcu-read.mc")
	require.NoError(t, err)
	p := compileSpec(t, string(src))
	r := explore(t, p, explorer.Options{})
	assert.Equal(t, explorer.Holds, r.Verdict)
	assert.Equal(t, 48, int(r.Stats.States))
}
