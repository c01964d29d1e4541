package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/model"
)

const poolSpec = `
struct node_t { val: 0..3 }
pool nodes[2]: node_t
`

func TestAllocReusesLastFreedThenLowest(t *testing.T) {
	d := newDriver(t, poolSpec+`
process p {
    var a: ref nodes; var b: ref nodes; var c: ref nodes
    a = alloc(nodes); b = alloc(nodes); a->val = 3; free(b); free(a); c = alloc(nodes); b = alloc(nodes)
}
`)
	d.steps("p", "p")
	d.requireValue("p.a", "nodes[0]")
	d.requireValue("p.b", "nodes[1]")
	d.requireValue("nodes[1]", "allocated")
	d.steps("p", "p", "p")
	d.requireValue("nodes[0]", "free")
	d.requireValue("nodes[0].val", "3") // stale contents stay until reuse
	d.step("p")
	d.requireValue("p.c", "nodes[0]") // a was freed last, and its contents are zeroed
	d.requireValue("nodes[0].val", "0")
	d.step("p")
	d.requireValue("p.b", "nodes[1]")
}

func TestAllocPrefersLastFreed(t *testing.T) {
	d := newDriver(t, poolSpec+`
process p {
    var a: ref nodes; var b: ref nodes
    a = alloc(nodes); b = alloc(nodes); free(a); free(b); a = alloc(nodes)
}
`)
	d.steps("p", "p", "p", "p", "p")
	d.requireValue("p.a", "nodes[1]") // b was freed last: reused first (ABA)
}

func TestPoolUseAfterFreeAndDoubleFree(t *testing.T) {
	src := poolSpec + `
var v: 0..3
process p {
    var a: ref nodes
    a = alloc(nodes); free(a); v = a->val
}
process q {
    var a: ref nodes
    a = alloc(nodes); free(a); free(a)
}
`
	d := newDriver(t, src)
	d.steps("p", "p")
	v := d.violation("p", model.KindUseAfterFree, "nodes[0]")
	require.Contains(t, v.Msg, "a->val in p accesses nodes[0], which has been freed")

	d = newDriver(t, src)
	d.steps("q", "q")
	v = d.violation("q", model.KindUseAfterFree, "nodes[0]")
	require.Contains(t, v.Msg, "double free of nodes[0]")
}

func TestPoolExhaustedAndNull(t *testing.T) {
	d := newDriver(t, poolSpec+`
var v: 0..3
process p {
    var a: ref nodes
    free(a); v = a->val
}
process q {
    var a: ref nodes
    a = alloc(nodes); a = alloc(nodes); a = alloc(nodes)
}
`)
	d.step("p") // free(NULL) does nothing
	d.violation("p", model.KindNullDeref, "a->val")
	d.steps("q", "q")
	d.violation("q", model.KindPoolExhausted, "nodes")
}

// kfree_rcu frees when the last reader that was inside at the call leaves.
func TestKfreeRcuWaitsForReaders(t *testing.T) {
	d := newDriver(t, poolSpec+`
process r1 { rcu_read_lock(); rcu_read_unlock() }
process r2 { rcu_read_lock(); rcu_read_unlock() }
process r3 { rcu_read_lock(); rcu_read_unlock() }
process u {
    var a: ref nodes; var b: ref nodes
    a = alloc(nodes); kfree_rcu(a); b = alloc(nodes)
}
`)
	d.steps("r1", "r2", "u", "u")
	d.requireValue("nodes[0]", "kfree_rcu: freed when r1, r2 leave(s) the read-side section")
	d.step("r3") // a later reader: not waited for
	d.step("r1")
	d.requireValue("nodes[0]", "kfree_rcu: freed when r2 leave(s) the read-side section")
	d.step("r2")
	d.requireValue("nodes[0]", "free")
	d.step("u")
	d.requireValue("u.b", "nodes[0]") // freed at the grace period's end: reused first
}

func TestKfreeRcuNoReadersFreesAtOnce(t *testing.T) {
	d := newDriver(t, poolSpec+`
process u { var a: ref nodes; a = alloc(nodes); kfree_rcu(a); kfree_rcu(a) }
process r { rcu_read_lock() }
`)
	d.steps("u", "u")
	d.requireValue("nodes[0]", "free")
	d.violation("u", model.KindUseAfterFree, "nodes[0]")
}

func TestFreedObjects(t *testing.T) {
	d := newDriver(t, poolSpec+`
process u { var a: ref nodes; a = alloc(nodes); free(a) }
`)
	d.step("u")
	before := append([]uint64(nil), d.s...)
	d.step("u")
	require.Equal(t, []string{"nodes[0]"}, d.p.FreedObjects(before, d.s))
	require.Empty(t, d.p.FreedObjects(d.s, d.s))
}
