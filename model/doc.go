// Package model holds a compiled mcheck Program and its semantics: the
// bit-packed state layout, the initial state, which steps are enabled, the
// successor function, invariant evaluation, the kernel sync primitives, and
// the rendering of values for traces.
//
// The compile package builds a Program (types, slots, per-process-type node
// graphs with expression trees); New links it into closures specialised per
// process instance so that the explorer's hot path does no interpretation of
// names and no allocation. The package is pure: no I/O, no clock, no goroutines.
package model
