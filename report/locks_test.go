package report

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"mcheck/model"
)

func TestLockEvents(t *testing.T) {
	for _, tc := range []struct {
		proc, before, after string
		want                []string
	}{
		{"fault[0]", "unlocked", "read-held by fault[0]", []string{"+mmap_lock(r)"}},
		{"fault[0]", "read-held by fault[0], fault[1]", "read-held by fault[1]", []string{"-mmap_lock(r)"}},
		{"fault[0]", "read-held by fault[0]", "read-held by fault[0]x2", []string{"mmap_lock: read-held by fault[0]x2"}},
		{"remap", "read-held by fault[0]", "read-held by fault[0]; writer queued: remap", []string{"queued for mmap_lock(w)"}},
		{"remap", "unlocked", "write-held by remap", []string{"+mmap_lock(w)"}},
		{"remap", "write-held by remap", "read-held by remap", []string{"-mmap_lock(w)", "+mmap_lock(r)"}},
		{"write", "unlocked", "held by write", []string{"+mmap_lock"}},
	} {
		assert.Equal(t, tc.want, lockEvents(tc.proc, "mmap_lock", tc.before, tc.after), "%s: %s -> %s", tc.proc, tc.before, tc.after)
	}
}

func TestHeldBy(t *testing.T) {
	vals := []model.Value{
		{Name: "mmap_lock", Text: "read-held by fault[0], fault[1]x2; writer queued: remap"},
		{Name: "i_rwsem", Text: "held by fault[1]"},
		{Name: "x", Text: "held by nobody"}, // not a lock: ignored
	}
	objs := map[string]model.TypeKind{"mmap_lock": model.TRwsem, "i_rwsem": model.TMutex}
	assert.Equal(t, map[string][]string{
		"fault[0]": {"mmap_lock(r)"},
		"fault[1]": {"i_rwsem", "mmap_lock(r)"},
	}, heldBy(vals, objs))
}

// a waits for b, b for c, c for b: the cycle is b, c; a waits on it.
func TestWaitCycle(t *testing.T) {
	blocked := []model.Blocked{{Pid: 0, Holders: []int{1}}, {Pid: 1, Holders: []int{2}}, {Pid: 2, Holders: []int{1}}}
	assert.Equal(t, []int{1, 2}, WaitCycle(blocked))
	assert.Nil(t, WaitCycle([]model.Blocked{{Pid: 0}, {Pid: 1, Holders: []int{0}}}))
	// a process waiting on itself (relocking a mutex it holds)
	assert.Equal(t, []int{0}, WaitCycle([]model.Blocked{{Pid: 3, Holders: []int{3}}}))
}
