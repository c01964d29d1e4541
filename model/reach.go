package model

import "sort"

// NodeSet is a set of node numbers: sorted, disjoint, non-adjacent closed
// intervals lo0, hi0, lo1, hi1, ... The compiler numbers nodes so that what a
// node may reach is nearly a prefix of the numbering (statements are lowered
// last to first), so a set is a handful of intervals where a bit set per node
// was quadratic in the process's size: 65536 nodes took 512 MB.
type NodeSet []int32

// Has reports whether node i is in the set.
func (s NodeSet) Has(i int) bool {
	lo, hi := 0, len(s)/2 // search the intervals
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(s[2*m+1]) < i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(s)/2 && int(s[2*lo]) <= i
}

// Reachable reports the nodes process pid may still reach from node `from`
// (inclusive), following its control flow.
func (p *Program) Reachable(pid, from int) NodeSet { return p.reach[pid][from] }

func (p *Program) computeReach() {
	p.reach = make([][]NodeSet, len(p.Procs))
	for pid, pr := range p.Procs {
		if pr.Index > 0 {
			p.reach[pid] = p.reach[pid-1] // same type: same graph
			continue
		}
		p.reach[pid] = reachSets(pr.Type.Nodes)
	}
}

// reachSets computes every node's reachable set from the graph's strongly
// connected components: Tarjan's algorithm finishes a component after every
// component it reaches, so each set is its members joined with the sets of
// the components it has edges to, computed once.
func reachSets(nodes []Node) []NodeSet {
	n := len(nodes)
	sets := make([]NodeSet, n)
	index, low := make([]int32, n), make([]int32, n)
	onStack := make([]bool, n)
	var stack []int32
	type frame struct{ v, edge int32 }
	var calls []frame
	next := int32(1) // index 0: not visited yet
	for root := 0; root < n; root++ {
		if index[root] != 0 {
			continue
		}
		calls = append(calls, frame{v: int32(root)})
		index[root], low[root] = next, next
		next++
		stack = append(stack, int32(root))
		onStack[root] = true
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			succ := stepSucc(&nodes[f.v])
			if int(f.edge) < len(succ) {
				w := int32(succ[f.edge])
				f.edge++
				switch {
				case index[w] == 0:
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					calls = append(calls, frame{v: w})
				case onStack[w] && index[w] < low[f.v]:
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
			if low[v] == index[v] {
				stack = finishComponent(nodes, v, stack, onStack, sets)
			}
		}
	}
	return sets
}

// finishComponent pops the component rooted at v off the stack and gives all
// its members one set: themselves and what their edges out of it reach.
func finishComponent(nodes []Node, v int32, stack []int32, onStack []bool, sets []NodeSet) []int32 {
	k := len(stack) - 1
	for stack[k] != v {
		k--
	}
	members := stack[k:]
	var iv []int32
	for _, m := range members {
		onStack[m] = false
		iv = append(iv, m, m)
	}
	for _, m := range members {
		for _, w := range stepSucc(&nodes[m]) {
			iv = append(iv, sets[w]...) // nil for members: not finished yet
		}
	}
	set := mergeIntervals(iv)
	for _, m := range members {
		sets[m] = set
	}
	return stack[:k]
}

// mergeIntervals sorts flattened intervals and joins those that overlap or
// touch.
func mergeIntervals(iv []int32) NodeSet {
	pairs := make([][2]int32, len(iv)/2)
	for i := range pairs {
		pairs[i] = [2]int32{iv[2*i], iv[2*i+1]}
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0] < pairs[j][0] })
	out := make(NodeSet, 0, 4)
	for _, pr := range pairs {
		if n := len(out); n > 0 && pr[0] <= out[n-1]+1 {
			if pr[1] > out[n-1] {
				out[n-1] = pr[1]
			}
			continue
		}
		out = append(out, pr[0], pr[1])
	}
	return out
}
