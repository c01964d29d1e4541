package explorer

import (
	"sort"
	"sync"
	"sync/atomic"

	"mcheck/internal/pad"
	"mcheck/model"
)

// Parallel breadth-first search (Options.Workers > 1). The search goes level
// by level in batches of consecutive states of one level, each cut into
// blocks of blockStates parents. A batch runs in phases separated by
// barriers, so no stored state is written while workers read it:
//
//  1. expand: workers take blocks in turn and expand their parents, probing
//     the store's tables for each successor. A successor not stored before
//     the batch is a candidate, numbered in its block in the order a serial
//     search would visit it; the first candidate of a state enters a record
//     of it in the batch's records and a provisional entry for the record
//     in the tables (partable.go), later ones lower the record's key to
//     theirs if less, so it keeps the least candidate that reached it;
//  2. order: each block gathers the records whose least candidate is its
//     own, in candidate order, and checks invariants and measures in them;
//  3. commit: states get their indices in block order, which is the serial
//     search's discovery order; workers copy them into the store and write
//     each index into its record's slot, and the tables grow.
//
// The stored states, their indices, parents and depths are therefore those of
// the serial search, and so are counts, traces, measures and lock-order
// reports. Anything the serial search would stop at or record (a violation,
// a deadlock, a budget) is left to it: the batch is committed up to the block
// where it happens, and the serial code expands the rest of the batch. So is
// the rest of a batch whose records or room in a shard's table run out (the
// next batch gets more records).
type parallel struct {
	workers   []*worker
	blocks    []*block
	n         int // blocks in this batch
	levelEnd  int // first index past the current level
	depth     int // of the batch's parents
	tab       batchTable
	perParent int                 // records per parent
	byShard   [numShards][]uint64 // fingerprint table: the commit's hashes by shard

	next    atomic.Int64 // next block to expand
	cut     atomic.Int64 // first block where something needs the serial search
	viol    atomic.Int64 // first block with a new state that violates
	full    atomic.Bool  // the table filled up
	stopped atomic.Bool
}

// blockStates parents per block; blocksPerWorker blocks per worker a batch.
// Variables so that the tests can make many small batches.
var (
	blockStates     = 128
	blocksPerWorker = 32
	// blocksReversed: workers take the blocks last first, so that states
	// are reached late in the serial order before they are reached early
	// (for the tests; the lock-order edges are then not the serial ones).
	blocksReversed = false
	// batchIgnoresRoom: batches as large as their blocks allow, whatever
	// room the shards have (for the tests: workers then run out of room).
	batchIgnoresRoom = false
)

// block is a run of consecutive parents and what expanding them found.
type block struct {
	_       pad.Line // workers write their blocks at every step (package pad)
	lo, hi  int
	parents []uint32 // per candidate: the state it is a successor of
	vias    []uint32 // per candidate: the step, packed
	wins    []win    // the records it found first, in candidate order
	base    int      // the index of its first new state

	transitions int64
	reduced     int64
	reducedFull int64
	truncated   bool
	// measures over the block's new states (commit)
	mMax, mMin []int64
	mMaxAt     []int
	mAny       bool
	_          pad.Line
}

// win is a new state of a block: its candidate there and its record.
type win struct{ cand, rec uint32 }

func newParallel(s *search, n int) *parallel {
	pp := &parallel{perParent: 8}
	for b := 0; b < n*blocksPerWorker; b++ {
		pp.blocks = append(pp.blocks, &block{})
	}
	for id := 0; id < n; id++ {
		pp.workers = append(pp.workers, newWorker(s, pp, id))
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

// runBlocks calls f(w, b) for each block b below n, on the workers at once.
func (pp *parallel) runBlocks(n int, f func(w *worker, b int)) {
	var next atomic.Int64
	pp.run(func(w *worker) {
		for b := int(next.Add(1) - 1); b < n; b = int(next.Add(1) - 1) {
			f(w, b)
		}
	})
}

// batch expands states from index i on (at most a batch, within i's level)
// and commits what it can. States [done, end) are left to the serial search.
func (pp *parallel) batch(s *search, i int) (done, end int) {
	st := s.st
	if i >= pp.levelEnd { // a new level (or a resumed search): find its end
		d, n := st.depthOf(i), st.len()
		pp.levelEnd = i + sort.Search(n-i, func(k int) bool { return st.depthOf(i+k) > d })
	}
	end = min(pp.levelEnd, i+pp.batchStates(st))
	pp.depth = st.depthOf(i)
	pp.n = (end - i + blockStates - 1) / blockStates
	for b := 0; b < pp.n; b++ {
		pp.blocks[b].reset(i+b*blockStates, min(end, i+(b+1)*blockStates))
	}
	pp.tab.reset(st.words, st.len(), (end-i)*pp.perParent, st.fpt != nil)
	if st.fpt == nil {
		st.widen(st.len() + pp.tab.nrec) // records' indices fit in the entries
	}
	pp.setQuotas(st)
	pp.next.Store(0)
	pp.cut.Store(int64(pp.n))
	pp.full.Store(false)
	frontier := s.opts.MaxDepth > 0 && pp.depth >= s.opts.MaxDepth
	pp.run(func(w *worker) { w.expandBlocks(frontier) })
	if pp.stopped.Load() {
		pp.unclaim(st, 0)
		s.stopReason = Interrupted
		return i, i
	}
	cut := int(pp.cut.Load())
	pp.run(func(w *worker) { w.sortOut(cut) })
	pp.viol.Store(int64(cut))
	pp.runBlocks(cut, func(w *worker, b int) { w.order(b) })
	pp.sizeTable(cut)
	cut = pp.budgetCut(s, min(cut, int(pp.viol.Load())))
	pp.unclaim(st, cut)
	pp.commit(s, cut)
	if cut == pp.n {
		return end, end
	}
	return pp.blocks[cut].lo, end
}

// batchStates is how many parents the next batch may expand: as many as its
// blocks hold, fewer when the states they would add at the last batch's
// rate could fill a shard's table past maxBatchLoad (then the batch would
// end early; a store's first few thousand states come in small batches).
func (pp *parallel) batchStates(st *store) int {
	if st.fpt != nil {
		return len(pp.blocks) * blockStates // the table is not written while workers expand
	}
	if batchIgnoresRoom {
		return len(pp.blocks) * blockStates
	}
	spare := st.spare(0)
	for i := 1; i < numShards; i++ {
		spare = min(spare, st.spare(i))
	}
	// A shard gets about 1/numShards of the new states; a third of the spare
	// leaves room for the spread between shards and between workers.
	n := spare * numShards / 3 * 2 / max(pp.perParent, 1)
	return max(blockStates, min(n, len(pp.blocks)*blockStates))
}

// sizeTable sets the records per parent of the next batch: two per new
// state a parent found in the blocks below cut, decaying slowly; doubled
// after the records ran out.
func (pp *parallel) sizeTable(cut int) {
	wins, parents := 0, 0
	for _, b := range pp.blocks[:cut] {
		wins, parents = wins+len(b.wins), parents+b.hi-b.lo
	}
	if parents > 0 {
		pp.perParent = max(pp.perParent*3/4, (2*wins+parents-1)/parents, 2)
	}
	if pp.full.Load() {
		pp.perParent *= 2
		parFilled.Add(1)
	}
}

func (b *block) reset(lo, hi int) {
	b.lo, b.hi = lo, hi
	b.parents, b.vias, b.wins = b.parents[:0], b.vias[:0], b.wins[:0]
	b.transitions, b.reduced, b.reducedFull, b.truncated, b.mAny = 0, 0, 0, false, false
}

// lowerCut records that block b needs the serial search.
func (pp *parallel) lowerCut(b int) { lowerTo(&pp.cut, int64(b)) }

// lowerTo sets x to v if v is less.
func lowerTo(x *atomic.Int64, v int64) {
	for {
		c := x.Load()
		if v >= c || x.CompareAndSwap(c, v) {
			return
		}
	}
}

// worker is one goroutine's scratch: its own machine, reduction, symmetry
// and lockdep, since all of them write scratch while they work.
type worker struct {
	_       pad.Line // (package pad)
	s       *search  // read only while workers run
	pp      *parallel
	m       *model.Machine
	por     *por
	sym     *model.Symmetry
	canon   []uint64
	en      []model.Trans
	lockdep *lockdep // edges seen this batch, merged at commit
	vals    []int64  // measure values
	emit    func(model.Trans, []uint64, *model.Violation)

	// the state being expanded
	b        *block
	bi       int // b's number
	cur      int
	frontier bool
	event    bool // the serial search must handle this state

	recLo, recHi int            // the table's records this worker may fill next
	mine         []uint32       // the records it made this batch
	quota        [numShards]int // entries it may still add to each shard
	perBlock     [][]win        // its records by the block that found them first
}

func newWorker(s *search, pp *parallel, id int) *worker {
	w := &worker{s: s, pp: pp, m: s.p.NewMachine(), vals: make([]int64, len(s.p.Measures)),
		perBlock: make([][]win, len(pp.blocks))}
	w.emit = func(t model.Trans, next []uint64, v *model.Violation) { w.visit(t, next, v) }
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
func (w *worker) expandBlocks(frontier bool) {
	pp := w.pp
	w.frontier, w.recLo, w.recHi, w.mine = frontier, 0, 0, w.mine[:0]
	for {
		b := int(pp.next.Add(1) - 1)
		if b >= pp.n {
			return
		}
		if blocksReversed {
			b = pp.n - 1 - b
		}
		if int64(b) > pp.cut.Load() {
			return
		}
		select {
		case <-w.s.opts.Stop:
			pp.stopped.Store(true)
			return
		default:
		}
		w.b, w.bi = pp.blocks[b], b
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
		var kind reduction
		n, kind = fireReduced(w.m, w.por, state, &w.en, w)
		w.b.reduced, w.b.reducedFull = w.b.reduced+kind.reduced(), w.b.reducedFull+kind.full()
	} else {
		n = w.m.Successors(state, w.emit)
	}
	return !w.event && (n > 0 || s.p.AllFinished(state))
}

// visit is search.visit without the store's writes: a successor not stored
// is a candidate for the batch's records. It reports whether the edge goes
// back.
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
	if w.frontier {
		_, found := st.lookupHash(next, h)
		b.truncated = b.truncated || !found
		return true
	}
	cand := func() uint64 {
		key := uint64(w.bi)<<32 | uint64(len(b.vias))
		b.parents, b.vias = append(b.parents, uint32(w.cur)), append(b.vias, pack(t))
		return key
	}
	var idx int
	var stored, ok bool
	if st.fpt != nil {
		back, stored, ok = w.probeFP(next, h, cand)
	} else {
		idx, stored, ok = w.probe(next, h, cand)
		back = stored && st.depthOf(idx) <= st.depthOf(w.cur)
	}
	if !ok {
		w.pp.full.Store(true)
		w.event = true
		return true
	}
	return stored && back // a state not stored is new: one level deeper
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
