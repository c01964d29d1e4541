package model

// Static analyses behind Footprint.MayViolate: which locks a process surely
// (or possibly) holds at each node, and the value intervals of expressions.
// A step that provably cannot violate need not be treated as visible by
// partial-order reduction; anything unproved counts as a possible violation.

// hold is the interval of one process's holds on one sync object.
type hold struct {
	lo, hi int64 // mutex/spinlock: owner (0/1); rw_semaphore: read holds
	wlo    int64 // rw_semaphore write hold interval
	whi    int64
}

// holdState maps an object's first slot to the holds; top means unknown.
type holdState struct {
	top bool
	m   map[int]hold
}

const holdCap = MaxReadHolds + 1

func (h holdState) get(base int) hold {
	if h.top {
		return hold{0, holdCap, 0, 1}
	}
	return h.m[base]
}

func (h holdState) clone() holdState {
	c := holdState{top: h.top, m: make(map[int]hold, len(h.m))}
	for k, v := range h.m {
		c.m[k] = v
	}
	return c
}

func (h holdState) equal(o holdState) bool {
	if h.top != o.top || len(h.m) != len(o.m) {
		return false
	}
	for k, v := range h.m {
		if o.m[k] != v {
			return false
		}
	}
	return true
}

func join(a, b holdState) holdState {
	if a.top || b.top {
		return holdState{top: true}
	}
	out := holdState{m: map[int]hold{}}
	for k := range a.m {
		out.m[k] = hold{}
	}
	for k := range b.m {
		out.m[k] = hold{}
	}
	for k := range out.m {
		x, y := a.m[k], b.m[k]
		out.m[k] = hold{min(x.lo, y.lo), max(x.hi, y.hi), min(x.wlo, y.wlo), max(x.whi, y.whi)}
	}
	return out
}

func clampHold(v int64) int64 { return max(0, min(v, holdCap)) }

// holdAnalysis computes, for each node of t, the holds before it executes.
func (p *Program) holdAnalysis(t *ProcType) []holdState {
	in := make([]holdState, len(t.Nodes))
	reached := make([]bool, len(t.Nodes))
	in[t.Entry], reached[t.Entry] = holdState{m: map[int]hold{}}, true
	work := []int{t.Entry}
	for len(work) > 0 {
		i := work[len(work)-1]
		work = work[:len(work)-1]
		nd := &t.Nodes[i]
		for k, s := range stepSucc(nd) {
			out := p.transfer(nd, k, in[i])
			if !reached[s] {
				in[s], reached[s] = out, true
			} else {
				j := join(in[s], out)
				if j.equal(in[s]) {
					continue
				}
				in[s] = j
			}
			work = append(work, s)
		}
	}
	for i := range in {
		if !reached[i] {
			in[i] = holdState{top: true}
		}
	}
	return in
}

// staticBase returns the object's first slot, or -1 for a dynamic reference.
func staticBase(r *Ref) int {
	if r == nil || len(r.Index) > 0 || r.Local {
		return -1
	}
	return r.Base
}

// transfer applies nd's effect on holds along its k-th successor edge.
func (p *Program) transfer(nd *Node, k int, in holdState) holdState {
	out := in.clone()
	if out.top {
		return out
	}
	maybe := func(e *Expr) { p.maybeTrylocks(e, &out) }
	switch nd.Kind {
	case NAssign:
		for _, e := range nd.RHS {
			maybe(e)
		}
	case NBranch:
		// if trylock(x) { ... }: the lock is held on the true edge only.
		c, onTrue := nd.Cond, k == 0
		if c.Op == ENot {
			c, onTrue = c.X, !onTrue
		}
		if c.Op == ECall && isTrylock(c.Sync) {
			if onTrue {
				p.acquire(c.Sync, c.ObjKind, staticBase(c.Args[0].Ref), &out)
			}
			return out
		}
		maybe(nd.Cond)
	case NAwait, NAssert:
		maybe(nd.Cond)
	case NSync:
		base := staticBase(nd.Obj)
		if base < 0 {
			if info(nd.Op).NoHolds {
				return out
			}
			return holdState{top: true}
		}
		h := out.m[base]
		if ms := memOf(nd.Op); ms != nil {
			ms.transfer(nd.Op, &h)
		} else {
			opSem("hold analysis", nd.Op, nd.ObjKind).transfer(nd.Op, k, &h)
		}
		out.m[base] = h
	case NEnd, NSkip, NEither:
	default:
		panic(unknownNode("hold analysis", nd.Kind))
	}
	return out
}

// acquire records a successful trylock.
func (p *Program) acquire(op SyncOp, kind TypeKind, base int, out *holdState) {
	if base < 0 {
		*out = holdState{top: true}
		return
	}
	h := out.m[base]
	opSem("trylock", op, kind).tryTake(op, &h, true)
	out.m[base] = h
}

// maybeTrylocks widens the holds of every trylock inside e: it may or may not succeed.
func (p *Program) maybeTrylocks(e *Expr, out *holdState) {
	if e == nil || out.top {
		return
	}
	if e.Op == ECall && isTrylock(e.Sync) {
		base := staticBase(e.Args[0].Ref)
		if base < 0 {
			*out = holdState{top: true}
			return
		}
		h := out.m[base]
		opSem("trylock", e.Sync, e.ObjKind).tryTake(e.Sync, &h, false)
		out.m[base] = h
	}
	p.maybeTrylocks(e.X, out)
	p.maybeTrylocks(e.Y, out)
	for _, a := range e.Args {
		p.maybeTrylocks(a, out)
	}
}

// nodeMayViolate reports whether executing nd (with holds h before it) may
// commit a step violation.
func (p *Program) nodeMayViolate(pr *Proc, nd *Node, h holdState) bool {
	iv := intervals{p: p, pr: pr}
	switch nd.Kind {
	case NAssert:
		_, hi, ok := iv.of(nd.Cond)
		lo, _, _ := iv.of(nd.Cond)
		return !ok || !(lo >= 1 && hi >= 1)
	case NBranch, NAwait:
		_, _, ok := iv.of(nd.Cond)
		return !ok
	case NAssign:
		bad := false
		for i, e := range nd.RHS {
			lo, hi, ok := iv.of(e)
			bad = bad || !ok
			if i < len(nd.LHS) {
				slo, shi, ok := iv.ref(nd.LHS[i])
				bad = bad || !ok || lo < slo || hi > shi
			}
		}
		return bad
	case NSync:
		return p.syncMayViolate(pr, nd, h, &iv)
	case NEnd, NSkip, NEither:
		return false
	}
	panic(unknownNode("nodeMayViolate", nd.Kind))
}

func (p *Program) syncMayViolate(pr *Proc, nd *Node, h holdState, iv *intervals) bool {
	if _, _, ok := iv.ref(nd.Obj); !ok {
		return true
	}
	for _, a := range nd.Args {
		if _, _, ok := iv.of(a); !ok {
			return true
		}
	}
	if sleeps(nd.Op) && (p.mayHoldSpin(h) || p.mayBeInRcu(h)) {
		return true
	}
	if base := staticBase(nd.Obj); base >= 0 {
		return p.opMayViolate(nd, h.get(base), iv)
	}
	// An object known only at run time: only an acquisition that cannot
	// fail whatever the process holds is cleared.
	return !acquires(nd.Op) || p.opMayViolate(nd, holdState{top: true}.get(0), iv)
}

// opMayViolate: may nd's op, with holds x on its object, commit a violation.
func (p *Program) opMayViolate(nd *Node, x hold, iv *intervals) bool {
	if ms := memOf(nd.Op); ms != nil {
		return ms.mayViolate(p, nd.Op, x)
	}
	return opSem("syncMayViolate", nd.Op, nd.ObjKind).mayViolate(nd.Op, x, nd, iv)
}

// mayBeInRcu reports whether the process may be inside an RCU read-side section.
func (p *Program) mayBeInRcu(h holdState) bool {
	rcu := p.rcuBase()
	return rcu >= 0 && h.get(rcu).hi > 0
}

// mayHoldSpin reports whether the process may hold a spinlock.
func (p *Program) mayHoldSpin(h holdState) bool {
	if len(p.spinSlots) == 0 {
		return false
	}
	if h.top {
		return true
	}
	for _, s := range p.spinSlots {
		if h.m[s-lockOwner].hi > 0 {
			return true
		}
	}
	return false
}

// intervals bounds expression values; ok is false when evaluation may
// commit a violation (an index out of bounds, a division by zero).
type intervals struct {
	p  *Program
	pr *Proc
}

const ivCap = int64(1) << 40

func clampIv(v int64) int64 { return max(-ivCap, min(v, ivCap)) }

// ref bounds the slots r may name and checks its indices.
func (iv *intervals) ref(r *Ref) (lo, hi int64, ok bool) {
	if r == nil {
		return 0, 0, true
	}
	ok = true
	base := r.Base
	if r.Local {
		base += iv.pr.Frame
	}
	slots := []int{base}
	for _, t := range r.Index {
		ilo, ihi, iok := iv.of(t.X)
		ok = ok && iok && ilo >= 0 && ihi < int64(t.Len) && t.Pool == "" // an object may be freed
		var next []int
		for _, s := range slots {
			for k := 0; k < t.Len; k++ {
				next = append(next, s+k*t.Stride)
			}
		}
		slots = next
	}
	lo, hi = ivCap, -ivCap
	for _, s := range slots {
		lo, hi = min(lo, iv.p.Slots[s].Lo), max(hi, iv.p.Slots[s].Hi)
	}
	return lo, hi, ok
}

func (iv *intervals) of(e *Expr) (lo, hi int64, ok bool) {
	switch e.Op {
	case EConst:
		return e.Val, e.Val, true
	case ESelf:
		return int64(iv.pr.Index), int64(iv.pr.Index), true
	case ELoad:
		return iv.ref(e.Ref)
	case EAt:
		_, _, ok := iv.ref(e.Ref)
		return 0, 1, ok
	case ECall:
		ok := !info(e.Sync).MayFail
		for _, a := range e.Args[1:] {
			_, _, aok := iv.of(a)
			ok = ok && aok
		}
		_, _, rok := iv.ref(e.Args[0].Ref)
		if !e.Sync.ReturnsBool() {
			return 0, SeqcountMax, ok && rok
		}
		return 0, 1, ok && rok
	}
	xl, xh, xok := iv.of(e.X)
	if IsUnary(e.Op) {
		lo, hi, ok := Interval(e.Op, xl, xh, 0, 0)
		return lo, hi, ok && xok
	}
	yl, yh, yok := iv.of(e.Y)
	lo, hi, ok = Interval(e.Op, xl, xh, yl, yh)
	return lo, hi, ok && xok && yok
}
