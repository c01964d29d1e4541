package model

import "fmt"

// TypeKind classifies a Type.
type TypeKind uint8

// Type kinds of the language's own values. Every other kind (the kernel
// sync objects, pools and the RCU state) is handed out by newKind when its
// descriptor's file initialises (prim.go): TMutex in prim_lock.go, TPool in
// pool.go, and so on.
const (
	TBool TypeKind = iota
	TInt
	TEnum
	TStruct
	TArray
	TRef // a reference into a pool: 0 is NULL, i+1 is object i (see pool.go)
	firstPrimKind
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
	// Typesafe marks a TPool declared typesafe_by_rcu (SLAB_TYPESAFE_BY_RCU):
	// inside an RCU read-side section its freed objects may be read.
	Typesafe bool
	Params   []int64 // a sync object's declared parameters: range_lock(N, K)
	Slots    int     // scalar slots occupied
}

// Field is a struct field at a slot offset within the struct.
type Field struct {
	Name   string
	Type   *Type
	Offset int
}

// IsSync reports whether t is a kernel sync object.
func (t *Type) IsSync() bool { return t.Kind >= firstPrimKind }

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

// SyncSlots returns how many slots a sync object of kind k declared with
// params takes with nprocs processes (its descriptor's layout).
func SyncSlots(k TypeKind, params []int64, nprocs int) int {
	return len(semOf("SyncSlots", k).layout(make([]string, nprocs), params))
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
	if d := primOf(t.Kind); d != nil && d.Name != "" {
		return d.Name
	}
	return "?"
}
