package explorer

import (
	"cmp"
	"slices"
	"sync/atomic"
)

// parCommitted counts the states committed by parallel batches (for tests:
// the parallel path must be the one tested, not the serial fallback).
var parCommitted atomic.Int64

// parFilled counts the batches whose table filled up (for tests).
var parFilled atomic.Int64

// sortOut is the first half of phase 2: w hands each record it made to the
// block whose candidate reached it first, if that block is below cut.
func (w *worker) sortOut(cut int) {
	for b := range w.perBlock {
		w.perBlock[b] = w.perBlock[b][:0]
	}
	t := &w.pp.tab
	for _, r := range w.mine {
		k := atomic.LoadUint64(t.key(r))
		if b := int(k >> 32); b < cut {
			w.perBlock[b] = append(w.perBlock[b], win{cand: uint32(k), rec: r})
		}
	}
}

// order is the second half of phase 2 for block b: its new states in
// candidate order (the serial search's), and the first block where a new
// state violates an invariant or a measure fails.
func (w *worker) order(b int) {
	pp := w.pp
	blk := pp.blocks[b]
	for _, x := range pp.workers {
		blk.wins = append(blk.wins, x.perBlock[b]...)
	}
	slices.SortFunc(blk.wins, func(x, y win) int { return cmp.Compare(x.cand, y.cand) })
	if int64(b) >= pp.viol.Load() {
		return // not committed
	}
	for _, wn := range blk.wins {
		if w.violates(pp.tab.vec(wn.rec)) {
			lowerTo(&pp.viol, int64(b))
			return
		}
	}
}

// violates runs search.checkState's checks on a new state.
func (w *worker) violates(state []uint64) bool {
	if len(w.vals) > 0 && w.m.Measures(state, w.vals) != nil {
		return true
	}
	return w.m.CheckInvariants(state) != nil
}

// budgetCut lowers cut to the first block whose new states pass the state
// budget, or to 0 when committing them all would pass the memory budget (the
// store's size only grows, so the serial search passes it in this batch).
func (pp *parallel) budgetCut(s *search, cut int) int {
	total := 0
	for b := 0; b < cut; b++ {
		k := len(pp.blocks[b].wins)
		if s.opts.MaxStates > 0 && int64(s.st.len()+total+k) > s.opts.MaxStates {
			cut = b
			break
		}
		total += k
	}
	if s.opts.MaxMemory > 0 && pp.projectedBytes(s, cut, total) > s.opts.MaxMemory {
		return 0 // the serial search stops there, or switches the store (StoreAuto)
	}
	return cut
}

// added counts the new states of blocks [0, cut) per table shard.
func (pp *parallel) added(cut int) *[numShards]int {
	var added [numShards]int
	for _, b := range pp.blocks[:cut] {
		for _, wn := range b.wins {
			added[shardOf(pp.tab.hash(wn.rec))]++
		}
	}
	return &added
}

// projectedBytes is memBytes after committing the total new states of
// blocks [0, cut).
func (pp *parallel) projectedBytes(s *search, cut, total int) int64 {
	st := s.st
	return st.projected(pp.added(cut), total, pp.depth+1) + s.memBytes() - st.bytes()
}

// commit is phase 3: store the new states of blocks [0, cut) in block order
// and fold the blocks' figures into the search's.
func (pp *parallel) commit(s *search, cut int) {
	total := 0
	for _, b := range pp.blocks[:cut] {
		b.base = s.st.len() + total
		total += len(b.wins)
	}
	s.st.reserve(total, pp.depth+1)
	parCommitted.Add(int64(total))
	pp.runBlocks(cut, func(w *worker, b int) { w.put(pp.blocks[b]) })
	if s.st.fpt != nil {
		pp.enterFP(s.st, cut)
	} else {
		added := pp.added(cut)
		pp.runBlocks(numShards, func(_ *worker, i int) { s.st.expect(i, added[i]) }) // the tables grow in parallel
	}
	pp.merge(s, cut, total)
}

// put copies block b's new states into the store (reserve set their depth)
// and writes their indices into their records' slots.
func (w *worker) put(b *block) {
	st, t := w.s.st, &w.pp.tab
	for i, wn := range b.wins {
		idx, vec, h := b.base+i, t.vec(wn.rec), t.hash(wn.rec)
		st.put(idx, vec, meta{parent: b.parents[wn.cand], via: b.vias[wn.cand]})
		st.setFP(idx, h)
		if st.fpt == nil {
			st.shards[shardOf(h)].table[t.slot(wn.rec)] = st.entry(h, idx)
		}
		if len(w.vals) > 0 {
			w.m.Measures(vec, w.vals) // order checked it evaluates
			b.measure(w.vals, idx)
		}
	}
}

// enterFP enters the new states of blocks [0, cut) in the fingerprint
// table, each shard on one worker.
func (pp *parallel) enterFP(st *store, cut int) {
	for i := range pp.byShard {
		pp.byShard[i] = pp.byShard[i][:0]
	}
	for _, b := range pp.blocks[:cut] {
		for _, wn := range b.wins {
			h := pp.tab.hash(wn.rec)
			pp.byShard[shardOf(h)] = append(pp.byShard[shardOf(h)], h)
		}
	}
	tag := levelTag(pp.depth + 1)
	pp.runBlocks(numShards, func(_ *worker, i int) {
		for _, h := range pp.byShard[i] {
			st.fpt.insert(h, tag)
		}
	})
}

// measure folds one new state's measure values into the block's ranges.
func (b *block) measure(vals []int64, idx int) {
	if !b.mAny {
		b.mMax, b.mMin = append(b.mMax[:0], vals...), append(b.mMin[:0], vals...)
		b.mMaxAt = b.mMaxAt[:0]
		for range vals {
			b.mMaxAt = append(b.mMaxAt, idx)
		}
		b.mAny = true
		return
	}
	for i, v := range vals {
		if v > b.mMax[i] {
			b.mMax[i], b.mMaxAt[i] = v, idx
		}
		b.mMin[i] = min(b.mMin[i], v)
	}
}

// merge folds blocks [0, cut) into the search: counts, measures (blocks in
// order, so the first state at a maximum wins as in the serial search) and
// the workers' lock-order edges taken before the cut.
func (pp *parallel) merge(s *search, cut, added int) {
	for _, blk := range pp.blocks[:cut] {
		s.transitions += blk.transitions
		s.reduced += blk.reduced
		s.reducedFull += blk.reducedFull
		s.truncated = s.truncated || blk.truncated
		s.expansions += int64(blk.hi - blk.lo)
		if blk.mAny {
			ms := s.meas
			for i, v := range blk.mMax {
				if v > ms.max[i] {
					ms.max[i], ms.maxAt[i] = v, blk.mMaxAt[i]
				}
				ms.min[i] = min(ms.min[i], blk.mMin[i])
			}
		}
	}
	if added > 0 {
		s.maxDepth = max(s.maxDepth, pp.depth+1)
	}
	if s.lockdep != nil {
		limit := pp.blocks[0].lo
		if cut > 0 {
			limit = pp.blocks[cut-1].hi
		}
		pp.mergeLockdep(s.lockdep, limit)
	}
}

// mergeLockdep adds to l each edge first seen by a worker in a state below
// limit, from the worker that saw it in the lowest state: each worker took
// its blocks in increasing order, so its edge is its first, and the lowest
// state is where the serial search saw it first. The workers' edges reset.
func (pp *parallel) mergeLockdep(l *lockdep, limit int) {
	for _, w := range pp.workers {
		for _, key := range w.lockdep.order {
			e := w.lockdep.edges[key]
			if e.state >= limit {
				continue
			}
			if old, ok := l.edges[key]; !ok {
				l.edges[key] = e
				l.order = append(l.order, key)
			} else if old.state >= pp.blocks[0].lo && e.state < old.state {
				l.edges[key] = e
			}
		}
		w.lockdep.edges, w.lockdep.order = map[[2]int]*LockEdge{}, w.lockdep.order[:0]
	}
}
