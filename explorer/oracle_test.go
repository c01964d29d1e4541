package explorer_test

import (
	"encoding/binary"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/internal/testlong"
	"mcheck/model"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// The oracle: a deliberately naive search, written apart from the explorer
// and sharing none of its code. It uses only the model's public step API
// (Enabled, Step, CheckInvariants, AllFinished), a Go map of states and a
// plain queue. A violating state or step ends its path, as in the explorer.

type oracleResult struct {
	states         int
	transitions    int
	depth          int             // the largest BFS depth of a state
	found          map[string]bool // violation classes reachable, see class*
	deadlocks      map[string]bool // keys of the deadlocked states
	deadlockStates [][]uint64      // the same states
}

func key(s []uint64) string {
	b := make([]byte, 8*len(s))
	for i, w := range s {
		binary.LittleEndian.PutUint64(b[8*i:], w)
	}
	return string(b)
}

func classState(v *model.Violation) string { return fmt.Sprintf("state %s %s", v.Kind, v.Property) }
func classStep(v *model.Violation) string  { return fmt.Sprintf("step %s %s", v.Kind, v.Property) }

const classDeadlock = "deadlock"

func oracle(t *testing.T, p *model.Program) oracleResult {
	t.Helper()
	return oracleSearch(t, p, false)
}

// oracleSearch is the oracle; with pastInvariants it also expands states
// that break an invariant (as Options.KeepGoing does).
func oracleSearch(t *testing.T, p *model.Program, pastInvariants bool) oracleResult {
	t.Helper()
	m := p.NewMachine()
	r := oracleResult{found: map[string]bool{}, deadlocks: map[string]bool{}}
	init := p.Initial()
	depth := map[string]int{key(init): 0}
	queue := [][]uint64{init}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		d := depth[key(s)]
		r.depth = max(r.depth, d)
		if v := m.CheckInvariants(s); v != nil {
			r.found[classState(v)] = true
			if !pastInvariants {
				continue
			}
		}
		ts := m.Enabled(s)
		if len(ts) == 0 && !p.AllFinished(s) {
			r.found[classDeadlock] = true
			r.deadlocks[key(s)] = true
			r.deadlockStates = append(r.deadlockStates, s)
		}
		if len(ts) > 0 && m.WaitCycle(s) != nil {
			r.found[classDeadlock] = true // processes waiting on each other's locks
		}
		for _, tr := range ts {
			r.transitions++
			next, v, ok := m.Step(s, tr)
			require.True(t, ok, "Step refused a step Enabled listed")
			if v != nil {
				r.found[classStep(v)] = true
				continue
			}
			if _, seen := depth[key(next)]; !seen {
				depth[key(next)] = d + 1
				queue = append(queue, next)
			}
		}
	}
	r.states = len(depth)
	return r
}

// violationWithin reports whether some violation is reachable in at most
// limit steps, by depth-limited DFS. best remembers the largest budget a
// state was already searched with, so each limit costs O(states*edges).
func violationWithin(p *model.Program, m *model.Machine, limit int) bool {
	best := map[string]int{}
	var dfs func(s []uint64, budget int) bool
	dfs = func(s []uint64, budget int) bool {
		k := key(s)
		if b, ok := best[k]; ok && b >= budget {
			return false
		}
		best[k] = budget
		if m.CheckInvariants(s) != nil {
			return true
		}
		ts := m.Enabled(s)
		if len(ts) == 0 {
			return !p.AllFinished(s)
		}
		if m.WaitCycle(s) != nil {
			return true
		}
		if budget == 0 {
			return false
		}
		for _, tr := range ts {
			next, v, _ := m.Step(s, tr)
			if v != nil || dfs(next, budget-1) {
				return true
			}
		}
		return false
	}
	return dfs(p.Initial(), limit)
}

// shortestViolation is the minimum number of steps to any violation, found
// by iterative deepening.
func shortestViolation(t *testing.T, p *model.Program, maxLen int) int {
	t.Helper()
	m := p.NewMachine()
	for limit := 0; limit <= maxLen; limit++ {
		if violationWithin(p, m, limit) {
			return limit
		}
	}
	t.Fatalf("no violation within %d steps", maxLen)
	return -1
}

// replay re-runs a counterexample with Machine.Step from the initial state
// and returns the class of the violation it ends in. Every intermediate
// state must be violation-free: otherwise the trace would have ended there.
func replay(t *testing.T, p *model.Program, r *explorer.Result) string {
	t.Helper()
	m := p.NewMachine()
	s := p.Initial()
	require.Equal(t, s, r.Initial, "Result.Initial")
	for i, st := range r.Trace {
		require.Nil(t, m.CheckInvariants(s), "state before step %d breaks an invariant", i)
		next, v, ok := m.Step(s, st.Trans)
		require.True(t, ok, "step %d (%+v) is not enabled", i, st.Trans)
		require.Equal(t, next, st.State, "state after step %d", i)
		s = next
		if v != nil {
			require.Equal(t, len(r.Trace)-1, i, "step %d commits %v before the trace ends", i, v)
			assert.Equal(t, v.Kind, r.Violation.Kind)
			assert.Equal(t, v.Property, r.Violation.Property)
			return classStep(v)
		}
	}
	if v := m.CheckInvariants(s); v != nil {
		assert.Equal(t, v.Kind, r.Violation.Kind)
		assert.Equal(t, v.Property, r.Violation.Property)
		return classState(v)
	}
	require.Equal(t, model.KindDeadlock, r.Violation.Kind, "the trace ends in no violation")
	if len(m.Enabled(s)) > 0 {
		require.NotNil(t, m.WaitCycle(s), "deadlock trace ends with a step enabled and no wait-for cycle")
		require.Equal(t, m.BlockedProcs(s), r.Blocked)
		return classDeadlock
	}
	require.False(t, p.AllFinished(s), "deadlock trace ends with every process finished")
	require.Equal(t, m.BlockedProcs(s), r.Blocked)
	require.NotEmpty(t, r.Blocked)
	return classDeadlock
}

// TestAgainstOracle compares the explorer, BFS and DFS, with the naive
// search on every catalogue spec and every example, at every setting their
// expect: lines use.
func TestAgainstOracle(t *testing.T) {
	for _, run := range allRuns(t) {
		t.Run(run.name, func(t *testing.T) {
			o := oracle(t, run.prog)
			for _, search := range searches {
				r := explore(t, run.prog, explorer.Options{Search: search})
				require.NotEqual(t, explorer.Incomplete, r.Verdict, "%s: no budget was set", search)
				if len(o.found) == 0 {
					require.Equal(t, explorer.Holds, r.Verdict, "%s: the oracle finds no violation; explorer: %v", search, r.Violation)
					assert.Equal(t, int64(o.states), r.Stats.States, "%s states", search)
					assert.Equal(t, int64(o.transitions), r.Stats.Transitions, "%s transitions", search)
					if search == explorer.BFS {
						assert.Equal(t, o.depth, r.Stats.MaxDepth, "BFS depth")
					}
					continue
				}
				require.Equal(t, explorer.Violated, r.Verdict, "%s: the oracle finds %v", search, o.found)
				class := replay(t, run.prog, r)
				assert.True(t, o.found[class], "%s reports %q, the oracle finds only %v", search, class, o.found)
				assert.LessOrEqual(t, r.Stats.States, int64(o.states), "%s stored more states than exist", search)
			}
		})
	}
}

// TestBFSTraceIsShortest checks that BFS's counterexample is as short as the
// shortest violation iterative deepening finds, on every violating spec.
func TestBFSTraceIsShortest(t *testing.T) {
	violating := 0
	for _, run := range allRuns(t) {
		if run.expect.Verdict == "holds" {
			continue
		}
		violating++
		t.Run(run.name, func(t *testing.T) {
			r := explore(t, run.prog, explorer.Options{Search: explorer.BFS})
			require.Equal(t, explorer.Violated, r.Verdict)
			want := shortestViolation(t, run.prog, 200)
			assert.Equal(t, want, len(r.Trace), "BFS trace length")
		})
	}
	require.Greater(t, violating, 10)
}

var (
	statesRE   = regexp.MustCompile(`^//\s*states:\s*(\d+)`)
	statesAtRE = regexp.MustCompile(`(\d+) at ([A-Za-z_][A-Za-z0-9_]*)=(\d+)`)
)

// handCounts reads an example's hand-derived `// states: N` comment (with its
// continuation lines): N for the default constants, or "N at K=V" pairs.
func handCounts(src []byte) (plain int, at map[string]int, ok bool) {
	lines := strings.Split(string(src), "\n")
	for i, l := range lines {
		m := statesRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		text := l
		for _, c := range lines[i+1:] {
			if !strings.HasPrefix(c, "//  ") {
				break
			}
			text += " " + c
		}
		at = map[string]int{}
		for _, a := range statesAtRE.FindAllStringSubmatch(text, -1) {
			n, _ := strconv.Atoi(a[1])
			at[a[2]+"="+a[3]] = n
		}
		plain, _ = strconv.Atoi(m[1])
		return plain, at, true
	}
	return 0, nil, false
}

// TestExampleHandCounts checks the hand-derived state counts of the examples
// and of explorer/testdata against the oracle and the explorer: three ways to
// the same number.
func TestExampleHandCounts(t *testing.T) {
	checked := 0
	for _, run := range append(runs(t, exampleSources(t)), runs(t, testdataSources(t))...) {
		plain, at, ok := handCounts(run.src)
		if !ok {
			continue
		}
		want := plain
		if len(at) > 0 {
			want = -1
			for _, c := range run.prog.Consts {
				if n, ok := at[c.Name+"="+strconv.FormatInt(c.Value, 10)]; ok {
					want = n
				}
			}
			if want < 0 {
				continue
			}
		}
		checked++
		t.Run(run.name, func(t *testing.T) {
			assert.Equal(t, want, oracle(t, run.prog).states, "oracle")
			if run.expect.Verdict == "holds" {
				r := explore(t, run.prog, explorer.Options{})
				assert.Equal(t, int64(want), r.Stats.States, "explorer")
			}
		})
	}
	require.Greater(t, checked, 30)
}

// TestKeepGoingAgainstOracle checks Options.KeepGoing, the ground truth of
// the reduction's differential tests, against the oracle that also expands
// states breaking an invariant: the same states and transitions, the same
// violated properties and the same deadlock states.
func TestKeepGoingAgainstOracle(t *testing.T) {
	for _, run := range allRuns(t) {
		t.Run(run.name, func(t *testing.T) {
			o := oracleSearch(t, run.prog, true)
			want := keepGoingClasses(o.found)
			for _, search := range searches {
				r := explore(t, run.prog, explorer.Options{Search: search, KeepGoing: true})
				var got []string
				for _, v := range r.All {
					got = append(got, string(v.Kind)+" "+v.Property)
				}
				assert.Equal(t, want, got, "%s: violated properties", search)
				dead := map[string]bool{}
				for _, d := range r.Deadlocks {
					dead[key(d)] = true
				}
				assert.Equal(t, o.deadlocks, dead, "%s: deadlock states", search)
				assert.Equal(t, int64(o.states), r.Stats.States, "%s states", search)
				assert.Equal(t, int64(o.transitions), r.Stats.Transitions, "%s transitions", search)
				if len(want) == 0 {
					assert.Equal(t, explorer.Holds, r.Verdict)
				} else {
					assert.Equal(t, explorer.Violated, r.Verdict)
				}
			}
		})
	}
}

// TestDropNoRescanShortest pins the shortest counterexample of
// drop-no-rescan, derived by hand from the spec: fault[0] takes mmap_lock
// for read, tests cur.present, remembers id = 1 and drops the lock (4
// steps); remap takes it for write (free, 1 step), unmaps, maps VMA 2 and
// releases it (3); fault[0] runs ->fault (skip), retakes the lock and
// installs a PTE for VMA 1 (3): 11 steps. Nothing shorter: the fault must
// read cur.id before the remap and install after it, and while remap holds
// the write lock no fault can install.
func TestDropNoRescanShortest(t *testing.T) {
	src, filename, ok := protocols.Source("drop-no-rescan")
	require.True(t, ok)
	res, err := compile.Compile(filename, src, compile.Options{})
	require.NoError(t, err)
	p := res.Program
	require.Equal(t, 11, shortestViolation(t, p, 50))
	r := explore(t, p, explorer.Options{Search: explorer.BFS})
	require.Equal(t, explorer.Violated, r.Verdict)
	require.Equal(t, "no_stale_mapping", r.Violation.Property)
	require.Len(t, r.Trace, 11)
	replay(t, p, r)
}

// TestAgainstOracleScaled repeats the oracle comparison on the catalogue
// with three faults and two remaps, graphs of 4,000 to 61,000 states: a
// long sweep (MCHECK_LONG=1).
func TestAgainstOracleScaled(t *testing.T) {
	testlong.Skip(t)
	if testing.Short() {
		t.Skip("larger graphs")
	}
	for _, s := range catalogueSources(t) {
		base, err := compile.Compile(s.filename, s.src, compile.Options{})
		require.NoError(t, err)
		set := map[string]int64{}
		for _, c := range base.Program.Consts {
			switch c.Name {
			case "FAULTS":
				set[c.Name] = 3
			case "REMAPS":
				set[c.Name] = 2
			}
		}
		res, err := compile.Compile(s.filename, s.src, compile.Options{Set: set})
		require.NoError(t, err)
		t.Run(s.name, func(t *testing.T) {
			p := res.Program
			o := oracle(t, p)
			for _, search := range searches {
				r := explore(t, p, explorer.Options{Search: search})
				if len(o.found) == 0 {
					require.Equal(t, explorer.Holds, r.Verdict, "%s: %v", search, r.Violation)
					assert.Equal(t, int64(o.states), r.Stats.States, "%s states", search)
					assert.Equal(t, int64(o.transitions), r.Stats.Transitions, "%s transitions", search)
					continue
				}
				require.Equal(t, explorer.Violated, r.Verdict, "%s: the oracle finds %v", search, o.found)
				class := replay(t, p, r)
				assert.True(t, o.found[class], "%s reports %q, the oracle finds %v", search, class, o.found)
			}
		})
	}
}
