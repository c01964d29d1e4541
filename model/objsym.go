package model

import (
	"fmt"
	"slices"
	"strings"
)

// Object symmetry: permuting a pool's objects (moving each object's state and
// fields to another index and renaming every reference to it) maps runs to
// runs, except where the allocator looks at indices. alloc takes the object
// freed last if it is still free, else the free object with the lowest index
// (pool.go), so which free object a later alloc returns, and so whether a
// dangling reference becomes an ABA reuse, depends on the indices of objects
// that are live now: states that differ by a permutation are not alike while
// an alloc of the pool can still run. Once no process can reach an alloc of
// the pool (the static reachability of pool.go's OpAlloc nodes from every
// process's pc, a property that only shrinks along a run and that process
// permutations keep), nothing reads an object's index: the pool's `last`
// slot is dead (only alloc reads it) and is reset, and the pool's objects
// are permuted. See Canonical for the orbit representative and doc.go of
// the explorer for the soundness argument.
//
// A pool keeps its numbers (no permutation) when the spec names its objects
// by number (POOL[i] outside the initialisers, Program.Numbered: the code
// or a property can tell object 0 from object 1) or when its objects hold
// locks (lockdep records lock order per lock instance, vmas[0].vm_lock, so
// a permutation would rename the edges it has seen).

// objPool is a pool whose objects may be permuted.
type objPool struct {
	pl    poolLayout
	refs  []int   // every slot holding a reference into the pool
	class [][]int // refs grouped by role: a global slot, a local of one type, a field of one pool
	fref  []bool  // per field slot of an object: a reference (only NULL or not is a key)
	alloc [][]bool
}

// objScratch is Canonical's scratch for object permutations.
type objScratch struct {
	on     []int // indices into objPools permutable in the state at hand
	keys   [][][]int64
	orders [][]int // per permutable pool: order[new] = old
	runs   [][][2]int
	perm   []int
	work   []uint64 // the state with its dead slots reset
	work2  []uint64
	cand   []uint64
	best   []uint64
}

// objPermLimit bounds the permutations tried per state: beyond it the
// objects of a tie are left in their order (a state of the orbit, so still
// sound, but not the orbit's least).
const objPermLimit = 720

// objectPools lists the pools whose objects may be permuted, and why the
// others may not.
func (p *Program) objectPools() (on []objPool, off []string) {
	for _, g := range p.Globals {
		if g.Type.Kind != TPool {
			continue
		}
		op := objPool{pl: p.poolAt(g.Name, g.Type, g.Base)}
		switch pos, numbered := p.Numbered[g.Name]; {
		case numbered:
			off = append(off, fmt.Sprintf("%s is named by number at %d:%d", g.Name, pos.Line, pos.Col))
			continue
		case p.poolHasLock(op.pl):
			off = append(off, g.Name+"'s objects hold locks (lockdep names them by number)")
			continue
		}
		p.collectRefClasses(&op)
		op.alloc = p.allocReach(op.pl.base)
		on = append(on, op)
	}
	return on, off
}

// collectRefClasses finds every slot that may hold a reference into op's pool.
func (p *Program) collectRefClasses(op *objPool) {
	name := op.pl.name
	add := func(slots []int) {
		if len(slots) > 0 {
			op.class = append(op.class, slots)
			op.refs = append(op.refs, slots...)
		}
	}
	for _, g := range p.Globals {
		if g.Type.Kind == TPool {
			continue
		}
		for _, s := range refSlots(g.Type, g.Base, name) {
			add([]int{s})
		}
	}
	for _, t := range p.Types {
		for _, l := range t.Locals {
			for _, off := range refSlots(l.Type, l.Base, name) {
				var slots []int
				for _, pr := range p.Procs {
					if pr.Type == t {
						slots = append(slots, pr.Frame+off)
					}
				}
				add(slots)
			}
		}
	}
	for _, pl := range p.pools() {
		for _, off := range refSlots(pl.elem, 0, name) {
			var slots []int
			for i := 0; i < pl.n; i++ {
				slots = append(slots, pl.state(i)+1+off)
			}
			add(slots)
		}
	}
	op.fref = make([]bool, op.pl.elem.Slots)
	for _, off := range refSlots(op.pl.elem, 0, "") {
		op.fref[off] = true
	}
}

// refSlots lists the slots of a value of type t at base that hold a
// reference into pool (any pool when pool is "").
func refSlots(t *Type, base int, pool string) []int {
	switch t.Kind {
	case TRef:
		if pool == "" || t.Pool == pool {
			return []int{base}
		}
	case TStruct:
		var out []int
		for _, f := range t.Fields {
			out = append(out, refSlots(f.Type, base+f.Offset, pool)...)
		}
		return out
	case TArray:
		var out []int
		for i := 0; i < t.Len; i++ {
			out = append(out, refSlots(t.Elem, base+i*t.Elem.Slots, pool)...)
		}
		return out
	}
	return nil
}

// allocReach says per process and node whether an alloc of the pool at
// base is reachable from there.
func (p *Program) allocReach(base int) [][]bool {
	out := make([][]bool, len(p.Procs))
	for pid, pr := range p.Procs {
		if pr.Index > 0 {
			out[pid] = out[pid-1] // same type: same graph
			continue
		}
		var allocs []int
		for i, nd := range pr.Type.Nodes {
			if nd.Kind == NSync && nd.Op == OpAlloc && nd.Obj != nil && nd.Obj.Base == base {
				allocs = append(allocs, i)
			}
		}
		out[pid] = make([]bool, len(pr.Type.Nodes))
		for i := range out[pid] {
			set := p.Reachable(pid, i)
			out[pid][i] = slices.ContainsFunc(allocs, set.Has)
		}
	}
	return out
}

// permutable reports whether no process can reach an alloc of op's pool in s.
func (sy *Symmetry) permutable(op *objPool, s []uint64) bool {
	for pid, pr := range sy.p.Procs {
		pc := sy.p.Get(s, pr.Frame)
		if pc >= 0 && int(pc) < len(op.alloc[pid]) && op.alloc[pid][pc] {
			return false
		}
	}
	return true
}

// objectKeys computes, per object of op's pool in s, a key that no
// permutation of processes or objects changes: the object's state (the
// readers of a kfree_rcu only by number), its fields (references only as
// NULL or not), and how many references of each role point to it.
func (sy *Symmetry) objectKeys(op *objPool, s []uint64, keys [][]int64) [][]int64 {
	p, pl := sy.p, op.pl
	for len(keys) < pl.n {
		keys = append(keys, nil)
	}
	keys = keys[:pl.n]
	width := 1 + len(op.fref)
	for i := range keys {
		k := keys[i][:0]
		st := p.Get(s, pl.state(i))
		if st >= poolPending {
			st = poolPending + int64(popcount(st-poolPending))
		}
		k = append(k, st)
		for f, isRef := range op.fref {
			v := p.Get(s, pl.state(i)+1+f)
			if isRef {
				v = b2i(v != 0)
			}
			k = append(k, v)
		}
		for range op.class {
			k = append(k, 0)
		}
		keys[i] = k
	}
	for c, slots := range op.class {
		for _, sl := range slots {
			if v := p.Get(s, sl); v > 0 && int(v) <= pl.n {
				keys[v-1][width+c]++
			}
		}
	}
	return keys
}

func popcount(v int64) int {
	n := 0
	for ; v != 0; v &= v - 1 {
		n++
	}
	return n
}

// sortObjects orders the objects by key (order[new] = old) and returns the
// runs of equal keys, which any permutation may reorder.
func sortObjects(keys [][]int64, order []int, runs [][2]int) ([]int, [][2]int) {
	order = order[:0]
	for i := range keys {
		order = append(order, i)
	}
	for i := 1; i < len(order); i++ { // insertion sort: pools are small
		for j := i; j > 0 && less(keys[order[j]], keys[order[j-1]]); j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	runs = runs[:0]
	for lo := 0; lo < len(order); {
		hi := lo + 1
		for hi < len(order) && !less(keys[order[lo]], keys[order[hi]]) {
			hi++
		}
		if hi-lo > 1 {
			runs = append(runs, [2]int{lo, hi})
		}
		lo = hi
	}
	return order, runs
}

// applyPerm moves object order[j] of op's pool to index j in dst (a copy of
// src) and renames every reference to it.
func (sy *Symmetry) applyPerm(op *objPool, order []int, src, dst []uint64) {
	p, pl := sy.p, op.pl
	perm := sy.obj.perm[:0]
	for range order {
		perm = append(perm, 0)
	}
	for j, old := range order {
		perm[old] = j
		if old == j {
			continue
		}
		for k := 0; k < pl.stride; k++ {
			p.put(dst, pl.state(j)+k, p.Get(src, pl.state(old)+k))
		}
	}
	for _, sl := range op.refs {
		if v := p.Get(dst, sl); v > 0 && int(v) <= pl.n {
			p.put(dst, sl, int64(perm[v-1])+1)
		}
	}
	sy.obj.perm = perm
}

// canonObjects returns the least of the process-canonical forms of the
// object permutations that keep the objects sorted by key (every ordering
// of each run of equal keys), written to out; ok is false when no pool is
// permutable in w, which it leaves to the caller.
func (sy *Symmetry) canonObjects(w, out []uint64) (res []uint64, ok bool) {
	o := &sy.obj
	o.on = o.on[:0]
	combos := 1
	for i := range sy.objPools {
		op := &sy.objPools[i]
		if !sy.permutable(op, w) {
			continue
		}
		sy.p.put(w, op.pl.base+poolLast, 0) // dead: only alloc reads it
		o.keys[i] = sy.objectKeys(op, w, o.keys[i])
		o.orders[i], o.runs[i] = sortObjects(o.keys[i], o.orders[i], o.runs[i])
		o.runs[i] = sy.dropIdle(op, w, o.keys[i], o.orders[i], o.runs[i])
		o.on = append(o.on, i)
		for _, r := range o.runs[i] {
			for k := 2; k <= r[1]-r[0] && combos <= objPermLimit; k++ {
				combos *= k
			}
		}
	}
	if len(o.on) == 0 {
		return nil, false
	}
	o.best = o.best[:0]
	sy.tryRuns(w, 0, 0, combos <= objPermLimit)
	copy(out, o.best)
	return out, true
}

// tryRuns enumerates the orderings of run r of permutable pool k onwards;
// with all false it takes the sorted order only.
func (sy *Symmetry) tryRuns(w []uint64, k, r int, all bool) {
	o := &sy.obj
	if k == len(o.on) {
		sy.tryOrder(w)
		return
	}
	i := o.on[k]
	if !all || r == len(o.runs[i]) {
		sy.tryRuns(w, k+1, 0, all)
		return
	}
	sy.permuteRun(w, k, r, 0)
}

// permuteRun goes on with tryRuns for every ordering of run r of
// permutable pool k from its position j on (restored afterwards).
func (sy *Symmetry) permuteRun(w []uint64, k, r, j int) {
	o := &sy.obj
	i := o.on[k]
	lo, hi := o.runs[i][r][0], o.runs[i][r][1]
	a := o.orders[i][lo:hi]
	if j >= len(a)-1 {
		sy.tryRuns(w, k, r+1, true)
		return
	}
	for x := j; x < len(a); x++ {
		a[j], a[x] = a[x], a[j]
		sy.permuteRun(w, k, r, j+1)
		a[j], a[x] = a[x], a[j]
	}
}

// dropIdle removes the runs whose objects are alike slot for slot and have
// no reference pointing to them (free objects, typically): reordering them
// changes nothing.
func (sy *Symmetry) dropIdle(op *objPool, w []uint64, keys [][]int64, order []int, runs [][2]int) [][2]int {
	p, pl := sy.p, op.pl
	out := runs[:0]
	for _, r := range runs {
		idle := true
		for _, c := range keys[order[r[0]]][1+len(op.fref):] {
			idle = idle && c == 0
		}
		first := pl.state(order[r[0]])
		for _, old := range order[r[0]+1 : r[1]] {
			for k := 0; k < pl.stride && idle; k++ {
				idle = p.Get(w, first+k) == p.Get(w, pl.state(old)+k)
			}
		}
		if !idle {
			out = append(out, r)
		}
	}
	return out
}

// tryOrder applies the current orders to w, canonicalises the processes
// and keeps the least result in o.best.
func (sy *Symmetry) tryOrder(w []uint64) {
	o := &sy.obj
	a, b := o.cand, o.work2
	copy(a, w)
	for _, i := range o.on {
		copy(b, a)
		sy.applyPerm(&sy.objPools[i], o.orders[i], a, b)
		a, b = b, a
	}
	c := sy.canonProcs(a, b)
	if len(o.best) == 0 || slices.Compare(c, o.best) < 0 {
		o.best = append(o.best[:0], c...)
	}
}

// newObjScratch sizes the scratch of object permutations.
func (sy *Symmetry) newObjScratch() {
	n := len(sy.objPools)
	w := sy.p.words
	sy.obj = objScratch{keys: make([][][]int64, n), orders: make([][]int, n), runs: make([][][2]int, n),
		work: make([]uint64, w), work2: make([]uint64, w), cand: make([]uint64, w), best: make([]uint64, 0, w)}
}

// SameViolation reports whether b is a as seen in another state of its
// orbit: the same kind and property, up to the number of a permuted
// pool's object (a use after free names the object).
func (sy *Symmetry) SameViolation(a, b *Violation) bool {
	if a.Kind != b.Kind {
		return false
	}
	if a.Property == b.Property {
		return true
	}
	for _, op := range sy.objPools {
		pre := op.pl.name + "["
		if strings.HasPrefix(a.Property, pre) && strings.HasPrefix(b.Property, pre) {
			return true
		}
	}
	return false
}
