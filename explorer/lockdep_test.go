package explorer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

func cycleNames(r *explorer.Result) []string {
	var out []string
	for _, c := range r.LockOrder {
		out = append(out, c.String())
	}
	return out
}

// The 2013 inversion is an order cycle even when no writer queues on
// mmap_lock, so that no deadlock is reachable: lockdep still reports it.
func TestLockdepFindsInversionWithoutThirdThread(t *testing.T) {
	for _, name := range []string{"lock-held-inversion", "gup-inversion"} {
		src, fn, ok := protocols.Source(name)
		require.True(t, ok)
		cr, err := compile.Compile(fn, src, compile.Options{Set: map[string]int64{"REMAPS": 0}})
		require.NoError(t, err)
		for _, por := range []bool{false, true} {
			r := explore(t, cr.Program, explorer.Options{POR: por})
			assert.Equal(t, explorer.Holds, r.Verdict, "%s: no deadlock without the writer", name)
			assert.Equal(t, []string{"mmap_lock -> i_rwsem -> mmap_lock"}, cycleNames(r), name)

			r = explore(t, cr.Program, explorer.Options{POR: por, Lockdep: explorer.LockdepError})
			require.Equal(t, explorer.Violated, r.Verdict, name)
			assert.Equal(t, explorer.KindLockOrder, r.Violation.Kind)
			// The trace ends with the step that closed the cycle: it takes a
			// lock while holding the other, and replays on the plain semantics.
			m := cr.Program.NewMachine()
			s := cr.Program.Initial()
			for i, st := range r.Trace {
				next, v, ok := m.Step(s, st.Trans)
				require.True(t, ok, "step %d", i+1)
				require.Nil(t, v)
				s = next
			}
			last := r.Trace[len(r.Trace)-1]
			assert.NotEmpty(t, cr.Program.NewMachine().HeldLocks(s, int(last.Trans.Pid), nil))
		}
	}
}

func TestLockdepNoCycle(t *testing.T) {
	p := compileSpec(t, `
mutex a
mutex b
process t1 { mutex_lock(a); mutex_lock(b); mutex_unlock(b); mutex_unlock(a) }
process t2 { mutex_lock(a); mutex_lock(b); mutex_unlock(b); mutex_unlock(a) }
// expect: holds
`)
	r := explore(t, p, explorer.Options{Lockdep: explorer.LockdepError})
	assert.Equal(t, explorer.Holds, r.Verdict)
	assert.Empty(t, r.LockOrder)
}

func TestLockdepCycles(t *testing.T) {
	// Three locks taken in a rotating order by three processes; each pair of
	// processes alone is ordered, so the cycle has three edges. With one lock
	// each at a time (t3 takes c then a only after dropping), no deadlock.
	p := compileSpec(t, `
mutex a
mutex b
mutex c
process t1 { mutex_lock(a); mutex_lock(b); mutex_unlock(b); mutex_unlock(a) }
process t2 { mutex_lock(b); mutex_lock(c); mutex_unlock(c); mutex_unlock(b) }
process t3 { mutex_lock(c); mutex_lock(a); mutex_unlock(a); mutex_unlock(c) }
`)
	r := explore(t, p, explorer.Options{})
	assert.Equal(t, []string{"a -> b -> c -> a"}, cycleNames(r))
	assert.Equal(t, explorer.Violated, r.Verdict, "the three-way inversion also deadlocks")

	off := explore(t, p, explorer.Options{Lockdep: explorer.LockdepOff})
	assert.Empty(t, off.LockOrder)
}

func TestLockdepRecursiveRead(t *testing.T) {
	p := compileSpec(t, `
rw_semaphore mmap_lock
process t1 { down_read(mmap_lock); down_read(mmap_lock); up_read(mmap_lock); up_read(mmap_lock) }
`)
	r := explore(t, p, explorer.Options{})
	assert.Equal(t, explorer.Holds, r.Verdict, "no writer: no deadlock")
	assert.Equal(t, []string{"mmap_lock -> mmap_lock"}, cycleNames(r))
}

// Reduction keeps every lock-order cycle: steps that take a lock while
// holding one are visible.
func TestLockdepSameWithPOR(t *testing.T) {
	for _, run := range porRuns(t) {
		full := explore(t, run.prog, explorer.Options{KeepGoing: true})
		red := explore(t, run.prog, explorer.Options{KeepGoing: true, POR: true})
		assert.Equal(t, cycleNames(full), cycleNames(red), run.name)
	}
}

// downgrade_write turns the write hold into a read hold: no lock is taken,
// so no edge (reported by the catalogue author as a false cycle).
func TestLockdepDowngradeIsNoEdge(t *testing.T) {
	p := compileSpec(t, `
rw_semaphore sem
process p { down_write(sem); downgrade_write(sem); up_read(sem) }
`)
	r := explore(t, p, explorer.Options{})
	assert.Empty(t, r.LockOrder)
}

// A blocked attempt counts: relocking a held mutex is recursive locking,
// recorded before the process blocks (the step itself never runs).
func TestLockdepRecordsBlockedAttempts(t *testing.T) {
	p := compileSpec(t, `
mutex inode_lock
rw_semaphore mmap_lock
process write_iter { mutex_lock(inode_lock); down_read(mmap_lock); mutex_lock(inode_lock) }
`)
	for _, por := range []bool{false, true} {
		r := explore(t, p, explorer.Options{POR: por})
		assert.Equal(t, explorer.Violated, r.Verdict, "relocking deadlocks")
		assert.Equal(t, []string{"inode_lock -> inode_lock", "inode_lock -> mmap_lock -> inode_lock"}, cycleNames(r))
		r = explore(t, p, explorer.Options{POR: por, Lockdep: explorer.LockdepError})
		assert.Equal(t, explorer.Violated, r.Verdict)
	}
}

// TestLockdepErrorNamesSites: with --lockdep error the violation gives the
// line of the step that closed the cycle and where each edge was taken
// (issue 9, paper cut: it printed no sites and line 0).
func TestLockdepErrorNamesSites(t *testing.T) {
	p := compileSpec(t, `mutex a
mutex b
var x: bool
process t1 { mutex_lock(a); mutex_lock(b); mutex_unlock(b); mutex_unlock(a); x = true }
process t2 { await x; mutex_lock(b); mutex_lock(a); mutex_unlock(a); mutex_unlock(b) }
`) // t2 starts once t1 is done: no deadlock, only the order cycle
	for _, o := range []explorer.Options{{}, {POR: true}} {
		o.Lockdep = explorer.LockdepError
		r := explore(t, p, o)
		require.Equal(t, explorer.Violated, r.Verdict)
		require.Equal(t, explorer.KindLockOrder, r.Violation.Kind)
		assert.Equal(t, 5, r.Violation.Pos.Line, "the line of t2's mutex_lock(a), which closed the cycle")
		assert.Contains(t, r.Violation.Msg, "t1 takes b at line 4 (mutex_lock(b)) while holding a")
		assert.Contains(t, r.Violation.Msg, "t2 takes a at line 5 (mutex_lock(a)) while holding b")
	}
}

// A queued rw_semaphore waiter that a release hands the lock to already holds
// it when its waiting half runs: that is no retaking of the lock, so no edge
// to itself (the catalogue's per-vma-lock showed mmap_lock -> mmap_lock).
func TestLockdepHandOffIsNoRecursion(t *testing.T) {
	p := compileSpec(t, `
rw_semaphore l
mutex m
process w { down_write(l); up_write(l) }
process r { mutex_lock(m); down_read(l); up_read(l); mutex_unlock(m) }
process v { mutex_lock(m); down_write(l); up_write(l); mutex_unlock(m) }
`)
	for _, por := range []bool{false, true} {
		r := explore(t, p, explorer.Options{POR: por, Lockdep: explorer.LockdepError})
		assert.Equal(t, explorer.Holds, r.Verdict, "por %v", por)
		assert.Empty(t, cycleNames(r), "por %v", por)
		assert.Positive(t, r.Stats.States)
	}
	src, fn, _ := protocols.Source("per-vma-lock")
	cr, err := compile.Compile(fn, src, compile.Options{})
	require.NoError(t, err)
	assert.Empty(t, cycleNames(explore(t, cr.Program, explorer.Options{POR: true})))
}

// A mutex or spinlock waiter handed the lock by the owner's release holds
// it when its wait half runs: that half records no attempt, or lockdep
// would see m -> m. A contended first half still records one: the ABBA
// order is reported even on runs where the second lock queues.
func TestLockdepMutexHandOff(t *testing.T) {
	p := compileSpec(t, `
mutex m
spinlock s
process a[2] { mutex_lock(m); spin_lock(s); spin_unlock(s); mutex_unlock(m) }
process b { spin_lock(s); spin_unlock(s) }
`)
	abba := compileSpec(t, `
mutex m1
mutex m2
process a { mutex_lock(m1); mutex_lock(m2); mutex_unlock(m2); mutex_unlock(m1) }
process b { mutex_lock(m2); mutex_lock(m1); mutex_unlock(m1); mutex_unlock(m2) }
`)
	for _, por := range []bool{false, true} {
		r := explore(t, p, explorer.Options{POR: por, Lockdep: explorer.LockdepError})
		assert.Equal(t, explorer.Holds, r.Verdict, "por %v: %v", por, r.Violation)
		assert.Empty(t, cycleNames(r), "por %v", por)
		r = explore(t, abba, explorer.Options{POR: por})
		assert.Equal(t, []string{"m1 -> m2 -> m1"}, cycleNames(r), "por %v", por)
	}
}
