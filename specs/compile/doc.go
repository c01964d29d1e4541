// Package compile turns a parsed spec into a model.Program: it evaluates
// constants (with --set overrides), resolves names and types, lays out the
// state vector, lowers each process body to a node graph (one node per
// statement; atomic blocks as runs of non-boundary nodes; inline calls
// expanded in place), records each statement's footprint of shared objects,
// and reads the spec's expect: lines.
//
// Every error in the file is reported, sorted by position; no panic escapes.
package compile
