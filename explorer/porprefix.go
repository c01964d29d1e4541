package explorer

import (
	"sort"

	"mcheck/model"
)

// The exact prefix and the per-level choice. A BFS with reduction decides
// at the first state of each depth d it expands whether depth d is reduced
// (porLevel):
//
//   - the exact prefix: a BFS that looks for the first violation expands
//     every state fully until the states of depth at most d, for the first
//     such d, number at least porPrefix. Until then the search is the
//     unreduced BFS, so a violation it finds there is a shortest one with
//     no proof search (shorten.go), and a search that ends inside the
//     prefix never builds the reduction's relations;
//   - past it, a level is reduced only when the stubborn sets of a fixed
//     sample of its states (levelSample) prune at least porMinPruned of
//     their enabled steps; otherwise it is expanded fully, with no stubborn
//     set computed, which costs what POR off costs per state.
//
// The reduction pays per state (the stubborn set) and, for a violation
// past the first reduced level, twice more (the greedy shortening and the
// unreduced proof search); where it prunes little it saves less than that
// (bench/RESULTS.md, "POR cost"). Expanding some states fully is always
// allowed: the stubborn-set argument (doc.go) holds for any mix of fully
// expanded and reduced states, and the cycle proviso only ever adds full
// expansions.
//
// Both choices depend only on the states stored up to depth d, which are
// all stored when depth d begins and which the serial, parallel (one level
// per batch, the choice made before it) and resumed searches agree on, so
// they make the same choice at every level.

// porPrefix is the least number of states the exact prefix covers; a
// variable so that the tests can reduce from the first state.
var porPrefix = defaultPORPrefix

const defaultPORPrefix = 4096

// porMinPruned is the least fraction of the enabled steps of a level's
// sample that its stubborn sets must leave out for the level to be
// reduced: 0 reduces every level past the prefix without looking, above 1
// none. A variable for the tests. 0.3 is the least of 0, 0.2, 0.25, 0.3,
// 0.35, 0.4 and 0.5 with which no holding configuration of the catalogue
// and random specs measured was more than 10% slower with POR on
// (bench/RESULTS.md, "Per-level choice past the exact prefix"); higher
// ones keep less of POR's savings.
var porMinPruned = defaultPORMinPruned

const defaultPORMinPruned = 0.3

// porSample is how many states of a level the choice looks at.
const porSample = 32

// porLevel is called at the first state of depth d that the BFS expands (and
// at its first state after a resume, which decides depth d again, the same
// way): it decides whether depth d is reduced.
func (s *search) porLevel(d int) {
	if s.por == nil || s.opts.Search != BFS || s.viol != nil {
		return // after a violation the BFS ends before depth d
	}
	red, sampled := s.levelReduced(d)
	s.setPOROff(!red)
	if d < s.porSeen {
		return // counted before the checkpoint this search resumed from
	}
	s.porSeen = d + 1
	if red && s.porFrom < 0 {
		s.porFrom = d
	}
	if sampled && !red {
		s.levelsFull++
	}
}

// levelReduced decides whether depth d is reduced: past the exact prefix,
// when the stubborn sets of levelSample's states prune enough steps
// (sampled: the sample was looked at).
func (s *search) levelReduced(d int) (reduced, sampled bool) {
	if s.porPrefix && s.upTo(d) < porPrefix {
		return false, false
	}
	switch {
	case porMinPruned <= 0:
		return true, false
	case porMinPruned > 1:
		return false, true
	}
	enabled, pruned := s.levelSample(d)
	return enabled > 0 && float64(pruned) >= porMinPruned*float64(enabled), true
}

// levelSample computes the stubborn sets of porSample states of depth d
// spread evenly over the level (a quarter of a small level, at least 4
// states), and returns how many steps they enable and how many the sets
// leave out. A set that the cycle proviso would expand fully (a step of it
// goes back to a state no deeper than d: all of them are stored) leaves
// none out.
func (s *search) levelSample(d int) (enabled, pruned int) {
	lo, hi := s.upTo(d-1), s.upTo(d)
	n := hi - lo
	k := min(n, porSample, max(4, n/4)) // a small level: at most a quarter more sets
	was := s.por.off
	s.por.off = false
	for j := 0; j < k; j++ {
		state := s.st.state(lo + j*n/k)
		s.enBuf = s.m.EnabledInto(state, s.enBuf)
		set := s.por.reduce(state, s.enBuf)
		enabled += len(s.enBuf)
		if len(set) < len(s.enBuf) && !s.goesBack(state, set, d) {
			pruned += len(s.enBuf) - len(set)
		}
	}
	s.por.off = was
	return enabled, pruned
}

// goesBack reports whether a step of set goes from state to a stored state
// of depth at most d (the cycle proviso's test, fire.go).
func (s *search) goesBack(state []uint64, set []model.Trans, d int) bool {
	for _, t := range set {
		next, v := s.m.Fire(state, t)
		if v != nil {
			continue
		}
		if s.sym != nil {
			next = s.sym.Canonical(next, s.canon)
		}
		// A fingerprint table has no indices, but when level d begins
		// every stored state is of depth at most d.
		if idx, ok := s.st.lookup(next); ok && (s.st.fpt != nil || s.st.depthOf(idx) <= d) {
			return true
		}
	}
	return false
}

// setPOROff turns the reduction off or on, in every worker.
func (s *search) setPOROff(off bool) {
	s.por.off = off
	if s.par != nil {
		for _, w := range s.par.workers {
			if w.por != nil {
				w.por.off = off
			}
		}
	}
}

// upTo is the number of states stored of depth at most d, all of which are
// stored once the BFS expands depth d.
func (s *search) upTo(d int) int {
	if d < 0 {
		return 0
	}
	n := s.st.len()
	return sort.Search(n, func(i int) bool { return s.st.depthOf(i) > d })
}

// exact reports whether a counterexample of n steps is proven shortest by
// the BFS itself: every state of depth below porFrom was expanded fully, so
// every violation of at most porFrom steps was looked for before any state
// was reduced.
func (s *search) exact(n int) bool {
	return s.porFrom < 0 || n <= s.porFrom+1
}
