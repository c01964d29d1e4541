package model

import (
	"sort"
	"testing"
)

// TestReadOnlyOpsWriteNothing: the operations flagged Reads (allowed on a
// freed typesafe_by_rcu object inside RCU) write no slot of their object in
// their footprint, for every kind they accept; and the flag is set on
// exactly the operations listed here, so a new query that forgets it (or a
// writing op that claims it) is noticed. WritesIfTrue is refcount_inc_not_zero
// alone.
func TestReadOnlyOpsWriteNothing(t *testing.T) {
	want := []string{"completion_done", "mutex_is_locked", "raw_read_seqcount", "read_seqcount_begin",
		"read_seqcount_retry", "refcount_read", "rwsem_is_locked", "spin_is_locked", "waitqueue_active"}
	var got, cond []string
	for op, o := range opInfo {
		if o == nil {
			continue
		}
		if o.WritesIfTrue {
			cond = append(cond, o.Name)
		}
		if !o.Reads {
			continue
		}
		got = append(got, o.Name)
		for _, k := range o.Kinds {
			const nprocs = 3
			f := &primFoot{kind: k, pid: 0, nprocs: nprocs, reads: newSlotSet(64), writes: newSlotSet(64)}
			opSem("test", SyncOp(op), k).footprint(SyncOp(op), f)
			for s := 0; s < 64; s++ {
				if f.writes.Has(s) {
					t.Errorf("%s on %s is flagged Reads but its footprint writes slot %d", o.Name, primsByKind[k].Name, s)
				}
			}
		}
	}
	sort.Strings(got)
	if len(got) != len(want) {
		t.Fatalf("ops flagged Reads: %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ops flagged Reads: %v, want %v", got, want)
		}
	}
	if len(cond) != 1 || cond[0] != "refcount_inc_not_zero" {
		t.Errorf("ops flagged WritesIfTrue: %v, want [refcount_inc_not_zero]", cond)
	}
}
