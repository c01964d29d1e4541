package promela_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/internal/testlong"
	"mcheck/promela"
	"mcheck/specs/compile"
)

// TestParityTypesafe: the typesafe_by_rcu examples (reads of freed objects
// under RCU allowed, writes and reads outside RCU not, the identity bug as an
// assert; a refcount_t inside the object, refcount_inc_not_zero failing on a
// freed one and reported when it writes one; read-only seqcount operations on
// a freed object) give SPIN's verdict and counts. By default three (a pan
// build each: the suite's budget), all under MCHECK_LONG. typesafe-refcount-freed-live is
// a violation only through the assert after refcount_inc_not_zero: without
// it SPIN would find none, so parity checks that assert. The catalogue pair exe-file-rcu and -fixed is in
// TestParityCatalogue.
func TestParityTypesafe(t *testing.T) {
	needSpin(t)
	files, _ := filepath.Glob("../specs/testdata/examples/typesafe-*.mc")
	if len(files) < 5 {
		t.Fatalf("want the typesafe examples, found %d", len(files))
	}
	byDefault := map[string]bool{"typesafe-refcount.mc": true, "typesafe-refcount-freed-live.mc": true, "typesafe-seqcount-read.mc": true}
	for _, f := range files {
		if !testlong.On() && !byDefault[filepath.Base(f)] {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			parityFile(t, f, nil)
		})
	}
}

// TestParityPoolLocks: pool objects with a lock inside (pool-object-lock:
// taken through references, reinitialised by alloc; pool-lock-freed and
// kfree-rcu-lock-freed: the "held lock freed" assert, at free and at the end
// of a grace period), a wait queue and a kref (pool-waitqueue; and
// pool-waitqueue-freed: freed with a sleeper) or a completion
// (pool-completion; pool-completion-freed: freed while its waiter has not
// returned, an assert over the waiter's global pc and reference) give
// SPIN's verdict and counts. Parity compares only the verdict class of a violation, and without
// the asserts SPIN would still fail at the holder's up_read or the sleeper's
// finish_wait or wait_for_completion on the freed object: so the export is
// also checked to carry them. By default every third one (a pan build
// each: the suite's budget), all under MCHECK_LONG.
func TestParityPoolLocks(t *testing.T) {
	needSpin(t)
	f := "../specs/testdata/examples/pool-lock-freed.mc"
	src, err := os.ReadFile(f)
	require.NoError(t, err)
	res, err := compile.Compile(f, src, compile.Options{})
	require.NoError(t, err)
	pml, err := promela.Export(res.Program)
	require.NoError(t, err)
	assert.Contains(t, pml, "assert(vmas_0_vm_lock_writer == 0 && vmas_0_vm_lock_waiters == 0 && vmas_0_vm_lock_readers[0] == 0")
	for name, want := range map[string]string{
		"pool-waitqueue-freed.mc":  "assert(reqs_0_state == 1); assert(reqs_0_wq == 0); reqs_0_state = 0",
		"pool-completion-freed.mc": "assert(reqs_0_state == 1); assert(!(submit_0_pc == 2 && ",
	} {
		f = "../specs/testdata/examples/" + name
		src, err = os.ReadFile(f)
		require.NoError(t, err)
		res, err = compile.Compile(f, src, compile.Options{})
		require.NoError(t, err)
		pml, err = promela.Export(res.Program)
		require.NoError(t, err)
		assert.Contains(t, pml, want, name)
	}
	for i, name := range []string{"pool-waitqueue.mc", "pool-waitqueue-freed.mc", "pool-completion.mc", "pool-completion-freed.mc",
		"pool-object-lock.mc", "pool-lock-freed.mc", "kfree-rcu-lock-freed.mc"} {
		if !testlong.Every(i, 3) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := "../specs/testdata/examples/" + name
			parityFile(t, f, nil)
		})
	}
}

// TestParityTypesafeReadOps: every read-only sync operation, and a failing
// refcount_inc_not_zero, on a freed typesafe_by_rcu object inside an RCU
// read-side section (allowed), and the same process once more outside the
// section (the first read there is a use_after_free), give SPIN's verdict
// and counts. Under MCHECK_LONG (two pan builds).
func TestParityTypesafeReadOps(t *testing.T) {
	needSpin(t)
	testlong.Skip(t)
	const spec = `
struct obj_t { seq: seqcount; m: mutex; sl: spinlock; rw: rw_semaphore; r: refcount_t; wq: wait_queue_head; c: completion }
pool objs[1]: obj_t typesafe_by_rcu = [{}]
var head: ref objs = objs[0]
var x: 0..7
process p {
    var o: ref objs
    o = head
    free(o)
    RCU_LOCK
    x = read_seqcount_begin(o->seq)
    if read_seqcount_retry(o->seq, x) { x = 1 }
    x = raw_read_seqcount(o->seq) + refcount_read(o->r)
    if mutex_is_locked(o->m) || spin_is_locked(o->sl) || rwsem_is_locked(o->rw) { x = 2 }
    if waitqueue_active(o->wq) || completion_done(o->c) { x = 3 }
    if refcount_inc_not_zero(o->r) { x = 4 }
    RCU_UNLOCK
}
`
	for name, rcu := range map[string]bool{"inside": true, "outside": false} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			lock, unlock := "rcu_read_lock()", "rcu_read_unlock()"
			if !rcu {
				lock, unlock = "", ""
			}
			src := strings.NewReplacer("RCU_LOCK", lock, "RCU_UNLOCK", unlock).Replace(spec)
			if !rcu {
				src += "// expect: violation use_after_free\n"
			}
			diff, err := parity(spinCtx(t), t.TempDir(), "readops.mc", []byte(src), nil)
			require.NoError(t, err)
			assert.Empty(t, diff)
		})
	}
}
