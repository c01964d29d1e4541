package report

import (
	"container/heap"

	"mcheck/explorer"
	"mcheck/model"
)

// reorderLimit and stepLimit bound the search over a trace's reorderings
// (search nodes, executed steps); past either the trace is kept as found.
const (
	reorderLimit = 200000
	stepLimit    = 2000000
)

// Reorder returns r with its trace rearranged, within its equivalence class,
// to have the fewest preemptions and then the fewest context switches.
//
// Only adjacent steps of different processes are ever swapped, and only when
// they are independent where they stand: both orders, executed with
// Machine.Step from the same state, are enabled, commit no violation, pass
// through no state that breaks an invariant, and reach the same state. So the
// reordered trace has the same length and final state, and ends in the same
// violation (a violating step stays last). The result is replayed with Confirm
// before it is returned; if anything fails, r comes back unchanged.
//
// The search is exact: Dijkstra over "which steps are already placed" (a
// bitmask), the process that ran last and the state reached. Its moves pick
// the next unplaced step of some process and bubble it to the front of the
// unplaced rest, checking each swap on the way.
func Reorder(p *model.Program, r *explorer.Result) *explorer.Result {
	if r == nil || r.Violation == nil || len(r.Trace) < 3 || len(r.Trace) > 64 {
		return r
	}
	ro := &reorderer{p: p, m: p.NewMachine(), trace: transitions(r.Trace)}
	n := len(ro.trace)
	if stepViolation(r) {
		n-- // the violating step stays last
	}
	ro.n = n
	order, ok := ro.search(r.Initial)
	if !ok {
		return r
	}
	if n < len(ro.trace) {
		order = append(order, ro.trace[n])
	}
	steps, _, err := execute(ro.m, r.Initial, order)
	if err != nil {
		return r
	}
	out := *r
	out.Trace = steps
	if Confirm(p, &out) != nil || !equalStates(FinalState(&out), FinalState(r)) {
		return r
	}
	sw, pre := Switches(p, &out)
	osw, opre := Switches(p, r)
	if opre < pre || (opre == pre && osw <= sw) {
		return r // no better (never happens when the search is right)
	}
	return &out
}

type reorderer struct {
	p     *model.Program
	m     *model.Machine
	trace []model.Trans
	n     int // steps that may move (all but a violating last step)
	steps int // Machine.Step calls so far
}

// step executes t, counting; ok is false also when the budget is spent.
func (ro *reorderer) step(s []uint64, t model.Trans) ([]uint64, *model.Violation, bool) {
	ro.steps++
	if ro.steps > stepLimit {
		return nil, nil, false
	}
	return ro.m.Step(s, t)
}

// node is a search node: steps placed so far, who ran last, the state reached.
type node struct {
	mask   uint64
	last   int32
	state  []uint64
	cost   int // preemptions*(n+1) + switches
	prev   *node
	placed int // the trace index placed by the move into this node
	index  int // heap index
}

type nodeHeap []*node

func (h nodeHeap) Len() int { return len(h) }
func (h nodeHeap) Less(i, j int) bool {
	if h[i].cost != h[j].cost {
		return h[i].cost < h[j].cost
	}
	return h[i].mask < h[j].mask // deterministic ties
}
func (h nodeHeap) Swap(i, j int)   { h[i], h[j] = h[j], h[i]; h[i].index = i; h[j].index = j }
func (h *nodeHeap) Push(x any)     { n := x.(*node); n.index = len(*h); *h = append(*h, n) }
func (h *nodeHeap) Pop() any       { old := *h; n := old[len(old)-1]; *h = old[:len(old)-1]; return n }
func nodeKey(n *node) string       { return string(rune(n.last+1)) + key([]uint64{n.mask}) + key(n.state) }
func (ro *reorderer) full() uint64 { return uint64(1)<<uint(ro.n) - 1 }

// search returns the cheapest order of the first n steps.
func (ro *reorderer) search(init []uint64) ([]model.Trans, bool) {
	start := &node{last: -1, state: init, placed: -1}
	best := map[string]int{nodeKey(start): 0}
	h := &nodeHeap{start}
	for expanded := 0; h.Len() > 0; expanded++ {
		if expanded > reorderLimit || ro.steps > stepLimit {
			return nil, false
		}
		cur := heap.Pop(h).(*node)
		if c, ok := best[nodeKey(cur)]; ok && c < cur.cost {
			continue
		}
		if cur.mask == ro.full() {
			return ro.path(cur), true
		}
		for _, next := range ro.moves(cur) {
			k := nodeKey(next)
			if c, ok := best[k]; ok && c <= next.cost {
				continue
			}
			best[k] = next.cost
			heap.Push(h, next)
		}
	}
	return nil, false
}

func (ro *reorderer) path(n *node) []model.Trans {
	var rev []model.Trans
	for ; n.prev != nil; n = n.prev {
		rev = append(rev, ro.trace[n.placed])
	}
	out := make([]model.Trans, len(rev))
	for i := range rev {
		out[i] = rev[len(rev)-1-i]
	}
	return out
}

// moves lists the nodes reachable by placing, for each process, its next
// unplaced step first.
func (ro *reorderer) moves(cur *node) []*node {
	var rest []int // unplaced trace indices, in trace order
	for i := 0; i < ro.n; i++ {
		if cur.mask&(1<<uint(i)) == 0 {
			rest = append(rest, i)
		}
	}
	// states along the rest: states[j] is the state before rest[j]
	states := make([][]uint64, len(rest)+1)
	states[0] = cur.state
	for j, i := range rest {
		next, v, ok := ro.step(states[j], ro.trace[i])
		if !ok || v != nil {
			return nil
		}
		states[j+1] = next
	}
	var out []*node
	seen := map[int32]bool{}
	lastEnabled := cur.last >= 0 && enabledPid(ro.m, cur.state, cur.last)
	for k, i := range rest {
		pid := ro.trace[i].Pid
		if seen[pid] {
			continue
		}
		seen[pid] = true
		s, ok := ro.bubble(rest, states, k)
		if !ok {
			continue
		}
		cost := cur.cost
		if cur.last >= 0 && pid != cur.last {
			cost++
			if lastEnabled {
				cost += ro.n + 1
			}
		}
		out = append(out, &node{mask: cur.mask | 1<<uint(i), last: pid, state: s, cost: cost, prev: cur, placed: i})
	}
	return out
}

// bubble checks that rest[k] can move to the front of rest by adjacent
// swaps and returns the state after it runs first.
func (ro *reorderer) bubble(rest []int, states [][]uint64, k int) ([]uint64, bool) {
	t := ro.trace[rest[k]]
	after := states[k+1] // the state after rest[m] and t, in either order
	for m := k - 1; m >= 0; m-- {
		a, v, ok := ro.step(states[m], t)
		if !ok || v != nil || ro.m.CheckInvariants(a) != nil {
			return nil, false
		}
		b, v, ok := ro.step(a, ro.trace[rest[m]])
		if !ok || v != nil || !equalStates(b, after) {
			return nil, false
		}
		after = a
	}
	return after, true
}
