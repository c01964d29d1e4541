package explorer

import (
	"sort"
	"sync"
	"sync/atomic"

	"mcheck/model"
)

// Parallel breadth-first search (Options.Workers > 1). The search goes level
// by level in batches of consecutive states of one level, each cut into
// blocks of blockStates parents. A batch runs in three phases separated by
// barriers, so the store is never written while it is read:
//
//  1. expand: workers take blocks in turn and expand their parents, looking
//     successors up in the store (read only) and keeping the ones not found
//     as candidates, in the order a serial search would visit them;
//  2. dedupe: the owner of each table shard keeps the first candidate of each
//     state in block order (so the serial search's first discoverer), and
//     checks invariants and measures in it;
//  3. commit: states get their indices in block order, which is the serial
//     search's discovery order; workers copy them into the store and each
//     shard's owner enters its own.
//
// The stored states, their indices, parents and depths are therefore those of
// the serial search, and so are counts, traces, measures and lock-order
// reports. Anything the serial search would stop at or record (a violation,
// a deadlock, a budget) is left to it: the batch is committed up to the block
// where it happens, and the serial code expands the rest of the batch.
type parallel struct {
	workers  []*worker
	blocks   []*block
	n        int // blocks in this batch
	levelEnd int // first index past the current level
	depth    int // of the batch's parents

	next    atomic.Int64 // next block to expand
	cut     atomic.Int64 // first block where something needs the serial search
	stopped atomic.Bool
}

// blockStates parents per block; blocksPerWorker blocks per worker a batch.
// Variables so that the tests can make many small batches.
var (
	blockStates     = 128
	blocksPerWorker = 32
)

// block is a run of consecutive parents and what expanding them found.
type block struct {
	lo, hi      int
	buf         []uint64 // the candidates' state vectors
	cands       []cand
	byOwner     [][]int32 // candidate positions per dedupe owner
	transitions int64
	reduced     int64
	reducedFull int64
	truncated   bool
	// measures over the block's new states (commit)
	mMax, mMin []int64
	mMaxAt     []int
	mAny       bool
}

// cand is a successor that was not stored when its batch began.
type cand struct {
	h      uint64
	parent uint32
	via    uint32
	off    uint32 // its vector is buf[off : off+words]
	idx    uint32 // its index, at commit
	win    bool   // the first of its state in the batch
}

func newParallel(s *search, n int) *parallel {
	pp := &parallel{}
	for id := 0; id < n; id++ {
		pp.workers = append(pp.workers, newWorker(s, id))
	}
	for b := 0; b < n*blocksPerWorker; b++ {
		pp.blocks = append(pp.blocks, &block{byOwner: make([][]int32, n)})
	}
	return pp
}

// run calls f(w) on every worker at once and waits for them.
func (pp *parallel) run(f func(w *worker)) {
	var wg sync.WaitGroup
	for _, w := range pp.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(w)
		}()
	}
	wg.Wait()
}

// batch expands states from index i on (at most a batch, within i's level)
// and commits what it can. States [done, end) are left to the serial search.
func (pp *parallel) batch(s *search, i int) (done, end int) {
	if i >= pp.levelEnd { // a new level (or a resumed search): find its end
		d, n := s.st.depthOf(i), s.st.len()
		pp.levelEnd = i + sort.Search(n-i, func(k int) bool { return s.st.depthOf(i+k) > d })
	}
	end = min(pp.levelEnd, i+len(pp.blocks)*blockStates)
	pp.depth = s.st.depthOf(i)
	pp.n = (end - i + blockStates - 1) / blockStates
	for b := 0; b < pp.n; b++ {
		pp.blocks[b].reset(i+b*blockStates, min(end, i+(b+1)*blockStates))
	}
	pp.next.Store(0)
	pp.cut.Store(int64(pp.n))
	frontier := s.opts.MaxDepth > 0 && pp.depth >= s.opts.MaxDepth
	pp.run(func(w *worker) { w.expandBlocks(pp, frontier) })
	if pp.stopped.Load() {
		s.stopReason = Interrupted
		return i, i
	}
	cut := int(pp.cut.Load())
	pp.run(func(w *worker) { w.dedupe(pp, cut) })
	vcut := pp.violCut(cut)
	cut = pp.budgetCut(s, vcut, vcut == cut)
	pp.commit(s, cut)
	if cut == pp.n {
		return end, end
	}
	return pp.blocks[cut].lo, end
}

func (b *block) reset(lo, hi int) {
	b.lo, b.hi = lo, hi
	b.buf, b.cands = b.buf[:0], b.cands[:0]
	for w := range b.byOwner {
		b.byOwner[w] = b.byOwner[w][:0]
	}
	b.transitions, b.reduced, b.reducedFull, b.truncated, b.mAny = 0, 0, 0, false, false
}

// lowerCut records that block b needs the serial search.
func (pp *parallel) lowerCut(b int) {
	for {
		c := pp.cut.Load()
		if int64(b) >= c || pp.cut.CompareAndSwap(c, int64(b)) {
			return
		}
	}
}

// worker is one goroutine's scratch: its own machine, reduction, symmetry
// and lockdep, since all of them write scratch while they work.
type worker struct {
	s       *search // read only while workers run
	id      int
	m       *model.Machine
	por     *por
	sym     *model.Symmetry
	canon   []uint64
	en      []model.Trans
	lockdep *lockdep // edges seen this batch, merged at commit
	vals    []int64  // measure values
	visitFn func(model.Trans, []uint64, *model.Violation)

	// the state being expanded
	b        *block
	cur      int
	frontier bool
	event    bool // the serial search must handle this state

	// dedupe
	seen      []uint64 // (block+1)<<32 | candidate+1; 0 is empty
	winners   []candRef
	counts    []int          // winners per block
	added     [numShards]int // winners per shard (the shards w owns)
	violBlock int            // first block with a winner that violates an invariant
}

type candRef struct{ b, k int32 }

func newWorker(s *search, id int) *worker {
	w := &worker{s: s, id: id, m: s.p.NewMachine(), vals: make([]int64, len(s.p.Measures))}
	w.visitFn = func(t model.Trans, next []uint64, v *model.Violation) { w.visit(t, next, v) }
	if s.lockdep != nil {
		w.lockdep = newLockdep(s.p)
	}
	if s.sym != nil {
		w.sym, w.canon = s.sym.Fork(), make([]uint64, s.p.Words())
	}
	if s.por != nil {
		w.por = newPOR(s.p, s.lockdep != nil)
	}
	return w
}

// expandBlocks is phase 1: take blocks until none is left, or until every
// block left is past one that needs the serial search.
func (w *worker) expandBlocks(pp *parallel, frontier bool) {
	w.frontier = frontier
	for {
		b := int(pp.next.Add(1) - 1)
		if b >= pp.n || int64(b) > pp.cut.Load() {
			return
		}
		select {
		case <-w.s.opts.Stop:
			pp.stopped.Store(true)
			return
		default:
		}
		w.b = pp.blocks[b]
		for i := w.b.lo; i < w.b.hi; i++ {
			if !w.expand(i) {
				pp.lowerCut(b)
				break
			}
		}
	}
}

// expand is search.expand for a clean state; it reports false when state i
// has something the serial search must handle (a violation or a deadlock).
func (w *worker) expand(i int) bool {
	s := w.s
	w.cur, w.event = i, false
	state := s.st.state(i)
	if w.lockdep != nil {
		w.lockdep.attempts(w.m, state, i)
	}
	if w.m.WaitCycle(state) != nil {
		if w.en = w.m.EnabledInto(state, w.en); len(w.en) > 0 {
			return false
		}
	}
	var n int
	if w.por != nil {
		n = w.expandReduced(state)
	} else {
		n = w.m.Successors(state, w.visitFn)
	}
	return !w.event && (n > 0 || s.p.AllFinished(state))
}

// expandReduced is search.expandReduced with the worker's scratch.
func (w *worker) expandReduced(state []uint64) int {
	w.en = w.m.EnabledInto(state, w.en)
	en := w.en
	set := w.por.reduce(state, en)
	back := false
	for _, t := range set {
		next, v := w.m.Fire(state, t)
		back = w.visit(t, next, v) || back
	}
	if len(set) < len(en) && back {
		w.b.reducedFull++
		for _, t := range en {
			if !contains(set, t) {
				next, v := w.m.Fire(state, t)
				w.visit(t, next, v)
			}
		}
	} else if len(set) < len(en) {
		w.b.reduced++
	}
	return len(en)
}

// visit is search.visit without the store's writes: a successor not stored
// becomes a candidate. It reports whether the edge goes back.
func (w *worker) visit(t model.Trans, next []uint64, v *model.Violation) (back bool) {
	b := w.b
	b.transitions++
	if w.event || v != nil {
		w.event = true
		return true
	}
	st := w.s.st
	if w.lockdep != nil {
		w.lockdep.observe(st.state(w.cur), next, t, w.cur)
	}
	if w.sym != nil {
		next = w.sym.Canonical(next, w.canon)
	}
	h := hash(next)
	idx, found := st.lookupHash(next, h)
	if w.frontier {
		b.truncated = b.truncated || !found
		return true
	}
	if found {
		return st.depthOf(idx) <= st.depthOf(w.cur)
	}
	owner := shardOf(h) % len(b.byOwner)
	b.byOwner[owner] = append(b.byOwner[owner], int32(len(b.cands)))
	b.cands = append(b.cands, cand{h: h, parent: uint32(w.cur), via: pack(t), off: uint32(len(b.buf))})
	b.buf = append(b.buf, next...)
	return false
}

// progress checks the clock and reports progress after a parallel batch.
// The batch itself kept to the state and memory budgets (budgetCut).
func (s *search) progress() {
	if s.checkClock(); s.opts.OnProgress == nil {
		return
	}
	every := s.opts.ProgressEvery
	if every <= 0 {
		every = 1 << 16
	}
	if s.expansions/every > s.progressed {
		s.progressed = s.expansions / every
		s.opts.OnProgress(s.stats())
	}
}
