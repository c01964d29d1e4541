package explorer_test

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
)

// Counted by hand: a and b (two types, so no process symmetry) each
// allocate one object of two. Plainly 5 states: the start; a alone has
// object 0; b alone has it; both done with a on 0 and b on 1, or the other
// way round. The one-done states are kept apart (the other's alloc is still
// reachable, and alloc takes the lowest free index); the two both-done
// states are one object permutation: 4 states.
func TestObjectSymmetryByHand(t *testing.T) {
	p := compileSpec(t, `struct node_t { val: 0..3 }
pool nodes[2]: node_t
process a { var r: ref nodes
    r = alloc(nodes) }
process b { var r: ref nodes
    r = alloc(nodes) }
`)
	assert.Equal(t, int64(5), explore(t, p, explorer.Options{}).Stats.States)
	r := explore(t, p, explorer.Options{Symmetry: true})
	assert.Equal(t, int64(4), r.Stats.States)
	assert.Equal(t, []string{"objects of nodes[2]"}, r.Stats.Symmetry)
}

// While an alloc is reachable the objects keep their numbers: here b
// picks d among objects 0 and 2 and frees both and object 1; its second
// alloc takes the lowest free object, which is d (an ABA reuse the assert
// catches) only when d is object 0. The two states after the choice differ
// only by swapping objects 0 and 2, so permuting there would keep one of
// them and could lose the violation; no state may merge before the allocs.
func TestObjectSymmetryKeepsAllocOrder(t *testing.T) {
	p := compileSpec(t, `struct node_t { v: 0..1 }
pool nodes[3]: node_t = [{ v: 0 }, { v: 0 }, { v: 0 }]
var g0: ref nodes = nodes[0]
var g1: ref nodes = nodes[1]
var g2: ref nodes = nodes[2]
process b {
    var d: ref nodes
    var e: ref nodes
    var t: ref nodes
    var n: ref nodes
    free(g1)
    either { atomic { d = g0; e = g2; g0 = NULL; g1 = NULL; g2 = NULL } } or { atomic { d = g2; e = g0; g0 = NULL; g1 = NULL; g2 = NULL } }
    free(d)
    free(e)
    t = alloc(nodes)
    n = alloc(nodes)
    assert n != d : "no ABA reuse"
}
`)
	require.Equal(t, []string{"objects of nodes[3]"}, p.Symmetry().Groups())
	plain := explore(t, p, explorer.Options{KeepGoing: true})
	require.Equal(t, explorer.Violated, plain.Verdict)
	for _, o := range []explorer.Options{{Symmetry: true}, {Symmetry: true, POR: true}, {Symmetry: true, Search: explorer.DFS}} {
		r := explore(t, p, o)
		require.Equal(t, explorer.Violated, r.Verdict, "%+v", o)
		assert.Equal(t, "no ABA reuse", r.Violation.Msg)
		replayViolation(t, p, r)
	}
	r := explore(t, p, explorer.Options{Symmetry: true, KeepGoing: true})
	assert.Equal(t, plain.Stats.States, r.Stats.States, "no two states of this spec are one orbit")
}

// Orbit counts with objects permuted: the states of a plain search grouped
// by the test's own renaming of processes and (where no alloc of the pool
// is reachable, by its own walk of the nodes) of objects (orbitKey) are the
// states the symmetric search stores.
func TestObjectSymmetryOrbits(t *testing.T) {
	for _, src := range []string{`
struct node_t { val: 0..3; next: ref nodes }
pool nodes[3]: node_t
var head: ref nodes
process a { var r: ref nodes
    r = alloc(nodes); r->val = 1; atomic { r->next = head; head = r } }
process b { var r: ref nodes
    r = alloc(nodes); r->val = 1; atomic { r->next = head; head = r } }
process reader[2] { var x: ref nodes; var v: 0..3
    rcu_read_lock(); x = head; if x != NULL { v = x->val }; rcu_read_unlock() }
`, `
struct node_t { val: 0..3 }
pool nodes[3]: node_t = [{ val: 1 }]
var head: ref nodes = nodes[0]
process a { var r: ref nodes
    r = alloc(nodes); r->val = 2 }
process upd { var old: ref nodes; var n: ref nodes
    n = alloc(nodes); n->val = 2; atomic { old = head; head = n }; kfree_rcu(old) }
process reader[2] { var x: ref nodes; var v: 0..3
    rcu_read_lock(); x = head; v = x->val; rcu_read_unlock() }
`, `
struct file_t { cnt: 0..2 }
pool filp[2]: file_t typesafe_by_rcu = [{ cnt: 1 }]
var cur: ref filp = filp[0]
process swap { var n: ref filp; var o: ref filp
    n = alloc(filp); n->cnt = 1; atomic { o = cur; cur = n }; o->cnt = 0; free(o) }
process look[2] { var f: ref filp; var c: 0..2
    rcu_read_lock(); f = cur; c = f->cnt; rcu_read_unlock() }
`} {
		p := compileSpec(t, src)
		sy := p.Symmetry()
		require.NotNil(t, sy, src)
		orbits := map[string]bool{}
		canonKeys := orbitKeys{}
		for _, s := range reachable(p, math.MaxInt) {
			k := orbitKey(p, s, sy.Groups())
			orbits[k] = true
			require.Equal(t, k, canonKeys.key(p, sy.Canonical(s, nil), sy.Groups()), "the canonical form is in the orbit")
		}
		r := explore(t, p, explorer.Options{Symmetry: true, KeepGoing: true})
		assert.Equal(t, int64(len(orbits)), r.Stats.States, src)
		full := explore(t, p, explorer.Options{KeepGoing: true})
		assert.Equal(t, objectless(p, propNames(full)), objectless(p, propNames(r)))
	}
}

// A pool named by number, or whose objects hold locks, keeps its numbers,
// and the summary's reason says so.
func TestObjectSymmetryOff(t *testing.T) {
	p := compileSpec(t, `struct node_t { val: 0..3 }
pool nodes[2]: node_t
struct vma_t { vm_lock: rw_semaphore; start: 0..3 }
pool vmas[2]: vma_t
process a[2] { var r: ref nodes; var v: ref vmas
    r = alloc(nodes); v = alloc(vmas) }
invariant first: nodes[0].val == 0
`)
	require.Equal(t, []string{"a[2]"}, p.Symmetry().Groups())
	off := strings.Join(p.ObjectSymmetryOff(), "; ")
	assert.Contains(t, off, "nodes is named by number at 7:18")
	assert.Contains(t, off, "vmas's objects hold locks")
	// A seqcount is no lock: objects holding one are permuted.
	p = compileSpec(t, `struct obj_t { seq: seqcount; v: 0..3 }
pool objs[2]: obj_t
process a[2] { var r: ref objs
    r = alloc(objs); write_seqcount_begin(r->seq); r->v = 1; write_seqcount_end(r->seq) }
`)
	assert.Equal(t, []string{"a[2]", "objects of objs[2]"}, p.Symmetry().Groups())
	assert.Empty(t, p.ObjectSymmetryOff())
}

// A typesafe_by_rcu pool's free objects stay readable inside RCU, so their
// fields are state: symmetry must not reset them (it did, and found an
// assertion the plain search does not, then failed to replay it).
func TestSymmetryTypesafeFreeFields(t *testing.T) {
	p := compileSpec(t, `struct obj_t { f: 0..3 }
pool objs[2]: obj_t typesafe_by_rcu = [{ f: 2 }]
var head: ref objs = objs[0]
process reader[2] { var r: ref objs; var v: 0..3
    rcu_read_lock(); r = head
    if r != NULL { v = r->f } else { v = 2 }
    assert v == 2
    rcu_read_unlock() }
process updater { var old: ref objs
    atomic { old = head; head = NULL }
    free(old) }
`)
	for _, o := range []explorer.Options{{}, {Symmetry: true}, {Symmetry: true, POR: true}} {
		assert.Equal(t, explorer.Holds, explore(t, p, o).Verdict, "%+v", o)
	}
}
