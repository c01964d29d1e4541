package promela_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"mcheck/explorer"
	"mcheck/model"
	"mcheck/promela"
	"mcheck/specs/compile"
)

// needSpin skips without spin and gcc, except in CI (CI=true), where the
// parity tests must run: a missing tool fails them.
func needSpin(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"spin", "gcc"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed (scripts/test.sh installs it): the SPIN parity tests cannot run", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
}

// verdictClass maps our result to SPIN's verdict classes.
func verdictClass(r *explorer.Result) string {
	switch {
	case r.Verdict == explorer.Holds:
		return promela.VerdictNone
	case r.Verdict == explorer.Violated && r.Violation.Kind == model.KindDeadlock:
		return promela.VerdictEndState
	case r.Verdict == explorer.Violated:
		return promela.VerdictAssertion
	}
	return "incomplete: " + r.Reason
}

// fullLimit bounds fullGraph; larger graphs are compared by the plain run only.
const fullLimit = 300000

// fullGraph explores every state reachable through steps that commit no
// violation, ignoring deadlocks (SPIN's -E), with a plain BFS over the
// machine: whether some assertion-class violation (a step's, or an
// invariant's) is reachable, and otherwise the states and transitions of the
// whole graph.
func fullGraph(p *model.Program, limit int) (violation bool, states, transitions int64, ok bool) {
	m := p.NewMachine()
	seen := map[string]bool{}
	key := func(s []uint64) string { return fmt.Sprint(s) }
	init := p.Initial()
	if m.CheckInvariants(init) != nil {
		return true, 0, 0, true
	}
	queue := [][]uint64{init}
	seen[key(init)] = true
	for len(queue) > 0 && !violation {
		s := queue[0]
		queue = queue[1:]
		m.Successors(s, func(_ model.Trans, next []uint64, v *model.Violation) {
			transitions++
			if v != nil {
				violation = true
				return
			}
			k := key(next)
			if seen[k] {
				return
			}
			seen[k] = true
			n := append([]uint64(nil), next...)
			if m.CheckInvariants(n) != nil {
				violation = true
			}
			queue = append(queue, n)
		})
		if len(seen) > limit {
			return false, 0, 0, false
		}
	}
	return violation, int64(len(seen)), transitions, true
}

// parity compiles src, explores it exhaustively (our explorer: BFS, no
// reduction), exports it and runs SPIN without reduction, twice:
//
//   - plain: the verdict must agree on "some violation" vs "none"; when
//     there is none, stored states and transitions must equal ours
//     (SPIN's transitions = stored + matched = ours + 1);
//   - with -E (invalid end states ignored): "assertion violated" must agree
//     with fullGraph's; without one, SPIN's figures must equal fullGraph's,
//     which compares the state graphs of specs that deadlock too.
//
// parityFile reads the spec at path and fails the test where mcheck and
// SPIN disagree on it (parity) with constants set.
func parityFile(t *testing.T, path string, set map[string]int64) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	diff, err := parity(spinCtx(t), t.TempDir(), path, src, set)
	if err != nil {
		t.Fatal(err)
	}
	if diff != "" {
		t.Error(diff)
	}
}

// When a spec has a deadlock and an assertion violation, which one a search
// meets first depends on its order (our BFS, SPIN's DFS), so the plain
// verdict classes are compared only through -E. It returns a description of
// any mismatch.
func parity(ctx context.Context, dir, filename string, src []byte, set map[string]int64) (string, error) {
	res, err := compile.Compile(filename, src, compile.Options{Set: set})
	if err != nil {
		return "", err
	}
	p := res.Program
	ours, err := explorer.Explore(p, explorer.Options{Search: explorer.BFS})
	if err != nil {
		return "", err
	}
	pml, err := promela.Export(p)
	if err != nil {
		return "", err
	}
	pan, err := promela.BuildQuick(ctx, dir, pml, promela.NoReduceQuick)
	if err != nil {
		return "", err
	}
	viol, states, trans, ok := fullGraph(p, fullLimit)
	// When our search stopped at a violation, SPIN's DFS may go deeper than
	// the states we stored before it meets one: grow the depth bound.
	size := promela.SizeArgs(max(ours.Stats.States, states, 100000))
	sp, err := promela.Run(ctx, pan, size...)
	for bound := max(ours.Stats.States, states, 100000); err == nil && sp.Truncated && bound < 1e8; {
		bound *= 10
		size = promela.SizeArgs(bound)
		sp, err = promela.Run(ctx, pan, size...)
	}
	if err != nil {
		return "", err
	}
	spE := &promela.PanResult{}
	if ok {
		if spE, err = promela.Run(ctx, pan, append(size, "-E")...); err != nil {
			return "", err
		}
	}
	want := verdictClass(ours)
	var diffs []string
	if sp.Truncated || spE.Truncated {
		diffs = append(diffs, "SPIN's depth bound cut the search")
	}
	switch {
	case (sp.Verdict == promela.VerdictNone) != (want == promela.VerdictNone):
		diffs = append(diffs, fmt.Sprintf("verdict: mcheck %q (%v), SPIN %q", want, ours.Violation, sp.Verdict))
	case want == promela.VerdictNone && (sp.States != ours.Stats.States || sp.Transitions != ours.Stats.Transitions+1):
		diffs = append(diffs, fmt.Sprintf("states stored: mcheck %d, SPIN %d; transitions: mcheck %d (+1 = %d), SPIN %d",
			ours.Stats.States, sp.States, ours.Stats.Transitions, ours.Stats.Transitions+1, sp.Transitions))
	}
	switch {
	case !ok:
	case viol != (spE.Verdict == promela.VerdictAssertion) || !viol && spE.Verdict != promela.VerdictNone:
		diffs = append(diffs, fmt.Sprintf("deadlocks ignored (-E): assertion-class violation reachable: mcheck %v, SPIN %q", viol, spE.Verdict))
	case !viol && (spE.States != states || spE.Transitions != trans+1):
		diffs = append(diffs, fmt.Sprintf("deadlocks ignored (-E): states stored: mcheck %d, SPIN %d; transitions: mcheck %d (+1 = %d), SPIN %d",
			states, spE.States, trans, trans+1, spE.Transitions))
	}
	if len(diffs) > 0 {
		return fmt.Sprintf("%s\n--- spec %s %v ---\n%s\n--- promela (%s/model.pml) ---\n%s",
			strings.Join(diffs, "\n"), filename, set, src, dir, pml), nil
	}
	return "", nil
}

func spinCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return ctx
}
