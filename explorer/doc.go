// Package explorer searches a model.Program's state graph: breadth-first
// (shortest counterexamples) or depth-first, over exactly stored states. It
// checks invariants on every state, step violations (assertions, misuse of
// sync objects, range errors) on every transition, and deadlock on every
// expanded state; it stops at budgets (states, depth, deadline, memory) with
// an Incomplete verdict, never a Holds.
//
// It is pure: the caller supplies the clock (Options.Now) and receives
// progress through Options.OnProgress; it starts no goroutines.
package explorer
