package explorer

import (
	"math/bits"

	"mcheck/model"
)

// A stubborn set only ever holds steps at their process's pc (a step
// elsewhere pulls in its process's current steps and nothing else), so in
// one state the closure is reachability in a small graph over the current
// steps of all processes: an edge from b to c when b, if in the set, pulls
// c in. graphSet computes each step's edges once per state, lazily, as bit
// sets, and every seed's closure is then a few bit operations; closure()
// walked the static relations again for every seed. The sets are the same
// (TestPORSameSets).
type startGraph struct {
	base    []int    // per process: its first current step; base[nprocs]: their number
	step    []int32  // per current step: its step id
	edges   []uint64 // per current step: the current steps it pulls in
	known   uint64   // the current steps whose edges are computed
	enabled uint64
	vis     uint64 // the current steps every visible step pulls in
	visOK   bool
}

// graphSteps is the most current steps graphSet handles (bits of a
// uint64); a variable so that the tests can send every state to closureSet.
var graphSteps = 64

// graphSet is closureSet over the start graph; ok is false with more than
// graphSteps current steps.
func (r *por) graphSet(en []model.Trans) (set []model.Trans, ok bool) {
	if !r.listStarts(en) {
		return nil, false
	}
	bestN, best := len(en), uint64(0)
	last := int32(-1)
	for _, seed := range en { // en is in pid order
		if seed.Pid == last {
			continue // every step of a process at one place pulls in the others
		}
		last = seed.Pid
		members, k, ok := r.graphClosure(r.startIndex(seed), bestN)
		if ok && k < bestN {
			bestN, best = k, members
			if k == 1 {
				break
			}
		}
	}
	if bestN == len(en) {
		return en, true
	}
	r.best = r.best[:0]
	for _, t := range en {
		if best&(1<<r.startIndex(t)) != 0 {
			r.best = append(r.best, t)
		}
	}
	return r.best, true
}

// listStarts numbers the current steps of state's processes and marks the
// enabled ones; false with more than graphSteps.
func (r *por) listStarts(en []model.Trans) bool {
	g := &r.g
	g.step = g.step[:0]
	for q := range r.pcs {
		g.base[q] = len(g.step)
		for _, st := range r.p.Starts(q, r.pcs[q]) {
			g.step = append(g.step, r.id[q][st])
		}
	}
	n := len(g.step)
	if g.base[len(r.pcs)] = n; n > graphSteps {
		return false
	}
	if len(g.edges) < n {
		g.edges = make([]uint64, n)
	}
	g.known, g.enabled, g.visOK = 0, 0, false
	for _, t := range en {
		g.enabled |= 1 << r.startIndex(t)
	}
	return true
}

// startIndex is t's index among the current steps.
func (r *por) startIndex(t model.Trans) int {
	k := r.g.base[t.Pid]
	for _, st := range r.p.Starts(int(t.Pid), r.pcs[t.Pid]) {
		if st == t.Node {
			return k
		}
		k++
	}
	panic("an enabled step is not at its process's pc")
}

// graphClosure is closure over the start graph from current step k0.
func (r *por) graphClosure(k0, limit int) (members uint64, enabledIn int, ok bool) {
	g := &r.g
	members = 1 << k0
	todo := members
	allVisible := false
	for todo != 0 {
		k := bits.TrailingZeros64(todo)
		todo &^= 1 << k
		add := r.edgesOf(k)
		if g.enabled&(1<<k) != 0 {
			if r.visible[g.step[k]] && r.invisibleOnly {
				return members, enabledIn, false
			}
			if r.visible[g.step[k]] && !allVisible {
				// V: a set with an enabled visible step holds every visible step.
				allVisible = true
				add |= r.visMask()
			}
			if enabledIn++; enabledIn >= limit {
				return members, enabledIn, false
			}
		}
		add &^= members
		members |= add
		todo |= add
	}
	return members, enabledIn, true
}

// edgesOf returns the current steps that current step k pulls in: if it is
// enabled, its process's other current steps and the reachable conflicting
// steps of other processes; if not, the reachable steps of other processes
// that write what its guard reads.
func (r *por) edgesOf(k int) uint64 {
	g := &r.g
	if g.known&(1<<k) != 0 {
		return g.edges[k]
	}
	a := g.step[k]
	pid := r.pidOf[a]
	var mask uint64
	switch {
	case g.enabled&(1<<k) != 0 && r.dep != nil:
		mask = r.allStarts(int(pid)) | r.pullAll(r.dep[a], -1)
	case g.enabled&(1<<k) != 0:
		mask = r.allStarts(int(pid))
		for _, s := range r.writes[a] {
			mask |= r.pullAll(r.rw[s], pid)
		}
		for _, s := range r.reads[a] {
			mask |= r.pullAll(r.w[s], pid)
		}
	case r.enab != nil:
		mask = r.pullAll(r.enab[a], -1)
	default:
		for _, s := range r.guard[a] {
			mask |= r.pullAll(r.w[s], pid)
		}
	}
	g.known |= 1 << k
	g.edges[k] = mask
	return mask
}

// visMask is what the visible steps of every process pull in.
func (r *por) visMask() uint64 {
	g := &r.g
	if !g.visOK {
		g.vis, g.visOK = r.pullAll(r.vis, -1), true
	}
	return g.vis
}

func (r *por) pullAll(list []procNodes, skip int32) uint64 {
	var mask uint64
	for _, pn := range list {
		if pn.pid != skip {
			mask |= r.pullMask(pn)
		}
	}
	return mask
}

// allStarts is the bit set of process q's current steps.
func (r *por) allStarts(q int) uint64 {
	lo, hi := r.g.base[q], r.g.base[q+1]
	return (uint64(1)<<(hi-lo) - 1) << lo
}

// pullMask is pull as a bit set of current steps.
func (r *por) pullMask(pn procNodes) uint64 {
	q := int(pn.pid)
	if len(pn.nodes) == 0 {
		return 0
	}
	row := r.memo[pn.memo]
	if row == nil && pn.memo != 0 && r.memoLeft >= len(r.id[q]) {
		row = make([]uint64, len(r.id[q]))
		for i := range row {
			row[i] = unknown
		}
		r.memo[pn.memo], r.memoLeft = row, r.memoLeft-len(row)
	}
	if row == nil {
		return r.pullMaskAt(pn)
	}
	rel := row[r.pcs[q]]
	if rel == unknown {
		rel = r.pullMaskAt(pn) >> r.g.base[q]
		row[r.pcs[q]] = rel
	}
	return rel << r.g.base[q]
}

// pullMaskAt computes pullMask.
func (r *por) pullMaskAt(pn procNodes) uint64 {
	q := int(pn.pid)
	starts := r.p.Starts(q, r.pcs[q])
	reach := r.p.Reachable(q, r.pcs[q])
	if elsewhere(pn.nodes, starts, reach) {
		return r.allStarts(q)
	}
	var mask uint64
	for j, st := range starts {
		if hasNode(pn.nodes, st) && reach.Has(int(st)) {
			mask |= 1 << (r.g.base[q] + j)
		}
	}
	return mask
}
