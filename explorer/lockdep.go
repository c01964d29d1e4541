package explorer

import (
	"fmt"
	"sort"
	"strings"

	"mcheck/internal/pad"
	"mcheck/model"
)

// Lockdep says what to do with lock-order cycles.
type Lockdep int

// Lockdep modes.
const (
	LockdepWarn  Lockdep = iota // report cycles in Result.LockOrder; the verdict ignores them
	LockdepOff                  // do not track lock order
	LockdepError                // a cycle is a violation of kind lock_order
)

// KindLockOrder is the violation kind of a lock-order cycle (LockdepError).
const KindLockOrder model.Kind = "lock_order"

// LockEdge is one observed acquisition of a lock while another was held.
type LockEdge struct {
	Held, Acquired string
	Pid            int
	Trans          model.Trans // the step that took Acquired (or tried to)
	Attempt        bool        // the step was blocked: the edge is from an attempt
	state          int         // the state it was taken (or tried) from
}

// LockCycle is a cycle in the lock-order graph: each edge's Acquired is the
// next edge's Held. A single edge from a lock to itself is recursive locking.
type LockCycle struct {
	Edges []LockEdge
}

// String renders the cycle as "a -> b -> a".
func (c LockCycle) String() string {
	names := make([]string, 0, len(c.Edges)+1)
	for _, e := range c.Edges {
		names = append(names, e.Held)
	}
	names = append(names, c.Edges[0].Held)
	return strings.Join(names, " -> ")
}

// lockdep records the lock-order graph over every explored transition, in
// the spirit of the kernel's lockdep: an edge A -> B when a process takes B
// while holding A. Cycles are reported even when the configured bounds reach
// no deadlock.
type lockdep struct {
	_     pad.Line // each worker has one (package pad)
	p     *model.Executable
	m     *model.Machine // scratch of the lock queries
	edges map[[2]int]*LockEdge
	order [][2]int // insertion order, for deterministic reports
	pre   []int
	post  []int
	_     pad.Line
}

func newLockdep(p *model.Executable) *lockdep {
	return &lockdep{p: p, m: p.NewMachine(), edges: map[[2]int]*LockEdge{}, pre: pad.Slice[int](8)[:0], post: pad.Slice[int](8)[:0]}
}

// observe records the edges of step t from state (index at) to next.
func (l *lockdep) observe(state, next []uint64, t model.Trans, at int) {
	fp := l.p.StepFootprint(int(t.Pid), int(t.Node))
	if fp == nil || !fp.Nested { // the hold analysis proves no lock is held: no edge
		return
	}
	l.pre = l.m.HeldLocks(state, int(t.Pid), l.pre)
	if len(l.pre) == 0 {
		return
	}
	l.post = l.m.HeldLocks(next, int(t.Pid), l.post)
	locks := l.p.Locks()
	for _, b := range l.post {
		if containsInt(l.pre, b) {
			continue
		}
		for _, a := range l.pre {
			key := [2]int{a, b}
			if _, ok := l.edges[key]; ok {
				continue
			}
			l.edges[key] = &LockEdge{Held: locks[a].Name, Acquired: locks[b].Name, Pid: int(t.Pid), Trans: t, state: at}
			l.order = append(l.order, key)
		}
	}
	// Retaking a lock already held (recursive read) is an edge to itself;
	// downgrade_write turns a write hold into a read hold and takes nothing.
	for _, b := range l.pre {
		if l.m.Rehold(state, next, b, int(t.Pid)) {
			key := [2]int{b, b}
			if _, ok := l.edges[key]; !ok {
				l.edges[key] = &LockEdge{Held: locks[b].Name, Acquired: locks[b].Name, Pid: int(t.Pid), Trans: t, state: at}
				l.order = append(l.order, key)
			}
		}
	}
}

// attempts records the edges of every lock a process is about to take in
// state (index at), enabled or blocked: the kernel's lockdep checks the order
// before it waits.
func (l *lockdep) attempts(m *model.Machine, state []uint64, at int) {
	locks := l.p.Locks()
	for pid := range l.p.Procs {
		nested := false
		for _, st := range l.p.Starts(pid, l.p.PC(state, pid)) {
			if fp := l.p.StepFootprint(pid, int(st)); fp != nil && fp.Nested {
				nested = true
			}
		}
		if !nested {
			continue // no lock can be held here, or none is about to be taken
		}
		l.post = m.PendingAcquires(state, pid, l.post)
		if len(l.post) == 0 {
			continue
		}
		l.pre = l.m.HeldLocks(state, pid, l.pre)
		for _, b := range l.post {
			for _, a := range l.pre { // a == b: recursive locking, an edge to itself
				key := [2]int{a, b}
				if _, ok := l.edges[key]; ok {
					continue
				}
				pc := l.p.PC(state, pid)
				node := pc
				if st := l.p.Starts(pid, pc); len(st) > 0 {
					node = int(st[0])
				}
				l.edges[key] = &LockEdge{Held: locks[a].Name, Acquired: locks[b].Name, Pid: pid,
					Trans: model.Trans{Pid: int32(pid), Node: int32(node)}, Attempt: true, state: at}
				l.order = append(l.order, key)
			}
		}
	}
}

func containsInt(list []int, x int) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

// sites says where each edge of c was taken (or tried, as lockdep checks
// before it waits): "fault[0] takes b at line 12 (...) while holding a; ...". With symmetry the process is the canonical one.
func (l *lockdep) sites(c LockCycle) string {
	parts := make([]string, 0, len(c.Edges))
	for _, e := range c.Edges {
		pos, text := l.p.Location(e.Pid, int(e.Trans.Node))
		parts = append(parts, fmt.Sprintf("%s takes %s at line %d (%s) while holding %s",
			l.p.Procs[e.Pid].Name(), e.Acquired, pos.Line, text, e.Held))
	}
	return strings.Join(parts, "; ")
}

// cycles returns the elementary cycles of the lock graph, each once, shortest
// first, starting at its smallest lock.
func (l *lockdep) cycles() []LockCycle {
	n := len(l.p.Locks())
	adj := make([][]int, n)
	for _, k := range l.order {
		adj[k[0]] = append(adj[k[0]], k[1])
	}
	for i := range adj {
		sort.Ints(adj[i])
	}
	var out []LockCycle
	// Depth-first from each start through locks greater than it finds each
	// elementary cycle exactly once, at its smallest lock. Lock graphs are tiny.
	var dfs func(path []int)
	dfs = func(path []int) {
		start, v := path[0], path[len(path)-1]
		for _, w := range adj[v] {
			switch {
			case w == start:
				var c LockCycle
				for i, a := range path {
					b := start
					if i+1 < len(path) {
						b = path[i+1]
					}
					c.Edges = append(c.Edges, *l.edges[[2]int{a, b}])
				}
				out = append(out, c)
			case w > start && !containsInt(path, w):
				dfs(append(append([]int(nil), path...), w))
			}
		}
	}
	for s := 0; s < n; s++ {
		dfs([]int{s})
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].Edges) < len(out[j].Edges) })
	return out
}
