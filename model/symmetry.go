package model

import (
	"fmt"
	"slices"
	"strings"
)

// Symmetry reduction: the instances of a process type whose code never reads
// `self` and whose locals nobody else names are interchangeable, so states
// that differ only by a permutation of them behave alike. The search stores
// one canonical representative per class: instances sorted by what each one
// holds (its frame, and its part of every lock). Permuting instances also
// renames them inside sync objects: lock owners, read-hold counts per
// process, the rw_semaphore wait list, RCU's per-process state and the readers a
// kfree_rcu'd pool object waits for. References name objects, never
// processes, so they are plain values here. A pool's objects are permuted
// too, but only in states where no alloc of the pool is reachable
// (objsym.go: alloc's fallback follows the indices); a free object's fields
// are dead and reset (freeDead), except in typesafe_by_rcu pools.

// Symmetry canonicalises states; nil when the program has no symmetric group.
type Symmetry struct {
	p      *Program
	groups [][]int // pids of each symmetric process type (contiguous, frames of equal size)
	owners []int   // slots holding 0 or pid+1
	masks  []int   // slots holding a pid bit set
	// pending are pool object states: at poolPending and above they hold
	// poolPending plus the bit set of readers a kfree_rcu waits for (pool.go)
	pending []int
	pools   []poolLayout // their free objects' fields are dead (freeDead)
	// perProc[i] are the slots base+pid for one per-process group (pid 0..n-1)
	perProc []int // first slot of each group
	frames  []int // frame size of each group
	// objPools are the pools whose objects are permuted where no alloc of
	// theirs is reachable (objsym.go); objOff says why the others are not.
	objPools []objPool
	objOff   []string
	obj      objScratch

	keys  [][]int64
	order []int
	inv   []int
	tmp   []uint64
}

// Symmetry returns the program's symmetry, or nil if no process type
// qualifies: a copy with scratch of its own (Fork), since Canonical writes
// its scratch and the linked program is shared by every search.
func (p *Program) Symmetry() *Symmetry { return p.sym.Fork() }

// Interchangeable reports whether t's instances form a symmetric group.
func (s *Symmetry) Interchangeable(t *ProcType) bool {
	if s == nil {
		return false
	}
	for _, g := range s.groups {
		if s.p.Procs[g[0]].Type == t {
			return true
		}
	}
	return false
}

func (p *Program) computeSymmetry() {
	p.sym = nil
	sy := &Symmetry{p: p}
	covered := 0
	for _, g := range p.Globals {
		if !sy.collectRoles(g.Type, g.Base) {
			return
		}
		covered += g.Type.Slots
	}
	for _, pr := range p.Procs {
		covered += pr.Type.FrameSize
	}
	if covered != len(p.Slots) {
		return // hidden slots (added by a later feature) whose roles are unknown
	}
	p.symOffMeasured = nil
	for _, t := range p.Types {
		if t.Count < 2 || usesSelf(t) || p.framesNamedOutside(t, false) {
			continue
		}
		if p.framesNamedOutside(t, true) {
			p.symOffMeasured = append(p.symOffMeasured, fmt.Sprintf("%s[%d]", t.Name, t.Count))
			continue
		}
		var pids []int
		for _, pr := range p.Procs {
			if pr.Type == t {
				pids = append(pids, pr.Pid)
			}
		}
		sy.groups = append(sy.groups, pids)
		sy.frames = append(sy.frames, t.FrameSize)
	}
	sy.objPools, sy.objOff = p.objectPools()
	p.objOff = sy.objOff
	if len(sy.groups) == 0 && len(sy.objPools) == 0 {
		return
	}
	n := len(p.Procs)
	sy.keys = make([][]int64, n)
	sy.order, sy.inv = make([]int, n), make([]int, n)
	sy.tmp = make([]uint64, p.words)
	sy.pools = p.pools()
	sy.newObjScratch()
	p.sym = sy
}

// SymmetryOff says why symmetry reduction finds nothing to reduce in a
// program with a process type of several instances ("" when it reduces, or
// when no type has two instances): the summary line reports it so that
// --symmetry on does not fail silently.
func (p *Program) SymmetryOff() string {
	if p.sym != nil {
		return ""
	}
	var multi []*ProcType
	for _, t := range p.Types {
		if t.Count >= 2 {
			multi = append(multi, t)
		}
	}
	if len(multi) == 0 {
		return ""
	}
	probe := &Symmetry{p: p}
	for _, g := range p.Globals {
		if !probe.collectRoles(g.Type, g.Base) {
			kind := g.Type.String()
			if g.Type.Kind == TPool {
				kind = "pool"
			}
			return fmt.Sprintf("it does not handle the %s %s yet", kind, g.Name)
		}
	}
	var why []string
	for _, t := range multi {
		switch {
		case usesSelf(t):
			why = append(why, t.Name+" reads self")
		case p.framesNamedOutside(t, false):
			why = append(why, t.Name+"'s locals are named outside its code")
		case p.framesNamedOutside(t, true):
			why = append(why, "a measure names "+t.Name+"'s instances")
		}
	}
	if len(why) == 0 {
		return "the state has slots whose roles it does not know"
	}
	return strings.Join(why, ", ")
}

// collectRoles records the process-identity slots of a global of type t.
func (sy *Symmetry) collectRoles(t *Type, base int) bool {
	switch t.Kind {
	case TBool, TInt, TEnum, TRef:
		return true // a reference names an object, never a process
	case TRcu:
		// Read-side nesting per process, then per process the set of readers
		// its synchronize_rcu still waits for (rcu.go).
		n := len(sy.p.Procs)
		sy.perProc = append(sy.perProc, base, base+n)
		for q := 0; q < n; q++ {
			sy.masks = append(sy.masks, base+n+q)
		}
		return true
	case TPool:
		stride := 1 + t.Elem.Slots
		for i := 0; i < t.Len; i++ {
			obj := base + 1 + i*stride // poolLast at base names an object
			sy.pending = append(sy.pending, obj)
			if !sy.collectRoles(t.Elem, obj+1) {
				return false
			}
		}
		return true
	case TStruct:
		for _, f := range t.Fields {
			if !sy.collectRoles(f.Type, base+f.Offset) {
				return false
			}
		}
		return true
	case TArray:
		for i := 0; i < t.Len; i++ {
			if !sy.collectRoles(t.Elem, base+i*t.Elem.Slots) {
				return false
			}
		}
		return true
	}
	if d := primOf(t.Kind); d != nil && d.sem != nil {
		d.sem.roles(base, sy) // the descriptor names its owner, mask and per-process slots
		return true
	}
	return false // a kind added later must teach symmetry its roles first
}

func walkExprs(e *Expr, f func(*Expr)) {
	if e == nil {
		return
	}
	f(e)
	walkExprs(e.X, f)
	walkExprs(e.Y, f)
	for _, a := range e.Args {
		walkExprs(a, f)
	}
	if e.Ref != nil {
		for _, t := range e.Ref.Index {
			walkExprs(t.X, f)
		}
	}
}

// nodeExprs calls f on every expression of a node, refs' indices included.
func nodeExprs(nd *Node, f func(*Expr)) {
	walkExprs(nd.Cond, f)
	for _, a := range nd.Args {
		walkExprs(a, f)
	}
	for _, e := range nd.RHS {
		walkExprs(e, f)
	}
	refs := append([]*Ref{nd.Obj, nd.Dst}, nd.LHS...)
	for _, r := range refs {
		if r == nil {
			continue
		}
		f(&Expr{Op: ELoad, Ref: r})
		for _, t := range r.Index {
			walkExprs(t.X, f)
		}
	}
}

func usesSelf(t *ProcType) bool {
	found := false
	for i := range t.Nodes {
		nodeExprs(&t.Nodes[i], func(e *Expr) { found = found || e.Op == ESelf })
	}
	return found
}

// SymmetryOffForMeasures lists the process types ("fault[2]") that symmetry
// reduction would have covered but for a measure naming their instances'
// locals: reducing them could change that measure's range.
func (p *Program) SymmetryOffForMeasures() []string { return p.symOffMeasured }

// framesNamedOutside reports whether any code, invariant or (withMeasures) measure names a slot of
// an instance of t other than through the instance's own locals.
func (p *Program) framesNamedOutside(t *ProcType, withMeasures bool) bool {
	lo, hi := -1, -1
	for _, pr := range p.Procs {
		if pr.Type == t {
			if lo < 0 {
				lo = pr.Frame
			}
			hi = pr.Frame + t.FrameSize
		}
	}
	named := false
	check := func(e *Expr) {
		if e.Ref == nil || e.Ref.Local {
			return
		}
		span := 0
		for _, ix := range e.Ref.Index {
			span += (ix.Len - 1) * ix.Stride
		}
		if e.Ref.Base < hi && e.Ref.Base+span >= lo {
			named = true
		}
	}
	for _, pt := range p.Types {
		for i := range pt.Nodes {
			nodeExprs(&pt.Nodes[i], check)
		}
	}
	for _, inv := range p.Invariant {
		if !slices.Contains(inv.Symmetric, t) { // a quantifier over all of t is symmetric
			walkExprs(inv.Cond, check)
		}
	}
	for _, ms := range p.Measures {
		if withMeasures {
			walkExprs(ms.Expr, check)
		}
	}
	return named
}

// Canonical writes the canonical representative of s into out (which may
// be s itself) and returns it: dead slots reset (free objects' fields, and
// a pool's `last` where no alloc of it is reachable), then the least over
// the permutations of objects (objsym.go) of the state with its processes
// sorted.
func (sy *Symmetry) Canonical(s, out []uint64) []uint64 {
	if len(out) == 0 {
		out = make([]uint64, len(s))
	}
	w := sy.obj.work
	copy(w, s)
	sy.freeDead(w)
	if len(sy.objPools) > 0 {
		if res, ok := sy.canonObjects(w, out); ok {
			return res
		}
	}
	return sy.canonProcs(w, out)
}

// canonProcs writes s with the instances of each group sorted to out
// (which may be s) and returns it.
func (sy *Symmetry) canonProcs(s, out []uint64) []uint64 {
	p := sy.p
	copy(sy.tmp, s)
	src := sy.tmp
	copy(out, s)
	for g, pids := range sy.groups {
		fsize := sy.frames[g]
		for _, pid := range pids {
			k := sy.keys[pid][:0]
			fr := p.Procs[pid].Frame
			for i := 0; i < fsize; i++ {
				k = append(k, p.Get(src, fr+i))
			}
			me := int64(pid) + 1
			for _, o := range sy.owners {
				k = append(k, b2i(p.Get(src, o) == me))
			}
			for _, m := range sy.masks {
				k = append(k, (p.Get(src, m)>>pid)&1)
			}
			for _, o := range sy.pending {
				k = append(k, (max(p.Get(src, o)-poolPending, 0)>>pid)&1)
			}
			for _, b := range sy.perProc {
				k = append(k, p.Get(src, b+pid))
			}
			sy.keys[pid] = k
		}
		order := sy.order[:len(pids)]
		copy(order, pids)
		for i := 1; i < len(order); i++ { // insertion sort: groups are small
			for j := i; j > 0 && less(sy.keys[order[j]], sy.keys[order[j-1]]); j-- {
				order[j], order[j-1] = order[j-1], order[j]
			}
		}
		// order[i] is the old pid that moves to position pids[i].
		for i, old := range order {
			sy.inv[old] = pids[i]
		}
		for i, old := range order {
			if old == pids[i] {
				continue
			}
			to, from := p.Procs[pids[i]].Frame, p.Procs[old].Frame
			for j := 0; j < fsize; j++ {
				p.put(out, to+j, p.Get(src, from+j))
			}
			for _, b := range sy.perProc {
				p.put(out, b+pids[i], p.Get(src, b+old))
			}
		}
		first, last := int64(pids[0]), int64(pids[len(pids)-1]) // groups are contiguous pids
		for _, o := range sy.owners {
			if v := p.Get(src, o); v > 0 && v-1 >= first && v-1 <= last {
				p.put(out, o, int64(sy.inv[v-1])+1)
			}
		}
		for _, m := range sy.masks {
			// out: a mask may itself be a per-process slot just moved
			p.put(out, m, sy.renameSet(p.Get(out, m), pids))
		}
		for _, o := range sy.pending {
			if v := p.Get(out, o); v > poolPending {
				p.put(out, o, poolPending+sy.renameSet(v-poolPending, pids))
			}
		}
		copy(src, out) // the next group permutes the result so far
	}
	return out
}

// freeDead resets the fields of every free object to what alloc writes:
// nothing reads them before alloc does (any access through a reference to
// a free object is a use after free), so states that differ only there
// behave alike. Not in a typesafe_by_rcu pool, whose free objects RCU
// readers may read. Traces still show the stale values: they replay the steps.
func (sy *Symmetry) freeDead(s []uint64) {
	p := sy.p
	for _, pl := range sy.pools {
		if pl.typesafe {
			continue
		}
		for i := 0; i < pl.n; i++ {
			if p.Get(s, pl.state(i)) != poolFree {
				continue
			}
			for k, z := range pl.zero {
				p.put(s, pl.state(i)+1+k, z)
			}
		}
	}
}

// renameSet renames the members of group pids in a bit set of pids.
func (sy *Symmetry) renameSet(v int64, pids []int) int64 {
	nv := v
	for _, pid := range pids {
		nv &^= 1 << pid
	}
	for _, pid := range pids {
		if v&(1<<pid) != 0 {
			nv |= 1 << sy.inv[pid]
		}
	}
	return nv
}

func less(a, b []int64) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// Groups describes the symmetric process types: their names and instance counts.
func (sy *Symmetry) Groups() []string {
	var out []string
	for _, pids := range sy.groups {
		out = append(out, sy.p.Procs[pids[0]].Type.Name+"["+itoa(len(pids))+"]")
	}
	for _, op := range sy.objPools {
		out = append(out, "objects of "+op.pl.name+"["+itoa(op.pl.n)+"]")
	}
	return out
}

// ObjectSymmetryOff says why the objects of some pools are never permuted
// (objsym.go): the summary line reports it under --symmetry.
func (p *Program) ObjectSymmetryOff() []string { return p.objOff }
