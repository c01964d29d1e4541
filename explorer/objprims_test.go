package explorer_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
)

// Sync objects other than locks inside pool objects (refcount_t, kref,
// wait_queue_head), and read-only operations on freed typesafe_by_rcu
// objects. specs/README.md "Sync objects inside pool objects" and
// "Type-stable objects" give the semantics.

// verdictOf renders a result as "holds" or "kind: property".
func verdictOf(r *explorer.Result) string {
	if r.Violation == nil {
		return r.Verdict.String()
	}
	return string(r.Violation.Kind) + ": " + r.Violation.Property
}

// TestPoolSyncFreedCounts: the examples' hand counts (their comments): the
// free under a sleeper (6 states, 7 transitions) and the free before the
// waiter returned from wait_for_completion (8 and 8), reported as misuse,
// and the waiter's own free after it returned (11 and 10, holds).
func TestPoolSyncFreedCounts(t *testing.T) {
	for _, c := range []struct {
		file, verdict, msg string
		states, trans      int64
	}{
		{"pool-waitqueue-freed.mc", "misuse: wait queue freed with sleepers",
			"cancel frees reqs[0] while reqs[0].wq has processes queued on it", 6, 7},
		{"pool-completion-freed.mc", "misuse: completion freed with waiters",
			"irq frees reqs[0] while submit waits for reqs[0].done", 8, 8},
		{"pool-completion.mc", "holds", "", 11, 10},
	} {
		src, err := os.ReadFile(examplesDir + "/" + c.file)
		require.NoError(t, err)
		r := explore(t, compileSpec(t, string(src)), explorer.Options{Search: explorer.BFS})
		assert.Equal(t, c.verdict, verdictOf(r), c.file)
		assert.Equal(t, c.states, r.Stats.States, c.file)
		assert.Equal(t, c.trans, r.Stats.Transitions, c.file)
		if c.msg != "" {
			require.NotNil(t, r.Violation, c.file)
			assert.Contains(t, r.Violation.Msg, c.msg, c.file)
		}
	}
}

// TestPoolCompletionWaiters: freeing an object is misuse exactly while a
// process rests at a wait_for_completion whose reference (evaluated as that
// process would) names a completion inside it: not another object's, not
// after the waiter returned; at the end of a kfree_rcu grace period too.
// POR on and off agree (the free reads the waiter's pc).
func TestPoolCompletionWaiters(t *testing.T) {
	const head = `
struct req_t { done: completion }
pool reqs[2]: req_t = [{}, {}]
var r0: ref reqs = reqs[0]
var r1: ref reqs = reqs[1]
`
	for _, c := range []struct{ name, src, want string }{
		{"another object", head + `
process w { var r: ref reqs = reqs[0]
    wait_for_completion(r->done) }
process f { free(r1)
    complete(reqs[0].done) }`, "holds"},
		{"this object", head + `
process w { var r: ref reqs = reqs[1]
    wait_for_completion(r->done) }
process f { free(r1) }`, "misuse: completion freed with waiters"},
		{"returned", head + `
var back: bool
process w { wait_for_completion(reqs[1].done)
    back = true }
process f { complete(reqs[1].done)
    await back
    free(r1) }`, "holds"},
		{"kfree_rcu", head + `
var reading: bool
process w { var r: ref reqs = reqs[0]
    await reading
    wait_for_completion(r->done) }
process rd { rcu_read_lock()
    reading = true
    kfree_rcu(r0)
    rcu_read_unlock() }`, "misuse: completion freed with waiters"},
	} {
		for _, por := range []bool{false, true} {
			r := explore(t, compileSpec(t, c.src), explorer.Options{Search: explorer.BFS, POR: por})
			assert.Equal(t, c.want, verdictOf(r), "%s, por %v", c.name, por)
			if c.name == "kfree_rcu" && r.Violation != nil {
				assert.Contains(t, r.Violation.Msg, "rd leaves its read-side section, ending the grace period that frees reqs[0] while w waits for reqs[0].done")
			}
		}
	}
}

// objOps is a spec whose process frees the only object, then applies STMT
// to it, inside an RCU read-side section when RCU is "rcu_read_lock()".
const objOps = `
struct obj_t { seq: seqcount; m: mutex; sl: spinlock; rw: rw_semaphore; r: refcount_t; k: kref; wq: wait_queue_head; key: 0..3 }
pool objs[1]: obj_t TYPESAFE = [{ key: 1 }]
var head: ref objs = objs[0]
var x: 0..7
process p {
    var o: ref objs
    o = head
    PREP
    free(o)
    RCU
    STMT
}
`

func objOpsSpec(typesafe, rcu bool, prep, stmt string) string {
	r := strings.NewReplacer("TYPESAFE", "", "RCU", "", "PREP", prep, "STMT", stmt)
	switch {
	case typesafe && rcu:
		r = strings.NewReplacer("TYPESAFE", "typesafe_by_rcu", "RCU", "rcu_read_lock()", "PREP", prep, "STMT", stmt+"\n    rcu_read_unlock()")
	case typesafe:
		r = strings.NewReplacer("TYPESAFE", "typesafe_by_rcu", "RCU", "", "PREP", prep, "STMT", stmt)
	case rcu:
		r = strings.NewReplacer("TYPESAFE", "", "RCU", "rcu_read_lock()", "PREP", prep, "STMT", stmt+"\n    rcu_read_unlock()")
	}
	return r.Replace(objOps)
}

// TestTypesafeReadOnlyOps: an operation that only reads its sync object is a
// read of the object, allowed on a freed typesafe_by_rcu object inside an
// RCU read-side section exactly where a field read is (and a use_after_free
// outside one, or in a plain pool); every other operation writes it.
// refcount_inc_not_zero writes only when it succeeds: on a freed object whose
// count is 0 (it was freed after its last put) it fails and is allowed, on
// one freed with references left it writes the freed object.
func TestTypesafeReadOnlyOps(t *testing.T) {
	reads := []string{
		"x = read_seqcount_begin(o->seq)",
		"x = raw_read_seqcount(o->seq)",
		"if read_seqcount_retry(o->seq, 0) { x = 1 }",
		"x = refcount_read(o->r)",
		"x = kref_read(o->k)",
		"if mutex_is_locked(o->m) { x = 1 }",
		"if spin_is_locked(o->sl) { x = 1 }",
		"if rwsem_is_locked(o->rw) { x = 1 }",
		"if waitqueue_active(o->wq) { x = 1 }",
		"if refcount_inc_not_zero(o->r) { x = 1 }",
		"if kref_get_unless_zero(o->k) { x = 1 }",
		"x = o->key", // the field read these ops follow
	}
	writes := []string{
		"write_seqcount_begin(o->seq)",
		"refcount_inc(o->r)",
		"if refcount_dec_and_test(o->r) { x = 1 }",
		"kref_init(o->k)",
		"if mutex_trylock(o->m) { mutex_unlock(o->m) }",
		"if down_read_trylock(o->rw) { up_read(o->rw) }",
		"wake_up(o->wq)",
		"o->key = 2",
	}
	run := func(typesafe, rcu bool, prep, stmt string) string {
		r := explore(t, compileSpec(t, objOpsSpec(typesafe, rcu, prep, stmt)), explorer.Options{Search: explorer.BFS, POR: true})
		return verdictOf(r)
	}
	const uaf = "use_after_free: objs[0]"
	for _, s := range reads {
		assert.Equal(t, "holds", run(true, true, "", s), "%s on a freed typesafe object inside RCU", s)
		assert.Equal(t, uaf, run(true, false, "", s), "%s outside RCU", s)
		assert.Equal(t, uaf, run(false, true, "", s), "%s in a plain pool", s)
	}
	for _, s := range writes {
		assert.Equal(t, uaf, run(true, true, "", s), "%s writes a freed typesafe object", s)
	}
	// Freed with a reference left: the increment succeeds and writes.
	for _, s := range []string{"if refcount_inc_not_zero(o->r) { x = 1 }", "if kref_get_unless_zero(o->k) { x = 1 }"} {
		field := s[strings.Index(s, "o->"):strings.Index(s, ")")]
		r := explore(t, compileSpec(t, objOpsSpec(true, true, "kref_init("+field+")", s)), explorer.Options{Search: explorer.BFS})
		require.NotNil(t, r.Violation, s)
		assert.Equal(t, uaf, verdictOf(r), s)
		assert.Contains(t, r.Violation.Msg, "writes to objs[0], which has been freed", s)
	}
}

// TestPoolRefcountPlainUAF: typesafe-refcount.mc holds; the same spec over a
// plain pool is a use_after_free at the lookup's refcount_inc_not_zero of
// the closed file (no type-stable memory: the read itself is the bug).
func TestPoolRefcountPlainUAF(t *testing.T) {
	src, err := os.ReadFile(examplesDir + "/typesafe-refcount.mc")
	require.NoError(t, err)
	r := explore(t, compileSpec(t, string(src)), explorer.Options{Search: explorer.BFS, POR: true})
	assert.Equal(t, "holds", verdictOf(r))
	plain := strings.Replace(string(src), "file_t typesafe_by_rcu", "file_t", 1)
	require.NotEqual(t, string(src), plain)
	r = explore(t, compileSpec(t, plain), explorer.Options{Search: explorer.BFS, POR: true})
	require.NotNil(t, r.Violation)
	assert.Equal(t, "use_after_free: filp[0]", verdictOf(r))
	assert.Contains(t, r.Violation.Msg, "f->f_count in lookup accesses filp[0], which has been freed")
}

// TestTypesafeSymmetryKeepsFreedFields: symmetry reduction must not reset the
// fields of a free typesafe_by_rcu object (readers inside RCU still see
// them). Two symmetric readers assert the key of an object freed under them:
// with the reset, the canonical state read key 0 and the search failed.
func TestTypesafeSymmetryKeepsFreedFields(t *testing.T) {
	p := compileSpec(t, `
struct obj_t { key: 0..3 }
pool objs[2]: obj_t typesafe_by_rcu = [{ key: 1 }]
var head: ref objs = objs[0]
process reader[2] {
    var o: ref objs
    rcu_read_lock()
    o = head
    if o != NULL {
        assert o->key == 1
    }
    rcu_read_unlock()
}
process updater {
    var old: ref objs
    atomic { old = head; head = NULL }
    free(old)
}
`)
	for _, por := range []bool{false, true} {
		r := explore(t, p, explorer.Options{Search: explorer.BFS, POR: por, Symmetry: true})
		assert.Equal(t, "holds", verdictOf(r), "por %v", por)
		assert.Contains(t, r.Stats.Symmetry, "reader[2]", "por %v", por)
	}
}

// TestPoolWaitqueueSymmetry: the set of sleepers a wait queue inside a pool
// object records is renamed with the processes, so symmetry reduction keeps
// the verdict (here a lost wake-up: both waiters sleep before the waker
// sets the condition, with a wake_up in between) and stores fewer states.
func TestPoolWaitqueueSymmetry(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{"wake_up(r0->wq); r0->done = true", "deadlock: deadlock"}, // woken before the condition: lost
		{"r0->done = true; wake_up(r0->wq)", "holds"},
	} {
		p := compileSpec(t, `
struct req_t { wq: wait_queue_head; done: bool }
pool reqs[1]: req_t = [{}]
var r0: ref reqs = reqs[0]
process waiter[2] { wait_event(r0->wq, r0->done) }
process waker { await waitqueue_active(r0->wq); `+c.body+` }
`)
		plain := explore(t, p, explorer.Options{Search: explorer.BFS})
		for _, por := range []bool{false, true} {
			r := explore(t, p, explorer.Options{Search: explorer.BFS, POR: por, Symmetry: true})
			assert.Equal(t, c.want, verdictOf(plain), c.body)
			assert.Equal(t, verdictOf(plain), verdictOf(r), "%s, por %v", c.body, por)
			assert.Contains(t, r.Stats.Symmetry, "waiter[2]")
			if c.want == "holds" {
				assert.Less(t, r.Stats.States, plain.Stats.States, "%s, por %v", c.body, por)
			}
		}
	}
}
