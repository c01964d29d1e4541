package explorer

import (
	"mcheck/model"
)

// Partial-order reduction in the liveness search (doc.go, "Liveness under
// reduction", has the argument). The stubborn sets are por.go's; what
// changes is visibility, and a stricter use of it: a state is expanded
// through a proper stubborn set only when no enabled step of the set is
// visible (the ample-set condition), so a reduced set never takes a visible
// step ahead of an invisible run. A step is visible to the liveness
// question when it may
//
//   - write a slot the property's sides read (P, Q, hence the monitor),
//   - for starvation, be a progress step or end its process,
//   - be a step of a process without fairness that writes a slot the guard
//     of a step of another process, one with fairness, reads (it may
//     enable or disable that process, and a reduced search may run it where
//     a fair run never does), or
//   - commit a step violation (those edges are not followed).
type livePOR struct {
	r       *por
	visible [][]bool // [pid][node]
	en      []model.Trans
}

func newLivePOR(p *model.Executable, check LiveCheck, fair []model.Fairness) *livePOR {
	lp := &livePOR{visible: make([][]bool, len(p.Procs))}
	var props model.SlotSet
	if !check.Starvation {
		props = p.LivenessReads(check.Property)
	}
	guards := guardReads(p)
	for pid, pr := range p.Procs {
		lp.visible[pid] = make([]bool, len(pr.Type.Nodes))
		for n := range pr.Type.Nodes {
			fp := p.StepFootprint(pid, n)
			if fp == nil {
				continue
			}
			vis := fp.MayViolate || props != nil && fp.Writes.Intersects(props) ||
				check.Starvation && (p.MayProgress(pid, n) || p.MayFinish(pid, n))
			for q := range p.Procs {
				if fair[pid] == model.FairNone && q != pid && fair[q] != model.FairNone && guards[q] != nil &&
					fp.Writes.Intersects(guards[q]) {
					vis = true
				}
			}
			lp.visible[pid][n] = vis
		}
	}
	// The stubborn sets' own visibility rule (a set with an enabled
	// visible step holds every visible step) follows ours: the invariants
	// are not the question here.
	lp.r = newPORVisible(p, func(pid, n int, _ *model.Footprint) bool { return lp.visible[pid][n] })
	lp.r.invisibleOnly = true
	return lp
}

// guardReads is, for each process, the slots read by a guard of some step of it.
func guardReads(p *model.Executable) []model.SlotSet {
	guards := make([]model.SlotSet, len(p.Procs))
	for q, pr := range p.Procs {
		for n := range pr.Type.Nodes {
			if fp := p.StepFootprint(q, n); fp != nil {
				guards[q] = union(guards[q], fp.Guard)
			}
		}
	}
	return guards
}

func union(a, b model.SlotSet) model.SlotSet {
	if a == nil {
		return append(model.SlotSet(nil), b...)
	}
	for i := range a {
		a[i] |= b[i]
	}
	return a
}

// expansion kinds, for Stats
const (
	expandAll     = iota // every enabled step (no proper stubborn set, or no reduction)
	expandReduced        // a proper stubborn set
	expandProviso        // every step: the stubborn set closed a cycle
	expandVisible        // every step: the stubborn set had an enabled visible step
)

// The first phase records each state's choice in a byte, so that the
// second phase need not compute stubborn sets again: chooseAgain (a set of
// several processes: recomputed, by the same rule on the finished store),
// chooseAll (every enabled step), or chooseProc+pid (the enabled steps of
// process pid, which a stubborn set holds all of or none of).
const (
	chooseAgain = 0
	chooseAll   = 1
	chooseProc  = 2
)

// successors runs fn on each step the search follows from base (ls.at):
// every enabled step, or with reduction a stubborn set without an enabled
// visible step, unless one of its steps goes back (fn reports a stored state
// no deeper than ls.at) and every step is then followed. It returns the
// number of enabled steps, how the state was expanded, and the choice to
// record for the second phase.
func (ls *liveSearch) successors(fn func(model.Trans, []uint64, *model.Violation) bool, choice uint8) (int, int, uint8) {
	base := ls.at.base
	if ls.lp == nil {
		return ls.m.Successors(base, ls.allFn), expandAll, chooseAll
	}
	lp := ls.lp
	lp.en = ls.m.EnabledInto(base, lp.en)
	en := lp.en
	if choice >= chooseProc {
		ls.fireAll(en, nil, int(choice-chooseProc), fn)
		return len(en), expandReduced, choice
	}
	set := en
	if choice == chooseAgain {
		set = lp.r.reduce(base, en)
	}
	kind := expandReduced
	if len(set) == len(en) {
		kind = expandAll
	}
	for _, t := range set {
		if kind == expandReduced && lp.visible[t.Pid][t.Node] {
			kind = expandVisible
		}
	}
	if kind != expandReduced {
		ls.fireAll(en, nil, -1, fn)
		return len(en), kind, chooseAll
	}
	back := false
	for _, t := range set {
		next, v := ls.m.Fire(base, t)
		back = fn(t, next, v) || back
	}
	if !back {
		return len(en), expandReduced, oneProc(set)
	}
	ls.fireAll(en, set, -1, fn)
	return len(en), expandProviso, chooseAll
}

// fireAll runs fn on the steps of en from ls.at, except those in skip and,
// with pid >= 0, those of other processes.
func (ls *liveSearch) fireAll(en, skip []model.Trans, pid int, fn func(model.Trans, []uint64, *model.Violation) bool) {
	for _, t := range en {
		if (pid < 0 || int(t.Pid) == pid) && !contains(skip, t) {
			next, v := ls.m.Fire(ls.at.base, t)
			fn(t, next, v)
		}
	}
}

// oneProc is the choice that names set's process, or chooseAgain when set
// has steps of several (or a pid too large for a byte).
func oneProc(set []model.Trans) uint8 {
	pid := set[0].Pid
	for _, t := range set {
		if t.Pid != pid {
			return chooseAgain
		}
	}
	if int(pid) > 255-chooseProc {
		return chooseAgain
	}
	return uint8(pid) + chooseProc
}
