package explorer

import (
	"encoding/gob"
	"errors"
	"fmt"
	"io"

	"mcheck/model"
)

// A checkpoint is the search's whole state at a point between expansions:
// the store (states and their parents, vias and depths; the tables are
// rebuilt on loading, in index order, to the same sizes), the counts, the
// lock-order edges, the measures, what Options.KeepGoing found, the DFS
// stack, and the index of the next state to expand. Resuming from it runs
// the rest of the same deterministic search, so the result is the
// uninterrupted run's (Seconds aside).

// checkpointVersion changes whenever the snapshot's layout does.
const checkpointVersion = 2

type snapshot struct {
	Version  int
	Identity string // the program and the options that shape the graph
	Next     int
	Words    int
	States   []uint64
	Meta     []uint32 // parent, via, depth per state

	Transitions, Expansions, Reduced, ReducedFull, Progressed int64
	MaxDepth                                                  int
	PORFrom, PORSeen, LevelsFull                              int // BFS with POR: porprefix.go
	Truncated                                                 bool
	Stack                                                     []uint32
	Edges                                                     []savedEdge
	MeasMax, MeasMin                                          []int64
	MeasMaxAt                                                 []int
	Found                                                     []model.Violation // KeepGoing, sorted by key
	FirstAt                                                   int
	Deadlocks                                                 [][]uint64
}

type savedEdge struct {
	A, B  int
	Edge  LockEdge
	State int
}

// identity names the program and the options a checkpoint is only valid for.
func (s *search) identity() string {
	o := s.opts
	h := hash(s.p.Initial())
	var names []byte
	for _, sl := range s.p.Slots {
		names = fmt.Appendf(names, "%s %d %d;", sl.Name, sl.Lo, sl.Hi)
	}
	h ^= hash([]uint64{uint64(len(names))}) ^ hashBytes(names)
	return fmt.Sprintf("%s words=%d procs=%d hash=%016x search=%s por=%t symmetry=%t max-depth=%d lockdep=%d keep-going=%t",
		s.p.Name, s.p.Words(), len(s.p.Procs), h, o.Search, o.POR, o.Symmetry, o.MaxDepth, o.Lockdep, o.KeepGoing)
}

func hashBytes(b []byte) uint64 {
	words := make([]uint64, 0, len(b)/8+1)
	for len(b) > 0 {
		var w uint64
		for i := 0; i < 8 && len(b) > 0; i++ {
			w, b = w<<8|uint64(b[0]), b[1:]
		}
		words = append(words, w)
	}
	return hash(words)
}

// save writes a checkpoint that resumes at state next (BFS) or the stack.
func (s *search) save(w io.Writer, next int) error {
	st := s.st
	sn := snapshot{Version: checkpointVersion, Identity: s.identity(), Next: next, Words: st.words,
		States: make([]uint64, 0, st.n*st.words), Meta: make([]uint32, 0, 3*st.n),
		Transitions: s.transitions, Expansions: s.expansions, Reduced: s.reduced, ReducedFull: s.reducedFull,
		Progressed: s.progressed, MaxDepth: s.maxDepth, Truncated: s.truncated, Stack: s.stack,
		FirstAt: s.firstAt, Deadlocks: s.deadlocks, PORFrom: s.porFrom, PORSeen: s.porSeen, LevelsFull: s.levelsFull}
	for i := 0; i < st.n; i++ {
		sn.States = append(sn.States, st.state(i)...)
		sn.Meta = append(sn.Meta, uint32(st.parentOf(i)), st.viaOf(i), uint32(st.depthOf(i)))
	}
	if s.lockdep != nil {
		for _, k := range s.lockdep.order {
			e := s.lockdep.edges[k]
			sn.Edges = append(sn.Edges, savedEdge{A: k[0], B: k[1], Edge: *e, State: e.state})
		}
	}
	if s.meas != nil {
		sn.MeasMax, sn.MeasMin, sn.MeasMaxAt = s.meas.max, s.meas.min, s.meas.maxAt
	}
	for _, k := range sortedKeys(s.found) {
		sn.Found = append(sn.Found, *s.found[k])
	}
	return gob.NewEncoder(w).Encode(&sn)
}

// load restores a checkpoint written by save and returns where to resume.
func (s *search) load(r io.Reader) (next int, err error) {
	var sn snapshot
	if err := gob.NewDecoder(r).Decode(&sn); err != nil {
		return 0, fmt.Errorf("reading the checkpoint: %v", err)
	}
	if sn.Version != checkpointVersion {
		return 0, fmt.Errorf("the checkpoint has version %d, this mcheck writes %d", sn.Version, checkpointVersion)
	}
	if id := s.identity(); sn.Identity != id {
		return 0, fmt.Errorf("the checkpoint is of another search:\n  checkpoint: %s\n  this run:   %s", sn.Identity, id)
	}
	n := len(sn.Meta) / 3
	if sn.Words != s.st.words || len(sn.States) != n*sn.Words || n == 0 || sn.Next > n {
		return 0, errors.New("the checkpoint is damaged")
	}
	for i := 0; i < n; i++ {
		if _, ok := s.st.vias.lookup(sn.Meta[3*i+1]); !ok {
			return 0, errors.New("the checkpoint is damaged")
		}
	}
	for i := 0; i < n; i++ {
		vec := sn.States[i*sn.Words : (i+1)*sn.Words]
		s.st.reserve(1, int(sn.Meta[3*i+2]))
		s.st.put(i, vec, meta{parent: sn.Meta[3*i], via: sn.Meta[3*i+1]})
		s.st.setFP(i, hash(vec))
		s.st.place(hash(vec), i)
	}
	s.transitions, s.expansions, s.reduced, s.reducedFull = sn.Transitions, sn.Expansions, sn.Reduced, sn.ReducedFull
	s.progressed, s.maxDepth, s.truncated, s.stack = sn.Progressed, sn.MaxDepth, sn.Truncated, sn.Stack
	s.firstAt, s.deadlocks = sn.FirstAt, sn.Deadlocks
	s.porFrom, s.porSeen, s.levelsFull = sn.PORFrom, sn.PORSeen, sn.LevelsFull
	s.loadRest(&sn)
	return sn.Next, nil
}

func (s *search) loadRest(sn *snapshot) {
	if s.lockdep != nil {
		for _, e := range sn.Edges {
			edge := e.Edge
			edge.state = e.State
			key := [2]int{e.A, e.B}
			s.lockdep.edges[key] = &edge
			s.lockdep.order = append(s.lockdep.order, key)
		}
	}
	if s.meas != nil && len(sn.MeasMax) == len(s.meas.max) {
		copy(s.meas.max, sn.MeasMax)
		copy(s.meas.min, sn.MeasMin)
		copy(s.meas.maxAt, sn.MeasMaxAt)
	}
	for i := range sn.Found {
		v := sn.Found[i]
		if s.found == nil {
			s.found = map[string]*model.Violation{}
		}
		s.found[string(v.Kind)+" "+v.Property] = &v
	}
}

// checkpointDue reports whether a periodic checkpoint is due.
func (s *search) checkpointDue() bool {
	if s.opts.OnCheckpoint == nil || s.opts.Now == nil || s.opts.CheckpointEvery <= 0 {
		return false
	}
	return s.opts.Now().Sub(s.lastCheckpoint) >= s.opts.CheckpointEvery
}

// checkpoint hands a checkpoint resuming at next to Options.OnCheckpoint; a
// failure to write it stops the search (the caller asked for it).
func (s *search) checkpoint(next int) {
	if s.opts.Now != nil {
		s.lastCheckpoint = s.opts.Now()
	}
	if err := s.opts.OnCheckpoint(func(w io.Writer) error { return s.save(w, next) }); err != nil {
		s.stopReason = "writing the checkpoint failed: " + err.Error()
	}
}

// stopped reports whether the search must end; when Options.Stop ended it
// at a clean point (no violation pending), it first takes a checkpoint that
// resumes at next.
func (s *search) stopped(next int) bool {
	if s.stopReason == "" {
		return false
	}
	if s.stopReason == Interrupted && s.viol == nil && s.opts.OnCheckpoint != nil {
		s.checkpoint(next)
	}
	return true
}

// resume continues the search of a checkpoint (Options.Resume).
func (s *search) resume() {
	next, err := s.load(s.opts.Resume)
	if err != nil {
		s.resumeErr = err
		return
	}
	if s.checkClock(); s.stopped(next) {
		return
	}
	if s.opts.Search == DFS {
		s.dfs()
	} else {
		s.bfs(next)
	}
}
