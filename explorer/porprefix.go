package explorer

import "sort"

// The exact prefix. A BFS that looks for the first violation expands every
// state fully until the states of depth at most d, for the first such d,
// number at least porPrefix; from depth d on it expands stubborn sets. Until
// then the search is the unreduced BFS, so a violation it finds there is a
// shortest one with no proof search (shorten.go), and a search that ends
// inside the prefix never builds the reduction's relations. The reduction
// pays per state and, for a violation, twice more (the greedy shortening and
// the unreduced proof search); below a few thousand states it saves less
// than that (bench/RESULTS.md, "POR cost"). Expanding some states fully is
// always allowed: the stubborn-set argument (doc.go) holds for any mix of
// fully expanded and reduced states, and the cycle proviso only ever adds
// full expansions.
//
// The switch depends only on the number of states stored up to a depth,
// which the serial, parallel and resumed searches agree on, so they make
// the same choice at every state (the parallel workers expand one level per
// batch and get the choice before it).

// porPrefix is the least number of states the exact prefix covers; a
// variable so that the tests can reduce from the first state.
var porPrefix = defaultPORPrefix

const defaultPORPrefix = 4096

// porLevel is called at the first state of depth d that the BFS expands (and
// at its first state after a resume): it decides whether depth d is reduced.
func (s *search) porLevel(d int) {
	if s.por == nil || s.porFrom >= 0 {
		return
	}
	if s.upTo(d) < porPrefix {
		return
	}
	from := d
	for from > 0 && s.upTo(from-1) >= porPrefix {
		from-- // a resumed search: the switch came at an earlier level
	}
	s.porFrom = from
	s.setPOROff(false)
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
