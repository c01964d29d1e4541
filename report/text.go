package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"mcheck/explorer"
	"mcheck/model"
)

// Run is one search to report: the program, the options used and the result.
type Run struct {
	Program *model.Program
	Search  explorer.Search
	Result  *explorer.Result
	Source  []byte // the spec's source, for its hash and invariant text (may be nil)
	Order   string // how the trace was chosen: "search" (or ""), "reordered", "fewest-preemptions"
	Bound   int    // for "fewest-preemptions": the bound

	// SymmetryAsked: symmetry reduction was on; the summary says why it
	// reduced nothing when the spec has a process type of several instances.
	SymmetryAsked bool
}

// Summary is the one-line verdict.
func Summary(run Run) string {
	r, p := run.Result, run.Program
	st := r.Stats
	por := "por off"
	if st.POR {
		por = "por on"
	}
	if len(st.Symmetry) > 0 {
		por += ", symmetry " + strings.Join(st.Symmetry, " ")
		if len(st.SymmetryOff) > 0 { // another type is reduced; SymmetryOff explains the rest otherwise
			por += ", no symmetry for " + strings.Join(st.SymmetryOff, " ") + " (a measure names its instances)"
		}
	} else if why := p.SymmetryOff(); run.SymmetryAsked && why != "" {
		por += ", no symmetry: " + why
	}
	if off := p.ObjectSymmetryOff(); run.SymmetryAsked && len(off) > 0 {
		por += ", objects not permuted: " + strings.Join(off, "; ")
	}
	// A holds verdict names the state count in its sentence already.
	figures := fmt.Sprintf("%s, %s, %s, depth %d, %.2fs", run.Search, por, plural(int(st.Transitions), "transition", "transitions"), st.MaxDepth, st.Seconds)
	if r.Verdict != explorer.Holds {
		figures = fmt.Sprintf("%s, %s, %s, %s, depth %d, %.2fs", run.Search, por, plural(int(st.States), "state", "states"),
			plural(int(st.Transitions), "transition", "transitions"), st.MaxDepth, st.Seconds)
	}
	figures += measureSummary(r)
	name := p.Name
	if cs := constString(p); cs != "" {
		name += " [" + cs + "]"
	}
	switch r.Verdict {
	case explorer.Holds:
		return fmt.Sprintf("%s: %s: every property holds over %s (%s)%s", name, holds(r), plural(int(st.States), "state", "states"), figures, liveSummary(r))
	case explorer.Violated:
		if r.Cycle > 0 {
			return fmt.Sprintf("%s: violation: %s: a cycle of %s after %s (%s)", name, violationName(r.Violation),
				plural(r.Cycle, "step", "steps"), plural(len(r.Trace)-r.Cycle, "step", "steps"), figures)
		}
		return fmt.Sprintf("%s: violation: %s after %s (%s)", name, violationName(r.Violation), plural(len(r.Trace), "step", "steps"), figures)
	}
	return fmt.Sprintf("%s: incomplete: %s; no violation among the states explored (%s)", name, r.Reason, figures)
}

// holds is the holds verdict, which a fingerprint search may only give
// with the probability that it missed no state.
func holds(r *explorer.Result) string {
	if r.Omission == nil {
		return "holds"
	}
	how := "64-bit fingerprints"
	if o := r.Omission; o.SwitchedAt > 0 {
		how = fmt.Sprintf("exact up to %d states, then 64-bit fingerprints to stay within the memory budget", o.SwitchedAt)
	}
	return fmt.Sprintf("holds with probability >= 1 - %.1e (%s: a state may be missed; "+
		"TLC's bound d(n-d)/2^64, empirical estimate %.1e)", r.Omission.Bound, how, r.Omission.Empirical)
}

// violationName is a violation's kind and property, once when they are
// the same word (a range violation's property is "range"; a deadlock's
// "deadlock").
func violationName(v *model.Violation) string {
	if v.Property == "" || v.Property == string(v.Kind) {
		return string(v.Kind)
	}
	return fmt.Sprintf("%s %s", v.Kind, v.Property)
}

func constString(p *model.Program) string {
	parts := make([]string, len(p.Consts))
	for i, c := range p.Consts {
		parts[i] = fmt.Sprintf("%s=%d", c.Name, c.Value)
	}
	return strings.Join(parts, " ")
}

// Text writes the verdict and, for a violation, the numbered trace.
func Text(w io.Writer, run Run) { text(w, run, "", Summary(run)) }

func text(w io.Writer, run Run, note, summary string) {
	fmt.Fprintln(w, summary)
	r, p := run.Result, run.Program
	if r.Verdict != explorer.Violated {
		return
	}
	v := r.Violation
	fmt.Fprintf(w, "\n%s\n", describe(p, v))
	steps := Steps(p, r)
	if note != "" {
		fmt.Fprintf(w, "\n%s\n", note)
	}
	if u := unproven(run); u != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(u))
	}
	fmt.Fprintf(w, "\nTrace (%d steps from the initial state):\n", len(steps))
	loop := len(r.Trace) - r.Cycle
	for i, s := range steps {
		if r.Cycle > 0 && i == loop {
			fmt.Fprintln(w, cycleMark(r))
		}
		stmt := shortStatement(s.Statement)
		if note := noteOf(s.Line, s.Inline); note != "" {
			stmt += "  (" + note + ")"
		}
		fmt.Fprintf(w, "%3d. %-*s line %-3d %s\n", s.N, nameWidth(p), s.Process, s.Line, stmt)
		for _, c := range s.Changes {
			fmt.Fprintf(w, "       %s = %s\n", c.Var, c.Value)
		}
	}
	if r.Cycle > 0 {
		fmt.Fprintln(w, cycleBack(r))
	}
	switch v.Kind {
	case model.KindLiveness, model.KindStarvation:
		fmt.Fprintln(w)
		for _, l := range lassoEnding(run, 1<<20) {
			fmt.Fprintln(w, l)
		}
	case model.KindInvariant:
		fmt.Fprintf(w, "\nIn the final state:\n")
		for _, c := range Culprits(p, r) {
			fmt.Fprintf(w, "  %s = %s\n", c.Var, c.Value)
		}
	case model.KindDeadlock:
		fmt.Fprintf(w, "\nBlocked:\n")
		for _, b := range r.Blocked {
			at, _ := site(b.Pos, b.Inlines)
			stmt := shortStatement(b.Text)
			if note := inlineNote(b.Pos, b.Inlines); note != "" {
				stmt += " (" + note + ")"
			}
			fmt.Fprintf(w, "  %-*s line %-3d %s: %s\n", nameWidth(p), p.Procs[b.Pid].Name(), at.Line, stmt, b.Reason)
		}
		if done := finished(p, r); len(done) > 0 {
			fmt.Fprintf(w, "  (finished: %s)\n", strings.Join(done, ", "))
		}
	}
}

func describe(p *model.Program, v *model.Violation) string {
	switch v.Kind {
	case model.KindInvariant:
		return fmt.Sprintf("Invariant %s (line %d) does not hold.", v.Property, v.Pos.Line)
	case model.KindDeadlock:
		if strings.HasPrefix(v.Msg, "wait-for cycle") { // model.Machine.WaitCycle: others may still run
			return "Deadlock: " + v.Msg + "."
		}
		return "Deadlock: no process can take a step, and not every process has finished."
	}
	who := ""
	if v.Pid >= 0 {
		who = " in " + p.Procs[v.Pid].Name()
	}
	at := ""
	if v.Pos.IsValid() {
		at = " at " + where(v.Pos, v.Inlines)
	}
	return fmt.Sprintf("Violation (%s)%s%s: %s", strings.Replace(violationName(v), " ", ": ", 1), who, at, v.Msg)
}

func finished(p *model.Program, r *explorer.Result) []string {
	var out []string
	final := FinalState(r)
	for pid, pr := range p.Procs {
		if p.Finished(final, pid) {
			out = append(out, pr.Name())
		}
	}
	sort.Strings(out)
	return out
}

func nameWidth(p *model.Program) int {
	w := 4
	for _, pr := range p.Procs {
		if n := len(pr.Name()); n > w {
			w = n
		}
	}
	return w
}
