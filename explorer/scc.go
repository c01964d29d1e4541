package explorer

// Tarjan's strongly connected components over an implicit graph, with an
// explicit stack (the state graph is far too deep for Go recursion).

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
}

// sccs calls emit with the members of every strongly connected component
// reachable from the roots (in order), each as soon as it is complete: a
// component is emitted before any component that reaches it. comp maps each
// vertex of an emitted component to its number (from 1), so emit can tell
// which edges stay inside. emit returns false to stop; stop is polled now
// and then and returns true to stop; sccs returns false when stopped.
func sccs(g graph, roots func(yield func(int32) bool), emit func(members []int32, comp []int32, id int32) bool, stop func() bool) bool {
	index := make([]int32, g.n) // 0: unvisited; else discovery number
	low := make([]int32, g.n)
	comp := make([]int32, g.n) // 0: not yet in a finished component
	var stack []int32
	var calls []sccFrame
	next, ncomp := int32(1), int32(0)
	ok, work := true, 0
	poll := func() { // budgets, every checkEvery vertices and components
		if work++; work%checkEvery == 0 && stop() {
			ok = false
		}
	}
	push := func(v int32) {
		poll()
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		calls = append(calls, sccFrame{v: v, succ: g.succ(v, nil)})
	}
	roots(func(r int32) bool {
		if index[r] != 0 {
			return true
		}
		push(r)
		for len(calls) > 0 && ok {
			f := &calls[len(calls)-1]
			if f.k < len(f.succ) {
				w := f.succ[f.k].to
				f.k++
				switch {
				case index[w] == 0:
					push(w)
				case comp[w] == 0 && index[w] < low[f.v]: // on the stack
					low[f.v] = index[w]
				}
				continue
			}
			v := f.v
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				if u := calls[len(calls)-1].v; low[v] < low[u] {
					low[u] = low[v]
				}
			}
			if low[v] != index[v] {
				continue
			}
			ncomp++
			i := len(stack) - 1
			for stack[i] != v {
				i--
			}
			members := stack[i:]
			for _, u := range members {
				comp[u] = ncomp
			}
			ok = ok && emit(members, comp, ncomp)
			poll()
			stack = stack[:i]
		}
		return ok
	})
	return ok
}
