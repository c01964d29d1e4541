package explorer_test

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/model"
)

// reachable lists every reachable state by a plain BFS over Machine.Step,
// independent of the explorer, or stops at limit+1 states.
func reachable(p *model.Program, limit int) [][]uint64 {
	m := p.NewMachine()
	seen := map[string]bool{}
	var out [][]uint64
	queue := [][]uint64{p.Initial()}
	seen[fmt.Sprint(queue[0])] = true
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		out = append(out, s)
		if len(out) > limit {
			return out
		}
		for _, t := range m.Enabled(s) {
			next, v, _ := m.Step(s, t)
			if v != nil {
				continue
			}
			if k := fmt.Sprint(next); !seen[k] {
				seen[k] = true
				queue = append(queue, next)
			}
		}
	}
	return out
}

// orbitKey identifies a state's orbit independently of model.Symmetry: the
// rendered values (and program counters) with the instances of each
// symmetric group renamed by every permutation, the least rendering wins.
func orbitKey(p *model.Program, s []uint64, groups []string) string {
	var lines []string
	free := map[string]bool{} // a free object's fields are not state (Symmetry.freeDead)
	for _, v := range p.Values(s) {
		if obj, _, _ := strings.Cut(v.Name, "["); v.Text == "free" && !typesafePool(p, obj) {
			free[v.Name+"."] = true
		}
	}
	for _, v := range p.Values(s) {
		if obj, _, ok := strings.Cut(v.Name, "."); !ok || !free[obj+"."] {
			lines = append(lines, v.Name+"="+v.Text)
		}
	}
	for pid, pr := range p.Procs {
		lines = append(lines, fmt.Sprintf("%s.pc=%d", pr.Name(), p.PC(s, pid)))
	}
	for _, g := range p.Globals { // a pool's first slot, the object freed last, is not rendered
		if g.Type.Kind == model.TPool && !objectsMove(p, s, g.Name, groups) {
			lines = append(lines, fmt.Sprintf("%s.last=%d", g.Name, p.Get(s, g.Base)))
		}
	}
	text := strings.Join(lines, "\n")
	best := ""
	norm := map[string]string{}
	var perm func(g int, text string)
	perm = func(g int, text string) {
		if g == len(groups) {
			ls := strings.Split(text, "\n")
			for i, l := range ls { // "read-held by a, b": the order of holders is not state
				n, ok := norm[l]
				if !ok {
					n = normaliseLists(l)
					norm[l] = n
				}
				ls[i] = n
			}
			sort.Strings(ls)
			if k := strings.Join(ls, "\n"); best == "" || k < best {
				best = k
			}
			return
		}
		name, n := groupName(groups[g])
		re := instanceRE(name)
		perms := permutations(n)
		if pool, ok := strings.CutPrefix(name, "objects of "); ok {
			// a pool's objects move only where no alloc of it is reachable
			name, re = pool, instanceRE(pool)
			if !objectsMove(p, s, pool, groups) {
				perms = [][]int{identity(n)}
			}
		}
		matches := re.FindAllStringSubmatchIndex(text, -1)
		for _, pi := range perms {
			var b strings.Builder
			at := 0
			for _, m := range matches {
				i, _ := strconv.Atoi(text[m[2]:m[3]])
				b.WriteString(text[at:m[0]])
				fmt.Fprintf(&b, "%s[%d]", name, pi[i])
				at = m[1]
			}
			b.WriteString(text[at:])
			perm(g+1, b.String())
		}
	}
	perm(0, text)
	return best
}

// instanceREs caches instanceRE's expressions: compiling one per state was
// most of the symmetry tests' time.
var instanceREs sync.Map

// instanceRE matches "name[i]", capturing i.
func instanceRE(name string) *regexp.Regexp {
	if re, ok := instanceREs.Load(name); ok {
		return re.(*regexp.Regexp)
	}
	re := regexp.MustCompile(regexp.QuoteMeta(name) + `\[(\d+)\]`)
	instanceREs.Store(name, re)
	return re
}

// The rw_semaphore's queued writers ("writer queued: ") are in arrival
// order, which is state: they are not normalised; its queued readers
// ("reader queued: a, b (after w)") are a set.
var holderList = regexp.MustCompile(`^(.*?(?:by |readers: |waits for |freed when |reader queued: ))(.+?)( leave\(s\) the read-side section| \(after [^)]*\))?$`)

// rangeList matches a range_lock's value: "[0,2) write-held by w[0]; ...".
var rangeList = regexp.MustCompile(`^\[\d+,\d+\) (read|write)`)

// normaliseLists sorts the process lists inside a rendered value ("read-held
// by b, a", "readers: b, a; synchronize_rcu in x waits for b, a") and the
// "; "-separated parts, whose order follows process numbers.
func normaliseLists(line string) string {
	name, value, ok := strings.Cut(line, "=")
	if !ok {
		return line
	}
	if rangeList.MatchString(value) {
		return line // a range_lock's ranges in arrival order: the order is state
	}
	parts := strings.Split(value, "; ")
	for i, part := range parts {
		if m := holderList.FindStringSubmatch(part); m != nil {
			items := strings.Split(m[2], ", ")
			sort.Strings(items)
			parts[i] = m[1] + strings.Join(items, ", ") + m[3]
		}
	}
	sort.Strings(parts)
	return name + "=" + strings.Join(parts, "; ")
}

func groupName(g string) (string, int) {
	i := strings.IndexByte(g, '[')
	n, _ := strconv.Atoi(strings.TrimSuffix(g[i+1:], "]"))
	return g[:i], n
}

func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for pos := 0; pos <= len(p); pos++ {
			q := append(append(append([]int(nil), p[:pos]...), n-1), p[pos:]...)
			out = append(out, q)
		}
	}
	return out
}

// The symmetric search stores exactly one state per orbit, and each
// canonical form lies in its state's orbit; orbits are computed by renaming
// processes in the rendered state, not by model.Symmetry.
func TestSymmetryQuotientSize(t *testing.T) {
	for _, run := range porRuns(t) {
		sy := run.prog.Symmetry()
		if sy == nil {
			continue
		}
		states := reachable(run.prog, 3000)
		if len(states) > 3000 {
			continue
		}
		t.Run(run.name, func(t *testing.T) {
			orbits := map[string]bool{}
			for _, s := range states {
				k := orbitKey(run.prog, s, sy.Groups())
				orbits[k] = true
				c := sy.Canonical(s, nil)
				require.Equal(t, k, orbitKey(run.prog, c, sy.Groups()), "the canonical form is in the orbit")
				assert.Equal(t, c, sy.Canonical(c, nil), "canonical form is a fixed point")
			}
			r := explore(t, run.prog, explorer.Options{Symmetry: true, KeepGoing: true})
			assert.Equal(t, int64(len(orbits)), r.Stats.States)
		})
	}
}

// Symmetry (with and without reduction) keeps every violated property,
// every deadlock (up to the permutation) and every lock-order cycle.
func TestSymmetryKeepsEveryViolation(t *testing.T) {
	for _, run := range porRuns(t) {
		sy := run.prog.Symmetry()
		if sy == nil {
			continue
		}
		t.Run(run.name, func(t *testing.T) {
			full := explore(t, run.prog, explorer.Options{KeepGoing: true})
			var fullDead []string
			seen := map[string]bool{}
			for _, d := range full.Deadlocks {
				k := fmt.Sprint(sy.Canonical(d, nil))
				if !seen[k] {
					seen[k] = true
					fullDead = append(fullDead, k)
				}
			}
			sort.Strings(fullDead)
			for _, por := range []bool{false, true} {
				r := explore(t, run.prog, explorer.Options{KeepGoing: true, Symmetry: true, POR: por})
				assert.Equal(t, objectless(run.prog, propNames(full)), objectless(run.prog, propNames(r)), "por=%v", por)
				var dead []string
				for _, d := range r.Deadlocks {
					dead = append(dead, fmt.Sprint(d))
				}
				sort.Strings(dead)
				assert.Equal(t, fullDead, dead, "por=%v", por)
				assert.Equal(t, cycleNames(full), cycleNames(r), "por=%v", por)
			}
		})
	}
}

// objectless renames the objects of the pools that symmetry permutes
// ("use_after_free nodes[1]" to "use_after_free nodes[*]") and drops
// repeats: a violation found on one object stands for its renamings.
func objectless(p *model.Program, names []string) []string {
	var out []string
	for _, n := range names {
		for _, g := range p.Symmetry().Groups() {
			if pool, ok := strings.CutPrefix(g, "objects of "); ok {
				name, _ := groupName(pool)
				n = instanceRE(name).ReplaceAllString(n, name+"[*]")
			}
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

func propNames(r *explorer.Result) []string {
	var out []string
	for _, v := range r.All {
		out = append(out, string(v.Kind)+" "+v.Property)
	}
	return out
}

// Counterexamples found in the quotient are real traces: they replay on the
// plain semantics, and BFS's is as short as without symmetry.
func TestSymmetryTraces(t *testing.T) {
	for _, run := range porRuns(t) {
		if run.prog.Symmetry() == nil {
			continue
		}
		for _, search := range searches {
			for _, por := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%s/por=%v", run.name, search, por), func(t *testing.T) {
					full := explore(t, run.prog, explorer.Options{Search: search})
					r := explore(t, run.prog, explorer.Options{Search: search, Symmetry: true, POR: por})
					require.Equal(t, full.Verdict, r.Verdict)
					require.NotEmpty(t, r.Stats.Symmetry)
					if r.Verdict != explorer.Violated {
						return
					}
					replayViolation(t, run.prog, r)
					if search == explorer.BFS {
						assert.Len(t, r.Trace, len(full.Trace))
					}
				})
			}
		}
	}
}

func TestSymmetryDetection(t *testing.T) {
	for _, c := range []struct {
		name, src string
		groups    []string
	}{
		{"plain", `var x: 0..3
process p[3] { x = 1 }
process q { x = 2 }`, []string{"p[3]"}},
		{"self", `var a: [2]bool
process p[2] { a[self] = true }`, nil},
		{"named local", `process p[2] { var y: bool
 y = true }
invariant i: p[0].y => true`, nil},
		{"label", `var x: bool
process p[2] { L: x = true }
invariant i: p[1]@L => x`, nil},
		{"single", `var x: bool
process p { x = true }`, nil},
		{"locks", `mutex m
rw_semaphore s
process p[3] { mutex_lock(m); down_read(s); up_read(s); mutex_unlock(m) }`, []string{"p[3]"}},
	} {
		p := compileSpec(t, c.src)
		var got []string
		if sy := p.Symmetry(); sy != nil {
			got = sy.Groups()
		}
		assert.Equal(t, c.groups, got, c.name)
	}
}

// RCU state is per process (read-side nesting) and per process a set of
// processes (the readers a synchronize_rcu waits for): both are renamed.
func TestSymmetryRCU(t *testing.T) {
	for _, src := range []string{`
var gen: 0..3
process reader[3] { var seen: 0..3
    rcu_read_lock(); seen = gen; rcu_read_unlock()
    rcu_read_lock(); seen = gen; rcu_read_unlock() }
process updater { gen = 1; synchronize_rcu(); gen = 2 }
invariant i: gen <= 2
`, `
var gen: 0..3
process reader[2] { rcu_read_lock(); rcu_read_unlock() }
process updater[2] { rcu_read_lock(); rcu_read_unlock(); synchronize_rcu(); gen = 1 }
`} {
		p := compileSpec(t, src)
		sy := p.Symmetry()
		require.NotNil(t, sy)
		orbits := map[string]bool{}
		canonKeys := orbitKeys{}
		for _, s := range reachable(p, math.MaxInt) {
			k := orbitKey(p, s, sy.Groups())
			orbits[k] = true
			require.Equal(t, k, canonKeys.key(p, sy.Canonical(s, nil), sy.Groups()), "the canonical form is in the orbit")
		}
		r := explore(t, p, explorer.Options{Symmetry: true, KeepGoing: true})
		assert.Equal(t, int64(len(orbits)), r.Stats.States)
		full := explore(t, p, explorer.Options{KeepGoing: true})
		assert.Equal(t, propNames(full), propNames(r))
	}
}

// Pools and references under process symmetry: references are values, and
// an object that kfree_rcu freed records the readers its grace period waits
// for, a set of processes that is renamed (TestSymmetryRCU's orbit count).
func TestSymmetryPools(t *testing.T) {
	for _, src := range []string{`
struct node_t { val: 0..3 }
pool nodes[3]: node_t = [{ val: 1 }]
var head: ref nodes = nodes[0]
process reader[3] { var r: ref nodes; var v: 0..3
    rcu_read_lock(); r = head; v = r->val; rcu_read_unlock() }
process updater { var old: ref nodes; var n: ref nodes
    old = head; n = alloc(nodes); n->val = 2; head = n; kfree_rcu(old) }
`, `
struct node_t { val: 0..3; next: ref nodes }
pool nodes[3]: node_t
var head: ref nodes
process p[2] { var r: ref nodes
    r = alloc(nodes); r->next = head; head = r
    rcu_read_lock(); r = head; rcu_read_unlock()
    if r != NULL { kfree_rcu(r) } }
`, `
struct node_t { val: 0..3 }
pool nodes[2]: node_t = [{ val: 1 }]
var head: ref nodes = nodes[0]
process reader[2] { var r: ref nodes
    rcu_read_lock(); r = head; rcu_read_unlock(); rcu_read_lock(); r = head; rcu_read_unlock() }
process updater { var old: ref nodes
    old = head; head = NULL; kfree_rcu(old); old = alloc(nodes); old->val = 3; head = old }
`} {
		p := compileSpec(t, src)
		sy := p.Symmetry()
		require.NotNil(t, sy, src)
		orbits := map[string]bool{}
		canonKeys := orbitKeys{}
		pending := false
		for _, s := range reachable(p, math.MaxInt) {
			k := orbitKey(p, s, sy.Groups())
			orbits[k] = true
			pending = pending || strings.Contains(k, "kfree_rcu: freed when")
			require.Equal(t, k, canonKeys.key(p, sy.Canonical(s, nil), sy.Groups()), "the canonical form is in the orbit")
		}
		require.True(t, pending, "some object waits for a grace period\n%s", src)
		r := explore(t, p, explorer.Options{Symmetry: true, KeepGoing: true})
		assert.Equal(t, int64(len(orbits)), r.Stats.States, src)
		full := explore(t, p, explorer.Options{KeepGoing: true})
		assert.Equal(t, objectless(p, propNames(full)), objectless(p, propNames(r)))
		assert.Less(t, r.Stats.States, full.Stats.States)
	}
}

// Counted by hand: two threads each allocate one object of two. Plainly 5
// states: the start; p[0] alone has object 0, or p[1] alone has it; both
// done, p[0] with 0 and p[1] with 1, or the other way round. The two "one
// done" states and the two "both done" states are renamings: 3 orbits.
func TestSymmetryPoolsByHand(t *testing.T) {
	p := compileSpec(t, `struct node_t { val: 0..3 }
pool nodes[2]: node_t
process p[2] { var r: ref nodes
    r = alloc(nodes) }
`)
	assert.Equal(t, int64(5), explore(t, p, explorer.Options{}).Stats.States)
	r := explore(t, p, explorer.Options{Symmetry: true})
	assert.Equal(t, int64(3), r.Stats.States)
	assert.Equal(t, []string{"p[2]", "objects of nodes[2]"}, r.Stats.Symmetry)
}

// TestSymmetryNamesTraceProcess: with symmetry the canonical graph's
// violating step may be another instance's; the violation must name the
// process whose step ends the concrete trace (issue 9, item 3).
func TestSymmetryNamesTraceProcess(t *testing.T) {
	for _, src := range []string{
		`process p[2] { while true { assert false } }`,
		`process p[3] { var n: 0..1; n = 1; assert false }`,
		`mutex m; process p[2] { mutex_lock(m) }`, // lock_held_at_exit names the instance too
	} {
		p := compileSpec(t, src)
		for _, o := range []explorer.Options{{Symmetry: true}, {Symmetry: true, POR: true},
			{Symmetry: true, Search: explorer.DFS}, {Symmetry: true, POR: true, Search: explorer.DFS}} {
			r := explore(t, p, o)
			require.Equal(t, explorer.Violated, r.Verdict)
			require.NotEmpty(t, r.Trace)
			last := r.Trace[len(r.Trace)-1].Trans
			assert.Equal(t, int(last.Pid), r.Violation.Pid, "%+v: %s", o, src)
			if r.Violation.Kind == model.KindLockHeldAtExit {
				assert.Contains(t, r.Violation.Msg, p.Procs[last.Pid].Name()+" ends holding", "%+v", o)
			}
			replayViolation(t, p, r)
		}
	}
}

func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func typesafePool(p *model.Program, name string) bool {
	for _, g := range p.Globals {
		if g.Name == name && g.Type.Kind == model.TPool {
			return g.Type.Typesafe
		}
	}
	return false
}

// objectsMove reports whether the symmetry permutes pool's objects in s: it
// is one of the groups and no process can reach an alloc of it, by a walk
// over each process's nodes from its pc (the test's own, not the model's
// reachability sets).
func objectsMove(p *model.Program, s []uint64, pool string, groups []string) bool {
	listed := false
	for _, g := range groups {
		listed = listed || strings.HasPrefix(g, "objects of "+pool+"[")
	}
	if !listed {
		return false
	}
	base := -1
	for _, g := range p.Globals {
		if g.Name == pool {
			base = g.Base
		}
	}
	for pid, pr := range p.Procs {
		nodes := pr.Type.Nodes
		seen := map[int]bool{}
		stack := []int{p.PC(s, pid)}
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if n < 0 || n >= len(nodes) || seen[n] {
				continue
			}
			seen[n] = true
			nd := nodes[n]
			if nd.Kind == model.NSync && nd.Op == model.OpAlloc && nd.Obj.Base == base {
				return false
			}
			if nd.Kind != model.NEnd {
				stack = append(stack, nd.Next, nd.Else)
			}
			stack = append(stack, nd.Targets...)
		}
	}
	return true
}

// orbitKeys remembers orbitKey per state: many states share a canonical form.
type orbitKeys map[string]string

func (m orbitKeys) key(p *model.Program, s []uint64, groups []string) string {
	id := fmt.Sprint(s)
	if k, ok := m[id]; ok {
		return k
	}
	k := orbitKey(p, s, groups)
	m[id] = k
	return k
}
