package explorer

import (
	"mcheck/model"
)

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
type por struct {
	p       *model.Program
	id      [][]int32 // [pid][node] -> dense step id, -1 if not a step start
	pidOf   []int32
	nodeOf  []int32
	dep     [][]int32 // conflicting steps of other processes
	enab    [][]int32 // steps of other processes that write what the guard reads
	visible []bool
	visList []int32 // every visible step
	// invisibleOnly: a set with an enabled visible step is given up (the
	// liveness search's ample condition, livepor.go)
	invisibleOnly bool

	// per-state scratch
	pcs     []int
	enabled []bool
	mark    []uint32
	gen     uint32
	work    []int32
	best    []model.Trans
}

// newPOR prepares the static relations. With lockdep, a step that may take a
// lock while holding another is visible: the lock-order edges it records
// must survive the reduction like any property.
func newPOR(p *model.Program, lockdep bool) *por {
	r := &por{p: p, id: make([][]int32, len(p.Procs)), pcs: make([]int, len(p.Procs))}
	for pid, pr := range p.Procs {
		r.id[pid] = make([]int32, len(pr.Type.Nodes))
		for n := range r.id[pid] {
			r.id[pid][n] = -1
		}
		for n := range pr.Type.Nodes {
			if p.StepFootprint(pid, n) != nil {
				r.id[pid][n] = int32(len(r.pidOf))
				r.pidOf = append(r.pidOf, int32(pid))
				r.nodeOf = append(r.nodeOf, int32(n))
			}
		}
	}
	nt := len(r.pidOf)
	r.dep, r.enab, r.visible = make([][]int32, nt), make([][]int32, nt), make([]bool, nt)
	r.enabled, r.mark = make([]bool, nt), make([]uint32, nt)
	inv := p.InvariantReads()
	for a := 0; a < nt; a++ {
		fa := p.StepFootprint(int(r.pidOf[a]), int(r.nodeOf[a]))
		r.visible[a] = fa.MayViolate || fa.Writes.Intersects(inv) || (lockdep && fa.Nested)
		if r.visible[a] {
			r.visList = append(r.visList, int32(a))
		}
		for b := 0; b < nt; b++ {
			if r.pidOf[a] == r.pidOf[b] {
				continue
			}
			fb := p.StepFootprint(int(r.pidOf[b]), int(r.nodeOf[b]))
			if fa.Writes.Intersects(fb.Reads) || fa.Writes.Intersects(fb.Writes) || fb.Writes.Intersects(fa.Reads) {
				r.dep[a] = append(r.dep[a], int32(b))
			}
			if fb.Writes.Intersects(fa.Guard) {
				r.enab[a] = append(r.enab[a], int32(b))
			}
		}
	}
	return r
}

// reduce returns the steps to explore from state s with enabled steps en
// (a sub-slice of en, or en itself for full expansion).
func (r *por) reduce(s []uint64, en []model.Trans) []model.Trans {
	if len(en) <= 1 {
		return en
	}
	for pid := range r.pcs {
		r.pcs[pid] = r.p.PC(s, pid)
	}
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
		pid, node := int(r.pidOf[a]), int(r.nodeOf[a])
		if r.enabled[a] {
			if r.visible[a] && r.invisibleOnly {
				return enabledIn, false
			}
			if r.visible[a] && !allVisible {
				// V: a set with an enabled visible step holds every visible step.
				allVisible = true
				r.addReachable(r.visList, gen)
			}
			if enabledIn++; enabledIn >= limit {
				return enabledIn, false
			}
			r.addReachable(r.dep[a], gen)
			// The other steps of a's process at its pc (the branches of an
			// either) conflict with a: taking one disables the rest.
			for _, st := range r.p.Starts(pid, r.pcs[pid]) {
				r.add(r.id[pid][st], gen)
			}
			continue
		}
		at := false
		for _, st := range r.p.Starts(pid, r.pcs[pid]) {
			at = at || int(st) == node
		}
		if !at {
			for _, st := range r.p.Starts(pid, r.pcs[pid]) {
				r.add(r.id[pid][st], gen)
			}
			continue
		}
		r.addReachable(r.enab[a], gen)
	}
	return enabledIn, true
}

func (r *por) add(b int32, gen uint32) {
	if b >= 0 && r.mark[b] != gen {
		r.mark[b] = gen
		r.work = append(r.work, b)
	}
}

// addReachable adds the steps in list that their process may still take.
func (r *por) addReachable(list []int32, gen uint32) {
	for _, b := range list {
		if r.mark[b] == gen {
			continue
		}
		q := int(r.pidOf[b])
		if r.p.Reachable(q, r.pcs[q]).Has(int(r.nodeOf[b])) {
			r.add(b, gen)
		}
	}
}
