package explorer

import "mcheck/model"

// Shortest counterexamples under partial-order reduction. Reduction keeps
// every violation reachable but not every shortest path to one: a reduced
// BFS may reach it only through steps of processes it had to take first (a
// thread's idle first steps, say). Two passes restore the promise:
//
//  1. greedy: drop each step (with, or else without, the later steps of its
//     process) whose removal still replays to a violation of the same kind
//     and property, until no step can go. Cheap (quadratic replays of one
//     trace), and it often reaches the true minimum by itself.
//  2. proof: an unreduced BFS no deeper than the shortened trace, within
//     shortenBudget states. If it finds a violation it is a shortest one
//     (it may be another property: BFS without reduction reports the first
//     it meets, and so does this). If it completes without one, the
//     shortened trace is shortest. If the budget runs out, the shortened
//     trace stands and Result.Shortest stays false: it is the shortest
//     found under reduction, not a proven minimum. The proof starts from
//     the main search's levels up to its first reduced depth (seedProof),
//     which are the unreduced BFS's own, and a shortened trace no longer
//     than those levels prove needs no proof at all.

// shortenBudget bounds the unreduced search of the proof pass.
const shortenBudget = 2_000_000

func shorten(p *model.Executable, opts Options, res *Result, main *search) {
	greedyShorten(p, res)
	if len(res.Trace) <= 1 || main.exact(len(res.Trace)) {
		// Every search checks the initial state before any step, and the
		// main search every violation up to its first reduced depth.
		res.Shortest = true
		return
	}
	o := opts
	o.POR, o.OnProgress, o.Lockdep = false, nil, LockdepOff
	// The proof is a search of its own, bounded by shortenBudget: it takes
	// no checkpoints, resumes none (Resume is the main search's), and runs
	// to its end after a stop that came once the violation was found, so
	// that an interrupted run that found it reports what an uninterrupted
	// one does.
	o.OnCheckpoint, o.Resume, o.Stop = nil, nil, nil
	o.MaxDepth = len(res.Trace) - 1
	if o.MaxStates == 0 || o.MaxStates > shortenBudget {
		o.MaxStates = shortenBudget
	}
	s := newSearch(p, o)
	defer s.st.trail.close()
	if start := seedProof(s, main); start > 0 {
		s.bfs(start)
	} else {
		s.run()
	}
	short := s.result()
	switch {
	case short.Verdict == Violated:
		res.Violation, res.Trace, res.Blocked, res.Shortest = short.Violation, short.Trace, short.Blocked, true
	case short.Verdict == Holds || (short.Verdict == Incomplete && s.stopReason == ""):
		res.Shortest = true // no violation up to the depth bound: nothing shorter exists
	}
}

// seedProof stores in the proof search s the main search's states of depth
// at most its first reduced depth d and returns the index of the first of
// depth d, where the proof's BFS starts (0: from the initial state). Every
// shallower state was expanded fully, in the unreduced order, so these
// levels are the unreduced BFS's own, with the same indices and parents, and
// every violation in them or in steps from depth below d was looked for
// already (exact). Not with fingerprints (the vectors of expanded states are
// gone) or a depth budget (the main search's levels may end at it).
func seedProof(s, main *search) int {
	d := main.porFrom
	if d <= 0 || main.st.fingerprints() || main.opts.MaxDepth > 0 {
		return 0
	}
	n := main.upTo(d)
	for i := 0; i < n; i++ {
		parent := -1
		if i > 0 {
			parent = main.st.parentOf(i)
		}
		s.st.insert(main.st.state(i), parent, main.st.viaOf(i), main.st.depthOf(i))
	}
	s.maxDepth = d
	return main.upTo(d - 1)
}

// greedyShorten drops steps from res's trace while it still replays to a
// violation of the same kind and property.
func greedyShorten(p *model.Executable, res *Result) {
	m := p.NewMachine()
	trans := make([]model.Trans, len(res.Trace))
	for i, st := range res.Trace {
		trans[i] = st.Trans
	}
	for changed := true; changed; {
		changed = false
		for i := 0; i < len(trans); i++ {
			for _, tail := range []bool{true, false} {
				try := dropStep(trans, i, tail)
				if steps, v := replayTo(p, m, try, res.Violation); v != nil {
					trans, res.Trace, res.Violation = try[:len(steps)], steps, v
					if res.Violation.Kind == model.KindDeadlock {
						res.Blocked = m.BlockedProcs(finalState(res))
					}
					changed = true
					i--
					break
				}
			}
		}
	}
}

// dropStep returns trans without step i and, with tail, without every later
// step of the same process (which could not run without it): a thread's
// idle steps go together.
func dropStep(trans []model.Trans, i int, tail bool) []model.Trans {
	out := append([]model.Trans(nil), trans[:i]...)
	for _, t := range trans[i+1:] {
		if !tail || t.Pid != trans[i].Pid {
			out = append(out, t)
		}
	}
	return out
}

// replayTo runs trans from the initial state and returns the steps up to
// the first violation, when that is one of the same kind and property as
// want (a deadlock for a deadlock); nil if a step is not enabled, another
// violation comes first, or none comes.
func replayTo(p *model.Executable, m *model.Machine, trans []model.Trans, want *model.Violation) ([]Step, *model.Violation) {
	s := p.Initial()
	var steps []Step
	for i := 0; ; i++ {
		v := m.CheckInvariants(s)
		if v == nil {
			v = stateDeadlock(p, m, s)
		}
		if v != nil || i == len(trans) {
			if v == nil || v.Kind != want.Kind || v.Property != want.Property {
				return nil, nil
			}
			return steps, v
		}
		next, sv, ok := m.Step(s, trans[i])
		if !ok {
			return nil, nil
		}
		steps = append(steps, Step{Trans: trans[i], State: next})
		if sv != nil {
			if sv.Kind != want.Kind || sv.Property != want.Property {
				return nil, nil
			}
			return steps, sv
		}
		s = next
	}
}

// stateDeadlock reports a deadlock in s, as the search does: no step
// enabled with a process unfinished, or a wait-for cycle.
func stateDeadlock(p *model.Executable, m *model.Machine, s []uint64) *model.Violation {
	if len(m.Enabled(s)) == 0 {
		if p.AllFinished(s) {
			return nil
		}
		return &model.Violation{Kind: model.KindDeadlock, Property: "deadlock", Pid: -1, Msg: deadlockMsg}
	}
	return m.WaitCycle(s)
}
