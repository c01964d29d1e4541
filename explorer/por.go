package explorer

import "mcheck/model"

// Partial-order reduction with strong stubborn sets (Valmari), computed per
// state from the model's static footprints:
//
//   - an enabled step t in the set pulls in every step of another process
//     that conflicts with it (one writes a slot the other reads or writes)
//     and that process may still reach from where it is;
//   - a disabled step pulls in a necessary enabling set: its process's
//     current steps if the process is elsewhere, else every reachable step
//     of another process that writes a slot its guard reads;
//   - a visible step (it may write a slot an invariant reads, or may commit a
//     step violation) that is enabled in the set brings in every visible
//     step that its process may still take;
//   - cycle proviso: if any successor through the reduced set was already
//     stored, the state is expanded fully, so every cycle of the reduced
//     graph contains a fully expanded state and no step is ignored forever.
//
// These keep every deadlock, invariant violation and step violation
// reachable (the tests compare with the unreduced search on the catalogue and
// on random specs). The set is built from each enabled step as seed and the
// one with the fewest enabled steps is used.
//
// Cost: the conflict relation is never built pairwise (that was quadratic in
// the number of steps: 100,000 statements took 49 s). Steps are indexed by
// the slots they read and write, per process, sorted by node (porIndex). A
// step of another process that is not at that process's pc only ever pulls
// in the process's current steps, so the closure asks per process "does it
// still reach a conflicting step elsewhere?" (a count over the reachable
// node intervals, by binary search) instead of visiting each such step.
//
// Two steps that touch a slot only through the same commuting op (two
// down_reads of one rw_semaphore: model.Footprint.Commuting) do not conflict
// there: the merged lists (dep) leave such pairs out. Without the merged
// lists (over mergeBudget) the closure walks the per-slot lists, which keep
// them: a larger set, never an unsound one.
//
// The relations are built at the first reduce that is not off, so a BFS that
// ends inside its exact prefix (porprefix.go) never builds them.
type por struct {
	p      *model.Executable
	id     [][]int32 // [pid][node] -> dense step id, -1 if not a step start
	pidOf  []int32
	nodeOf []int32
	reads  [][]int32     // per step: the slots it may read
	writes [][]int32     // per step: the slots it may write
	guard  [][]int32     // per step: the slots its guard reads
	rw     [][]procNodes // per slot: the steps that read or write it
	w      [][]procNodes // per slot: the steps that write it
	// comm, per step: the slots it touches only through a commuting op
	// (model.Footprint.Commuting); rwComm, per such slot and op, rw without
	// the steps that touch the slot only through that op, which commute
	// with each other there. Only the merged lists (dep) use them.
	comm   [][]model.CommSlot
	rwComm map[model.CommSlot][]procNodes
	// dep and enab, per step, merge those lists per other process: the
	// steps that conflict with it, and that write what its guard reads.
	// Their size is bounded by mergeBudget; over it they stay nil and the
	// closure walks the per-slot lists.
	dep, enab [][]procNodes
	vis       []procNodes // per process: its visible steps
	// memo[procNodes.memo][pc] is pullMask's answer for a merged list when
	// its process is at pc, relative to the process's first current step
	// (it depends on nothing else), or unknown. Lists with the same nodes
	// in processes of one type share a row; rows are made when first used,
	// within memoBudget entries in all.
	memo     [][]uint64
	memoLeft int
	// visible[a]: a may write a slot an invariant reads, or commit a step
	// violation, or (with lockdep) record a lock-order edge.
	visible []bool
	// invisibleOnly: a set with an enabled visible step is given up (the
	// liveness search's ample condition, livepor.go)
	invisibleOnly bool

	// per-state scratch
	pcs     []int
	enabled []bool
	mark    []uint32
	full    []uint32 // full[q] == gen: every current step of q is in the set
	gen     uint32
	work    []int32
	best    []model.Trans
	g       startGraph

	// off: expand fully (the exact prefix of a BFS, search.go porLevel).
	// The static relations above are built at the first reduce that is not
	// off (build), so a search that never reduces never pays for them.
	off       bool
	visibleFn func(pid, node int, fp *model.Footprint) bool
}

// procNodes are the step-start nodes of one process that touch a slot,
// ascending.
type procNodes struct {
	pid   int32
	nodes []int32
	memo  int32 // its row in por.memo, 0 for none
}

// newPOR prepares the static relations. With lockdep, a step that may take a
// lock while holding another is visible: the lock-order edges it records
// must survive the reduction like any property.
func newPOR(p *model.Executable, lockdep bool) *por {
	inv := p.InvariantReads()
	return newPORVisible(p, func(_, _ int, fp *model.Footprint) bool {
		return fp.MayViolate || fp.Writes.Intersects(inv) || (lockdep && fp.Nested)
	})
}

// newPORVisible prepares the static relations with visibility decided by
// visible (the liveness search has its own, livepor.go).
func newPORVisible(p *model.Executable, visible func(pid, node int, fp *model.Footprint) bool) *por {
	return &por{p: p, visibleFn: visible}
}

// reduce returns the steps to explore from state s with enabled steps en
// (a sub-slice of en, or en itself for full expansion).
func (r *por) reduce(s []uint64, en []model.Trans) []model.Trans {
	if r.off || len(en) <= 1 || en[0].Pid == en[len(en)-1].Pid {
		return en // one process: its steps at one place pull each other in
	}
	if r.id == nil {
		r.build()
	}
	for pid := range r.pcs {
		r.pcs[pid] = r.p.PC(s, pid)
	}
	if set, ok := r.graphSet(en); ok {
		return set
	}
	return r.closureSet(en)
}

// closureSet chooses the set step by step (graphSet does it over the
// current steps when there are at most 64): the stubborn set with the
// fewest enabled steps over every process's enabled steps as seed (the
// first of equals), or en when none is smaller.
func (r *por) closureSet(en []model.Trans) []model.Trans {
	for _, t := range en {
		r.enabled[r.id[t.Pid][t.Node]] = true
	}
	defer func() {
		for _, t := range en {
			r.enabled[r.id[t.Pid][t.Node]] = false
		}
	}()
	bestN := len(en)
	r.best = r.best[:0]
	last := int32(-1)
	for _, seed := range en { // en is in pid order
		if seed.Pid == last {
			continue // every step of a process at one place pulls in the others
		}
		last = seed.Pid
		n, ok := r.closure(r.id[seed.Pid][seed.Node], bestN)
		if !ok || n >= bestN {
			continue
		}
		bestN = n
		r.best = r.best[:0]
		for _, t := range en {
			if r.mark[r.id[t.Pid][t.Node]] == r.gen {
				r.best = append(r.best, t)
			}
		}
		if bestN == 1 {
			break
		}
	}
	if bestN == len(en) {
		return en
	}
	return r.best
}

// closure builds the stubborn set from seed, marking members with a new
// generation. It gives up (ok false) on a visible enabled step or once the
// set has limit enabled steps.
func (r *por) closure(seed int32, limit int) (enabledIn int, ok bool) {
	r.gen++
	gen := r.gen
	r.work = append(r.work[:0], seed)
	r.mark[seed] = gen
	allVisible := false
	for len(r.work) > 0 {
		a := r.work[len(r.work)-1]
		r.work = r.work[:len(r.work)-1]
		pid := r.pidOf[a]
		if r.enabled[a] {
			if r.visible[a] && r.invisibleOnly {
				return enabledIn, false
			}
			if r.visible[a] && !allVisible {
				// V: a set with an enabled visible step holds every visible step.
				allVisible = true
				for _, v := range r.vis {
					r.pull(v, gen)
				}
			}
			if enabledIn++; enabledIn >= limit {
				return enabledIn, false
			}
			r.pullConflicts(a, pid, gen)
			// The other steps of a's process at its pc (the branches of an
			// either) conflict with a: taking one disables the rest.
			r.addStarts(int(pid), gen)
			continue
		}
		// a is disabled at its process's pc (pull adds only current steps):
		// a necessary enabling set is every step elsewhere that writes what
		// its guard reads.
		if r.enab != nil {
			r.pullOthers(r.enab[a], -1, gen)
			continue
		}
		for _, s := range r.guard[a] {
			r.pullOthers(r.w[s], pid, gen)
		}
	}
	return enabledIn, true
}

// pullConflicts adds the steps of other processes that conflict with a.
func (r *por) pullConflicts(a, pid int32, gen uint32) {
	if r.dep != nil {
		r.pullOthers(r.dep[a], -1, gen)
		return
	}
	for _, s := range r.writes[a] {
		r.pullOthers(r.rw[s], pid, gen)
	}
	for _, s := range r.reads[a] {
		r.pullOthers(r.w[s], pid, gen)
	}
}

func (r *por) pullOthers(list []procNodes, pid int32, gen uint32) {
	for _, pn := range list {
		if pn.pid != pid && r.full[pn.pid] != gen {
			r.pull(pn, gen)
		}
	}
}

// pull adds the steps of pn that its process may still take: a step at the
// process's pc itself, and for any other step the process's current steps
// (the set must let the process get there).
func (r *por) pull(pn procNodes, gen uint32) {
	q := int(pn.pid)
	if r.full[q] == gen || len(pn.nodes) == 0 {
		return // nothing more to add
	}
	starts := r.p.Starts(q, r.pcs[q])
	reach := r.p.Reachable(q, r.pcs[q])
	if elsewhere(pn.nodes, starts, reach) {
		r.addStarts(q, gen)
		return
	}
	for _, st := range starts {
		if hasNode(pn.nodes, st) && reach.Has(int(st)) {
			r.add(r.id[q][st], gen)
		}
	}
}

// elsewhere reports whether nodes (ascending) has a node in reach that is
// not one of starts.
func elsewhere(nodes, starts []int32, reach model.NodeSet) bool {
	for k := 0; k+1 < len(reach); k += 2 {
		lo, hi := reach[k], reach[k+1]
		n := lowerBound(nodes, hi+1) - lowerBound(nodes, lo)
		for _, st := range starts {
			if st >= lo && st <= hi && hasNode(nodes, st) {
				n--
			}
		}
		if n > 0 {
			return true
		}
	}
	return false
}

// lowerBound is the number of nodes below n.
func lowerBound(nodes []int32, n int32) int {
	lo, hi := 0, len(nodes)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if nodes[m] < n {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// addStarts adds every step of process q at its pc.
func (r *por) addStarts(q int, gen uint32) {
	if r.full[q] == gen {
		return
	}
	r.full[q] = gen
	for _, st := range r.p.Starts(q, r.pcs[q]) {
		r.add(r.id[q][st], gen)
	}
}

func hasNode(nodes []int32, n int32) bool {
	i := lowerBound(nodes, n)
	return i < len(nodes) && nodes[i] == n
}

func (r *por) add(b int32, gen uint32) {
	if b >= 0 && r.mark[b] != gen {
		r.mark[b] = gen
		r.work = append(r.work, b)
	}
}
