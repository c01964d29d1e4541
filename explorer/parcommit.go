package explorer

import "sync/atomic"

// parCommitted counts the states committed by parallel batches (for tests:
// the parallel path must be the one tested, not the serial fallback).
var parCommitted atomic.Int64

// dedupe is phase 2 for the shards worker w owns: mark the first candidate
// of each state (blocks in order, candidates in visit order), and note the
// first block where a new state violates an invariant or a measure fails.
func (w *worker) dedupe(pp *parallel, cut int) {
	w.winners = w.winners[:0]
	w.counts = zeroed(w.counts, cut)
	w.violBlock = cut
	w.added = [numShards]int{}
	total := 0
	for b := 0; b < cut; b++ {
		total += len(pp.blocks[b].byOwner[w.id])
	}
	size := 16
	for size < 2*total {
		size *= 2
	}
	w.seen = zeroed(w.seen, size)
	for b := 0; b < cut && b <= w.violBlock; b++ {
		blk := pp.blocks[b]
		for _, k := range blk.byOwner[w.id] {
			if !w.firstSeen(pp, int32(b), k) {
				continue
			}
			blk.cands[k].win = true
			w.winners = append(w.winners, candRef{int32(b), k})
			w.counts[b]++
			w.added[shardOf(blk.cands[k].h)]++
			if b < w.violBlock && w.violates(blk.vector(k, w.s.st.words)) {
				w.violBlock = b
			}
		}
	}
}

// zeroed returns buf resized to n and cleared, reusing its memory.
func zeroed[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	buf = buf[:n]
	clear(buf)
	return buf
}

func (b *block) vector(k int32, words int) []uint64 {
	off := int(b.cands[k].off)
	return b.buf[off : off+words : off+words]
}

// firstSeen enters candidate k of block b in w's dedupe table and reports
// whether no earlier candidate holds the same state.
func (w *worker) firstSeen(pp *parallel, b, k int32) bool {
	blk := pp.blocks[b]
	c := &blk.cands[k]
	vec := blk.vector(k, w.s.st.words)
	mask := uint64(len(w.seen) - 1)
	for i := c.h & mask; ; i = (i + 1) & mask {
		e := w.seen[i]
		if e == 0 {
			w.seen[i] = uint64(b+1)<<32 | uint64(k+1)
			return true
		}
		ob, ok := int32(e>>32)-1, int32(e&0xffffffff)-1
		if pp.blocks[ob].cands[ok].h == c.h && (w.s.st.fp || equal(pp.blocks[ob].vector(ok, w.s.st.words), vec)) {
			return false
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

// violCut lowers cut to the first block holding a new state that violates.
func (pp *parallel) violCut(cut int) int {
	for _, w := range pp.workers {
		cut = min(cut, w.violBlock)
	}
	return cut
}

// winners is how many new states block b brings.
func (pp *parallel) winners(b int) int {
	n := 0
	for _, w := range pp.workers {
		n += w.counts[b]
	}
	return n
}

// budgetCut lowers cut to the first block whose new states pass the state
// budget, or to 0 when committing them all would pass the memory budget (the
// store's size only grows, so the serial search passes it in this batch).
func (pp *parallel) budgetCut(s *search, cut int, full bool) int {
	total, states := 0, cut
	for b := 0; b < cut; b++ {
		k := pp.winners(b)
		if s.opts.MaxStates > 0 && int64(s.st.len()+total+k) > s.opts.MaxStates {
			states = b
			break
		}
		total += k
	}
	if s.opts.MaxMemory > 0 && pp.projectedBytes(s, states, total, full && states == cut) > s.opts.MaxMemory {
		return 0 // the serial search stops there, or switches the store (StoreAuto)
	}
	return states
}

// projectedBytes is memBytes after committing blocks [0, cut); full says
// cut is the one dedupe ran to, whose owners counted the states per shard.
func (pp *parallel) projectedBytes(s *search, cut, total int, full bool) int64 {
	st := s.st
	var added [numShards]int
	if full {
		for _, w := range pp.workers {
			for i, n := range w.added {
				added[i] += n
			}
		}
	} else {
		for b := 0; b < cut; b++ {
			for k := range pp.blocks[b].cands {
				if pp.blocks[b].cands[k].win {
					added[shardOf(pp.blocks[b].cands[k].h)]++
				}
			}
		}
	}
	return st.projected(&added, total, pp.depth+1) + s.memBytes() - st.bytes()
}

// commit is phase 3: store the winners of blocks [0, cut) in block order and
// fold the blocks' figures into the search's.
func (pp *parallel) commit(s *search, cut int) {
	base := s.st.len()
	bases := make([]int, cut)
	total := 0
	for b := 0; b < cut; b++ {
		bases[b] = base + total
		total += pp.winners(b)
	}
	s.st.reserve(total, pp.depth+1)
	parCommitted.Add(int64(total))
	var next atomic.Int64
	pp.run(func(w *worker) {
		for b := int(next.Add(1) - 1); b < cut; b = int(next.Add(1) - 1) {
			w.put(pp.blocks[b], bases[b], pp.depth+1)
		}
	})
	pp.run(func(w *worker) {
		for _, r := range w.winners {
			if int(r.b) < cut {
				c := &pp.blocks[r.b].cands[r.k]
				s.st.place(c.h, int(c.idx))
			}
		}
	})
	pp.merge(s, cut, total)
}

// put copies block b's new states into the store from index idx on.
func (w *worker) put(b *block, idx, depth int) {
	words := w.s.st.words
	for k := range b.cands {
		c := &b.cands[k]
		if !c.win {
			continue
		}
		vec := b.vector(int32(k), words)
		w.s.st.put(idx, vec, meta{parent: c.parent, via: c.via, depth: uint32(depth)})
		w.s.st.setFP(idx, c.h)
		c.idx = uint32(idx)
		if len(w.vals) > 0 {
			w.m.Measures(vec, w.vals) // dedupe checked it evaluates
			b.measure(w.vals, idx)
		}
		idx++
	}
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
	for b := 0; b < cut; b++ {
		blk := pp.blocks[b]
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
