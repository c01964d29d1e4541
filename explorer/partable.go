package explorer

import "sync/atomic"

// batchTable holds the distinct states a parallel batch found that the store
// did not hold, as every worker inserts into it during the expansion, without
// a lock (open addressing with compare-and-swap, after Laarman, van de Pol
// and Weber's lockless hash table). Each state gets one record, with its
// vector, the first time any worker reaches it; every candidate that reaches
// it lowers the record's key to its own if less, so that after the expansion
// the key is the serial search's first discovery (block, candidate). So a
// state's vector is copied once a batch, not once per candidate, and the
// deduplication costs one probe of a table that fits in cache.
type batchTable struct {
	slots []uint64 // tag<<32 | record+1; 0 is empty
	mask  uint64
	recs  []rec    // at most 3/4 of the slots: the table never fills
	vecs  []uint64 // record r's vector is vecs[r*words:][:words]
	words int
	fp    bool         // compare hashes, not vectors (fingerprint store)
	alloc atomic.Int64 // the next record no worker has claimed
}

// rec is one distinct state of the batch.
type rec struct {
	h   uint64
	key atomic.Uint64 // the least block<<32 | candidate that reached it
}

// recChunk records are claimed at a time, so workers rarely meet on alloc.
const recChunk = 64

// reset empties the table and sizes it to at least n slots, reusing its
// memory: the records need no clearing, as a worker writes each one it claims.
func (t *batchTable) reset(words int, fp bool, n int) {
	size := tableMin
	for size < n && size < tableMax {
		size *= 2
	}
	if cap(t.slots) >= size {
		t.slots = t.slots[:size]
		clear(t.slots)
	} else {
		t.slots = make([]uint64, size)
	}
	t.mask, t.words, t.fp = uint64(size-1), words, fp
	r := size / 4 * 3
	if cap(t.recs) < r || cap(t.vecs) < r*words {
		t.recs, t.vecs = make([]rec, r), make([]uint64, r*words)
	}
	t.recs, t.vecs = t.recs[:r], t.vecs[:r*words]
	t.alloc.Store(0)
}

// tableMin and tableMax bound the slots of a batch's table; variables for
// the tests, which fill small tables.
var tableMin, tableMax = 1 << 10, 1 << 31

func (t *batchTable) vec(r uint32) []uint64 {
	off := int(r) * t.words
	return t.vecs[off : off+t.words : off+t.words]
}

// insert enters next (with hash h), reached by candidate key, in the
// batch's table: a new record if no candidate reached its state yet, else
// the key of the state's record lowered to key. It reports false when the
// table is full.
func (w *worker) insert(next []uint64, h, key uint64) bool {
	t := &w.pp.tab
	tg := h & 0xffffffff
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		e := atomic.LoadUint64(&t.slots[i])
		if e == 0 {
			r, ok := w.claim()
			if !ok {
				return false
			}
			t.recs[r].h = h
			t.recs[r].key.Store(key)
			copy(t.vec(r), next)
			// The record is written before the slot publishes it.
			if atomic.CompareAndSwapUint64(&t.slots[i], 0, tg<<32|uint64(r+1)) {
				w.recLo++
				w.mine = append(w.mine, r)
				return true
			}
			e = atomic.LoadUint64(&t.slots[i]) // another worker took the slot
		}
		if e>>32 != tg {
			continue
		}
		r := uint32(e) - 1
		if t.recs[r].h == h && (t.fp || equal(t.vec(r), next)) {
			lowerKey(&t.recs[r].key, key)
			return true
		}
	}
}

// claim returns the next record w may fill (taken only when published).
func (w *worker) claim() (uint32, bool) {
	t := &w.pp.tab
	if w.recLo == w.recHi {
		lo := int(t.alloc.Add(recChunk)) - recChunk
		if lo >= len(t.recs) {
			return 0, false
		}
		w.recLo, w.recHi = lo, min(lo+recChunk, len(t.recs))
	}
	return uint32(w.recLo), true
}

func lowerKey(k *atomic.Uint64, v uint64) {
	for {
		c := k.Load()
		if v >= c || k.CompareAndSwap(c, v) {
			return
		}
	}
}
