package promela_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
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

// parity compiles src, explores it exhaustively (BFS, no reduction), exports
// it, runs SPIN without reduction, and compares the verdict class and, when
// both searches are complete (no violation), the stored states and the
// transitions. It returns a description of any mismatch.
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
	pan, err := promela.Build(ctx, dir, pml, promela.NoReduceQuick)
	if err != nil {
		return "", err
	}
	sp, err := promela.Run(ctx, pan, promela.SizeArgs(ours.Stats.States)...)
	if err != nil {
		return "", err
	}
	want := verdictClass(ours)
	var diff string
	switch {
	case sp.Truncated:
		diff = "SPIN's depth bound cut the search"
	case sp.Verdict != want:
		diff = fmt.Sprintf("verdict: mcheck %q (%v), SPIN %q", want, ours.Violation, sp.Verdict)
	case want == promela.VerdictNone && (sp.States != ours.Stats.States || sp.Transitions != ours.Stats.Transitions+1):
		diff = fmt.Sprintf("states stored: mcheck %d, SPIN %d; transitions: mcheck %d (+1 = %d), SPIN %d",
			ours.Stats.States, sp.States, ours.Stats.Transitions, ours.Stats.Transitions+1, sp.Transitions)
	}
	if diff != "" {
		return fmt.Sprintf("%s\n--- spec %s %v ---\n%s\n--- promela (%s/model.pml) ---\n%s", diff, filename, set, src, dir, pml), nil
	}
	return "", nil
}

func spinCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return ctx
}
