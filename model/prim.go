package model

// Primitive descriptors: one Go value per kind of kernel sync object owns
// everything the checker knows about it — its declaration type name, its
// slot layout, its operations (guard, effect, expression value), what a
// blocked operation waits for and how that reads, footprints, the hold
// analysis behind may-violate, the structured hold queries, symmetry roles,
// and how a value of it reads. Generic code (sync.go, footprint.go,
// analysis.go, waitfor.go, values.go, symmetry.go, ...) looks the
// descriptor up by kind or by operation and never switches over either.
// Adding a primitive means a new prim_*.go file that registers itself,
// its tests and docs, and the Promela text in promela/prims.go.
//
// RCU and pools (rcu.go, pool.go) are memory operations: their ops are rows
// of the same operation table, so every flag query below covers them, but
// their semantics are still linked by rcu.go and pool.go.

// Prim describes one kind of kernel sync object.
type Prim struct {
	Kind TypeKind
	Name string // the predeclared type name in specs: "rw_semaphore"
	// Lock: a lock instance (lockdep tracks it, Holds lists it, a process
	// must not end holding it).
	Lock bool
	// Like: a variant of that kind, answering its operations with its own
	// semantics (0: none).
	Like TypeKind
	// HandsOff: waiters queue in FIFO order and a release grants the lock
	// to them, so a granted waiter's step stays enabled: lock waits need no
	// strong fairness (liveness.go WaitsForLock).
	HandsOff bool
	// Atomic: holding it is atomic context, where sleeping is a bug
	// (might_sleep); its owner is at slot 0 as pid+1 (spinlock).
	Atomic bool
	Ops    []SyncOpInfo // its operations, internal second halves included
	// Inlines is spec-language source of inline declarations that every
	// spec may call: compound operations that are macros in the kernel too
	// (wait_event). The compiler predeclares them.
	Inlines string
	// Aliases are more names for the type and for its operations: the
	// kernel's wrappers with the same semantics (kref over refcount_t).
	Aliases     map[string]SyncOp
	TypeAliases []string
	sem         primSem
}

// SlotSpec is one slot of a sync object: a name suffix and its range.
type SlotSpec struct {
	Suffix string // ".owner", ".readers[fault[1]]"
	Lo, Hi int64
}

// Layout returns the object's slots, for a program whose processes are
// named procs (in pid order).
func (d *Prim) Layout(procs []string) []SlotSpec { return d.sem.layout(procs) }

// primSem is the semantics of a lock-like primitive; ops it does not own
// panic with unknownOp (fail closed). base is the object's first slot.
type primSem interface {
	layout(procs []string) []SlotSpec
	// guard links when a guarded op may proceed (the lock is available).
	guard(op SyncOp) func(m *Machine, base int) bool
	// exec links a statement op; wait says the step goes to the node's Else.
	exec(op SyncOp, site *opSite) func(m *Machine, base int) (wait bool)
	// call links an expression op (a query or a trylock).
	call(op SyncOp) func(m *Machine, base int, arg int64) int64
	// footprint adds the slots op reads and writes.
	footprint(op SyncOp, f *primFoot)
	// blockers returns the processes whose holds (or queued writes) keep a
	// blocked op waiting, for wait-for cycles (waitfor.go).
	blockers(op SyncOp, p *Program, s []uint64, base, pid int) int64
	// blocked says why process pid's op waits, naming the object as name,
	// and which processes hold what it waits for.
	blocked(op SyncOp, p *Program, s []uint64, base, pid int, name string) (string, []int)
	// holds appends the holds of process pid on the object (Lock left 0).
	holds(p *Program, s []uint64, base, pid int, out []Hold) []Hold
	// heldBy reports, during a step, whether the running process holds the
	// object (for write: exclusively); holdReads is that query's footprint,
	// surelyHolds its static counterpart on a hold interval.
	heldBy(m *Machine, base int, write bool) bool
	holdReads(f *primFoot, write bool)
	surelyHolds(x hold, write bool) bool
	// transfer applies a statement op to the hold interval along its k-th edge.
	transfer(op SyncOp, k int, h *hold)
	// tryTake applies a trylock: surely (certain) or possibly taken.
	tryTake(op SyncOp, h *hold, certain bool)
	// mayViolate: may op (on a static object, holds x before it) commit a
	// violation beyond might_sleep and bad indices, checked generically.
	mayViolate(op SyncOp, x hold, nd *Node, iv *intervals) bool
	// roles records the object's process-identity slots.
	roles(base int, sy *Symmetry)
	// text renders a value of the object.
	text(p *Program, s []uint64, base int) string
}

// opSite is what an op's effect needs from its statement.
type opSite struct {
	kind TypeKind
	name string // the object as written
	pos  Pos
	dst  slotFn // read_seqcount_begin's destination, or nil
}

// primFoot collects the slots an op reads and writes on one object.
type primFoot struct {
	kind              TypeKind
	base, pid, nprocs int // pid is -1 for an invariant's query
	reads, writes     SlotSet
}

func (f *primFoot) read(off int)  { f.reads.add(f.base + off) }
func (f *primFoot) write(off int) { f.writes.add(f.base + off) }

// perProc adds the per-process slots at off: the process's own (mine) or all.
func (f *primFoot) perProc(set SlotSet, off int, mine bool) {
	for q := 0; q < f.nprocs; q++ {
		if !mine || q == f.pid {
			set.add(f.base + off + q)
		}
	}
}

var (
	primsByKind = map[TypeKind]*Prim{}
	primsByName = map[string]*Prim{}
	opInfo      [numOps]*SyncOpInfo
	opPrim      [numOps]*Prim
)

// register adds a descriptor; its ops become built-ins by name (internal
// second halves excepted).
func register(d *Prim) {
	primsByKind[d.Kind] = d
	if d.Name != "" {
		primsByName[d.Name] = d
	}
	for _, n := range d.TypeAliases {
		primsByName[n] = d
	}
	for n, op := range d.Aliases {
		defer func() { Builtins[n] = *opInfo[op] }() // once the ops are in
	}
	for i := range d.Ops {
		o := &d.Ops[i]
		if o.Name == "" || opPrim[o.Op] != nil {
			panic("register: op " + itoa(int(o.Op)) + " is unnamed or registered twice")
		}
		opInfo[o.Op], opPrim[o.Op] = o, d
		opNames[o.Op] = o.Name
		if !o.Internal {
			Builtins[o.Name] = *o
		}
	}
}

// PrimByName returns the primitive declared with the type name, if any.
func PrimByName(name string) (*Prim, bool) {
	d, ok := primsByName[name]
	return d, ok
}

// PrimInlines returns the inline declarations the primitives predeclare.
func PrimInlines() []string {
	var out []string
	for k := TypeKind(0); k < numKinds; k++ {
		if d := primsByKind[k]; d != nil && d.Inlines != "" {
			out = append(out, d.Inlines)
		}
	}
	return out
}

// PrimOf returns the descriptor of a sync kind, or nil.
func PrimOf(k TypeKind) *Prim { return primsByKind[k] }

// Prims lists the declarable primitives' type names, for docs and tools.
func Prims() []string {
	var out []string
	for k := TypeKind(0); k < numKinds; k++ {
		if d := primsByKind[k]; d != nil && d.Name != "" {
			out = append(out, d.Name)
		}
	}
	return out
}

// semOf returns the semantics of a lock-like kind; it panics for a kind
// with none (fail closed).
func semOf(where string, k TypeKind) primSem {
	if d := primsByKind[k]; d != nil && d.sem != nil {
		return d.sem
	}
	panic(unknownKind(where, k))
}

// opSem returns the semantics of op on an object of kind k: the kind's own
// descriptor (a variant such as the reader-preferring rw_semaphore answers
// the ops of the kind it is Like), or the owner of an op over any lock
// (lockdep asserts). It panics for an op no descriptor owns, or an object
// kind that op does not apply to (fail closed).
func opSem(where string, op SyncOp, k TypeKind) primSem {
	if int(op) >= len(opPrim) || opPrim[op] == nil {
		panic(unknownOp(where, op))
	}
	owner := opPrim[op]
	if owner.Kind == numKinds {
		return owner.sem
	}
	d := primsByKind[k]
	if d == nil || d.sem == nil || (d != owner && d.Like != owner.Kind) {
		panic(unknownOp(where+" on "+(&Type{Kind: k}).String(), op))
	}
	return d.sem
}

// info returns op's row, or an empty one for an unknown op.
func info(op SyncOp) SyncOpInfo {
	if int(op) < len(opInfo) && opInfo[op] != nil {
		return *opInfo[op]
	}
	return SyncOpInfo{}
}

func sleeps(op SyncOp) bool   { return info(op).Sleeps }
func acquires(op SyncOp) bool { return info(op).Acquires }
func isTrylock(op SyncOp) bool {
	i := info(op)
	return i.Acquires && i.Expr
}

// queues reports whether op waits for a sleeping or spinning lock: Linux
// queues its waiters (mutex and rw_semaphore wait lists with hand-off,
// queued spinlocks), so a waiter is not passed over for ever while the lock
// keeps becoming free. Seqcount readers and synchronize_rcu wait on data,
// not in a queue.
func queues(op SyncOp) bool { return info(op).Queues }

// guarded reports whether a step starting with op has an enabling condition.
func guarded(op SyncOp) bool { return info(op).Guarded }

// splits reports an op whose node has two successors (Next: done at once,
// Else: the wait node of its second half).
func splits(op SyncOp) bool { return info(op).Splits }

// OpInfo returns op's row of the operation table (flags for the Promela
// export and other consumers); an unknown op has an empty row.
func OpInfo(op SyncOp) SyncOpInfo { return info(op) }
