package explorer

import (
	"fmt"
	"math"
	"slices"
)

// Store is how the search keeps the states it has seen.
type Store int

// Stores.
const (
	// StoreExact keeps every state's vector: no state is ever missed.
	StoreExact Store = iota
	// StoreFingerprint compares states by their 64-bit hash. A BFS keeps
	// a table of bare fingerprints (fptable.go), drops the vectors of
	// expanded states and writes their parents and steps to a temporary
	// file (trail.go); a trace replays the steps from the initial state
	// along the parents. Two states with one hash are taken for one, so a
	// state may be missed: Result.Omission bounds the probability, and a
	// Holds is a "holds with probability at least 1-p". A violation found
	// is real: its trace is replayed step by step.
	StoreFingerprint
	// StoreAuto starts exact and, in a BFS, switches to fingerprints when
	// the memory budget would be exceeded (Result.Omission.SwitchedAt).
	StoreAuto
)

func (m Store) String() string {
	switch m {
	case StoreFingerprint:
		return "fingerprint"
	case StoreAuto:
		return "auto"
	}
	return "exact"
}

// Omission is the probability that a fingerprint search missed a state.
type Omission struct {
	// Bound is TLC's estimate d(n-d)/2^64 for d distinct states among n
	// generated (transitions plus the initial state), uniform hashes assumed.
	Bound float64
	// Empirical is 1/(the least distance between two stored fingerprints),
	// TLC's estimate from the fingerprints actually seen.
	Empirical float64
	// SwitchedAt, with StoreAuto, is the number of states stored exactly
	// before the memory budget made the search switch to fingerprints.
	SwitchedAt int64
}

// useTable makes an empty store a breadth-first fingerprint store: a table
// of bare fingerprints (fptable.go) instead of the shards, and a trail file
// for the parents and steps of expanded states.
func (st *store) useTable(t *fpTable) {
	st.fpt, st.trail.width = t, st.vias.width
	st.trail.buf = make([]byte, 0, (1<<st.shift)*st.trail.recBytes())
	for i := range st.shards {
		st.shards[i].table = nil
	}
}

// fingerprints reports whether the store compares fingerprints.
func (st *store) fingerprints() bool { return st.fp || st.fpt != nil }

// switchStore turns an exact store into a fingerprint one when the memory
// budget would be exceeded (StoreAuto, BFS); it reports whether it did.
// Every stored state enters the fingerprint table, tagged as the tables of
// a fingerprint search from the start would be at this point (fptable.go:
// old up to the last retagging level, else by depth), and the chunks
// expanded are released.
func (s *search) switchStore() bool {
	st := s.st
	if s.opts.Store != StoreAuto || st.fingerprints() || s.opts.Search != BFS {
		return false
	}
	t := newFPTable()
	last := s.curDepth - s.curDepth%tagPeriod
	for i := 0; i < st.n; i++ {
		tag := uint64(tagOld)
		if d := st.depthOf(i); d > last {
			tag = levelTag(d)
		}
		t.insert(st.hashOf(i), tag)
	}
	st.useTable(t)
	st.col = nil // the compressed chunks were expanded: released below
	s.switchedAt = int64(st.n)
	s.release(s.cur)
	return true
}

// release hands the chunks wholly below state i (a BFS has expanded them)
// to the trail and drops them: only a trace reads them again (vectors
// replays the states). If the trail cannot be written, the chunks stay
// and the search stops.
func (s *search) release(i int) {
	st := s.st
	for st.fpt != nil && st.released < i>>st.shift {
		c := &st.chunks[st.released]
		if !st.trail.append(c, 1<<st.shift) {
			if s.stopReason == "" {
				s.stopReason = "writing the trace file failed: " + st.trail.err.Error()
			}
			return
		}
		*c = chunk{}
		st.released++
	}
}

// isReleased reports whether state i's chunk was released.
func (st *store) isReleased(i int) bool { return st.fpt != nil && i>>st.shift < st.released }

// vectors returns the vectors of states path (a path from the initial
// state's child on: each one's parent is the one before), replaying the
// steps from the initial state when any was released.
func (s *search) vectors(path []int) [][]uint64 {
	out := make([][]uint64, len(path))
	replay := false
	for k, j := range path {
		if s.st.isReleased(j) {
			replay = true
			break
		}
		out[k] = append([]uint64(nil), s.st.state(j)...)
	}
	if !replay {
		return out
	}
	c := s.p.Initial()
	if s.sym != nil {
		c = s.sym.Canonical(c, nil)
	}
	for k, j := range path {
		next, _, ok := s.m.Step(c, unpack(s.st.viaOf(j)))
		if !ok {
			panic(fmt.Sprintf("fingerprints: the step to state %d is not enabled in its parent", j))
		}
		if s.sym != nil {
			next = s.sym.Canonical(next, nil)
		}
		if _, found := s.st.lookup(next); !found {
			panic(fmt.Sprintf("fingerprints: replaying the steps to state %d gives a state not stored", j))
		}
		if !s.st.isReleased(j) && !equal(next, s.st.state(j)) {
			panic(fmt.Sprintf("fingerprints: replaying the steps to state %d gives another state", j))
		}
		out[k], c = next, next
	}
	return out
}

// vector is state i's vector, replayed if it was released.
func (s *search) vector(i int) []uint64 {
	if !s.st.isReleased(i) {
		return s.st.state(i)
	}
	var rev []int
	for j := i; j != 0; j = s.st.parentOf(j) {
		rev = append(rev, j)
	}
	slices.Reverse(rev)
	v := s.vectors(rev)
	return v[len(v)-1]
}

// omission computes Result.Omission for a fingerprint search.
func (s *search) omission() *Omission {
	d, n := float64(s.st.len()), float64(s.transitions+1)
	o := &Omission{Bound: d * math.Max(n-d, 0) / math.Exp2(64), SwitchedAt: s.switchedAt}
	var gap uint64
	var stored int
	if s.st.fpt != nil {
		gap, stored = s.st.fpt.minGap()
	} else {
		gap, stored = s.minGap()
	}
	if stored > 1 {
		o.Empirical = 1 / float64(gap)
	}
	return o
}

// minGap is fpTable.minGap for a store of per-state fingerprints (DFS).
func (s *search) minGap() (uint64, int) {
	fps := make([]uint64, 0, s.st.len())
	for i := 0; i < s.st.len(); i++ {
		fps = append(fps, s.st.chunks[i>>s.st.shift].fps[i&(1<<s.st.shift-1)])
	}
	slices.Sort(fps)
	gap := uint64(math.MaxUint64)
	for k := 1; k < len(fps); k++ {
		gap = min(gap, fps[k]-fps[k-1])
	}
	return gap, len(fps)
}

// storeError refuses what the fingerprint store cannot do.
func storeError(opts Options) error {
	if opts.Store != StoreExact && (opts.OnCheckpoint != nil || opts.Resume != nil) {
		return fmt.Errorf("checkpoints need the exact store")
	}
	return nil
}
