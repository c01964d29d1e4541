package explorer

import "mcheck/model"

// expandReduced runs the steps of a stubborn set of state (fireReduced)
// and counts how the state was expanded.
func (s *search) expandReduced(state []uint64) int {
	n, kind := fireReduced(s.m, s.por, state, &s.enBuf, s)
	s.reduced, s.reducedFull = s.reduced+kind.reduced(), s.reducedFull+kind.full()
	return n
}

// visitor takes the successors fireReduced computes: the serial search or
// a parallel worker (parallel.go).
type visitor interface {
	visit(t model.Trans, next []uint64, v *model.Violation) (back bool)
}

// reduction is how fireReduced expanded a state.
type reduction uint8

const (
	expandedAll     reduction = iota // the stubborn set was every enabled step
	expandedProper                   // a proper stubborn set
	expandedProviso                  // a proper set closed a cycle: all steps
)

func (e reduction) reduced() int64 { return int64(e & 1) }
func (e reduction) full() int64    { return int64(e >> 1) }

// fireReduced runs the steps of a stubborn set of state, and all enabled
// steps when one of those goes back: to a stored state no deeper than this
// one (the cycle proviso). Depths only grow along discovery edges, so every
// cycle has such an edge, and every cycle of the reduced graph therefore
// contains a fully expanded state; this holds for BFS and DFS alike. en is
// the caller's scratch; it returns the number of enabled steps.
func fireReduced(m *model.Machine, r *por, state []uint64, en *[]model.Trans, x visitor) (int, reduction) {
	*en = m.EnabledInto(state, *en)
	all := *en
	set := r.reduce(state, all)
	back := false
	for _, t := range set {
		next, v := m.Fire(state, t)
		back = x.visit(t, next, v) || back
	}
	switch {
	case len(set) == len(all):
		return len(all), expandedAll
	case !back:
		return len(all), expandedProper
	}
	for _, t := range all {
		if !contains(set, t) {
			next, v := m.Fire(state, t)
			x.visit(t, next, v)
		}
	}
	return len(all), expandedProviso
}

func contains(set []model.Trans, t model.Trans) bool {
	for _, u := range set {
		if u == t {
			return true
		}
	}
	return false
}
