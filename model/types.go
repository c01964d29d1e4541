package model

import "fmt"

// TypeKind classifies a Type.
type TypeKind uint8

// Type kinds. Sync kinds are kernel objects with hidden state.
const (
	TBool TypeKind = iota
	TInt
	TEnum
	TStruct
	TArray
	TRef // a reference into a pool: 0 is NULL, i+1 is object i (see pool.go)
	TMutex
	TSpinlock
	TRwsem
	TSeqcount
	TPool // a pool of objects with alloc/free (see pool.go)
	TRcu  // the implicit RCU state (see rcu.go)
)

// Type describes a value's shape and how many state slots it occupies.
type Type struct {
	Kind    TypeKind
	Name    string   // declared name, if any
	Lo, Hi  int64    // TInt range
	Members []string // TEnum
	Fields  []Field  // TStruct
	Elem    *Type    // TArray
	Len     int      // TArray, TPool: the number of objects
	Pool    string   // TRef: the pool's name
	Slots   int      // scalar slots occupied
}

// Field is a struct field at a slot offset within the struct.
type Field struct {
	Name   string
	Type   *Type
	Offset int
}

// IsSync reports whether t is a kernel sync object.
func (t *Type) IsSync() bool { return t.Kind >= TMutex }

// IsScalar reports whether t occupies exactly one slot and is a value.
func (t *Type) IsScalar() bool {
	return t.Kind == TBool || t.Kind == TInt || t.Kind == TEnum || t.Kind == TRef
}

// ContainsSync reports whether a sync object appears anywhere inside t.
func (t *Type) ContainsSync() bool {
	switch t.Kind {
	case TStruct:
		for _, f := range t.Fields {
			if f.Type.ContainsSync() {
				return true
			}
		}
		return false
	case TArray:
		return t.Elem.ContainsSync()
	}
	return t.IsSync()
}

// Range returns the scalar range of a one-slot value type.
func (t *Type) Range() (lo, hi int64) {
	switch t.Kind {
	case TBool:
		return 0, 1
	case TEnum:
		return 0, int64(len(t.Members)) - 1
	}
	return t.Lo, t.Hi
}

// Field returns the named field of a struct type.
func (t *Type) Field(name string) (Field, bool) {
	for _, f := range t.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Sync object slot layouts, relative to the object's first slot.
const (
	// mutex, spinlock: one slot, the owner (0 free, pid+1).
	lockOwner = 0
	// rw_semaphore: writer (0 or pid+1), queued-writer bit set, then one
	// read-hold count per process.
	rwsemWriter  = 0
	rwsemWaiters = 1
	rwsemReaders = 2
	// seqcount: one slot, the count.
	seqCount = 0
	// MaxReadHolds is how many read holds of one rw_semaphore a process may have.
	MaxReadHolds = 3
	// SeqcountMax is the largest seqcount value; the count wraps past it.
	SeqcountMax = 255
)

// SyncSlots returns how many slots a sync object of kind k takes with nprocs processes.
func SyncSlots(k TypeKind, nprocs int) int {
	if k == TRwsem {
		return rwsemReaders + nprocs
	}
	return 1
}

// String renders a type as in source.
func (t *Type) String() string {
	if t.Name != "" {
		return t.Name
	}
	switch t.Kind {
	case TBool:
		return "bool"
	case TInt:
		return fmt.Sprintf("%d..%d", t.Lo, t.Hi)
	case TArray:
		return fmt.Sprintf("[%d]%s", t.Len, t.Elem)
	case TStruct:
		return "struct"
	case TEnum:
		return "enum"
	case TMutex:
		return "mutex"
	case TSpinlock:
		return "spinlock"
	case TRwsem:
		return "rw_semaphore"
	case TSeqcount:
		return "seqcount"
	case TRef:
		return "ref " + t.Pool
	case TPool:
		if t.Elem == nil {
			return "pool"
		}
		return fmt.Sprintf("pool[%d]%s", t.Len, t.Elem)
	case TRcu:
		return "rcu"
	}
	return "?"
}
