package explorer_test

import (
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/internal/testlong"
	"mcheck/model"
	"mcheck/specs/compile"
)

// Random specs, compared with the oracle: every search configuration must
// agree with it on the verdict, the unreduced ones on the state and
// transition counts too, and every counterexample must replay.

type specGen struct {
	rng   *rand.Rand
	b     strings.Builder
	depth int
}

func (g *specGen) pick(xs ...string) string { return xs[g.rng.Intn(len(xs))] }

func (g *specGen) line(indent int, format string, args ...any) {
	g.b.WriteString(strings.Repeat("    ", indent))
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

// simple is a statement that never blocks. Unbalanced unlocks are rare, so
// that most specs are not cut short by a misuse.
func (g *specGen) simple() string {
	if g.rng.Intn(12) == 0 {
		return g.pick("mutex_unlock(m)", "up_read(l)", "up_write(l)")
	}
	return g.pick(
		"x = (x + 1) % 4", "x = y", "y = (y + 1) % 4", "y = (y + self + 1) % 4", "f = !f", "x = 0",
		"t = x", "x = t", "f = x == y", "skip",
		"ok = mutex_trylock(m)", "ok = down_read_trylock(l)", "ok = down_write_trylock(l)",
	)
}

// blocking is a statement that may block; a lock taken is mostly released
// in the same statement list.
func (g *specGen) blocking() string {
	if g.rng.Intn(6) == 0 {
		return g.pick("mutex_lock(m)", "down_read(l)", "down_write(l)")
	}
	return g.pick("await f", "await x == 2", "await !f", "await x != y",
		"mutex_lock(m); "+g.simple()+"; mutex_unlock(m)",
		"down_read(l); "+g.simple()+"; up_read(l)",
		"down_write(l); "+g.simple()+"; up_write(l)")
}

func (g *specGen) cond() string {
	return g.pick("x == 1", "f", "x < y", "ok", "t != x", "mutex_is_locked(m)")
}

func (g *specGen) block(indent, n int) {
	for i := 0; i < n; i++ {
		g.stmt(indent)
	}
}

func (g *specGen) stmt(indent int) {
	k := g.rng.Intn(20)
	if g.depth >= 2 && k >= 14 {
		k = g.rng.Intn(14)
	}
	switch {
	case k < 6:
		g.line(indent, "%s", g.simple())
	case k < 10:
		g.line(indent, "%s", g.blocking())
	case k < 11:
		g.line(indent, "assert %s", g.pick("x != 3", "!(f && ok)", "y != 2"))
	case k < 14:
		g.line(indent, "%s; %s", g.blocking(), g.simple())
	default:
		g.depth++
		switch k {
		case 14, 15:
			g.line(indent, "if %s {", g.cond())
			g.block(indent+1, 1+g.rng.Intn(2))
			g.line(indent, "} else {")
			g.block(indent+1, g.rng.Intn(2))
			g.line(indent, "}")
		case 16, 17:
			g.line(indent, "either {")
			g.block(indent+1, 1+g.rng.Intn(2))
			g.line(indent, "} or {")
			g.block(indent+1, 1+g.rng.Intn(2))
			g.line(indent, "}")
		case 18:
			first := g.simple()
			if g.rng.Intn(2) == 0 {
				first = g.pick("mutex_lock(m)", "down_read(l)", "await f", "await x == 2")
			}
			g.line(indent, "atomic { %s; %s; %s }", first, g.simple(), g.simple())
		default:
			g.line(indent, "while x < 3 {")
			g.line(indent+1, "x = x + 1")
			g.block(indent+1, g.rng.Intn(2))
			g.line(indent, "}")
		}
		g.depth--
	}
}

// randomSpec writes 2 or 3 process declarations (one of them possibly an
// array of 2 instances) over a few shared variables, a mutex and an
// rw_semaphore, and sometimes an invariant.
func randomSpec(rng *rand.Rand) string {
	g := &specGen{rng: rng}
	g.line(0, "var x: 0..3\nvar y: 0..3\nvar f: bool\nmutex m\nrw_semaphore l")
	procs := 2 + rng.Intn(2)
	for i := 0; i < procs; i++ {
		count := ""
		if i == 0 && rng.Intn(3) == 0 {
			count = "[2]"
		}
		g.line(0, "process p%d%s {", i, count)
		g.line(1, "var t: 0..3\n    var ok: bool")
		g.block(1, 1+rng.Intn(4))
		g.line(0, "}")
	}
	if rng.Intn(2) == 0 {
		g.line(0, "invariant inv: %s", g.pick("!(x == 3 && f)", "x != y || x == 0", "!(f && mutex_is_locked(m))"))
	}
	return g.b.String()
}

type searchConfig struct {
	name string
	opts explorer.Options
	full bool // unreduced: counts must match the oracle's
}

// canonical maps a state to its symmetry orbit's representative when the
// search used symmetry (deadlock states are then kept up to permutation).
func canonical(p *model.Program, o explorer.Options, s []uint64) []uint64 {
	if sy := p.Symmetry(); o.Symmetry && sy != nil {
		return sy.Canonical(s, nil)
	}
	return s
}

var randomConfigs = []searchConfig{
	{"bfs", explorer.Options{Search: explorer.BFS}, true},
	{"dfs", explorer.Options{Search: explorer.DFS}, true},
	{"bfs+por", explorer.Options{Search: explorer.BFS, POR: true}, false},
	{"dfs+por", explorer.Options{Search: explorer.DFS, POR: true}, false},
	{"bfs+symmetry", explorer.Options{Search: explorer.BFS, Symmetry: true}, false},
	{"dfs+por+symmetry", explorer.Options{Search: explorer.DFS, POR: true, Symmetry: true}, false},
}

// keepGoingClasses renders an oracle's found set as Result.All does:
// "kind property", sorted, each once.
func keepGoingClasses(found map[string]bool) []string {
	var out []string
	for c := range found {
		if c == classDeadlock {
			c = "deadlock deadlock"
		} else {
			c = c[strings.IndexByte(c, ' ')+1:]
		}
		out = append(out, c)
	}
	sort.Strings(out)
	return slices.Compact(out) // "state range range" and "step range range" are one
}

func checkRandomSpec(t *testing.T, src string) {
	res, err := compile.Compile("random.mc", []byte(src), compile.Options{})
	require.NoError(t, err, src)
	p := res.Program
	o := oracle(t, p)
	if o.states > maxRandomStates {
		t.Skipf("%d states", o.states)
	}
	for _, c := range randomConfigs {
		r := explore(t, p, c.opts)
		if len(o.found) == 0 {
			require.Equal(t, explorer.Holds, r.Verdict, "%s: %v\n%s", c.name, r.Violation, src)
			if c.full {
				require.Equal(t, int64(o.states), r.Stats.States, "%s states\n%s", c.name, src)
				require.Equal(t, int64(o.transitions), r.Stats.Transitions, "%s transitions\n%s", c.name, src)
			}
			continue
		}
		require.Equal(t, explorer.Violated, r.Verdict, "%s: the oracle finds %v\n%s", c.name, o.found, src)
		class := replay(t, p, r)
		require.True(t, o.found[class], "%s reports %q; the oracle finds %v\n%s", c.name, class, o.found, src)
	}
	// With KeepGoing, the whole graph: reduction must keep every violated
	// property and every deadlock state; unreduced searches count it all.
	all := oracleSearch(t, p, true)
	want := keepGoingClasses(all.found)
	for _, c := range randomConfigs {
		o := c.opts
		o.KeepGoing = true
		r := explore(t, p, o)
		var got []string
		for _, v := range r.All {
			got = append(got, string(v.Kind)+" "+v.Property)
		}
		assert.Equal(t, want, got, "%s KeepGoing: violated properties\n%s", c.name, src)
		dead, wantDead := map[string]bool{}, map[string]bool{}
		for _, d := range r.Deadlocks {
			dead[key(canonical(p, c.opts, d))] = true
		}
		for _, d := range all.deadlockStates {
			wantDead[key(canonical(p, c.opts, d))] = true
		}
		assert.Equal(t, wantDead, dead, "%s KeepGoing: deadlock states\n%s", c.name, src)
		if c.full {
			assert.Equal(t, int64(all.states), r.Stats.States, "%s KeepGoing states\n%s", c.name, src)
			assert.Equal(t, int64(all.transitions), r.Stats.Transitions, "%s KeepGoing transitions\n%s", c.name, src)
		}
	}
}

// maxRandomStates skips the few large random graphs, which would dominate
// the run time without adding shapes.
const maxRandomStates = 4000

// The first 150 specs of the stream from seed 1, or 2,000 under
// MCHECK_LONG=1.
func TestRandomSpecsAgainstOracle(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	n := testlong.Count(150, 2000)
	if testing.Short() {
		n = 50
	}
	for i := 0; i < n; i++ {
		src := randomSpec(rng)
		if !t.Run(fmt.Sprint(i), func(t *testing.T) { checkRandomSpec(t, src) }) {
			t.Logf("spec %d:\n%s", i, src)
			break
		}
	}
}
