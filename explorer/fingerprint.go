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
	// StoreFingerprint compares states by their 64-bit hash and, in a BFS,
	// drops the vectors of expanded states (a trace replays the steps from
	// the initial state along the parents). Two states with one hash are
	// taken for one, so a state may be missed: Result.Omission bounds the
	// probability, and a Holds is a "holds with probability at least 1-p".
	// A violation found is real: its trace is replayed step by step.
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

// switchStore turns an exact store into a fingerprint one when the memory
// budget would be exceeded (StoreAuto, BFS); it reports whether it did.
// The tables stay: they place states by the same hash. The BFS releases
// the expanded states' vectors as it goes on.
func (s *search) switchStore() bool {
	st := s.st
	if s.opts.Store != StoreAuto || st.fp || s.opts.Search != BFS {
		return false
	}
	for c := range st.chunks {
		st.chunks[c].fps = make([]uint64, 1<<st.shift)
	}
	for i := 0; i < st.n; i++ {
		st.chunks[i>>st.shift].fps[i&(1<<st.shift-1)] = hash(st.state(i))
	}
	if st.col != nil { // the compressed chunks were expanded: released now
		for c := 0; c < st.col.done; c++ {
			st.chunks[c].coded = nil
		}
		st.released, st.col = st.col.done, nil
	}
	st.fp, s.switchedAt = true, int64(st.n)
	return true
}

// release drops the vectors of the chunks wholly below state i: a BFS has
// expanded them, and only a trace reads them again (vectors replays them).
func (st *store) release(i int) {
	for st.fp && st.released < i>>st.shift {
		st.chunks[st.released].states = nil
		st.released++
	}
}

// isReleased reports whether state i's vector was released.
func (st *store) isReleased(i int) bool { return st.fp && i>>st.shift < st.released }

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
		if hash(next) != s.st.chunks[j>>s.st.shift].fps[j&(1<<s.st.shift-1)] {
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
	fps := make([]uint64, 0, s.st.len())
	for i := 0; i < s.st.len(); i++ {
		fps = append(fps, s.st.chunks[i>>s.st.shift].fps[i&(1<<s.st.shift-1)])
	}
	slices.Sort(fps)
	gap := uint64(math.MaxUint64)
	for k := 1; k < len(fps); k++ {
		gap = min(gap, fps[k]-fps[k-1])
	}
	if len(fps) > 1 {
		o.Empirical = 1 / float64(gap)
	}
	return o
}

// storeError refuses what the fingerprint store cannot do.
func storeError(opts Options) error {
	if opts.Store != StoreExact && (opts.OnCheckpoint != nil || opts.Resume != nil) {
		return fmt.Errorf("checkpoints need the exact store")
	}
	return nil
}
