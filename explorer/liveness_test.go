package explorer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/internal/randspec"
	"mcheck/internal/testlong"
	"mcheck/model"
	"mcheck/specs/compile"
)

func compileFile(t *testing.T, path string) *model.Program {
	t.Helper()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	res, err := compile.Compile(path, src, compile.Options{})
	require.NoError(t, err)
	return res.Program
}

// liveChecks lists every liveness question of p: each property, then starvation.
func liveChecks(p *model.Program) []explorer.LiveCheck {
	var out []explorer.LiveCheck
	for i := range p.Liveness {
		out = append(out, explorer.LiveCheck{Property: i})
	}
	return append(out, explorer.LiveCheck{Starvation: true})
}

func checkName(p *model.Program, c explorer.LiveCheck) string {
	if c.Starvation {
		return "starvation"
	}
	return p.Liveness[c.Property].Name
}

// The verdicts of the liveness examples, each reasoned out by hand in the
// spec's comments.
func TestLivenessExamples(t *testing.T) {
	weak, strong, none := model.FairWeak, model.FairStrong, model.FairNone
	for _, tc := range []struct {
		file  string
		fair  *model.Fairness
		check string // property name or "starvation"
		want  explorer.Verdict
	}{
		{"retry-forever.mc", nil, "fault_done", explorer.Violated},
		{"retry-forever.mc", nil, "retry_completes[fault]", explorer.Violated},
		{"retry-forever.mc", nil, "starvation", explorer.Violated},
		{"retry-bounded.mc", nil, "fault_done", explorer.Holds},
		{"retry-bounded.mc", nil, "retry_completes[fault]", explorer.Holds},
		{"retry-bounded.mc", nil, "starvation", explorer.Holds},
		{"retry-bounded.mc", &none, "fault_done", explorer.Violated},
		{"retry-bounded.mc", &strong, "fault_done", explorer.Holds},
		{"retry-bounded.mc", &weak, "fault_done", explorer.Holds},
		{"spin-wait.mc", nil, "flag_seen", explorer.Violated},
		{"spin-wait.mc", &strong, "flag_seen", explorer.Holds},
		{"writer-waits.mc", nil, "starvation", explorer.Holds},
		{"writer-waits.mc", nil, "writer_done", explorer.Holds},
		// Lock fairness for the waits of locks without hand-off.
		{"queued-writers.mc", nil, "once_done", explorer.Holds},
		{"queued-writers.mc", nil, "once_rp_done", explorer.Holds},
		{"queued-writers.mc", &none, "once_done", explorer.Violated},
		{"ends-early.mc", nil, "x_set", explorer.Violated},
		// Found by the SPIN cross-check (promela/liveness_test.go): a side
		// whose evaluation commits a violation counts as false.
		{"bad-index-side.mc", nil, "reads_past_end", explorer.Violated},
		// Partial-order reduction under mixed fairness: the step of a
		// process without fairness that enables one with fairness is visible.
		{"lazy-setter.mc", nil, "waiter_done", explorer.Violated},
		{"lazy-setter.mc", &strong, "waiter_done", explorer.Holds},
		{"lazy-setter.mc", &none, "waiter_done", explorer.Violated},
		{"lazy-progress.mc", nil, "starvation", explorer.Violated},
		{"lazy-progress.mc", &weak, "starvation", explorer.Holds},
		// Symmetry reduction: workers without fairness, properties that
		// name no worker.
		{"sym-workers.mc", nil, "set_done", explorer.Holds},
		{"sym-workers.mc", nil, "wraps", explorer.Holds},
		{"sym-workers.mc", nil, "three", explorer.Violated},
		{"sym-workers.mc", &none, "set_done", explorer.Violated},
	} {
		t.Run(fmt.Sprintf("%s/%s/%v", tc.file, tc.check, tc.fair), func(t *testing.T) {
			p := compileFile(t, filepath.Join("testdata/live", tc.file))
			var found bool
			for _, c := range liveChecks(p) {
				if checkName(p, c) != tc.check {
					continue
				}
				found = true
				want, ok := oracleLive(p, c, tc.fair, 5000)
				require.True(t, ok)
				require.Equal(t, want, tc.want == explorer.Violated, "the oracle disagrees")
				for _, red := range liveReductions {
					o := red.opts
					o.Fairness = tc.fair
					r, err := explorer.ExploreLiveness(p, c, o)
					require.NoError(t, err)
					require.Equal(t, tc.want, r.Verdict, "%s: %+v", red.name, r.Violation)
					if r.Verdict == explorer.Violated {
						validateLasso(t, p, c, tc.fair, r)
					}
				}
			}
			require.True(t, found, "no check %s", tc.check)
		})
	}
}

// validateLasso replays a counterexample from the initial state and checks,
// from the definitions, that it is one: every step enabled, the obligation
// pending from its trigger on, the cycle closed and fair (or the run ended).
func validateLasso(t *testing.T, p *model.Program, c explorer.LiveCheck, fair *model.Fairness, r *explorer.Result) {
	t.Helper()
	m := p.NewMachine()
	states := [][]uint64{p.Initial()}
	for k, st := range r.Trace {
		next, v, ok := m.Step(states[len(states)-1], st.Trans)
		require.True(t, ok, "step %d not enabled", k+1)
		require.Nil(t, v, "step %d violates safety", k+1)
		require.Equal(t, st.State, next, "step %d", k+1)
		states = append(states, next)
	}
	loop := len(r.Trace) - r.Cycle
	tail := states[loop:]
	if r.Cycle == 0 {
		require.Empty(t, m.Enabled(states[len(states)-1]), "a finite counterexample must end")
	} else {
		require.Equal(t, states[loop], states[len(states)-1], "the cycle must return to its start")
		tail = states[loop : len(states)-1]
	}
	switch {
	case c.Starvation:
		victim := r.Violation.Pid
		for k, s := range tail {
			require.False(t, p.Finished(s, victim), "cycle state %d: the victim finished", k)
		}
		for k := loop; k < len(r.Trace); k++ {
			tr := r.Trace[k].Trans
			require.False(t, int(tr.Pid) == victim && p.IsProgress(states[k], tr), "cycle step %d is the victim's progress", k+1)
		}
	case p.Liveness[c.Property].Leadsto:
		pending, trig := false, -1
		for k, s := range states {
			pt, q, _ := m.EvalLiveness(s, c.Property)
			if !pending && pt && !q {
				trig = k
			}
			pending = (pending || pt) && !q
			if k >= loop {
				require.True(t, pending, "state %d of the lasso: the obligation is not pending", k)
			}
		}
		require.True(t, trig >= 0 && trig <= loop)
	default:
		for k, s := range states {
			_, q, _ := m.EvalLiveness(s, c.Property)
			require.False(t, q, "state %d reaches the eventually condition", k)
		}
	}
	if r.Cycle > 0 {
		requireFair(t, p, fair, states[loop:len(states)-1], r.Trace[loop:])
	}
}

func requireFair(t *testing.T, p *model.Program, fair *model.Fairness, cycle [][]uint64, steps []explorer.Step) {
	t.Helper()
	m := p.NewMachine()
	o := &liveOracle{p: p}
	for pid, pr := range p.Procs {
		f := pr.Type.Fairness
		if fair != nil {
			f = *fair
		}
		stepped, alwaysOn, lockOn, everOn := false, true, false, false
		for _, st := range steps {
			stepped = stepped || int(st.Trans.Pid) == pid
		}
		for _, s := range cycle {
			on := false
			for _, tr := range m.Enabled(s) {
				on = on || int(tr.Pid) == pid
			}
			alwaysOn = alwaysOn && on
			everOn = everOn || on
			lockOn = lockOn || (on && o.waitsForLock(s, pid))
		}
		switch f {
		case model.FairWeak:
			require.True(t, stepped || !alwaysOn, "%s is enabled throughout the cycle and never steps", pr.Name())
			require.True(t, stepped || !lockOn, "%s can take its lock in the cycle and never does", pr.Name())
		case model.FairStrong:
			require.True(t, stepped || !everOn, "%s is enabled in the cycle and never steps", pr.Name())
		}
	}
}

// Random specs with processes that loop forever: every liveness answer,
// with each reduction on and off, agrees with the oracle's, and every
// counterexample validates. Seeds 1-100, 1-10,000 under MCHECK_LONG;
// MCHECK_LIVE_SPECS and MCHECK_LIVE_SEED set the count and the first seed.
func TestLivenessRandom(t *testing.T) {
	n := randomEnv("MCHECK_LIVE_SPECS", int64(testlong.Count(100, 10000)))
	first := randomEnv("MCHECK_LIVE_SEED", 1)
	checked, violated := 0, 0
	reduced := map[string]int64{}
	for seed := first; seed < first+n; seed++ {
		src := randspec.Generate(seed, randspec.Config{Live: true, Stmts: 3})
		res, err := compile.Compile(fmt.Sprintf("rand%d.mc", seed), []byte(src), compile.Options{})
		require.NoError(t, err, src)
		p := res.Program
		for _, fair := range []*model.Fairness{nil, ptr(model.FairWeak), ptr(model.FairStrong), ptr(model.FairNone)} {
			for _, c := range liveChecks(p) {
				want, ok := oracleLive(p, c, fair, 800)
				if !ok {
					continue
				}
				for _, red := range liveReductions {
					if red.opts.Symmetry && p.Symmetry() == nil {
						continue // the same search as without
					}
					o := red.opts
					o.Fairness = fair
					r, err := explorer.ExploreLiveness(p, c, o)
					require.NoError(t, err)
					require.Equal(t, want, r.Verdict == explorer.Violated, "seed %d %s fairness %v %s:\n%s", seed, checkName(p, c), fair, red.name, src)
					if r.Verdict == explorer.Violated {
						validateLasso(t, p, c, fair, r)
					}
					reduced[red.name] += r.Stats.Reduced
					if len(r.Stats.Symmetry) > 0 {
						reduced[red.name+" (symmetric searches)"]++
					}
				}
				checked++
				if want {
					violated++
				}
			}
		}
	}
	t.Logf("seeds %d-%d: %d liveness questions on %d random specs, %d violated; states expanded through a proper stubborn set: %v", first, first+n-1, checked, n, violated, reduced)
	require.Positive(t, reduced["por"], "the reduction never reduced: the comparison would prove nothing")
	require.Greater(t, int64(checked), n, "too few questions small enough for the oracle")
	require.Greater(t, violated, checked/10)
	require.Less(t, violated, checked*9/10)
}

func ptr[T any](v T) *T { return &v }

// liveReductions are the settings every liveness answer is checked under.
var liveReductions = []struct {
	name string
	opts explorer.Options
}{
	{"plain", explorer.Options{}},
	{"por", explorer.Options{POR: true}},
	{"symmetry", explorer.Options{Symmetry: true}},
	{"por+symmetry", explorer.Options{POR: true, Symmetry: true}},
}

// A liveness search that runs out of budget, or is interrupted, is
// incomplete, never holds.
func TestLivenessBudgets(t *testing.T) {
	p := compileFile(t, "testdata/live/retry-bounded.mc")
	c := explorer.LiveCheck{Property: 0}
	r, err := explorer.ExploreLiveness(p, c, explorer.Options{MaxStates: 10})
	require.NoError(t, err)
	require.Equal(t, explorer.Incomplete, r.Verdict)
	require.Contains(t, r.Reason, "--max-states 10")
	stop := make(chan struct{})
	close(stop)
	r, err = explorer.ExploreLiveness(p, c, explorer.Options{Stop: stop})
	require.NoError(t, err)
	require.Equal(t, explorer.Incomplete, r.Verdict)
	require.Equal(t, explorer.Interrupted, r.Reason)
	r, err = explorer.ExploreLiveness(p, c, explorer.Options{MaxDepth: 3})
	require.NoError(t, err)
	require.Equal(t, explorer.Incomplete, r.Verdict)
}

// The CLI checks only instance 0 of a forall property over a symmetric
// process type when the bound variable appears only as PROC[I]: on the
// catalogue and the liveness examples, every instance gets the same verdict.
func TestLivenessRenamedInstances(t *testing.T) {
	var n atomic.Int64
	t.Run("specs", func(t *testing.T) {
		for _, sc := range catalogueSources(t) {
			t.Run(sc.name, func(t *testing.T) {
				t.Parallel()
				n.Add(int64(renamedInstancesAgree(t, sc)))
			})
		}
	})
	require.Greater(t, n.Load(), int64(5))
}

// renamedInstancesAgree checks one spec at FAULTS=3 and returns how many
// instances it compared with instance 0.
func renamedInstancesAgree(t *testing.T, sc specSource) int {
	res, err := compile.Compile(sc.filename, sc.src, compile.Options{Set: map[string]int64{"FAULTS": 3}})
	if err != nil {
		return 0 // a spec without FAULTS
	}
	p, n := res.Program, 0
	first := map[string]explorer.Verdict{}
	for i, l := range p.Liveness {
		if l.Forall == nil || !l.ByIndex || !p.Symmetry().Interchangeable(l.Forall) {
			continue
		}
		r, err := explorer.ExploreLiveness(p, explorer.LiveCheck{Property: i}, explorer.Options{})
		require.NoError(t, err)
		base := fmt.Sprint(l.Pos)
		if l.Instance == 0 {
			first[base] = r.Verdict
			continue
		}
		n++
		require.Equal(t, first[base], r.Verdict, "%s %s", sc.name, l.Name)
	}
	return n
}

// ByIndex only when the bound variable is used as PROC[I] and nothing else.
func TestLivenessByIndex(t *testing.T) {
	for _, tc := range []struct {
		prop string
		want bool
	}{
		{"eventually e: forall i in w: finished(w[i])", true},
		{"leadsto e: forall i in w: w[i]@a ~> finished((w[i]))", true},
		{"leadsto e: forall i in w: w[i]@a ~> finished(w[0])", false},
		{"eventually e: forall i in w: flags[i]", false},
		{"eventually e: forall i in w: finished(w[i]) || i == 1", false},
	} {
		p := compileSpec(t, "var flags: [2]bool\nprocess w[2] {\na:\n skip\n}\n"+tc.prop+"\n")
		require.Len(t, p.Liveness, 2, tc.prop)
		require.Equal(t, tc.want, p.Liveness[1].ByIndex, tc.prop)
	}
}

// Symmetry reduction in the liveness search is used exactly where it is
// sound (livesym.go), and says why not elsewhere.
func TestLivenessSymmetryWhere(t *testing.T) {
	p := compileFile(t, "testdata/live/sym-workers.mc")
	weak := model.FairWeak
	for _, tc := range []struct {
		check explorer.LiveCheck
		fair  *model.Fairness
		why   string // "": reduced
	}{
		{explorer.LiveCheck{Property: 0}, nil, ""},
		{explorer.LiveCheck{Property: 1}, nil, ""},
		{explorer.LiveCheck{Property: 0}, &weak, "worker has weak fairness"},
		{explorer.LiveCheck{Starvation: true}, nil, "starvation names the starving process"},
	} {
		plain, err := explorer.ExploreLiveness(p, tc.check, explorer.Options{Fairness: tc.fair})
		require.NoError(t, err)
		r, err := explorer.ExploreLiveness(p, tc.check, explorer.Options{Fairness: tc.fair, Symmetry: true})
		require.NoError(t, err)
		require.Equal(t, plain.Verdict, r.Verdict)
		require.Equal(t, tc.why, r.Stats.LiveSymmetryOff)
		if tc.why == "" {
			require.Equal(t, []string{"worker[3]"}, r.Stats.Symmetry)
			require.Less(t, r.Stats.States, plain.Stats.States)
		} else {
			require.Empty(t, r.Stats.Symmetry)
		}
	}
	q := compileFile(t, "../protocols/lock-held.mc")
	r, err := explorer.ExploreLiveness(q, explorer.LiveCheck{Property: 0}, explorer.Options{Symmetry: true, Fairness: ptr(model.FairNone)})
	require.NoError(t, err)
	require.Equal(t, "the property names fault's instances", r.Stats.LiveSymmetryOff)
	// A violation found under symmetry is found again without it, for a
	// lasso of real states.
	r, err = explorer.ExploreLiveness(p, explorer.LiveCheck{Property: 2}, explorer.Options{Symmetry: true, POR: true})
	require.NoError(t, err)
	require.Equal(t, explorer.Violated, r.Verdict)
	require.Contains(t, r.Stats.LiveSymmetryOff, "again without it")
	validateLasso(t, p, explorer.LiveCheck{Property: 2}, nil, r)
}
