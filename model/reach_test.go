package model

import (
	"math/rand"
	"testing"
)

// naiveReach is the definition: a search from every node.
func naiveReach(nodes []Node, from int) map[int]bool {
	seen := map[int]bool{from: true}
	work := []int{from}
	for len(work) > 0 {
		i := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range stepSucc(&nodes[i]) {
			if !seen[s] {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return seen
}

// randomGraph builds n nodes of every successor shape (end, one successor,
// branch, either), each edge to any node, so that loops, shared tails and
// nested components all occur.
func randomGraph(r *rand.Rand, n int) []Node {
	nodes := make([]Node, n)
	nodes[0] = Node{Kind: NEnd}
	for i := 1; i < n; i++ {
		to := func() int {
			if r.Intn(3) == 0 { // mostly forward to lower numbers, as lowering does
				return r.Intn(n)
			}
			return r.Intn(i)
		}
		switch r.Intn(4) {
		case 0:
			nodes[i] = Node{Kind: NBranch, Next: to(), Else: to()}
		case 1:
			nodes[i] = Node{Kind: NEither, Targets: []int{to(), to(), to()}}
		default:
			nodes[i] = Node{Kind: NSkip, Next: to()}
		}
	}
	return nodes
}

// The interval sets agree with a search from every node, on random graphs.
func TestReachSetsMatchSearch(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for trial := 0; trial < 300; trial++ {
		n := 1 + r.Intn(40)
		nodes := randomGraph(r, n)
		sets := reachSets(nodes)
		for from := 0; from < n; from++ {
			want := naiveReach(nodes, from)
			for i := -1; i <= n; i++ {
				if got := sets[from].Has(i); got != want[i] {
					t.Fatalf("trial %d, %d nodes: from %d, Has(%d) = %v, want %v (set %v)", trial, n, from, i, got, want[i], sets[from])
				}
			}
		}
	}
}

// A straight line of statements is one interval per node, not a bit per node
// pair: the sets stay small however long the process.
func TestReachSetsLinear(t *testing.T) {
	const n = 1 << 16
	nodes := make([]Node, n)
	for i := 1; i < n; i++ {
		nodes[i] = Node{Kind: NSkip, Next: i - 1}
	}
	sets := reachSets(nodes)
	for _, from := range []int{0, 1, n / 2, n - 1} {
		if len(sets[from]) != 2 || !sets[from].Has(from) || !sets[from].Has(0) || sets[from].Has(from+1) {
			t.Errorf("from %d: set %v", from, sets[from])
		}
	}
}
