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
// the components it has edges to, computed once. The search keeps its own
// stack of calls: a process may have 65536 nodes in a line.
func reachSets(nodes []Node) []NodeSet {
	n := len(nodes)
	tj := &tarjan{nodes: nodes, sets: make([]NodeSet, n), index: make([]int32, n), low: make([]int32, n),
		onStack: make([]bool, n), next: 1}
	for root := 0; root < n; root++ {
		if tj.index[root] == 0 {
			tj.search(int32(root))
		}
	}
	return tj.sets
}

type tarjan struct {
	nodes      []Node
	sets       []NodeSet
	index, low []int32 // index 0: not visited yet
	onStack    []bool
	stack      []int32
	calls      []tarjanCall
	next       int32
}

type tarjanCall struct{ v, edge int32 }

func (tj *tarjan) push(v int32) {
	tj.index[v], tj.low[v] = tj.next, tj.next
	tj.next++
	tj.stack = append(tj.stack, v)
	tj.onStack[v] = true
	tj.calls = append(tj.calls, tarjanCall{v: v})
}

func (tj *tarjan) search(root int32) {
	tj.push(root)
	for len(tj.calls) > 0 {
		f := &tj.calls[len(tj.calls)-1]
		if succ := stepSucc(&tj.nodes[f.v]); int(f.edge) < len(succ) {
			w := int32(succ[f.edge])
			f.edge++
			if tj.index[w] == 0 {
				tj.push(w)
			} else if tj.onStack[w] && tj.index[w] < tj.low[f.v] {
				tj.low[f.v] = tj.index[w]
			}
			continue
		}
		v := f.v
		tj.calls = tj.calls[:len(tj.calls)-1]
		if len(tj.calls) > 0 {
			if u := tj.calls[len(tj.calls)-1].v; tj.low[v] < tj.low[u] {
				tj.low[u] = tj.low[v]
			}
		}
		if tj.low[v] == tj.index[v] {
			tj.stack = finishComponent(tj.nodes, v, tj.stack, tj.onStack, tj.sets)
		}
	}
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
