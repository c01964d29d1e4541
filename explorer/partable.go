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
	// recs holds the records, at most 3/4 of the slots (the table never
	// fills): record r is recs[r*(2+words):], its state's hash, its key
	// (the least block<<32 | candidate that reached it, atomic) and its
	// vector, together so that a probe that finds it reads one cache line.
	recs  []uint64
	nrec  int
	words int
	fp    bool         // compare hashes, not vectors (fingerprint store)
	alloc atomic.Int64 // the next record no worker has claimed
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
	t.nrec = size / 4 * 3
	if n := t.nrec * (2 + words); cap(t.recs) < n {
		t.recs = make([]uint64, n)
	}
	t.alloc.Store(0)
}

// tableMin and tableMax bound the slots of a batch's table; variables for
// the tests, which fill small tables.
var tableMin, tableMax = 1 << 10, 1 << 31

func (t *batchTable) rec(r uint32) []uint64 {
	off := int(r) * (2 + t.words)
	return t.recs[off : off+2+t.words : off+2+t.words]
}

func (t *batchTable) hash(r uint32) uint64  { return t.rec(r)[0] }
func (t *batchTable) key(r uint32) *uint64  { return &t.rec(r)[1] }
func (t *batchTable) vec(r uint32) []uint64 { return t.rec(r)[2:] }

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
			rc := t.rec(r)
			rc[0], rc[1] = h, key
			copy(rc[2:], next)
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
		if rc := t.rec(r); rc[0] == h && (t.fp || equal(rc[2:], next)) {
			lowerKey(&rc[1], key)
			return true
		}
	}
}

// claim returns the next record w may fill (taken only when published).
func (w *worker) claim() (uint32, bool) {
	t := &w.pp.tab
	if w.recLo == w.recHi {
		lo := int(t.alloc.Add(recChunk)) - recChunk
		if lo >= t.nrec {
			return 0, false
		}
		w.recLo, w.recHi = lo, min(lo+recChunk, t.nrec)
	}
	return uint32(w.recLo), true
}

func lowerKey(k *uint64, v uint64) {
	for {
		c := atomic.LoadUint64(k)
		if v >= c || atomic.CompareAndSwapUint64(k, c, v) {
			return
		}
	}
}
