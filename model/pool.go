package model

import "fmt"

// Object pools: a fixed number of objects of one struct type that are
// allocated and freed, so that a use after free, a double free and the reuse
// of a freed object (ABA) are expressible. A pool's slots are
//
//	base:                  the object freed most recently, plus one (0: none)
//	base + 1 + i*stride:   object i's state: free, allocated, or freed by
//	                       kfree_rcu and waiting for the readers in a bit set
//	the stride-1 slots after it: object i's fields
//
// A reference (TRef) holds 0 for NULL or i+1 for object i.

// The pool's kind and operations (numbered by prim.go).
var (
	TPool = newKind() // a pool of objects with alloc/free

	OpAlloc    = newOp() // Dst receives the reference
	OpFree     = newOp()
	OpKfreeRcu = newOp() // Obj is the pool, Arg the reference
)

// poolSem is the pool descriptor's semantics (prim_mem.go).
type poolSem struct{ noMemOp }

func init() {
	pool := []TypeKind{TPool}
	// free and kfree_rcu take a reference; their object is its pool.
	register(&Prim{Kind: TPool, mem: poolSem{noMemOp{"pool"}}, Ops: []SyncOpInfo{
		{Op: OpAlloc, Name: "alloc", Kinds: pool, Value: true, Allocs: true},
		{Op: OpFree, Name: "free", Kinds: pool, Frees: true},
		{Op: OpKfreeRcu, Name: "kfree_rcu", Kinds: pool, Frees: true, Defers: true},
	}})
}

// Violation kinds of pools.
const (
	KindUseAfterFree  Kind = "use_after_free" // a freed object accessed, or freed again
	KindPoolExhausted Kind = "pool_exhausted" // alloc with every object in use
	KindNullDeref     Kind = "null_deref"     // a field accessed through NULL
)

// Object states.
const (
	poolFree    = 0
	poolLive    = 1
	poolPending = 2 // + the bit set of readers the grace period waits for
	poolLast    = 0 // offset of the most-recently-freed slot
)

// PoolSlots is how many slots a pool of n objects of type elem takes.
func PoolSlots(elem *Type, n int) int { return 1 + n*(1+elem.Slots) }

// PoolObject returns the state slot of object i of a pool at base; its
// fields follow it.
func PoolObject(base, i int, elem *Type) int { return base + 1 + i*(1+elem.Slots) }

// PoolStateMax is the largest object state: pools that kfree_rcu may free
// record the readers a grace period waits for.
func PoolStateMax(deferred bool, nprocs int) int64 {
	if !deferred {
		return poolLive
	}
	return poolPending + (int64(1)<<nprocs - 1)
}

type poolLayout struct {
	name   string
	base   int
	n      int
	stride int
	elem   *Type
	zero   []int64 // each field slot's zero value, for alloc
	// typesafe: typesafe_by_rcu, whose free objects RCU readers may read
	typesafe bool
}

func (pl poolLayout) state(i int) int { return pl.base + 1 + i*pl.stride }

func (pl poolLayout) object(i int) string { return pl.name + "[" + itoa(i) + "]" }

func (p *Program) poolAt(name string, t *Type, base int) poolLayout {
	pl := poolLayout{name: name, base: base, n: t.Len, stride: 1 + t.Elem.Slots, elem: t.Elem, typesafe: t.Typesafe}
	first := pl.state(0) + 1
	for k := 0; k < t.Elem.Slots; k++ {
		lo, hi := p.Slots[first+k].Lo, p.Slots[first+k].Hi
		pl.zero = append(pl.zero, max(lo, min(0, hi)))
	}
	return pl
}

// pools lists the pools declared as globals.
func (p *Program) pools() []poolLayout {
	var out []poolLayout
	for _, g := range p.Globals {
		if g.Type.Kind == TPool {
			out = append(out, p.poolAt(g.Name, g.Type, g.Base))
		}
	}
	return out
}

// rcuPools lists the pools whose objects may wait for a grace period.
func (p *Program) rcuPools() []poolLayout {
	var out []poolLayout
	for _, pl := range p.pools() {
		if p.Slots[pl.state(0)].Hi > poolLive {
			out = append(out, pl)
		}
	}
	return out
}

// poolOf returns the pool whose first slot is base.
func (p *Program) poolOf(base int) poolLayout {
	for _, pl := range p.pools() {
		if pl.base == base {
			return pl
		}
	}
	panic("no pool at slot " + itoa(base))
}

// release frees object i now and makes it the next one alloc returns.
func (m *Machine) release(pl poolLayout, i int, pos Pos) {
	m.lockFreed(pl, i, pos)
	m.store(pl.state(i), poolFree)
	m.store(pl.base+poolLast, int64(i)+1)
}

// lockFreed reports freeing an object whose sync objects are in use: a
// lock held or with waiters queued, a wait queue with sleepers queued. The
// kernel's lockdep warns "held lock freed!" (debug_check_no_locks_freed() on
// the slab free path), and the holder's unlock or a waiter's wake-up would
// touch freed memory; a sleeper's finish_wait() takes the freed
// wq_head->lock. Such an object is idle exactly when all its slots are 0,
// the state alloc gives it.
func (m *Machine) lockFreed(pl poolLayout, i int, pos Pos) {
	how := "frees"
	if pos == (Pos{}) {
		how = "leaves its read-side section, ending the grace period that frees" // kfree_rcu
	}
	m.completionFreed(pl, i, how, pos)
	if m.viol != nil {
		return
	}
	for _, l := range m.p.poolChecked(pl, i) {
		for k, n := 0, SyncSlots(l.Kind, nil, len(m.p.Procs)); k < n; k++ {
			if m.get(l.Base+k) != 0 {
				d := primsByKind[l.Kind]
				m.fail(KindMisuse, d.freed(), pos, "%s %s %s while %s %s", m.who(), how, pl.object(i), l.Name, d.inUse())
				return
			}
		}
	}
}

// freed is the property of freeing an object of this kind in use.
func (d *Prim) freed() string {
	if d.Lock {
		return "held lock freed"
	}
	return d.FreedInUse
}

// inUse says what "in use" means for this kind, for messages.
func (d *Prim) inUse() string {
	if d.Lock {
		return "is held or waited for (lockdep: held lock freed)"
	}
	return d.InUseText
}

// poolChecked lists the sync objects inside object i of a pool whose state
// free checks (locks, and kinds with FreedInUse).
func (p *Program) poolChecked(pl poolLayout, i int) []SyncObject {
	return appendChecked(nil, pl.object(i), pl.elem, pl.state(i)+1)
}

func appendChecked(out []SyncObject, name string, t *Type, base int) []SyncObject {
	if d := primsByKind[t.Kind]; d != nil && (d.Lock || d.FreedInUse != "") {
		return append(out, SyncObject{Name: name, Kind: t.Kind, Base: base, sem: d.sem})
	}
	switch t.Kind {
	case TStruct:
		for _, f := range t.Fields {
			out = appendChecked(out, name+"."+f.Name, f.Type, base+f.Offset)
		}
	case TArray:
		for k := 0; k < t.Len; k++ {
			out = appendChecked(out, name+"["+itoa(k)+"]", t.Elem, base+k*t.Elem.Slots)
		}
	}
	return out
}

// poolHasLock reports whether the pool's objects contain a lock.
func (p *Program) poolHasLock(pl poolLayout) bool {
	for _, l := range p.poolChecked(pl, 0) {
		if primsByKind[l.Kind].Lock {
			return true
		}
	}
	return false
}

// FreeChecked lists the sync objects inside object i of the pool at base
// that must be idle (every slot 0) when it is freed, for the Promela export.
func (p *Program) FreeChecked(base, i int) []SyncObject {
	return p.poolChecked(p.poolOf(base), i)
}

// rcuPoolLocks reports whether objects that kfree_rcu may free contain
// sync objects free checks: leaving a read-side section may then free one
// in use.
func (p *Program) rcuPoolLocks() bool {
	for _, pl := range p.rcuPools() {
		if len(p.poolChecked(pl, 0)) > 0 || len(p.compWaits) > 0 {
			return true
		}
	}
	return false
}

// addPoolLocks adds every slot of the checked sync objects inside the
// pool's objects: what freeing one reads (lockFreed).
func (p *Program) addPoolLocks(pl poolLayout, reads SlotSet) {
	for i := 0; i < pl.n; i++ {
		for _, l := range p.poolChecked(pl, i) {
			for k, n := 0, SyncSlots(l.Kind, nil, len(p.Procs)); k < n; k++ {
				reads.add(l.Base + k)
			}
		}
	}
}

// isPoolOp reports alloc, free and kfree_rcu.
func isPoolOp(op SyncOp) bool { return op == OpAlloc || op == OpFree || op == OpKfreeRcu }

// exec links alloc, free and kfree_rcu.
func (poolSem) exec(p *Program, n *Node, pr *Proc) execFn {
	if !isPoolOp(n.Op) {
		panic(unknownOp("pool exec", n.Op))
	}
	pl := p.poolOf(n.Obj.Base)
	op, next, pos, rcu := n.Op, n.Next, n.Pos, p.rcuBase()
	var arg evalFn
	if len(n.Args) > 0 {
		arg = p.expr(n.Args[0], pr.Pid)
	}
	var dst slotFn
	if n.Dst != nil {
		dst = p.object(n.Dst, pr)
	}
	what := ""
	if len(n.Args) > 0 {
		what = n.Text
	}
	return func(m *Machine) int {
		if op == OpAlloc {
			i := m.alloc(pl, pos)
			if i >= 0 && dst != nil {
				if d := dst(m); d >= 0 {
					m.store(d, int64(i)+1)
				}
			}
			return next
		}
		v := arg(m)
		if m.viol != nil || v == 0 {
			return next // kfree(NULL) does nothing
		}
		i := int(v) - 1
		switch st := m.get(pl.state(i)); {
		case st == poolFree:
			m.fail(KindUseAfterFree, pl.object(i), pos, "%s in %s: double free of %s, which is already free", what,
				m.who(), pl.object(i))
			return next
		case st >= poolPending:
			m.fail(KindUseAfterFree, pl.object(i), pos, "%s in %s: double free of %s, already passed to kfree_rcu", what,
				m.who(), pl.object(i))
			return next
		}
		readers := int64(0)
		if op == OpKfreeRcu {
			readers = m.rcuReaders(rcu)
		}
		if readers == 0 {
			m.release(pl, i, pos)
		} else {
			m.store(pl.state(i), poolPending+readers)
		}
		return next
	}
}

// alloc takes the most recently freed object if it is free (SLUB reuses the
// last freed object first, the case that makes ABA reuse likeliest), else the
// free object with the lowest index, and zeroes its fields (kzalloc).
func (m *Machine) alloc(pl poolLayout, pos Pos) int {
	i := -1
	if last := m.get(pl.base + poolLast); last > 0 && m.get(pl.state(int(last)-1)) == poolFree {
		i = int(last) - 1
	}
	for k := 0; k < pl.n && i < 0; k++ {
		if m.get(pl.state(k)) == poolFree {
			i = k
		}
	}
	if i < 0 {
		m.fail(KindPoolExhausted, pl.name, pos, "alloc(%s) in %s: all %d objects are in use (or wait for a grace period)",
			pl.name, m.who(), pl.n)
		return -1
	}
	m.store(pl.state(i), poolLive)
	m.store(pl.base+poolLast, 0)
	for k, z := range pl.zero {
		m.store(pl.state(i)+1+k, z)
	}
	return i
}

func (m *Machine) who() string {
	if m.pid < 0 {
		return "an invariant"
	}
	return m.p.Procs[m.pid].Name()
}

// access says how an object is accessed: written or read, and the RCU state
// (-1: none) that decides whether a freed typesafe_by_rcu object may be read.
type access struct {
	write bool
	rcu   int
}

// live checks an object access through a reference: i is the reference
// minus one, so -1 is NULL. A freed object of a typesafe_by_rcu pool stays
// memory of its type (SLAB_TYPESAFE_BY_RCU returns slabs to the page
// allocator only after a grace period), so a process inside an RCU
// read-side section may read it; writing it would corrupt the allocator's
// free object, and reading it outside RCU races with the slab's release.
func (m *Machine) live(t *IndexTerm, i int64, name string, acc access) bool {
	if i < 0 {
		m.fail(KindNullDeref, name, Pos{}, "%s in %s dereferences NULL", name, m.who())
		return false
	}
	if i >= int64(t.Len) {
		return true // the bounds check reports it
	}
	if m.get(t.State+int(i)*t.Stride) != poolFree {
		return true
	}
	obj := t.Pool + "[" + itoa(int(i)) + "]"
	switch {
	case !t.Typesafe:
		m.fail(KindUseAfterFree, obj, Pos{}, "%s in %s accesses %s, which has been freed", name, m.who(), obj)
	case acc.write:
		m.fail(KindUseAfterFree, obj, Pos{}, "%s in %s writes to %s, which has been freed (a typesafe_by_rcu object may be read after it is freed, never written)",
			name, m.who(), obj)
	case !m.inRcu(acc.rcu):
		m.fail(KindUseAfterFree, obj, Pos{}, "%s in %s reads %s, which has been freed, outside an RCU read-side section (typesafe_by_rcu keeps the memory only for RCU readers)",
			name, m.who(), obj)
	default:
		return true
	}
	return false
}

// transfer: alloc, free and kfree_rcu take and release no lock.
func (poolSem) transfer(op SyncOp, _ *hold) {
	if !isPoolOp(op) {
		panic(unknownOp("pool transfer", op))
	}
}

// mayViolate: exhaustion and double frees depend on shared state.
func (poolSem) mayViolate(_ *Program, op SyncOp, _ hold) bool {
	if !isPoolOp(op) {
		panic(unknownOp("pool mayViolate", op))
	}
	return true
}

// footprint adds what alloc, free and kfree_rcu of process pid read and
// write besides their argument and destination.
func (poolSem) footprint(fc *footCollector, op SyncOp, base, _ int, reads SlotSet) {
	if !isPoolOp(op) {
		panic(unknownOp("pool footprint", op))
	}
	w, p := fc.fp.Writes, fc.p
	pl := p.poolOf(base)
	reads.add(base + poolLast)
	w.add(base + poolLast)
	if op != OpAlloc {
		p.addPoolLocks(pl, reads)
		p.addCompletionWaits(reads)
	}
	for i := 0; i < pl.n; i++ {
		reads.add(pl.state(i))
		w.add(pl.state(i))
		if op == OpAlloc {
			for k := range pl.zero {
				w.add(pl.state(i) + 1 + k)
			}
		}
	}
	if rcu := p.rcuBase(); op == OpKfreeRcu && rcu >= 0 {
		for q := range p.Procs {
			reads.add(p.rcuNest(rcu, q))
		}
	}
}

// poolValues renders a pool: each object's state, then its fields.
func (p *Program) poolValues(out []Value, s []uint64, name string, t *Type, base int) []Value {
	pl := p.poolAt(name, t, base)
	for i := 0; i < pl.n; i++ {
		out = append(out, p.poolObjectValue(s, pl, i))
		out = p.appendValues(out, s, pl.object(i), t.Elem, pl.state(i)+1)
	}
	return out
}

// poolObjectValue renders object i's state.
func (p *Program) poolObjectValue(s []uint64, pl poolLayout, i int) Value {
	st := p.Get(s, pl.state(i))
	text := "allocated"
	switch {
	case st == poolFree:
		text = "free"
	case st >= poolPending:
		text = "kfree_rcu: freed when " + p.pidSet(st-poolPending) + " leave(s) the read-side section"
	}
	return Value{Name: pl.object(i), Text: text}
}

// refText renders a reference of type t.
func refText(t *Type, v int64) string {
	if v == 0 {
		return "NULL"
	}
	return fmt.Sprintf("%s[%d]", t.Pool, v-1)
}

// FreedObjects lists the pool objects that are allocated (or wait for a
// grace period) in before and free in after: what a step freed. The report
// layer can use it to name the step that freed the object of a use after free.
func (p *Program) FreedObjects(before, after []uint64) []string {
	var out []string
	for _, pl := range p.pools() {
		for i := 0; i < pl.n; i++ {
			if p.Get(before, pl.state(i)) != poolFree && p.Get(after, pl.state(i)) == poolFree {
				out = append(out, pl.object(i))
			}
		}
	}
	return out
}
