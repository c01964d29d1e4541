package explorer

import "sync/atomic"

// batchTable holds the distinct states a parallel batch found that the store
// did not hold. Workers enter them in the store's own tables while they
// expand, without a lock (open addressing with compare-and-swap, after
// Laarman, van de Pol and Weber's lockless hash table), as provisional
// entries: an index from base on names record index-base of this table, with
// the state's vector. So one probe finds a successor whether it was stored
// before the batch or found in it, a state's vector is copied once a batch,
// and the commit writes each new state's final index into the slot its
// record remembers, without probing again. Every candidate that reaches a
// record lowers its key to its own if less, so that after the expansion the
// key is the serial search's first discovery (block, candidate).
type batchTable struct {
	// recs holds the records: record r is recs[r*(recHead+words):], its
	// state's hash, its key (the least block<<32 | candidate that reached
	// it, atomic), its slot in its shard's table, and its vector.
	recs  []uint64
	nrec  int
	words int
	base  int          // the store's length when the batch started
	alloc atomic.Int64 // the next record no worker has claimed
	// slots, with a fingerprint table (which holds no indices, so no
	// provisional entries): record+1 per slot, 0 empty, open addressing
	// by the hash; at most 3/4 full
	slots []uint64
	mask  uint64
}

// recHead is the words of a record before its vector.
const recHead = 3

// parRoomFull counts the candidates that found no room in their shard (for
// the tests).
var parRoomFull atomic.Int64

// recChunk records are claimed at a time, so workers rarely meet on alloc.
const recChunk = 64

// reset empties the table for a batch starting at store length base, with
// room for n records, reusing its memory: the records need no clearing, as
// a worker writes each one it claims.
func (t *batchTable) reset(words, base, n int, fp bool) {
	t.words, t.base, t.nrec = words, base, min(max(n, recordsMin), recordsMax)
	if n := t.nrec * (recHead + words); cap(t.recs) < n {
		t.recs = make([]uint64, n)
	}
	t.alloc.Store(0)
	if fp {
		size := 1
		for size < t.nrec*4/3+1 {
			size *= 2
		}
		if cap(t.slots) >= size {
			t.slots = t.slots[:size]
			clear(t.slots)
		} else {
			t.slots = make([]uint64, size)
		}
		t.mask = uint64(size - 1)
	}
}

// recordsMin and recordsMax bound the records of a batch; variables for the
// tests, which fill small tables.
var recordsMin, recordsMax = 1 << 10, 1 << 30

func (t *batchTable) rec(r uint32) []uint64 {
	off := int(r) * (recHead + t.words)
	return t.recs[off : off+recHead+t.words : off+recHead+t.words]
}

func (t *batchTable) hash(r uint32) uint64  { return t.rec(r)[0] }
func (t *batchTable) key(r uint32) *uint64  { return &t.rec(r)[1] }
func (t *batchTable) slot(r uint32) uint64  { return t.rec(r)[2] }
func (t *batchTable) vec(r uint32) []uint64 { return t.rec(r)[recHead:] }

// probe looks next (with hash h) up in the store's table while workers
// expand: a state stored before the batch gives its index and stored; else
// the state is a candidate of w's current block (cand appends it and returns
// its key): a record of this batch that holds it has its key lowered, or w
// enters a new record. It reports ok false when w has no record or no slot
// left in the shard (the batch must end there).
func (w *worker) probe(next []uint64, h uint64, cand func() uint64) (idx int, stored, ok bool) {
	st, t := w.s.st, &w.pp.tab
	s := shardOf(h)
	sh, tg := &st.shards[s], st.tag(h)
	key, claimed := uint64(0), false
	for i := h & sh.mask; ; i = (i + 1) & sh.mask {
		e := atomic.LoadUint32(&sh.table[i])
		if e == 0 {
			if !claimed {
				key, claimed = cand(), true
			}
			if w.quota[s] <= 0 {
				parRoomFull.Add(1)
				return 0, false, false
			}
			r, ok := w.claim()
			if !ok {
				return 0, false, false
			}
			rc := t.rec(r)
			rc[0], rc[1], rc[2] = h, key, i
			copy(rc[recHead:], next)
			// The record is written before the slot publishes it.
			if atomic.CompareAndSwapUint32(&sh.table[i], 0, st.entry(h, t.base+int(r))) {
				w.recLo++
				w.quota[s]--
				w.mine = append(w.mine, r)
				return 0, false, true
			}
			e = atomic.LoadUint32(&sh.table[i]) // another worker took the slot
		}
		if e>>st.idxBits != tg {
			continue
		}
		idx := st.index(e)
		if idx < t.base {
			if st.same(idx, next, h) {
				return idx, true, true
			}
			continue
		}
		if rc := t.rec(uint32(idx - t.base)); rc[0] == h && (st.fp || equal(rc[recHead:], next)) {
			if !claimed {
				key, claimed = cand(), true
			}
			lowerKey(&rc[1], key)
			return 0, false, true
		}
	}
}

// probeFP is probe for a fingerprint table, which workers only read while
// they expand: a state stored before the batch is found there, with its
// tag (fptable.go) saying whether it is back; else next is a candidate,
// entered in the batch's own slots, as a new record or by lowering the
// key of the record of the state.
func (w *worker) probeFP(next []uint64, h uint64, cand func() uint64) (back, stored, ok bool) {
	st, t := w.s.st, &w.pp.tab
	if tag, found := st.fpt.tagOf(h); found {
		return tag != levelTag(w.pp.depth+1), true, true
	}
	key := cand()
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		e := atomic.LoadUint64(&t.slots[i])
		if e == 0 {
			r, ok := w.claim()
			if !ok {
				return false, false, false
			}
			rc := t.rec(r)
			rc[0], rc[1] = h, key
			copy(rc[recHead:], next)
			// The record is written before the slot publishes it.
			if atomic.CompareAndSwapUint64(&t.slots[i], 0, uint64(r)+1) {
				w.recLo++
				w.mine = append(w.mine, r)
				return false, false, true
			}
			e = atomic.LoadUint64(&t.slots[i]) // another worker took the slot
		}
		if rc := t.rec(uint32(e - 1)); rc[0] == h {
			lowerKey(&rc[1], key)
			return false, false, true
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

// maxBatchLoad is the load (in eighths) up to which a batch may fill a
// shard's table with provisional entries; the commit then grows the tables
// as the serial search would have, so their sizes never depend on workers.
const maxBatchLoad = 7

// spare is how many entries shard i may take in a batch.
func (st *store) spare(i int) int {
	sh := &st.shards[i]
	return len(sh.table)*maxBatchLoad/8 - sh.n
}

// setQuotas shares each shard's spare entries among the workers (a
// fingerprint table takes no provisional entries: probeFP has no quota).
func (pp *parallel) setQuotas(st *store) {
	for i := range st.shards {
		q := st.spare(i) / len(pp.workers)
		for _, w := range pp.workers {
			w.quota[i] = q
		}
	}
}

// unclaim removes from the store's tables the entries of the records that
// are not committed: those whose least candidate is in a block from cut on.
// It runs before the commit reserves their indices, so that an entry's
// index still tells a record from a stored state.
func (pp *parallel) unclaim(st *store, cut int) {
	if st.fpt != nil {
		return // no provisional entries
	}
	t := &pp.tab
	for _, w := range pp.workers {
		for _, r := range w.mine {
			if int(atomic.LoadUint64(t.key(r))>>32) >= cut {
				h := t.hash(r)
				pp.remove(st, &st.shards[shardOf(h)], st.entry(h, t.base+int(r)), h)
			}
		}
	}
}

// homeOf is the hash of the state an entry names: a record's, or a stored
// state's.
func (pp *parallel) homeOf(st *store, e uint32) uint64 {
	if idx := st.index(e); idx >= pp.tab.base {
		return pp.tab.hash(uint32(idx - pp.tab.base))
	}
	return st.hashOf(st.index(e))
}

// moved records that an entry moved to slot i, if it is a record's.
func (pp *parallel) moved(st *store, e uint32, i uint64) {
	if idx := st.index(e); idx >= pp.tab.base {
		pp.tab.rec(uint32(idx - pp.tab.base))[2] = i
	}
}

// remove deletes entry e (of hash h) from sh, shifting the entries after it
// back where their probes would otherwise stop at the hole (linear probing
// without tombstones, so the table is as if e had never been entered).
func (pp *parallel) remove(st *store, sh *shard, e uint32, h uint64) {
	i := h & sh.mask
	for sh.table[i] != e {
		i = (i + 1) & sh.mask
	}
	for j := i; ; {
		sh.table[i] = 0
		for {
			j = (j + 1) & sh.mask
			f := sh.table[j]
			if f == 0 {
				return
			}
			// f may fill the hole at i unless its home lies cyclically in (i, j].
			if home := pp.homeOf(st, f) & sh.mask; (j-home)&sh.mask >= (j-i)&sh.mask {
				sh.table[i] = f
				pp.moved(st, f, i)
				i = j
				break
			}
		}
	}
}
