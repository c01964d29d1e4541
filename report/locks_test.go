package report

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/model"
	"mcheck/specs/compile"
)

// lockSpec has a process named tx2: its name ends in what the display text
// uses for a read-hold count ("fault[0]x2"), which once made its holds vanish.
const lockSpec = `
rw_semaphore mmap_lock
mutex i_rwsem
process tx2 {
    down_read(mmap_lock)
    down_read(mmap_lock)
    up_read(mmap_lock)
    up_read(mmap_lock)
    mutex_lock(i_rwsem)
    assert false
}
process remap {
    down_write(mmap_lock)
    downgrade_write(mmap_lock)
}
`

// walk compiles src and takes the named processes' steps in order (each
// must have exactly one enabled step), returning the states.
func walk(t *testing.T, src string, procs ...string) (*model.Program, [][]uint64) {
	t.Helper()
	cr, err := compile.Compile("test.mc", []byte(src), compile.Options{})
	require.NoError(t, err)
	p := cr.Program
	m := p.NewMachine()
	states := [][]uint64{p.Initial()}
	for _, name := range procs {
		s := states[len(states)-1]
		var next []uint64
		for _, tr := range m.Enabled(s) {
			if p.Procs[tr.Pid].Name() == name {
				require.Nil(t, next, "%s has two enabled steps", name)
				next, _, _ = m.Step(s, tr)
			}
		}
		require.NotNil(t, next, "%s cannot move", name)
		states = append(states, next)
	}
	return p, states
}

// Lock events come from the model's lock queries, not from parsing text.
func TestLockEvents(t *testing.T) {
	p, ss := walk(t, lockSpec, "tx2", "tx2", "remap", "tx2", "tx2", "tx2", "remap", "remap")
	tx2, remap, mmap, irw := 0, 1, lockNames(p)["mmap_lock"], lockNames(p)["i_rwsem"]
	for _, tc := range []struct {
		step, pid, lock int
		want            []string
	}{
		{1, tx2, mmap, []string{"+mmap_lock(r)"}},
		{2, tx2, mmap, []string{"mmap_lock: TEXT"}}, // a nested read hold
		{3, remap, mmap, []string{"queued for mmap_lock(w)"}},
		{4, tx2, mmap, []string{"mmap_lock: TEXT"}},
		{5, tx2, mmap, []string{"-mmap_lock(r)"}},
		{6, tx2, irw, []string{"+i_rwsem"}},
		{7, remap, mmap, []string{"+mmap_lock(w)"}},
		{8, remap, mmap, []string{"-mmap_lock(w)", "+mmap_lock(r)"}},
	} {
		assert.Equal(t, tc.want, lockEvents(p, tc.pid, tc.lock, ss[tc.step-1], ss[tc.step], "TEXT"), "step %d", tc.step)
	}
	assert.Equal(t, []model.Hold{{Lock: mmap, Name: "mmap_lock", Mode: model.HoldRead, Count: 2}}, p.Holds(ss[2], tx2))
	assert.Equal(t, []model.Hold{{Lock: irw, Name: "i_rwsem", Mode: model.HoldExclusive, Count: 1}}, p.Holds(ss[6], tx2))
}

// The held-lock bar of a process named tx2 holding a read lock twice.
func TestHeldBarProcessTx2(t *testing.T) {
	run := specRun(t, `
rw_semaphore mmap_lock
process tx2 {
    down_read(mmap_lock)
    down_read(mmap_lock)
    assert false
}
`, explorer.Options{Search: explorer.BFS})
	require.Equal(t, explorer.Violated, run.Result.Verdict)
	rows := laneRows(run)
	require.Len(t, rows, 3)
	for i, row := range rows {
		assert.True(t, row.held[0], "row %d: tx2 holds mmap_lock", i+1)
	}
	assert.Equal(t, "+mmap_lock(r)", rows[0].cells[0][1].text)
	var b strings.Builder
	Lanes(&b, run, 72)
	assert.Contains(t, b.String(), " 1  | 4 down_read(mmap_lock)\n")
	assert.Contains(t, b.String(), " 3  | 6 assert false\n")
}

// a waits for b, b for c, c for b: the cycle is b, c; a waits on it.
func TestWaitCycle(t *testing.T) {
	blocked := []model.Blocked{{Pid: 0, Holders: []int{1}}, {Pid: 1, Holders: []int{2}}, {Pid: 2, Holders: []int{1}}}
	assert.Equal(t, []int{1, 2}, WaitCycle(blocked))
	assert.Nil(t, WaitCycle([]model.Blocked{{Pid: 0}, {Pid: 1, Holders: []int{0}}}))
	// a process waiting on itself (relocking a mutex it holds)
	assert.Equal(t, []int{0}, WaitCycle([]model.Blocked{{Pid: 3, Holders: []int{3}}}))
}
