package model

// Pos is a source position (1-based line and column).
type Pos struct{ Line, Col int }

// Program is a compiled spec: what compile produces and Link links into
// an Executable, the form the explorer runs.
type Program struct {
	Name      string  // spec name (file base name without .mc)
	File      string  // file name for messages
	Consts    []Const // in declaration order, after --set overrides
	Slots     []Slot  // every scalar of the state, globals first, then process frames
	Init      []int64 // each slot's initial value
	Globals   []Var   // shared variables and sync objects, in declaration order
	Types     []*ProcType
	Procs     []*Proc // instances in pid order
	Invariant []Invariant
	Measures  []Measure
	Liveness  []Liveness // eventually and leadsto properties, one per quantified instance
	// Numbered maps each pool whose objects the spec names by number
	// (POOL[i] with an integer i, outside initialisers) to the first place:
	// such a spec observes object identity, so its objects are not permuted.
	Numbered map[string]Pos

	// Executable is the linked form that Link builds (link.go); nil before.
	// The queries on states that renderers ask a Program are promoted from it.
	*Executable
}

// Const is a named constant.
type Const struct {
	Name  string
	Value int64
}

// Slot is one scalar of the state vector.
type Slot struct {
	Name   string // e.g. "cur.id", "fault[1].seq", "mmap_lock.writer"
	Lo, Hi int64
}

// Var is a named variable for display: its type and first slot (absolute for
// globals, frame-relative for locals).
type Var struct {
	Name string
	Type *Type
	Base int
}

// ProcType is a process declaration: its locals and its node graph.
type ProcType struct {
	Name      string
	Count     int
	Locals    []Var // frame-relative; slot 0 of every frame is the pc
	FrameSize int   // slots per instance, including the pc
	Nodes     []Node
	Entry     int            // first node
	Labels    map[string]int // label -> node, for p@label
	// ExitsLocked: the spec means the process to end holding locks
	// (`process NAME exits_locked`); no lock_held_at_exit for it.
	ExitsLocked bool
	Fairness    Fairness // which infinite runs count (liveness only)
}

// Proc is one process instance.
type Proc struct {
	Type  *ProcType
	Index int // self
	Pid   int
	Frame int // first slot of its frame; the pc is at Frame
}

// Name renders the instance as "fault[1]", or "munmap" for a single instance.
func (p *Proc) Name() string {
	if p.Type.Count == 1 {
		return p.Type.Name
	}
	return p.Type.Name + "[" + itoa(p.Index) + "]"
}

// Invariant is a named state predicate.
type Invariant struct {
	Name  string
	Pos   Pos
	Cond  *Expr
	Reads []int // globals it reads, to show with a violation
	// Symmetric lists the process types whose instances Cond names only
	// through forall/exists over all of them (as PROC[I]): permuting those
	// instances leaves its value unchanged.
	Symmetric []*ProcType
}

// Measure is a named integer expression over the state whose maximum and
// minimum over the reachable states the explorer reports. A step writing a
// slot it reads is visible to partial-order reduction, and naming a
// process instance's locals turns symmetry off for its type, exactly as for
// an invariant: so neither reduction changes the set of values it takes.
type Measure struct {
	Name string
	Pos  Pos
	Expr *Expr
}

// NodeKind classifies a control-flow node.
type NodeKind uint8

// Node kinds.
const (
	NEnd    NodeKind = iota // the process has finished
	NSkip                   // no effect
	NAssign                 // parallel assignment LHS[i] = RHS[i]
	NBranch                 // if Cond goto Next else goto Else
	NEither                 // nondeterministic choice among Targets' steps
	NAwait                  // blocks until Cond
	NAssert                 // violation unless Cond
	NSync                   // a sync primitive operation
)

// Node is one statement (or part of one) of a process.
//
// A step starts at a Boundary node and runs on through non-boundary nodes (the
// inside of an atomic block) until it reaches a boundary node again; the
// process's pc then rests there. Only the starting node may block.
type Node struct {
	Kind     NodeKind
	Boundary bool
	Next     int
	Else     int   // NBranch: target when Cond is false; NSync down_write: the wait node
	Targets  []int // NEither
	Cond     *Expr
	LHS      []*Ref
	RHS      []*Expr
	Op       SyncOp
	ObjKind  TypeKind
	Obj      *Ref    // NSync: the object's first slot
	Args     []*Expr // NSync: the extra arguments after the object (kfree_rcu's reference, a range)
	Dst      *Ref    // NSync read_seqcount_begin: where the value goes
	Pos      Pos
	Inlines  []InlineFrame // the inline expansions the node lies in, outermost first
	Text     string        // the whole statement as printed in traces
	Msg      string        // NAssert: message
	Property string        // NAssert: the property name reported
	Reads    []int         // globals (indices into Program.Globals) the node reads
	Writes   []int         // globals the node writes (sync operations count as writes)
}

// InlineFrame is one inline expansion: the inline's name and the position
// of the call that expanded it (in the process body for the outermost
// frame, else in the body of the frame before).
type InlineFrame struct {
	Name string
	Call Pos
}

// ExprOp is an expression operator.
type ExprOp uint8

// Expression operators.
const (
	EConst ExprOp = iota
	ELoad         // Ref
	ESelf
	ENot
	ENeg
	EAdd
	ESub
	EMul
	EDiv
	EMod
	EEq
	ENeq
	ELt
	ELeq
	EGt
	EGeq
	EAnd
	EOr
	EImpl
	EAt   // Ref is the pc slot of a process; true when it equals Val
	ECall // a sync query or trylock: Op, Obj, Args
	EBitNot
	EBitAnd
	EBitOr
	EBitXor
	EShl
	EShr
)

// Expr is a scalar expression tree.
type Expr struct {
	Op      ExprOp
	Val     int64
	Ref     *Ref
	X, Y    *Expr
	Sync    SyncOp
	ObjKind TypeKind
	Args    []*Expr // ECall: the object (an ELoad of its first slot), then the arguments
}

// Ref names one scalar slot (or a sync object's first slot): Base plus, for
// each index term, Index*Stride after a bounds check. Local refs are relative
// to the executing process's frame.
type Ref struct {
	Base  int
	Local bool
	Index []IndexTerm
	Name  string // for messages: the source text of the reference
}

// IndexTerm is one dynamic array index.
type IndexTerm struct {
	X      *Expr
	Stride int
	Len    int
	// Pool, when set, makes this the object term of a pool access
	// (pool[r].f, r->f): X is the reference minus one, and the object it
	// names must be allocated (-1 is NULL). State is object 0's state slot.
	Pool  string
	State int
	// Typesafe: the pool is typesafe_by_rcu, so a freed object may be read
	// (not written) inside an RCU read-side section.
	Typesafe bool
}

// SyncOp is a kernel primitive operation. Its number is handed out by newOp
// when the file of the descriptor that owns it initialises (prim.go):
// OpMutexLock in prim_lock.go, OpAlloc in pool.go, and so on.
type SyncOp uint8

// OpNone is no operation; every other number belongs to a descriptor.
const OpNone SyncOp = 0

func (o SyncOp) String() string {
	if int(o) >= len(opNames) || (o != OpNone && opNames[o] == "") {
		return "SyncOp(" + itoa(int(o)) + ")"
	}
	return opNames[o]
}

// SyncOpInfo describes one operation of a primitive: for the compiler, and
// the flags every generic pass asks instead of listing ops.
type SyncOpInfo struct {
	Op       SyncOp
	Name     string     // as in specs; an internal second half shares its first half's
	Kinds    []TypeKind // object kinds accepted (and their variants, Prim.Like)
	Expr     bool       // usable inside expressions (returns a value, never blocks)
	Blocking bool       // may block: statement only, first in atomic
	Value    bool       // statement that yields a value (read_seqcount_begin)
	Args     int        // extra arguments after the object
	Internal bool       // the second half of a split op; no built-in of its own
	Sleeps   bool       // may sleep: might_sleep() checks it
	Acquires bool       // may take a lock (a trylock when Expr)
	Queues   bool       // waits for a lock in the lock's wait queue (liveness, lockdep)
	Guarded  bool       // a step starting with it has an enabling condition
	Splits   bool       // two successors: Next when done at once, Else to wait
	Wait     SyncOp     // a split op's internal second half, at its Else node
	Returns  bool       // an expression op that yields a count, not a bool
	NoHolds  bool       // takes and releases nothing, even on an object only known at run time
	MayFail  bool       // an expression op that may commit a violation (its node is then visible)
	Allocs   bool       // yields a new reference into the pool it names (alloc)
	Frees    bool       // frees the object of the reference it takes, whose pool is its object
	Defers   bool       // frees only after an RCU grace period, so the spec needs the RCU state (kfree_rcu)
	// Locks, when set, selects the accepted kinds among the lock
	// descriptors instead (lockdep's assertions take every lock): see
	// Accepts and AcceptedKinds.
	Locks func(*Prim) bool
	// Commutes: two of it by different processes on one object commute on
	// the slots its footprint marks with commute (prim.go), so partial-order
	// reduction does not count those slots as a conflict between them
	// (explorer's TestIndependentStepsCommute checks both orders on
	// reachable states).
	Commutes bool
	// Reads: reads its object and writes nothing, so a process inside an
	// RCU read-side section may apply it to a freed typesafe_by_rcu object,
	// as it may read a field (read_seqcount_begin, refcount_read, the
	// *_is_locked queries). Footprints agree (TestReadOnlyOpsWriteNothing).
	Reads bool
	// WritesIfTrue: an expression op that writes its object exactly when
	// it yields true (refcount_inc_not_zero: on 0 it fails and only reads).
	// Its reference is checked as a read, and a write to a freed object is
	// reported when it yields true.
	WritesIfTrue bool
}

// Builtins maps each built-in's name to its description; the descriptors
// fill it when they register (prim.go).
var Builtins = map[string]SyncOpInfo{}

// ReturnsBool reports whether an expression-level built-in yields a bool.
func (o SyncOp) ReturnsBool() bool { return !info(o).Returns }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
