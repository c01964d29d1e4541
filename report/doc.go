// Package report renders explorer Results for people and programs, and
// works on counterexamples as data: it reorders them, minimizes their
// preemptions, replays them, and draws them.
//
// Text: the verdict line, then for a violation the trace as swim lanes (one
// column per process, a row per step with the line and statement, lock
// acquire and release as +lock/-lock, a "|" gutter while a process holds a
// lock, the values the step changed) fitted to a width (72 by default),
// or as the numbered list; then the violated property with the values that
// break it, or a deadlock's wait-for cycle. Mermaid: a sequence diagram.
// HTML: one self-contained page with a step slider. DOT: a small spec's whole
// state graph with the counterexample in red.
//
// Reorder rearranges a trace within its equivalence class (swapping adjacent
// steps that are checked, by executing both orders with model.Machine, to be
// independent) for the fewest preemptions, then context switches.
// MinimizePreemptions searches for the violating schedule with the fewest
// preemptions by iterative preemption bounding. Confirm replays any trace.
//
// # JSON, version 2
//
// `mcheck check --format json` prints it as one line per spec (JSON Lines),
// and `--trace-out FILE` writes it indented; `mcheck replay SPEC FILE` reads
// it back. Fields:
//
//	format       "mcheck"
//	version      2 (version 1 had no loop_start; replay reads both)
//	spec, file   the spec's name and file
//	spec_hash    "sha256:" + hex SHA-256 of the spec's source (replay warns when it differs)
//	constants    [{name, value}] after --set; replay compiles the spec with them
//	search       "bfs" or "dfs"
//	verdict      "holds", "violation" or "incomplete"; "holds_with_probability"
//	             with --store fingerprint (omission: the probability of a missed state)
//	kind         for a violation: invariant, assertion, misuse, deadlock, range, index, arith,
//	             atomic, use_after_free, null_deref, pool_exhausted, lock_order,
//	             lock_held_at_exit, liveness, starvation
//	property     the invariant's or liveness property's name, the assertion's message
//	             ("assert COND" without one, "lockdep_assert_held(l)"), the misuse rule,
//	             the freed object (use_after_free: "nodes[0]"), the access (null_deref:
//	             "n->val"), the pool (pool_exhausted), the lock (lock_held_at_exit),
//	             else the kind (deadlock, range, index, arith, atomic, lock_order,
//	             starvation)
//	message      a sentence about the violation
//	at           for a violation committed by a step: {process, line, inline} (as in trace)
//	schedule     for a violation: {order, bound, switches, preemptions}; order is "search"
//	             (as found), "reordered" (same steps, fewest preemptions in the class) or
//	             "fewest-preemptions" (searched; bound is the fewest possible)
//	reason       for incomplete: which budget ran out, or "interrupted"
//	lock_order   lock-order cycles seen: [{cycle, edges: [{held, acquired, process, line,
//	             inline, statement}]}] (line and inline as in trace)
//	stats        {states, transitions, max_depth, seconds, states_per_second, por, symmetry}
//	trace        [{step, process, pid, type, instance, node, line, col, inline, statement,
//	             changes: [{var, value}]}]: step is 1-based; process is "fault[0]", type
//	             "fault", instance 0; node is the step's start node in the compiled graph;
//	             line and col are where the step is in its process's body: for a
//	             statement inside an inline, the call site; inline is then present,
//	             [{name, line}], each expansion from the outermost with the line reached
//	             in its body ("line": 88, "inline": [{"name": "put_page", "line": 67}]);
//	             statement is the whole statement (an atomic block with its bodies);
//	             changes are the values (Program.Values text) that differ after the step
//	final        for an invariant: [{var, value}], what it reads in the final state:
//	             globals, process locals, pool objects reached through a reference,
//	             sync objects a query names, and p[i]@label tests ("p[0]@crit": "true")
//	blocked      for a deadlock: [{process, line, inline, statement, reason}] (as in trace)
//	measures     each measure: {name, max, min, complete, trace}; complete when
//	             every reachable state was explored; trace leads to the maximum
//	liveness     when it holds and liveness was asked: {properties, renamed, states}, the
//	             properties searched, those skipped as symmetric renamings, the largest
//	             search's states
//	cycle        for a liveness lasso: the last cycle steps of trace repeat forever
//	             (absent: the run ends); replay checks the cycle closes and is fair
//	loop_start   for a lasso: the 1-based step where the cycle starts (the run is
//	             steps 1..loop_start-1, then steps loop_start..end forever), always
//	             len(trace) - cycle + 1; replay rejects a version 2 file where it is not
//	fair         for a lasso: why the run is fair, per process
//	fairness     the --fairness override of the liveness search, if any
//
// Replay identifies each step by process name, line and statement (node only
// breaks ties), requires it to be enabled, and requires exactly the listed
// changes; the first step that does not fit is named in the error. Version 1
// files still replay: those without loop_start, and those written before
// inline call sites and whole statements were recorded, whose line may be
// the one in the inline's body and whose statement, printed differently, is
// matched by its node.
//
// For people (lanes, list, Mermaid, HTML), a statement longer than 120
// characters is shortened to its first 80 and last 36 or so, cut at spaces,
// with " … " marking the cut: the mark says something is left out, and the
// step's changes listed under it still show everything it did. A step
// inside an inline shows its call site's line and "(call site 88, in inline
// put_page line 67)".
//
// Everything here only formats or re-executes data, so the output is
// deterministic for a given result.
package report
