// Package explorer searches a model.Program's state graph: breadth-first
// (shortest counterexamples) or depth-first, over exactly stored states or
// their 64-bit fingerprints (Options.Store, fingerprint.go). It
// checks invariants on every state, step violations (assertions, misuse of
// sync objects, range errors, a lock held at a process's end) on every
// transition, and deadlock on every expanded state: no step enabled, or a
// wait-for cycle among locks (model.Machine.WaitCycle) even while other
// processes can still run; it stops at budgets (states, depth, deadline, memory) with
// an Incomplete verdict, never a Holds.
//
// It is pure: the caller supplies the clock (Options.Now) and receives
// progress through Options.OnProgress; it starts goroutines only when asked
// (Options.Workers).
//
// # Parallel search
//
// With Options.Workers > 1 a BFS expands states on that many goroutines
// (parallel.go, partable.go, parcommit.go), over either store; DFS and the
// liveness search stay on one. All of them share the program's model.Executable, which nothing
// writes during a search; each worker has its own Machine, reduction,
// symmetry and lockdep scratch, on cache lines of its own (package pad:
// two workers' small buffers sharing a line cost a transfer between the
// cores at every step). The search goes level by level, in batches of
// consecutive states of one level cut into blocks of 128, and each batch
// runs in phases separated by barriers. Expand: workers take blocks in turn
// and number the successors they find in their block in visit order; one
// probe of the store's own table (open addressing, compare-and-swap, after
// Laarman, van de Pol and Weber, FMCAD 2010) finds a successor stored
// before the batch, or a record of this batch that holds it, or the empty
// slot where the worker enters a record of it (partable.go): a provisional
// entry whose index, from the store's length on, names the record, which
// holds the vector, copied once, the slot, and the least (block, candidate)
// that reached it, lowered with compare-and-swap: the serial search's first
// discovery, whatever the schedule. Order: each block gathers the records it
// found first, in candidate order, and checks invariants in them. Commit:
// the new states take their indices in block order, the serial search's
// discovery order; workers copy them into the store and write each index
// into the slot its record remembers, with no second probe; then the
// shards' tables grow as the serial search's would (their sizes depend on
// the counts only). A batch may fill a shard's table to 7/8 with
// provisional entries (each worker gets a share of each shard's room, and a
// batch is sized to a third of the least room), records of blocks that are
// not committed are taken out again by backward shifting (no tombstones), so
// the serial search never sees one. So the stored states, their indices,
// parents and depths, and therefore the counts, the traces, measures (the
// first state at a maximum) and lock-order edges (the first state each was
// seen in: each worker keeps its first, the merge the lowest) are those of
// one worker. Whatever the serial search would stop at or record (a
// violation, a deadlock, a wait-for cycle, the state or memory budget) is
// left to it: the batch is committed up to the block where it happens and
// the serial code expands the rest of the batch from there, so that the
// first violation, the shortest trace and the counts at a budget are the
// serial search's too. So is the rest of a batch whose records or room in a
// shard run out (records are sized from the new states per parent of the
// last batch, two each; the next batch gets twice as many). The memory
// budget is checked before a commit by projecting the store's size after it
// (chunks and each shard's table). Options.Stop ends a batch between blocks
// (the batch is dropped: Incomplete); the deadline and progress are checked
// between batches.
//
// What it costs, and how it scales. On one core, two workers cost what one
// does (seqcount-retry FAULTS=5: 6.0-6.3 s CPU for both); on two cores the
// same work takes 1.1-1.45x the CPU time (bench RESULTS.md, "Parallel
// search, second design"), and the phases after the expansion (copying the
// new states into the store, growing the tables, which re-hashes stored
// states, and compressing the expanded chunks, serial) scale worse than the
// expansion: 2 cores give 1.26-1.63x the states per second of one. A
// design where each worker owns a set of shards and the others send it the
// candidates of its shards (so that only one core writes each table line)
// was built and measured slower (bench RESULTS.md). Toward 64 cores: each
// batch costs 5 barriers (expand, sort out, order, commit, grow), a batch
// being 4096 parents a worker: at 64 workers a batch is 262,144 parents, so
// a level narrower than that runs on fewer workers, and the catalogue's
// levels (5-7% of the states at their widest) fill 64 workers only from
// about 5 M states on; below that, the barriers dominate. What stays serial:
// the bookkeeping between phases (per block and per shard, not per state),
// removing the records of a batch cut short, and the store's compression of
// expanded chunks when a level begins (collapse.go), which Amdahl's law
// charges at 64 cores. Within a phase nothing is locked: compare-and-swaps
// meet only when two workers enter one slot or lower one record's key at
// once. Not measured beyond 2 cores: bench -speedup 64 runs 1, 2, 4, ... 64
// workers on a machine that has them.
//
// The cycle proviso is unchanged and sound under the parallel search, because
// the reduced graph it builds is the serial search's. A state s at depth d is
// expanded when every state of depth at most d is stored (they were found
// while expanding depth d-1, before d began), and no state of depth d+1 is
// looked at as "back": a successor found in the store is back exactly when
// its stored depth is at most d, and a successor not found is not of depth at
// most d. The level's choice (reduced or fully expanded, "The exact prefix"
// below) is made by the serial code before the level's first batch, from
// states all stored by then, and given to every worker. So each state's
// decision, stubborn set or full, is the serial one, the reduced graphs are
// equal, and the argument below (every cycle of the reduced graph has a
// fully expanded state) holds as it is.
//
// # The store
//
// store.go keeps per state its vector, its parent's index and a one-, two-
// or four-byte code of the step from it (vias.go); a BFS's depths are the
// level boundaries, not stored. Tables of 32-bit entries (an 8-bit hash tag
// over the index, the tag narrowing as the store passes 2^24 states) find
// states. In an exact BFS every chunk wholly below the level being expanded
// is compressed (collapse.go): each 32-bit half of a vector becomes its
// number in that position's dictionary, bit-packed at the widths the chunk
// needed. The catalogue's large configurations take 17-20 bytes a state all
// in, against 47-51 with plain vectors and 12 bytes of per-state meta
// (bench/RESULTS.md, "Compact store"); a BFS over fingerprints keeps no
// per-state meta in memory and takes 9-12 (next section).
//
// # Fingerprints
//
// With Options.Store StoreFingerprint the store compares states by their
// 64-bit hash. A BFS keeps them in a table of bare fingerprints
// (fptable.go): no index, no per-state array; buckets of eight entries (a
// cache line) with linear probing over buckets, a multiply-high of the
// hash picking the bucket so that a shard grows by a quarter, not double,
// and stays 72-90% full. An entry keeps 58 bits of the hash and its shard
// the other six, so the fingerprint is the whole hash, and the entry's top
// six bits are free for a level tag. A found state's index is unknown, and
// the search needs only one thing of it: is it "back" (no deeper than the
// state being expanded: the cycle proviso, visit's answer)? In a BFS it is
// back unless it was entered while expanding the current level, and the
// tag says that: a state of depth D is entered with tag 1 + D%62, and when
// a level of depth a multiple of 62 begins one pass over the table marks
// every entry old; a state found while expanding depth K is one deeper
// exactly when its tag is 1 + (K+1)%62. The vectors of the chunks of
// states expanded are dropped and their parents and steps written to a
// trail file (trail.go: fixed records by index, as TLC's trace file, in
// os.TempDir(), unlinked at once where the system allows, read only to
// build a trace): what stays in memory per state is the table's 8.9-11.1 bytes
// and the vectors of the levels not yet expanded (bench/RESULTS.md,
// "Compact store"). A trace, a measure's maximum or a lock-order edge
// replays the steps from the initial state along the parents, checking
// that each state it reaches is stored. A parallel batch's workers only
// read the table: a successor not found there goes into the batch's own
// slots (partable.go, probeFP), and the commit enters the new states,
// each shard on one worker. A DFS keeps the vectors and a fingerprint per
// state (its stack holds indices, and back compares depths): larger than
// the exact store by the fingerprints.
//
// A missed state (two states with one hash) can hide a violation but never
// make one up: a violation is found in a computed state and its trace is
// replayed, so only Holds is weakened, to "holds with probability at least
// 1-p" with p bounded by Result.Omission. StoreAuto starts exact and
// switches when the memory budget would be exceeded: every stored state's
// hash enters a fingerprint table, tagged as a fingerprint search's would
// be at that point, the exact tables and the compressed chunks go, and the
// search goes on.
//
// # Checkpoints
//
// Options.OnCheckpoint receives the whole search state (checkpoint.go) at a
// point between two expansions, periodically and when Options.Stop ends the
// search; Options.Resume continues it. Because the search is deterministic and
// the checkpoint holds everything it reads (the store, counts, lock-order
// edges, measures, KeepGoing's findings, the DFS stack, the next state to
// expand), a resumed run ends with the uninterrupted run's result. A parallel
// batch interrupted half-way is dropped, so the checkpoint is taken at its
// start. Checkpoints need the exact store (a fingerprint store has no
// vectors to save), with StoreAuto too.
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
// (fair.go: only reader_pref_rwsem's now), remove the states where an
// offending process is enabled and examine the components of the rest again
// (Emerson and Lei). The counterexample (lasso.go) is a shortest prefix to
// the component's shallowest state and a cycle built from shortest paths
// inside the component to a witness for each process's fairness. SCC-based
// search was chosen over nested DFS because fairness is a property of a
// component, not of one accepting state, and because it needs no second
// search per state. Partial-order and symmetry reduction apply where they
// are sound (next section); an explicit-graph oracle
// (liveness_oracle_test.go) checks verdicts on random looping specs with
// each reduction on and off.
//
// # Liveness under reduction
//
// Partial-order reduction (livepor.go) uses por.go's strong stubborn sets
// T_s with the ample condition: a state is expanded through a proper set
// only if no enabled step of T_s is visible, and fully when a step of T_s
// goes back to a stored state no deeper than s (the cycle proviso: depths
// grow along BFS discovery edges, so every cycle of the reduced graph has a
// fully expanded state). The second phase recomputes each state's edges
// with the same rule on the finished store; under BFS a successor deeper
// than s was new when s was expanded, so it makes the same choice (past a
// depth budget it may choose a smaller set, all of whose targets are
// stored; every cycle of what it walks still has a fully expanded state).
// Visible: may write what P or Q reads (so invisible steps never move the
// monitor); for starvation, may be a progress step or end its process
// (testdata/live/lazy-progress.mc shows one inserted step hiding a
// starving run); may
// commit a step violation (those edges are not followed); and, the
// fairness rule, a step of a process without fairness that writes a slot
// read by a guard of a process with fairness.
//
// A cycle of the reduced graph is a cycle of the full graph, judged with
// the full model's enabled sets, so a reported lasso is always real (and
// CheckLasso re-checks it). Completeness: let σ be a fair run of the full
// graph that keeps the question open. Build a reduced run as Peled and
// Valmari do: at s, if σ has a step of T_s, its first one t commutes to
// the front (D1; t is invisible, so the propositions along σ only
// stutter); otherwise an enabled t of T_s is inserted (D1 and D2: σ stays
// executable after it). In the second case t's process r takes no step in
// σ (its steps at its pc are all in T_s) and t stays enabled along σ
// (whatever writes t's guard is in T_s): σ is fair only if r has no
// fairness. At a fully expanded state σ's first step is taken, and the
// reduced run meets one on every cycle, so every step of σ is taken and
// the obligation (or the victim's lack of progress) is the same. Fairness:
// a process q with fairness must be enabled (at a lock, for lock waits)
// along the new run as along σ, up to stuttering, once q has taken its
// last step. Moving t forward over a segment w of σ: if some step q may
// still reach reads what t writes, that step is in T_s, and then q's
// current steps and every writer of their guards are in T_s too, so q's
// enabledness is constant along w and moving t turns a^n b into a b^n;
// otherwise t does not touch it. Inserting t (r without fairness) would
// flip q's enabledness for the rest of the run if t wrote q's guard: the
// fairness rule makes such a t visible, so it is never inserted
// (testdata/live/lazy-setter.mc is the case: run first, the setter's step
// leaves the waiter enabled forever and the fair cycle is lost). Weak,
// strong and lock-wait fairness all depend only on who steps infinitely
// often and on these enabledness sequences, so σ fair implies the reduced
// run fair, and the component search finds a fair cycle in the reduced
// graph, a finite graph with an infinite fair run.
//
// Symmetry reduction (livesym.go) stores canonical product states when the
// property reads nothing of the permuted instances (no slot of their frames;
// sync queries in a property read no process identity) and the permuted
// instances have no fairness; never for starvation, whose victim is one
// instance. A permutation maps runs to runs and keeps the property's
// propositions, so the canonical graph has an infinite open run (or an
// open end) iff the real one does, and the processes no permutation moves
// have the same steps and enabled sets on a cycle of canonical states as
// on each repetition of the real path it stands for (s to π(s), repeated
// until π returns to the identity). With fairness on the permuted
// instances that fails: a canonical cycle is judged by position, but a
// real process changes position as the instances are re-sorted, so a
// position may look enabled and idle on a cycle where every real process
// steps. Those combinations search without symmetry, and Stats say why
// (LiveSymmetryOff, on the summary line). A violation found under symmetry
// is searched for again without it: a cycle of canonical states is not a
// lasso of real states. With both reductions the stubborn sets and the
// proviso are those of the canonical states, and the construction above
// runs unchanged: after each step the rest of σ is permuted with the
// state, which keeps the propositions, the positions of its steps, and the
// enabled sets of the processes that have fairness (no permutation moves
// them). For a forall property over a symmetric type, the
// CLI already searches only instance 0's (the others are renamings).
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
//     wait list and may join the list, so it is dependent with every
//     down_write of the same lock; its own read-hold count is the only
//     read-hold count it writes. Two down_reads of different processes are
//     independent although both write the queued-reader mask and rahead:
//     both take the lock at once (nothing changes what the other sees) or
//     both queue, and the mask is a set and rahead is set by the first to
//     queue to the same count of writers, so either order gives the same
//     state and neither disables the other (down_read is
//     SyncOpInfo.Commutes; its footprint marks those two slots with
//     commute, model.Footprint.Commuting lists them per step, and por.go's
//     merged conflict lists leave out a step that touches such a slot only
//     through the same op; TestIndependentStepsCommute checks, state by
//     state, that every pair the lists call independent commutes and keeps
//     the other's enabledness). up_read, up_write and downgrade_write hand
//     the lock to the wait list: they read and write the whole object,
//     dependent with every operation on it. A waiting half reads only the
//     wait list (granted: off the list). Writer preference is this
//     dependence: a queued writer makes a later down_read queue behind it.
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
// cycle of the reduced graph contains a fully expanded state, in BFS and DFS
// (and with whole BFS levels fully expanded, "The exact prefix" below).
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
// # Symmetry over pool objects
//
// model/objsym.go permutes a pool's objects: π moves object i's state and
// fields to π(i) and renames every reference to i (globals, locals, fields
// of any pool). alloc falls back to the free object with the lowest index,
// so π commutes with the steps only where no alloc of the pool can run
// again: in states where some process can still reach an alloc node of the
// pool (static reachability over its nodes from its pc), the objects are
// not permuted. Let G(s) be the permutations of the pools with no alloc
// reachable in s (the identity on the others), and s ~ t iff t = σπ(s)
// for a process permutation σ and some π in G(s). The condition depends
// only on the multiset of pcs, which σ and π keep, and only shrinks along
// a run (a successor's pc is reachable from its predecessor's), so G(s')
// contains G(s) for every successor s'. ~ is a bisimulation: for s -a-> s'
// and π in G(s), π(s) -a-> π(s') because every step reads objects only
// through references (a pool named by number, POOL[i] outside the
// initialisers, is never permuted: Program.Numbered), the footprints and
// the free and kfree_rcu semantics do not depend on indices, a grace
// period's frees in index order differ only in the pool's `last` slot,
// which only alloc reads and which is reset while the pool is permuted,
// and π(s') is related to s' by π in G(s'). π keeps the process and node
// of each step (a) and every proposition the spec can state without
// numbers: invariants, asserts (a use after free names the object, so a
// violation is compared up to the object's number, Symmetry.SameViolation),
// deadlock and wait-for cycles (locks held by objects are never permuted,
// below), measures (integers; references have no arithmetic). Because π
// moves no process, per-process weak, strong and lock-wait fairness, the
// step labels and every liveness property without numbers are preserved,
// so the quotient keeps LTL properties under fairness: a canonical cycle
// s ... π(s) repeated until π returns to the identity is a real fair
// cycle. (Process permutations keep their own restrictions, livesym.go.)
// A pool whose objects hold locks keeps its numbers: lockdep records the
// order of lock instances (vmas[0].vm_lock), and a permutation would
// rename the edges it has seen, so a cycle through two objects' locks
// could be missed. POR's independence is per slot and an access through a
// reference conflicts with the same field of every object, so it is
// π-invariant, as for process symmetry. The canonical representative is
// the least, over the orderings of objects that sort them by a key no
// permutation of processes or objects changes (state, non-reference
// fields, how many references of each role point to them), of the state
// with its processes sorted; ties are tried in every order (up to 720
// orderings per state, beyond which the first is kept: a state of the
// orbit, so sound, but not always the least). With KeepGoing, Result.All
// names a use after free after the object of the stored state, one of its
// orbit (compare up to the number); without KeepGoing the violation's
// trace is replayed from the initial state and names the real object.
//
// # The exact prefix and the per-level choice
//
// A BFS decides at the start of each level whether the level is reduced
// (porprefix.go). One that stops at the first violation (not KeepGoing)
// expands every state fully until the states of depth at most d, for the
// first such d, number porPrefix (4096) or more: the exact prefix. Past it
// (from depth 0 with KeepGoing), a level is reduced only when the stubborn
// sets of a sample of its states, 32 spread evenly over the level (a
// quarter of a level under 128 states), leave out at least porMinPruned
// (30%) of the steps enabled in them (a set the cycle proviso would expand
// fully counts as leaving none out); otherwise every state of the level is
// expanded fully, with no stubborn set computed, at the cost per state of
// POR off. DFS has no levels: it reduces at every
// state. The liveness search has its own reduction (livepor.go), which
// neither the prefix nor the choice touches.
//
// Why: POR costs per state (the stubborn set: 29% of the instructions of
// the search of nofault-copy-retry FAULTS=3, which it shrinks by 9%, counted
// by callgrind) and, for a violation, a second search (below); it pays only
// when it removes enough. Below a few thousand states it did not: every
// catalogue configuration under 4 ms and every violated one was slower with
// POR on (bench/RESULTS.md, "POR cost"), and past the prefix, where the sets
// prune few steps, neither did it. The sample sees only the steps pruned at
// its own level, not the states that pruning saves further down, which
// depend on the graph's shape (gup-fast FAULTS=3 REMAPS=2 and
// vm-fault-retry FAULTS=3 prune alike at every level, and POR stores 9% and
// 31% fewer states with every level reduced); the threshold was chosen by
// measurement (bench/RESULTS.md, "Per-level choice past the exact
// prefix").
//
// Soundness. Expanding a state fully is always allowed: the full enabled set
// has no pruned step, so every argument in this comment (deadlocks,
// invariants, step violations, measures, wait-for cycles) treats such a
// state as it treats the states the cycle proviso expands fully. The
// proviso itself stays sound when whole levels are fully expanded: a state
// expanded through a proper set had no successor through it stored at
// depth at most its own d, so each of those edges goes to a state of depth
// d+1 (a new one, or one found at that depth). A state's depth is fixed
// when it is stored, so along a cycle of the reduced graph the depth cannot
// rise at every edge; the edge where it does not leaves a state that is
// fully expanded, by the proviso or by its level's choice. So every cycle of the reduced graph still holds a fully
// expanded state, and no step is ignored forever.
//
// Determinism. The choice reads only the states of depth at most d, all
// stored when depth d begins (the level's states, the sample, and for the
// proviso's test which successors are stored no deeper than d), so the
// serial, parallel and resumed searches make it alike at every level; a
// resumed search makes the current level's choice again, the same way, and
// takes the earlier levels' results (the first reduced depth, the levels
// expanded fully) from the checkpoint. Inside the prefix the search is the
// unreduced BFS, and the reduction's static relations are built at the
// first sample or reduced state, so a search that ends inside the prefix
// never builds them.
//
// # Shortest counterexamples under reduction
//
// The promise is a shortest counterexample from every BFS, and the policy
// keeps it: a violation of n steps found with n <= d+1 (d the first reduced
// depth: past the prefix and any levels the choice expanded fully; unbounded
// while none is reduced) is shortest as found, because every state of depth
// below d was expanded fully, so every violation of at most d steps (an
// invariant or deadlock in a state of depth <= d, a step violation from one
// of depth < d) was looked for first. Only a violation
// found deeper than that needs shorten.go. Options considered: a proof
// search opt-in, with the reduced trace reported as "shortest within the
// reduced graph" by default, would break the promise silently for most
// users; a proof bounded by the reduced trace's length is what shorten.go
// already does, and costs about the unreduced search itself; the prefix
// costs nothing on small searches, where all but three of the catalogue's
// violated configurations are found (exe-file-rcu at FAULTS=3 and 4 and
// mmap-range-lock at FAULTS=2 are not), and past it the proof is paid only
// by searches large enough for the reduction to have saved something
// first. It still costs about the unreduced search up to the violation's
// depth, on top of the reduced search (1.6-2.1x POR off on those three);
// the proof starts from the levels up to the first reduced depth, which
// the main search stored as the unreduced BFS does (shorten.go seedProof).
// Only a reduction that kept BFS depths (sleep sets: every state at its
// depth, fewer steps) could make the proof itself cheaper.
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
