// Package model holds a compiled mcheck Program and its semantics: the
// bit-packed state layout, the initial state, which steps are enabled, the
// successor function, invariant evaluation, the kernel sync primitives, and
// the rendering of values for traces.
//
// The compile package builds a Program (types, slots, per-process-type node
// graphs with expression trees); New links it into closures specialised per
// process instance so that the explorer's hot path does no interpretation of
// names and no allocation. The package is pure: no I/O, no clock, no goroutines.
//
// Each kernel primitive is one descriptor (prim.go, prim_*.go) that owns its
// type name, slot layout, operations, footprints, hold analysis, lock
// queries, symmetry roles and value text; the generic passes consult it and
// fail closed on a kind or operation no descriptor owns. Adding a primitive
// means a prim_NAME.go here, its Promela text in promela/prim_NAME.go, tests
// and docs.
package model
