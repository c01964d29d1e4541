package report

import (
	"fmt"
	"io"
	"strings"

	"mcheck/explorer"
	"mcheck/model"
)

// TraceOptions say how Render shows a counterexample.
type TraceOptions struct {
	Style string // "lanes" (the default) or "list" (numbered steps)
	Width int    // lanes: the width to fit; 0 means DefaultWidth
	Note  string // how the trace was chosen, printed above it
	// Replay: the result comes from a trace file, not a search, so the
	// summary has no search figures.
	Replay bool
}

// Render writes the verdict and, for a violation, the trace in the chosen
// style and what breaks at its end. The list style is Text's output.
func Render(w io.Writer, run Run, o TraceOptions) {
	summary := Summary(run)
	if o.Replay {
		summary = replaySummary(run)
	}
	if o.Style == "list" {
		text(w, run, o.Note, summary)
		return
	}
	width := o.Width
	if width <= 0 {
		width = DefaultWidth
	}
	var b strings.Builder
	for _, l := range wrap(summary, width, 2) {
		b.WriteString(l + "\n")
	}
	r, p := run.Result, run.Program
	if r.Verdict != explorer.Violated {
		io.WriteString(w, b.String())
		return
	}
	b.WriteString("\n")
	for _, l := range wrapTo(width, 2, describe(p, r.Violation)) {
		b.WriteString(l + "\n")
	}
	b.WriteString("\n")
	sw, pre := Switches(p, r)
	head := fmt.Sprintf("Trace: %s, %s, %s.", plural(len(r.Trace), "step", "steps"), plural(sw, "context switch", "context switches"), plural(pre, "preemption", "preemptions"))
	if o.Note != "" {
		head += " " + o.Note
	}
	head += unproven(run)
	head += " Key: | holds a lock, +lock takes it, -lock releases it, (r)/(w) for read/write."
	for _, l := range wrapTo(width, 0, head) {
		b.WriteString(l + "\n")
	}
	b.WriteString("\n")
	Lanes(&b, run, width)
	b.WriteString("\n")
	for _, l := range ending(run, width) {
		b.WriteString(l + "\n")
	}
	io.WriteString(w, b.String())
}

func replaySummary(run Run) string {
	name := run.Program.Name
	if cs := constString(run.Program); cs != "" {
		name += " [" + cs + "]"
	}
	v := run.Result.Violation
	return fmt.Sprintf("%s: replay: violation: %s after %s", name, violationName(v), plural(len(run.Result.Trace), "step", "steps"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// indented wraps text under a fixed indent with a further hanging indent.
func indented(width, indent, hang int, text string) []string {
	lines := wrap(text, width-indent, hang)
	for i := range lines {
		lines[i] = strings.Repeat(" ", indent) + lines[i]
	}
	return lines
}

// ending says what breaks in the final state: the invariant and the values
// that break it, the failing step, or the wait-for cycle of a deadlock.
func ending(run Run, width int) []string {
	p, r := run.Program, run.Result
	v := r.Violation
	var out []string
	switch v.Kind {
	case model.KindInvariant:
		out = append(out, wrap(fmt.Sprintf("Violated: invariant %s (line %d)", v.Property, v.Pos.Line), width, 2)...)
		if src := invariantText(run.Source, v.Pos.Line); src != "" {
			out = append(out, indented(width, 2, 2, src)...)
		}
		out = append(out, "It fails with:")
		for _, c := range Culprits(p, r) {
			out = append(out, indented(width, 2, 2, c.Var+" = "+c.Value)...)
		}
	case model.KindDeadlock:
		out = deadlockEnding(p, r.Blocked, width)
	case model.KindLiveness, model.KindStarvation:
		out = lassoEnding(run, width)
	default:
		who := ""
		if v.Pid >= 0 {
			who = " in " + p.Procs[v.Pid].Name()
		}
		if v.Pos.IsValid() {
			who += " at " + where(v.Pos, v.Inlines)
		}
		out = append(out, wrap(fmt.Sprintf("Violated: %s%s: %s", violationName(v), who, v.Msg), width, 2)...)
	}
	return out
}

// invariantText returns the invariant's expression from its source line.
func invariantText(src []byte, line int) string {
	lines := strings.Split(string(src), "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	l := strings.TrimSpace(lines[line-1])
	if !strings.HasPrefix(l, "invariant") {
		return ""
	}
	if i := strings.Index(l, "//"); i >= 0 {
		l = strings.TrimSpace(l[:i])
	}
	_, expr, ok := strings.Cut(l, ":")
	if !ok {
		return ""
	}
	return strings.TrimSpace(expr)
}

func deadlockEnding(p *model.Program, blocked []model.Blocked, width int) []string {
	cycle := WaitCycle(blocked)
	on := map[int]bool{}
	var out []string
	describeBlocked := func(b model.Blocked) {
		out = append(out, indented(width, 2, 2, fmt.Sprintf("%s at %s: %s", p.Procs[b.Pid].Name(), where(b.Pos, b.Inlines), shortStatement(b.Text)))...)
		out = append(out, indented(width, 4, 2, b.Reason)...)
	}
	if len(cycle) > 0 {
		out = append(out, "Deadlock: a wait-for cycle:")
		for _, i := range cycle {
			on[i] = true
			describeBlocked(blocked[i])
		}
		out = append(out, indented(width, 2, 2, "and so back to "+p.Procs[blocked[cycle[0]].Pid].Name()+".")...)
	} else {
		out = append(out, "Deadlock: no process can take a step (no wait-for cycle among locks):")
	}
	first := true
	for i, b := range blocked {
		if on[i] {
			continue
		}
		if first && len(cycle) > 0 {
			out = append(out, "Also blocked:")
		}
		first = false
		describeBlocked(b)
	}
	return out
}

// WaitCycle finds a cycle in the wait-for graph of a deadlock (a blocked
// process waits for the holders of what it wants) and returns it as indices
// into blocked, starting at the lowest pid on it; nil if there is none.
func WaitCycle(blocked []model.Blocked) []int {
	at := map[int]int{}
	for i, b := range blocked {
		at[b.Pid] = i
	}
	for start := range blocked {
		// follow first-found edges from start, depth first, remembering the path
		path := []int{}
		onPath := map[int]int{}
		var visit func(i int) []int
		seen := map[int]bool{}
		visit = func(i int) []int {
			if k, ok := onPath[i]; ok {
				return append([]int(nil), path[k:]...)
			}
			if seen[i] {
				return nil
			}
			seen[i] = true
			onPath[i] = len(path)
			path = append(path, i)
			for _, h := range blocked[i].Holders {
				if j, ok := at[h]; ok {
					if c := visit(j); c != nil {
						return c
					}
				}
			}
			path = path[:len(path)-1]
			delete(onPath, i)
			return nil
		}
		if c := visit(start); c != nil {
			low := 0
			for k := range c {
				if blocked[c[k]].Pid < blocked[c[low]].Pid {
					low = k
				}
			}
			return append(c[low:], c[:low]...)
		}
	}
	return nil
}

// unproven notes a BFS counterexample found under partial-order reduction
// whose minimality the bounded unreduced search could not prove (it ran out
// of budget): the README's "shortest" promise holds only when proven.
func unproven(run Run) string {
	r := run.Result
	v := r.Violation
	if run.Search != explorer.BFS || !r.Stats.POR || r.Shortest || v == nil ||
		v.Kind == explorer.KindLockOrder || IsLiveness(v) {
		return ""
	}
	return " Shortest found under partial-order reduction, not proven shortest (the unreduced check ran out of budget)."
}
