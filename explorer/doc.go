// Package explorer searches a model.Program's state graph: breadth-first
// (shortest counterexamples) or depth-first, over exactly stored states. It
// checks invariants on every state, step violations (assertions, misuse of
// sync objects, range errors, a lock held at a process's end) on every
// transition, and deadlock on every expanded state: no step enabled, or a
// wait-for cycle among locks (model.Machine.WaitCycle) even while other
// processes can still run; it stops at budgets (states, depth, deadline, memory) with
// an Incomplete verdict, never a Holds.
//
// It is pure: the caller supplies the clock (Options.Now) and receives
// progress through Options.OnProgress; it starts no goroutines.
//
// # Liveness
//
// ExploreLiveness answers one question at a time: an eventually or leadsto
// property, or starvation (every unfinished process eventually makes
// progress). It stores the reachable graph of the program's product with a
// one-bit monitor that says whether the obligation is pending (leadsto; for
// eventually, states where it was discharged are simply not stored), with
// BFS parents for shortest prefixes. A run that ends while the obligation is
// pending is a counterexample. Otherwise Tarjan's algorithm (scc.go, an
// explicit stack, not Go recursion) walks the subgraph of pending states and
// edges (for starvation, minus the victim's progress steps) and tests each
// strongly connected component as soon as it is complete (fair.go): weak
// fairness fails in a component exactly when some process is enabled in all
// its states and steps on none of its inner edges, since the cycle through
// all its states and edges is otherwise fair; strong fairness, and the
// strong fairness that lock acquisitions without a modelled wait queue get
// (fair.go), remove the states where an
// offending process is enabled and examine the components of the rest again
// (Emerson and Lei). The counterexample (lasso.go) is a shortest prefix to
// the component's shallowest state and a cycle built from shortest paths
// inside the component to a witness for each process's fairness. SCC-based
// search was chosen over nested DFS because fairness is a property of a
// component, not of one accepting state, and because it needs no second
// search per state. Reductions are off for liveness; an explicit-graph
// oracle (liveness_oracle_test.go) checks verdicts on random looping specs.
//
// # Partial-order reduction
//
// With Options.POR the search expands, in each state, a strong stubborn set
// (Valmari) instead of every enabled step; por.go has the algorithm. Two
// steps of different processes are independent when neither writes a state
// slot the other reads or writes (footprints from model.Program.StepFootprint,
// guards included). Independent steps commute in every state where both are
// enabled, and neither enables nor disables the other: neither writes what
// the other's guard reads. Because the footprints are per slot, the kernel
// primitives get the independence their semantics allow:
//
//   - mutex, spinlock: every operation reads and writes the owner, so any two
//     operations on one lock are dependent (lock/lock race; unlock enables lock).
//   - rw_semaphore (model/prim_rwsem.go): down_read reads the writer and the
//     wait list and may join the list, so it is dependent with every down_read
//     and down_write of the same lock; its own read-hold count is the only one
//     it writes. up_read, up_write and downgrade_write hand the lock to the
//     wait list: they read and write the whole object, dependent with every
//     operation on it. A waiting half reads only the wait list (granted: off
//     the list). Writer preference is this dependence: a queued writer makes
//     a later down_read queue behind it.
//   - reader_pref_rwsem: as the rw_semaphore before wait lists: down_read vs
//     down_read, and up_read vs another process's down_read, are independent
//     (each writes only its own read-hold count); a waiting writer never
//     disables a reader.
//   - seqcount: read_seqcount_begin, raw_read_seqcount and read_seqcount_retry
//     only read the count: independent of each other; each is dependent with
//     write_seqcount_begin/end, which write it.
//   - lockdep_assert_held reads the caller's own hold (owner, or writer and its
//     read count): dependent only with operations that write those slots.
//   - plain variables: reads commute; a write conflicts with any access to the
//     same slot. A dynamic index a[i] may touch every element of a.
//   - `skip`, and steps that touch only the process's own locals and program
//     counter, are independent of every other process.
//
// A step is visible when it may write a slot an invariant or a measure reads, or may
// commit a step violation; a static analysis (model/analysis.go: locks held
// per program point, value intervals) proves most unlocks, lockdep assertions
// and assignments safe, so they stay invisible. A stubborn set that contains
// an enabled visible step contains every visible step that may still occur.
// The cycle proviso fully expands a state when a reduced successor is a
// stored state no deeper than it; depths grow along discovery edges, so every
// cycle of the reduced graph contains a fully expanded state, in BFS and DFS.
// Together these preserve every reachable deadlock state (strong stubborn
// sets), every violated invariant and every step violation. The tests compare
// whole state graphs with and without reduction (Options.KeepGoing) on the
// catalogue, the language examples and random specs.
//
// # Measures under reduction
//
// Measures (Result.Measures) are evaluated in every stored state. A measure
// m takes the value k in a reachable state iff the invariant m != k fails,
// and that invariant's slots are visible, so the reduced graph reaches every
// value of m and its maximum and minimum are those of the plain search.
//
// # Wait-for cycles under reduction
//
// A wait-for cycle is a state predicate P that is stable: once processes
// wait for each other's locks, no step of anyone releases those locks or
// moves them on a wait list (only the stuck processes could), so P holds in
// every successor. Reduction preserves the reachability of some P-state
// without making any step visible for it. Let s be a state of the reduced
// graph and w a path of the full graph from s to a P-state; let T be the
// stubborn set expanded at s. If w contains a step of T, its first such
// step t commutes to the front (the stubborn set property that preserves
// deadlocks, D1): s -t-> s' is a reduced edge and w minus t leads from s'
// to the same P-state, a shorter path. If w contains no step of T, take an
// enabled t of T: by D1, s -t-> s' and w still runs from s', ending in
// the P-state's t-successor, which satisfies P because P is stable. The
// path did not get shorter, but the cycle proviso bounds how often this
// can happen: the states s, s', ... are in the finite reduced graph, and an
// infinite run of the second case would close a cycle of it, which holds a
// fully expanded state, where T contains w's first step. So the remaining
// path shrinks to empty and a P-state of the reduced graph is reached.
// Symmetry maps P-states to P-states (P names no process identity). The
// tests compare, with and without reduction, random specs given a thread
// that never stops (every lock deadlock is then such a cycle).
//
// # Shortest counterexamples under reduction
//
// Reduction keeps violations reachable, not the shortest paths to them: a
// reduced BFS runs every idle thread's independent first steps before the
// steps that matter, so its first trace can be much longer (36 steps for 11
// in TestPORTraceShortestUnderBudget). shorten.go restores the promise in
// two passes. First, greedily, it drops each step (with the later steps of
// its process, or alone) whose removal still replays to a violation of the
// same kind and property: cheap, and usually already minimal. Then an
// unreduced BFS bounded by the shortened length, within a state budget,
// either finds a shorter violation (reported instead), or finds none (the
// trace is proven shortest). Only when that budget runs out does the
// greedily shortened trace stand unproven: Result.Shortest is then false,
// and a report should say "shortest found under reduction" rather than
// "shortest". Greedy first, proof second, because the proof's cost grows
// with the depth bound, which greedy has already cut.
package explorer
