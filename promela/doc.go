// Package promela exports a compiled spec (a model.Program) to Promela, the
// input language of the SPIN model checker, so that SPIN can check our
// semantics and our search independently.
//
// The export is built so that SPIN's state graph is ours, state for state:
// every step of ours is one SPIN transition (a d_step, or a d_step and a
// control-flow dispatch inside one atomic sequence, whose intermediate state
// SPIN never stores); each process instance is one `active` process whose
// program counter is an explicit local `pc` kept in step with SPIN's own
// location; kernel sync objects are global variables with the same layout as
// our slots, and their operations are inline code with the same guards and
// the same misuse assertions; invariants are asserted at the end of every step
// that can change them (and before the first step of every process, for the
// initial state); finished processes rest at an end label, so SPIN's "invalid
// end state" is our deadlock. specs/README.md ("Promela export") documents the
// mapping and how SPIN's figures correspond to ours.
//
// Liveness properties (Options.Liveness) become named never claims, the
// automata of their negations (ltl.go), checked with pan -a -N name, and with
// -f for weak fairness. TestLivenessSpinCatalogue and TestLivenessSpinRandom
// require pan's verdict to be explorer.ExploreLiveness's, under fairness
// none and weak (the latter without the strong fairness our search gives
// lock waits, which pan -f cannot express: explorer.Options.NoLockQueues).
//
// Run compiles the exported model with SPIN and gcc and parses pan's report;
// the parity tests and bench/ use it.
package promela
