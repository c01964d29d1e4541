package explorer

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/model"
)

// TestBatchUnclaim: a batch's provisional entries fill the store's shards
// to maxBatchLoad (long probe runs); removing a random half of them and
// committing the rest as a parallel commit does (final index into the slot
// the record remembers) leaves a store that finds every stored and committed
// state at its index and none of the removed ones.
func TestBatchUnclaim(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	st := newStore(1, false, &model.Program{})
	var stored [][]uint64
	seen := map[uint64]bool{}
	fresh := func() []uint64 {
		for {
			if v := rng.Uint64(); !seen[v] {
				seen[v] = true
				return []uint64{v}
			}
		}
	}
	for len(stored) < 2500 {
		v := fresh()
		_, isNew := st.insert(v, 0, 0, 0)
		require.True(t, isNew)
		stored = append(stored, v)
	}
	pp := &parallel{}
	pp.tab.reset(1, st.len(), 4000, false)
	st.widen(st.len() + pp.tab.nrec)
	var recs []uint32
	for r := uint32(0); int(r) < pp.tab.nrec; r++ {
		v := fresh()
		h := hash(v)
		sh := &st.shards[shardOf(h)]
		if st.spare(shardOf(h)) <= 0 {
			continue // as claim refuses: at most maxBatchLoad
		}
		i := h & sh.mask
		for sh.table[i] != 0 {
			i = (i + 1) & sh.mask
		}
		rc := pp.tab.rec(r)
		rc[0], rc[2] = h, i
		copy(rc[recHead:], v)
		sh.table[i] = st.entry(h, pp.tab.base+int(r))
		sh.n++ // as the worker's quota counts it
		recs = append(recs, r)
	}
	var kept, removed []uint32
	for _, r := range recs {
		h := pp.tab.hash(r)
		if rng.Intn(2) == 0 {
			pp.remove(st, &st.shards[shardOf(h)], st.entry(h, pp.tab.base+int(r)), h)
			st.shards[shardOf(h)].n--
			removed = append(removed, r)
		} else {
			kept = append(kept, r)
		}
	}
	require.Greater(t, len(removed), 500)
	for i := range st.shards {
		st.shards[i].n = 0
	}
	st.reserve(len(kept), 1)
	for k, r := range kept {
		idx, h := pp.tab.base+k, pp.tab.hash(r)
		st.put(idx, pp.tab.vec(r), meta{})
		st.shards[shardOf(h)].table[pp.tab.slot(r)] = st.entry(h, idx)
	}
	for i, v := range stored {
		idx, found := st.lookup(v)
		require.True(t, found, "stored state %d", i)
		require.Equal(t, i, idx)
	}
	for k, r := range kept {
		idx, found := st.lookup(pp.tab.vec(r))
		require.True(t, found, "committed record %d", r)
		require.Equal(t, pp.tab.base+k, idx)
	}
	for _, r := range removed {
		_, found := st.lookup(pp.tab.vec(r))
		require.False(t, found, "removed record %d", r)
	}
}
