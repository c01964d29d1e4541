package model

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestRegistryDense: every kind and op number newKind and newOp handed out
// belongs to a registered descriptor, and every op reads as its name.
func TestRegistryDense(t *testing.T) {
	for k := firstPrimKind; int(k-firstPrimKind) < kindCount; k++ {
		if primOf(k) == nil {
			t.Errorf("kind %d was handed out but no descriptor registered it", k)
		}
	}
	for op := SyncOp(1); int(op) < len(opInfo); op++ {
		if opInfo[op] == nil || opPrim[op] == nil {
			t.Errorf("op %d was handed out but no descriptor registered it", op)
			continue
		}
		assert.Equal(t, opInfo[op].Name, op.String())
	}
	assert.Equal(t, "SyncOp(200)", SyncOp(200).String())
}

// TestDerivedKindLists: the lists that were written by hand before kinds
// were handed out at registration (lockdep's locks, the kinds a pool object
// may contain) come out of the descriptors' flags as they were (range_lock,
// added since, is a lock with a write mode).
func TestDerivedKindLists(t *testing.T) {
	accepted := func(name string) []string {
		var out []string
		for _, d := range primsWhere(func(*Prim) bool { return true }) {
			if d.Name != "" && Builtins[name].Accepts(d.Kind) {
				out = append(out, d.Name)
			}
		}
		sort.Strings(out)
		return out
	}
	locks := []string{"mutex", "percpu_rw_semaphore", "range_lock", "reader_pref_rwsem", "rw_semaphore", "spinlock"}
	assert.Equal(t, locks, accepted("lockdep_assert_held"))
	assert.Equal(t, locks, accepted("lockdep_assert_not_held"))
	assert.Equal(t, []string{"range_lock", "reader_pref_rwsem", "rw_semaphore"}, accepted("lockdep_assert_held_write"))
	assert.Equal(t, []string{"reader_pref_rwsem", "rw_semaphore"}, accepted("down_read"))
	pooled := PooledPrims()
	sort.Strings(pooled)
	// completion, refcount_t and wait_queue_head joined with their alloc
	// and free semantics (specs/README.md "Sync objects inside pool objects").
	assert.Equal(t, []string{"completion", "mutex", "percpu_rw_semaphore", "reader_pref_rwsem", "refcount_t", "rw_semaphore",
		"seqcount", "spinlock", "wait_queue_head"}, pooled)
}
