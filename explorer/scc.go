package explorer

import "math"

// Strongly connected components over an implicit graph: Pearce's
// space-efficient variant of Tarjan's algorithm ("A space-efficient
// algorithm for finding strongly connected components", 2016), with an
// explicit stack (the state graph is far too deep for Go recursion). One
// int32 per vertex (rindex) serves as discovery index, low link and, once
// the vertex's component is complete, component number: 4 bytes a state
// where Tarjan's index, low and component arrays take 12.

// ledge is an edge of the graph the liveness search looks for cycles in:
// the target, and the step (process and node) that takes it.
type ledge struct {
	to    int32
	trans uint32 // pack(model.Trans)
}

func (e ledge) pid() int { return int(e.trans >> 24) }

// graph is a finite directed graph on vertices 0..n-1; succ appends the
// edges of v to buf[:0].
type graph struct {
	n    int
	succ func(v int32, buf []ledge) []ledge
}

type sccFrame struct {
	v    int32
	succ []ledge
	k    int
	root bool // no edge from v's subtree reached a vertex discovered before v
	self bool // v has an edge to itself
}

// sccs calls emit with the members of every strongly connected component
// reachable from the roots (in order), each as soon as it is complete: a
// component is emitted before any component that reaches it. comp[w] == id
// tells emit whether w is in the component; cyclic says whether it has an
// edge inside (more than one member, or a self-loop). emit returns false to
// stop; stop is polled now and then and returns true to stop; sccs returns
// false when stopped. members is valid only during emit.
func sccs(g graph, roots func(yield func(int32) bool), emit func(members []int32, comp []int32, id int32, cyclic bool) bool, stop func() bool) bool {
	t := &tarjan{g: g, rindex: make([]int32, g.n), index: 1, c: math.MaxInt32, emit: emit, stop: stop, ok: true}
	roots(func(r int32) bool {
		if t.rindex[r] == 0 {
			t.search(r)
		}
		return t.ok
	})
	return t.ok
}

type tarjan struct {
	g        graph
	rindex   []int32 // 0: unvisited; index while open; component id once complete
	index, c int32   // next discovery index (counts up), next component id (counts down)
	stack    []int32 // visited vertices whose component is still open
	calls    []sccFrame
	free     [][]ledge // edge buffers of finished frames, for reuse
	members  []int32
	emit     func(members []int32, comp []int32, id int32, cyclic bool) bool
	stop     func() bool
	ok       bool
	work     int
}

// poll checks the budgets every checkEvery vertices and components.
func (t *tarjan) poll() {
	if t.work++; t.work%checkEvery == 0 && t.stop() {
		t.ok = false
	}
}

func (t *tarjan) push(v int32) {
	t.poll()
	t.rindex[v] = t.index
	t.index++
	var buf []ledge
	if n := len(t.free); n > 0 {
		buf, t.free = t.free[n-1], t.free[:n-1]
	}
	t.calls = append(t.calls, sccFrame{v: v, succ: t.g.succ(v, buf), root: true})
}

func (t *tarjan) search(r int32) {
	t.push(r)
	for len(t.calls) > 0 && t.ok {
		f := &t.calls[len(t.calls)-1]
		if f.k < len(f.succ) {
			w := f.succ[f.k].to
			f.k++
			f.self = f.self || w == f.v
			if t.rindex[w] == 0 {
				t.push(w)
			} else if t.rindex[w] < t.rindex[f.v] { // open, and discovered before v
				t.rindex[f.v], f.root = t.rindex[w], false
			}
			continue
		}
		v, root, self := f.v, f.root, f.self
		t.free = append(t.free, f.succ[:0])
		t.calls = t.calls[:len(t.calls)-1]
		if n := len(t.calls); n > 0 {
			if u := &t.calls[n-1]; t.rindex[v] < t.rindex[u.v] {
				t.rindex[u.v], u.root = t.rindex[v], false
			}
		}
		if !root {
			t.stack = append(t.stack, v)
			continue
		}
		t.component(v, self)
	}
}

// component closes the component rooted at v: v and the open vertices
// above it on the stack.
func (t *tarjan) component(v int32, self bool) {
	i := len(t.stack)
	for i > 0 && t.rindex[v] <= t.rindex[t.stack[i-1]] {
		i--
	}
	t.members = append(append(t.members[:0], t.stack[i:]...), v)
	t.stack = t.stack[:i]
	id := t.c
	t.c--
	for _, u := range t.members {
		t.rindex[u] = id
	}
	t.index -= int32(len(t.members))
	t.ok = t.ok && t.emit(t.members, t.rindex, id, len(t.members) > 1 || self)
	t.poll()
}
