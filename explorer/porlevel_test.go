package explorer_test

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/internal/testlong"
	"mcheck/model"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// The per-level choice (porprefix.go): past the exact prefix a BFS level is
// reduced only when the stubborn sets of a sample of its states prune
// enough steps. The tests shrink the prefix to 64 states so that small specs
// get past it, and force the choice both ways (SetPORMinPruned 2: every
// level past the prefix fully expanded; 0: every level reduced) besides the
// default threshold, which mixes fully expanded and reduced levels in one
// search.

// resumeLimit bounds the states of a search that the tests interrupt and
// resume: checkResume allows 1,000 interruptions, a few batches apart.
const resumeLimit = 20000

// levelThresholds are the thresholds the tests search with.
var levelThresholds = []struct {
	name string
	min  float64
}{{"never full", 0}, {"default", explorer.DefaultPORMinPruned}, {"always full", 2}}

// TestPORLevelChoice: random specs past a prefix of 64 states under the
// default threshold and two others, where searches mix fully expanded and reduced levels:
// the parallel and resumed searches make the serial search's choice at
// every level (the same counts, LevelsFull included). The verdicts under
// each threshold are TestPORExactPrefix's.
func TestPORLevelChoice(t *testing.T) {
	defer explorer.SetPORPrefix(64)()
	defer explorer.SetPORMinPruned(explorer.DefaultPORMinPruned)()
	defer explorer.SetBlocks(8, 2)()
	rng := rand.New(rand.NewSource(5))
	mixed, resumes := 0, 0
	// Thresholds around the default put different levels near the line,
	// where a choice that read anything but the level's states would flip.
	thresholds := []float64{explorer.DefaultPORMinPruned, 0.2, 0.25, 0.35, 0.4, 0.45, 0.5}
	// A violation past the prefix, which an interruption may end while the
	// search finishes its level: the levels after it must not be decided.
	progs := []specRun{{name: "vm-fault-retry-always FAULTS=3", prog: catalogueProgram(t, "vm-fault-retry-always", 3)}}
	for seed := int64(0); seed < int64(testlong.Count(8, 120)); seed++ {
		progs = append(progs, specRun{name: fmt.Sprint("random ", 100+seed), prog: randomProgram(t, 100+seed)})
	}
	for seed, run := range progs {
		p := run.prog
		o := explorer.Options{POR: true, MaxStates: 100000}
		if r := explore(t, p, o); r.Stats.States > int64(testlong.Count(6000, resumeLimit)) {
			continue // the resumes would dominate the package's time
		}
		for k := 0; k < 2; k++ {
			th := thresholds[(2*seed+k)%len(thresholds)]
			explorer.SetPORMinPruned(th) // undone by the defer above
			name := fmt.Sprintf("%s threshold %.2f", run.name, th)
			o.Workers = 1
			if r := explore(t, p, o); r.Stats.LevelsFull > 0 && r.Stats.Reduced > 0 {
				mixed++
			}
			checkParallel(t, name, p, o)
			o.Workers = 1 + (seed+k)%3
			resumes += checkResume(t, name, p, o, rng)
		}
	}
	t.Logf("searches that mixed fully expanded and reduced levels: %d; resumes: %d", mixed, resumes)
	require.Greater(t, mixed, 2, "the default threshold rarely mixed levels: the choice went untested")
	require.Greater(t, resumes, 20)
}

// catalogueProgram compiles a catalogue spec with FAULTS set.
func catalogueProgram(t *testing.T, name string, faults int64) *model.Program {
	t.Helper()
	src, file, ok := protocols.Source(name)
	require.True(t, ok, name)
	res, err := compile.Compile(file, src, compile.Options{Set: map[string]int64{"FAULTS": faults}})
	require.NoError(t, err, name)
	return res.Program
}

// checkLevelResult requires red (POR on) to agree with full (POR off): the
// verdict, and for a violation a replayable trace of the shortest length,
// proven shortest.
func checkLevelResult(t *testing.T, name string, p *model.Program, full, red *explorer.Result) {
	t.Helper()
	require.Equal(t, full.Verdict, red.Verdict, name)
	if full.Verdict != explorer.Violated {
		return
	}
	replayViolation(t, p, red)
	require.Len(t, red.Trace, len(full.Trace), name)
	require.True(t, red.Shortest, name)
}

// TestPORLevelAgainstOracle: random specs under each threshold against the
// naive oracle (oracle_test.go), with and without KeepGoing (which has no
// exact prefix, so the choice starts at depth 0): the violated properties,
// the deadlock states and, with every level fully expanded, the oracle's
// state and transition counts.
func TestPORLevelAgainstOracle(t *testing.T) {
	defer explorer.SetPORPrefix(64)()
	defer explorer.SetPORMinPruned(explorer.DefaultPORMinPruned)()
	rng := rand.New(rand.NewSource(11))
	n := testlong.Count(40, 600)
	for i := 0; i < n; i++ {
		src := randomSpec(rng)
		res, err := compile.Compile("random.mc", []byte(src), compile.Options{})
		require.NoError(t, err)
		p := res.Program
		first := oracle(t, p)
		if first.states > maxRandomStates {
			continue
		}
		all := oracleSearch(t, p, true)
		for _, th := range levelThresholds {
			explorer.SetPORMinPruned(th.min) // undone by the defer above
			name := fmt.Sprintf("spec %d (%s)\n%s", i, th.name, src)
			r := explore(t, p, explorer.Options{POR: true})
			if len(first.found) == 0 {
				require.Equal(t, explorer.Holds, r.Verdict, name)
			} else {
				require.Equal(t, explorer.Violated, r.Verdict, name)
				require.True(t, first.found[replay(t, p, r)], name)
			}
			k := explore(t, p, explorer.Options{POR: true, KeepGoing: true})
			var got []string
			for _, v := range k.All {
				got = append(got, string(v.Kind)+" "+v.Property)
			}
			require.Equal(t, keepGoingClasses(all.found), got, name)
			dead := map[string]bool{}
			for _, d := range k.Deadlocks {
				dead[key(d)] = true
			}
			require.Equal(t, all.deadlocks, dead, name)
			if th.min > 1 {
				require.Equal(t, int64(all.states), k.Stats.States, name)
				require.Equal(t, int64(all.transitions), k.Stats.Transitions, name)
				if len(first.found) == 0 {
					require.Equal(t, int64(first.states), r.Stats.States, name)
				}
			}
		}
	}
}
