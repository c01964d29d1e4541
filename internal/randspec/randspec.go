// Package randspec generates random, small, always-compiling specs from a
// seed, for tests that compare two implementations of the semantics (the
// SPIN parity tests, reductions against the plain search).
//
// A generated spec has shared ints, bools and an array, one of each kernel
// object (mutex, spinlock, rw_semaphore, seqcount) and an array of mutexes
// locked by a computed index, a pool of two objects
// with a published reference (RCU readers, kfree_rcu, alloc), two process
// types (some with several instances and locals) and a few invariants. The
// statements are assignments, increments, lock sections (balanced, with
// occasional misuse), trylocks, seqcount readers and writers, if/else,
// bounded while loops, goto, await, either, assert, atomic blocks and lockdep
// assertions; invariants also read other processes' locals and labels. Ranges are tight, so range, index, misuse and use-after-free
// violations and deadlocks all occur; about a third of the specs hold. The same seed and Config give
// the same text.
package randspec

import (
	"fmt"
	"math/rand"
	"strings"
)

// Config bounds a generated spec.
type Config struct {
	Procs int // process types, at least 1 (default 2)
	Stmts int // top-level statements per process (default 4)
	Depth int // nesting depth of blocks (default 2)
	// Live makes some processes loop forever (with progress labels and a
	// fairness clause now and then) and adds eventually/leadsto properties,
	// for the liveness tests.
	Live bool
	// Symmetric gives the first process type 2 or 3 instances that never
	// read self and whose locals and labels no invariant names, so that
	// symmetry reduction applies to it (with the pool and RCU), for the
	// symmetry tests.
	Symmetric bool
	// Objects gives the pool three objects and starts each process type,
	// half the time, by allocating and publishing one, so that several
	// processes allocate in either order and symmetry permutes the pool's
	// objects once no alloc is left (model/objsym.go).
	Objects bool
}

func (c Config) withDefaults() Config {
	if c.Procs <= 0 {
		c.Procs = 2
	}
	if c.Stmts <= 0 {
		c.Stmts = 4
	}
	if c.Depth <= 0 {
		c.Depth = 2
	}
	return c
}

// Generate returns the source of a random spec for seed.
func Generate(seed int64, cfg Config) string {
	cfg = cfg.withDefaults()
	g := &gen{r: rand.New(rand.NewSource(seed)), cfg: cfg}
	return g.spec(seed)
}

type gen struct {
	r   *rand.Rand
	cfg Config
	b   strings.Builder
	ind int
	// per process: the locks held at this point, to keep sections balanced
	held   map[string]bool
	procs  []string
	counts []int
	proc   string // the process being written
}

func (g *gen) pct(p int) bool { return g.r.Intn(100) < p }

func (g *gen) line(format string, args ...any) {
	g.b.WriteString(strings.Repeat("    ", g.ind))
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

func (g *gen) pick(xs ...string) string { return xs[g.r.Intn(len(xs))] }

func (g *gen) spec(seed int64) string {
	g.line("// randspec seed %d", seed)
	g.line("var a: 0..3")
	g.line("var c: 0..3 = %d", g.r.Intn(4))
	g.line("var b: bool")
	g.line("var arr: [3]0..3")
	g.line("mutex m")
	g.line("mutex ml[2]")
	g.line("spinlock s")
	g.line("rw_semaphore rw")
	g.line("seqcount sq")
	g.line("struct node_t { val: 0..3 }")
	if g.cfg.Objects {
		g.line("pool nodes[3]: node_t = [{ val: 1 }]")
	} else {
		g.line("pool nodes[2]: node_t = [{ val: 1 }]")
	}
	g.line("var head: ref nodes = nodes[0]")
	for i := 0; i < g.cfg.Procs; i++ {
		g.procs = append(g.procs, fmt.Sprintf("p%d", i))
		n := 1
		if g.pct(40) {
			n = 2
		}
		if g.cfg.Symmetric && i == 0 {
			n = 2 + g.r.Intn(2)
		}
		g.counts = append(g.counts, n)
	}
	for i, name := range g.procs {
		g.process(name, g.counts[i])
	}
	for i, n := 0, g.r.Intn(3); i < n; i++ {
		g.line("invariant inv%d: %s", i, g.invariant())
	}
	if g.cfg.Live {
		g.liveProps()
	}
	return g.b.String()
}

func (g *gen) process(name string, count int) {
	header := name
	if count > 1 {
		header = fmt.Sprintf("%s[%d]", name, count)
	}
	if g.cfg.Live && g.pct(25) {
		header += " fairness " + g.pick("weak", "strong", "none")
	}
	g.proc = name
	g.line("process %s {", header)
	g.ind++
	g.line("var l: 0..3")
	g.line("var v: 0..255")
	g.line("var r: ref nodes")
	g.held = map[string]bool{}
	forever := g.cfg.Live && g.pct(60)
	if forever {
		g.line("while true {")
		g.ind++
		if g.pct(50) {
			g.line("progress%d:", g.r.Intn(2))
			g.line("skip")
		}
	}
	if g.cfg.Objects && g.pct(50) {
		g.publish()
	}
	for i := 0; i < g.cfg.Stmts; i++ {
		g.stmt(g.cfg.Depth)
	}
	if forever {
		g.ind--
		g.line("}")
	}
	g.ind--
	g.line("done:")
	g.ind++
	g.line("skip")
	g.ind--
	g.line("}")
}

// value is an int expression over a, c, l, arr and constants. The bitwise
// forms equal the arithmetic ones they replaced ((a + 1) % 4, 3 - c, l + c
// for l + c < 8), so the state graphs and the random stream are unchanged
// while the SPIN parity tests exercise & ^ ~ << >>.
func (g *gen) value() string {
	switch g.r.Intn(9) {
	case 0:
		return fmt.Sprint(g.r.Intn(4))
	case 1:
		return "a"
	case 2:
		return "c"
	case 3:
		return "l"
	case 4:
		return fmt.Sprintf("arr[%d]", g.r.Intn(3))
	case 5:
		return "(a + 1) & 3"
	case 6:
		return "((l + c) << 2 >> 2) % 4"
	case 7:
		return "arr[l % 3]"
	}
	return "~c & 3 ^ 0"
}

func (g *gen) cond() string {
	switch g.r.Intn(10) {
	case 0:
		return "b"
	case 1:
		return "!b"
	case 2:
		return fmt.Sprintf("%s %s %s", g.value(), g.pick("==", "!=", "<", "<=", ">"), g.value())
	case 3:
		return "mutex_is_locked(m)"
	case 4:
		return "raw_read_seqcount(sq) % 2 == 0"
	case 5:
		return "rwsem_is_locked(rw)"
	case 6:
		return fmt.Sprintf("%s && %s", g.simpleCond(), g.simpleCond())
	case 7:
		return fmt.Sprintf("%s || %s", g.simpleCond(), g.simpleCond())
	case 8:
		return fmt.Sprintf("%s => %s", g.simpleCond(), g.simpleCond())
	}
	return fmt.Sprintf("a %s %d", g.pick("<", ">=", "=="), g.r.Intn(4))
}

func (g *gen) simpleCond() string {
	switch g.r.Intn(4) {
	case 0:
		return "b"
	case 1:
		return fmt.Sprintf("a == %d", g.r.Intn(4))
	case 2:
		return fmt.Sprintf("l < %d", 1+g.r.Intn(3))
	}
	return fmt.Sprintf("arr[%d] != c", g.r.Intn(3))
}

func (g *gen) invariant() string {
	switch g.r.Intn(7) {
	case 0:
		return fmt.Sprintf("a + c <= %d", 3+g.r.Intn(4))
	case 1:
		return "!(b && a == 3)"
	case 2:
		return fmt.Sprintf("arr[%d] <= %d", g.r.Intn(3), 1+g.r.Intn(3))
	case 3:
		i := g.r.Intn(len(g.procs))
		if g.cfg.Symmetric && i == 0 {
			return "a + c <= 5"
		}
		if g.counts[i] == 1 {
			return fmt.Sprintf("%s.l <= %d", g.procs[i], 1+g.r.Intn(3))
		}
		return fmt.Sprintf("%s[%d].l <= %d", g.procs[i], g.r.Intn(g.counts[i]), 1+g.r.Intn(3))
	case 4:
		return "mutex_is_locked(m) || a != 2"
	case 5:
		i := g.r.Intn(len(g.procs))
		if g.cfg.Symmetric && i == 0 {
			return "!(b && c == 0)"
		}
		at := g.procs[i] + "@done"
		if g.counts[i] > 1 {
			at = fmt.Sprintf("%s[%d]@done", g.procs[i], g.r.Intn(g.counts[i]))
		}
		return fmt.Sprintf("%s => %s", at, g.pick("b", "!b", fmt.Sprintf("a != %d", g.r.Intn(4)), "c <= 2"))
	}
	return "raw_read_seqcount(sq) <= 4"
}

// stmt emits one statement (or a balanced section) at nesting depth d.
func (g *gen) stmt(d int) {
	k := g.r.Intn(27)
	if d <= 0 && k >= 10 {
		k = g.r.Intn(10)
	}
	switch k {
	case 0:
		g.line("a = %s", g.value())
	case 1:
		g.line("b = %s", g.cond())
	case 2:
		g.line("arr[%s] = %s", g.pick("0", "1", "2", "l", "a"), g.value())
	case 3:
		g.line("l = %s", g.value())
	case 4:
		if g.pct(25) {
			g.line("%s%s", g.pick("a", "l", "c"), g.pick("++", "--"))
		} else {
			v := g.pick("a", "l", "c")
			g.line("%s = (%s + %d) %% 4", v, v, 1+g.r.Intn(3))
		}
	case 5:
		g.line("skip")
	case 6:
		if g.pct(15) {
			g.line("assert %s", g.cond())
		} else {
			c := g.simpleCond()
			g.line("assert %s || !(%s)", c, c)
		}
	case 7:
		g.line("v = read_seqcount_begin(sq)")
	case 8:
		g.line("b = read_seqcount_retry(sq, v)")
	case 9:
		if g.pct(30) {
			g.misuse()
		} else {
			g.line("l = (l + 1) %% 4")
		}
	case 10, 11:
		g.section(d)
	case 12:
		g.line("if %s {", g.cond())
		g.block(d - 1)
		if g.pct(50) {
			g.line("} else {")
			g.block(d - 1)
		}
		g.line("}")
	case 13:
		g.line("l = 0")
		g.line("while l < %d {", 1+g.r.Intn(2))
		g.ind++
		g.line("l++")
		g.stmts(d-1, 1)
		g.ind--
		g.line("}")
	case 14:
		g.line("await %s || %s", g.simpleCond(), g.cond())
	case 15:
		g.line("either {")
		g.block(d - 1)
		g.line("} or {")
		g.block(d - 1)
		g.line("}")
	case 16:
		g.atomicBlock(d)
	case 17:
		g.line("if mutex_trylock(m) {")
		g.ind++
		g.stmts(d-1, 1)
		g.line("mutex_unlock(m)")
		g.ind--
		g.line("}")
	case 18:
		g.line("if down_read_trylock(rw) {")
		g.ind++
		g.stmts(d-1, 1)
		g.line("up_read(rw)")
		g.ind--
		g.line("} else {")
		g.ind++
		g.line("b = %s", g.pick("true", "down_write_trylock(rw)"))
		g.ind--
		g.line("}")
	case 19:
		g.line("down_write(rw)")
		g.line("write_seqcount_begin(sq)")
		g.stmts(d-1, 1)
		g.line("write_seqcount_end(sq)")
		if g.pct(30) {
			g.line("downgrade_write(rw)")
			g.line("up_read(rw)")
		} else {
			g.line("up_write(rw)")
		}
	case 20:
		g.line("if spin_trylock(s) {")
		g.ind++
		g.line("lockdep_assert_held(s)")
		g.line("arr[%d] = %s", g.r.Intn(3), g.value())
		g.line("spin_unlock(s)")
		g.ind--
		g.line("}")
	case 21:
		// An RCU reader of the published object.
		g.line("rcu_read_lock()")
		g.line("r = head")
		g.line("if r != NULL { l = r->val }")
		g.line("rcu_read_unlock()")
	case 22:
		// Unpublish, then free after a grace period (or at once: a use
		// after free when a reader still holds it).
		g.line("atomic { r = head; head = NULL }")
		if g.pct(25) {
			g.line("free(r)")
		} else if g.pct(30) {
			g.line("synchronize_rcu()")
			g.line("free(r)")
		} else {
			g.line("kfree_rcu(r)")
		}
	case 23:
		// Publish a new object (the pool may be exhausted).
		if g.pct(50) {
			g.line("l = (l + 1) %% 4")
			return
		}
		g.publish()
	case 24:
		// A lock of an array, indexed by self or a constant (a dynamic
		// sync object).
		idx := g.pick("self", "0", "1", "self % 2")
		if g.cfg.Symmetric && g.procs[0] == g.proc {
			idx = fmt.Sprint(g.r.Intn(2)) // self would break the symmetry
		}
		g.line("mutex_lock(ml[%s])", idx)
		g.stmts(d-1, 1)
		g.line("mutex_unlock(ml[%s])", idx)
	case 25:
		g.line("if %s { goto done }", g.simpleCond())
	default:
		g.line("c = (c + %d) %% 4", 1+g.r.Intn(3))
	}
}

// publish allocates an object and publishes it if no object is published.
func (g *gen) publish() {
	g.line("r = alloc(nodes)")
	g.line("r->val = %s", g.value())
	g.line("atomic { if head == NULL { head = r } else { free(r) } }")
}

func (g *gen) stmts(d, n int) {
	for i := 0; i < n; i++ {
		g.stmt(d)
	}
}

func (g *gen) block(d int) {
	g.ind++
	g.stmts(d, 1+g.r.Intn(2))
	g.ind--
}

// section emits lock ... unlock around a body, taking locks in a random
// order across processes (so some specs deadlock).
func (g *gen) section(d int) {
	type lk struct{ lock, unlock string }
	locks := []lk{
		{"mutex_lock(m)", "mutex_unlock(m)"},
		{"spin_lock(s)", "spin_unlock(s)"},
		{"down_read(rw)", "up_read(rw)"},
		{"down_write(rw)", "up_write(rw)"},
	}
	l := locks[g.r.Intn(len(locks))]
	if g.held[l.lock] {
		g.line("skip")
		return
	}
	g.held[l.lock] = true
	g.line("%s", l.lock)
	if l.lock == "spin_lock(s)" {
		// Under a spinlock only non-sleeping statements (sleeping is misuse,
		// which g.misuse covers at a lower rate).
		g.line("lockdep_assert_held(s)")
		g.line("a = %s", g.value())
	} else {
		g.stmts(d-1, 1+g.r.Intn(2))
	}
	g.line("%s", l.unlock)
	delete(g.held, l.lock)
}

func (g *gen) atomicBlock(d int) {
	g.line("atomic {")
	g.ind++
	switch g.r.Intn(4) {
	case 0:
		g.line("await %s", g.cond())
	case 1:
		g.line("mutex_lock(m)")
		g.line("a = %s", g.value())
		g.line("mutex_unlock(m)")
	default:
		g.line("a = %s", g.value())
	}
	g.line("if %s { b = !b } else { arr[%d] = %s }", g.cond(), g.r.Intn(3), g.value())
	g.line("c = %s", g.value())
	g.ind--
	g.line("}")
}

// misuse emits a rare rule break: an unbalanced unlock or a sleep under a
// spinlock.
func (g *gen) misuse() {
	switch g.r.Intn(6) {
	case 0:
		g.line("mutex_unlock(m)")
	case 1:
		g.line("spin_lock(s)")
		g.line("mutex_lock(m)")
		g.line("mutex_unlock(m)")
		g.line("spin_unlock(s)")
	case 2:
		g.line("up_read(rw)")
	default:
		g.line("lockdep_assert_held_write(rw)")
	}
}

// liveProps adds an eventually and a leadsto property (Config.Live).
func (g *gen) liveProps() {
	i := g.r.Intn(len(g.procs))
	inst := g.procs[i]
	if g.counts[i] > 1 {
		inst = fmt.Sprintf("%s[%d]", inst, g.r.Intn(g.counts[i]))
	}
	q := g.pick("finished("+inst+")", g.globalCond(), inst+"@done || "+g.globalCond())
	g.line("eventually ev: %s", q)
	j := g.r.Intn(len(g.procs))
	g.line("leadsto lt: forall i in %s: %s ~> %s", g.procs[j], g.globalCond(),
		g.pick(fmt.Sprintf("finished(%s[i])", g.procs[j]), g.globalCond(), fmt.Sprintf("%s[i].l == %d", g.procs[j], g.r.Intn(4))))
}

// globalCond is a condition over shared variables only.
func (g *gen) globalCond() string {
	switch g.r.Intn(4) {
	case 0:
		return "b"
	case 1:
		return fmt.Sprintf("a == %d", g.r.Intn(4))
	case 2:
		return fmt.Sprintf("a != %d", g.r.Intn(4))
	}
	return fmt.Sprintf("arr[%d] != c", g.r.Intn(3))
}
