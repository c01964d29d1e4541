package model

// Primitive descriptors: one Go value per kind of kernel sync object owns
// everything the checker knows about it — its declaration type name, its
// slot layout, its operations (guard, effect, expression value), what a
// blocked operation waits for and how that reads, footprints, the hold
// analysis behind may-violate, the structured hold queries, symmetry roles,
// and how a value of it reads. Generic code (sync.go, footprint.go,
// analysis.go, waitfor.go, values.go, symmetry.go, ...) looks the
// descriptor up by kind or by operation and never switches over either;
// lists of kinds (the locks lockdep asserts on, the kinds a pool object may
// contain) are derived from the descriptors' flags.
//
// Kind and operation numbers are handed out, not declared centrally: each
// descriptor's file declares its kind and operations as package variables
// initialised by newKind and newOp, so they are numbered in Go's
// initialisation order (file names in order, then declaration order).
// Nothing observable depends on the numbers: state vectors, traces, messages
// and the Promela export name kinds and operations through their
// descriptors, and every list of them is in registration order or sorted
// by name.
//
// Adding a primitive FOO touches exactly these files:
//
//   - model/prim_foo.go: the kind and op variables (newKind, newOp), the
//     Prim value registered in init (name, flags, operation rows) and its
//     primSem methods, each failing closed on an op it does not own;
//   - model/foo_test.go: its model tests (and it joins
//     TestPrimsFailClosed by registering);
//   - promela/prim_foo.go: its Promela text (a primText, registered in
//     primTexts in init);
//   - promela/prim_foo_test.go: the examples TestParityPrims runs by
//     default (primExamples);
//   - specs/README.md: its section in the language reference;
//   - specs/testdata/examples/foo*.mc and specs/testdata/errors/foo*.mc:
//     its examples and error tests; protocols/*.mc for catalogue specs.
//
// The type name is then a predeclared type (`var x: foo`, or the short form
// `foo x`), and its ops are built-ins by name; the compiler, the explorer,
// report and the export need no edit. Flags on Prim (Lock, Atomic, HandsOff, Pooled, LockdepWrite, Like)
// and on its operation rows say how generic passes treat it.
//
// RCU and pools (rcu.go, pool.go) are memory primitives: their ops are rows
// of the same operation table, so every flag query below covers them, and
// their semantics are descriptors of their own kind (memSem, prim_mem.go).

// Prim describes one kind of kernel sync object.
type Prim struct {
	Kind TypeKind // from newKind; noKind for lockdep's assertions, which own none
	Name string   // the predeclared type name in specs: "rw_semaphore"
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
	// Pooled: a pool object may contain it. Its initial state is all
	// zeros, so alloc reinitialises it, and for a lock so is its idle
	// state, so free can tell one in use (Machine.lockFreed).
	Pooled bool
	// LockdepWrite: lockdep_assert_held_write applies to it (a lock with a
	// write mode that heldBy(write) checks).
	LockdepWrite bool
	Ops          []SyncOpInfo // its operations, internal second halves included
	// Inlines is spec-language source of inline declarations that every
	// spec may call: compound operations that are macros in the kernel too
	// (wait_event). The compiler predeclares them.
	Inlines string
	// Aliases are more names for the type and for its operations: the
	// kernel's wrappers with the same semantics (kref over refcount_t).
	Aliases     map[string]SyncOp
	TypeAliases []string
	// Params names the constant parameters a declaration gives the type,
	// in order (range_lock(N, K)); none for most primitives. A primitive
	// with parameters is a lock instance: its semantics find the values by
	// the object's first slot (Program.ParamsAt).
	Params []string
	// CheckParams says what is wrong with a declaration's parameter
	// values, or "" (nil: any values).
	CheckParams func(vals []int64) string
	// CheckArgs says what is wrong with an op's constant arguments on an
	// object with the given parameters, or "" (nil: any values). The
	// compiler calls it when every argument is a constant; the op checks
	// them again when it runs.
	CheckArgs func(op SyncOp, params, args []int64) string
	// FreedInUse: freeing a pool object that contains one of these while
	// any of its slots is non-zero is a violation misuse with this property
	// (pool.go lockFreed; locks always are, as "held lock freed"), and
	// InUseText says what that state means.
	FreedInUse, InUseText string
	sem                   primSem
	mem                   memSem // RCU and pools instead of sem (prim_mem.go)
}

// SlotSpec is one slot of a sync object: a name suffix and its range.
type SlotSpec struct {
	Suffix string // ".owner", ".readers[fault[1]]"
	Lo, Hi int64
}

// Layout returns the object's slots, for a program whose processes are
// named procs (in pid order), declared with the parameter values params.
func (d *Prim) Layout(procs []string, params []int64) []SlotSpec { return d.sem.layout(procs, params) }

// ParamsAt returns the declared parameters of the lock instance whose
// first slot is base (nil for one declared without).
func (p *Program) ParamsAt(base int) []int64 {
	if i, ok := p.lockIndex[base]; ok {
		return p.locks[i].Params
	}
	return nil
}

// primSem is the semantics of a lock-like primitive; ops it does not own
// panic with unknownOp (fail closed). base is the object's first slot.
type primSem interface {
	layout(procs []string, params []int64) []SlotSpec
	// guard links when a guarded op may proceed (the lock is available).
	// args are the values of the op's extra arguments, evaluated at the
	// step (a range lock's start and end); they are scratch, valid only
	// during the call.
	guard(op SyncOp) func(m *Machine, base int, args []int64) bool
	// exec links a statement op; wait says the step goes to the node's Else.
	exec(op SyncOp, site *opSite) func(m *Machine, base int, args []int64) (wait bool)
	// call links an expression op (a query or a trylock).
	call(op SyncOp) func(m *Machine, base int, args []int64) int64
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
	base, pid, nprocs int     // pid is -1 for an invariant's query
	params            []int64 // the object's declared parameters
	reads, writes     SlotSet
	// comm, if set, collects the slots commute marks; with skipComm commute
	// adds nothing (footprint.go's second pass, which finds the slots a step
	// touches only through commuting ops).
	comm     SlotSet
	skipComm bool
}

func (f *primFoot) read(off int)  { f.reads.add(f.base + off) }
func (f *primFoot) write(off int) { f.writes.add(f.base + off) }

// commute reads and writes slot off in a way that commutes with the same op
// of another process on the same object (SyncOpInfo.Commutes): either order
// of the two gives the same state, and neither enables or disables the other.
func (f *primFoot) commute(off int) {
	if f.skipComm {
		return
	}
	f.read(off)
	f.write(off)
	if f.comm != nil {
		f.comm.add(f.base + off)
	}
}

// perProc adds the per-process slots at off: the process's own (mine) or all.
func (f *primFoot) perProc(set SlotSet, off int, mine bool) {
	for q := 0; q < f.nprocs; q++ {
		if !mine || q == f.pid {
			set.add(f.base + off + q)
		}
	}
}

// noKind is the Kind of a descriptor that owns no object kind.
const noKind TypeKind = 255

var (
	kindCount   int     // kinds handed out by newKind
	primsByKind []*Prim // by kind; nil for the language's own kinds
	primsByName = map[string]*Prim{}
	opInfo      []*SyncOpInfo // by op, from newOp; nil until registered
	opPrim      []*Prim
	opNames     []string
)

// newKind hands out the next object kind. A descriptor's file calls it in a
// package variable's initialiser, once per kind it owns.
func newKind() TypeKind {
	k := firstPrimKind + TypeKind(kindCount)
	if k >= noKind {
		panic("newKind: too many type kinds")
	}
	kindCount++
	return k
}

// newOp hands out the next operation number (OpNone is 0). A descriptor's
// file calls it in a package variable's initialiser, once per operation,
// internal second halves included.
func newOp() SyncOp {
	if len(opInfo) == 0 {
		opInfo, opPrim, opNames = []*SyncOpInfo{nil}, []*Prim{nil}, []string{""} // OpNone
	}
	if len(opInfo) > 255 {
		panic("newOp: too many sync operations")
	}
	opInfo, opPrim, opNames = append(opInfo, nil), append(opPrim, nil), append(opNames, "")
	return SyncOp(len(opInfo) - 1)
}

// register adds a descriptor; its ops become built-ins by name (internal
// second halves excepted).
func register(d *Prim) {
	if len(d.Params) > 0 && !d.Lock {
		panic("register: " + d.Name + " has parameters but is no lock instance")
	}
	if d.Kind != noKind {
		if d.Kind < firstPrimKind || int(d.Kind-firstPrimKind) >= kindCount {
			panic("register: kind " + itoa(int(d.Kind)) + " was not handed out by newKind")
		}
		for len(primsByKind) <= int(d.Kind) {
			primsByKind = append(primsByKind, nil)
		}
		if primsByKind[d.Kind] != nil || (d.sem == nil) == (d.mem == nil) {
			panic("register: kind " + itoa(int(d.Kind)) + " registered twice, or without exactly one of sem and mem")
		}
		primsByKind[d.Kind] = d
	}
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
		if o.Name == "" || o.Op == OpNone || int(o.Op) >= len(opPrim) || opPrim[o.Op] != nil {
			panic("register: op " + itoa(int(o.Op)) + " is unnamed, not from newOp, or registered twice")
		}
		opInfo[o.Op], opPrim[o.Op] = o, d
		opNames[o.Op] = o.Name
		if !o.Internal {
			Builtins[o.Name] = *o
		}
	}
}

// primOf returns the descriptor of kind k, or nil.
func primOf(k TypeKind) *Prim {
	if int(k) < len(primsByKind) {
		return primsByKind[k]
	}
	return nil
}

// primsWhere lists the descriptors of object kinds that keep selects, in
// registration order.
func primsWhere(keep func(*Prim) bool) []*Prim {
	var out []*Prim
	for _, d := range primsByKind {
		if d != nil && keep(d) {
			out = append(out, d)
		}
	}
	return out
}

// PrimByName returns the primitive declared with the type name, if any.
func PrimByName(name string) (*Prim, bool) {
	d, ok := primsByName[name]
	return d, ok
}

// PrimInlines returns the inline declarations the primitives predeclare.
func PrimInlines() []string {
	var out []string
	for _, d := range primsWhere(func(d *Prim) bool { return d.Inlines != "" }) {
		out = append(out, d.Inlines)
	}
	return out
}

// PrimOf returns the descriptor of a sync kind, or nil.
func PrimOf(k TypeKind) *Prim { return primOf(k) }

// Prims lists the declarable primitives' type names, for docs and tools.
func Prims() []string {
	var out []string
	for _, d := range primsWhere(func(d *Prim) bool { return d.Name != "" }) {
		out = append(out, d.Name)
	}
	return out
}

// PooledPrims lists the type names a pool object may contain (Prim.Pooled).
func PooledPrims() []string {
	var out []string
	for _, d := range primsWhere(func(d *Prim) bool { return d.Pooled && d.Name != "" }) {
		out = append(out, d.Name)
	}
	return out
}

// semOf returns the semantics of a lock-like kind; it panics for a kind
// with none (fail closed).
func semOf(where string, k TypeKind) primSem {
	if d := primOf(k); d != nil && d.sem != nil {
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
	if owner.Kind == noKind {
		if !info(op).Accepts(k) {
			panic(unknownOp(where+" on "+(&Type{Kind: k}).String(), op))
		}
		return owner.sem
	}
	d := primOf(k)
	if d == nil || d.sem == nil || (d != owner && d.Like != owner.Kind) {
		panic(unknownOp(where+" on "+(&Type{Kind: k}).String(), op))
	}
	return d.sem
}

// Accepts reports whether the op takes an object of kind k: one of its
// Kinds or a variant of one (Prim.Like), or a lock its Locks selects.
func (i SyncOpInfo) Accepts(k TypeKind) bool {
	for _, a := range i.AcceptedKinds() {
		if a == k {
			return true
		}
		if d := primOf(k); d != nil && d.Like != 0 && d.Like == a {
			return true // a variant takes its kind's operations
		}
	}
	return false
}

// AcceptedKinds lists the kinds the op names in messages: its Kinds, or
// the locks its Locks selects (variants aside) in registration order.
func (i SyncOpInfo) AcceptedKinds() []TypeKind {
	if i.Locks == nil {
		return i.Kinds
	}
	var out []TypeKind
	for _, d := range primsWhere(func(d *Prim) bool { return d.Lock && d.Like == 0 && i.Locks(d) }) {
		out = append(out, d.Kind)
	}
	return out
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
