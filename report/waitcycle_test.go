package report

import (
	"bytes"
	"strings"
	"testing"

	"mcheck/explorer"
	"mcheck/model"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// TestWaitCycleDeadlockReport: a deadlock that is a wait-for cycle while
// another thread still runs (issue 9, item 1) is described as the cycle,
// confirmed, and replays from its JSON trace.
func TestWaitCycleDeadlockReport(t *testing.T) {
	src, _, _ := protocols.Source("recursive-read")
	src = append(append([]byte(nil), src...), "\nvar kx: 0..1\nprocess kswapd { while true { kx = 1 - kx } }\n"...)
	cr, err := compile.Compile("rr.mc", src, compile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := cr.Program
	r, err := explorer.Explore(p, explorer.Options{})
	if err != nil || r.Verdict != explorer.Violated || r.Violation.Kind != model.KindDeadlock {
		t.Fatalf("want a deadlock, got %v %v (%v)", r.Verdict, r.Violation, err)
	}
	if got := describe(p, r.Violation); !strings.Contains(got, "wait-for cycle fault -> remap -> fault") {
		t.Errorf("describe: %q", got)
	}
	if err := Confirm(p, r); err != nil {
		t.Errorf("Confirm: %v", err)
	}
	var b bytes.Buffer
	if err := WriteTrace(&b, Run{Program: p, Result: r, Source: src}); err != nil {
		t.Fatal(err)
	}
	tr, err := ReadTrace(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	rr, err := Replay(p, tr)
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	if !strings.HasPrefix(rr.Violation.Msg, "wait-for cycle") {
		t.Errorf("replayed violation: %v", rr.Violation)
	}
}
