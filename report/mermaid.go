package report

import (
	"fmt"
	"io"
	"strings"

	"mcheck/explorer"
	"mcheck/model"
)

// Mermaid writes a counterexample as a Mermaid sequence diagram (GitHub and
// many editors render it): the processes, then the shared objects the trace
// changes, as participants. A step that changes shared objects is an arrow
// from its process to each of them, labelled with the line and statement and
// what changed; a step that changes only the process's own state is a note.
// The diagram ends with the violated property and the values that break it,
// or the wait-for cycle of a deadlock as crossed arrows. A run without a
// violation is a diagram with only a note saying so.
func Mermaid(w io.Writer, run Run) error {
	p, r := run.Program, run.Result
	var b strings.Builder
	b.WriteString("sequenceDiagram\n")
	fmt.Fprintf(&b, "    title %s\n", mmd(titleOf(run)))
	for i, pr := range p.Procs {
		fmt.Fprintf(&b, "    participant P%d as %s\n", i, mmd(pr.Name()))
	}
	if r.Verdict != explorer.Violated {
		fmt.Fprintf(&b, "    Note over P0: %s\n", mmd(Summary(run)))
		_, err := io.WriteString(w, b.String())
		return err
	}
	objs := touched(p, r)
	for i, g := range objs {
		fmt.Fprintf(&b, "    participant O%d as %s\n", i, mmd(g))
	}
	objIndex := map[string]int{}
	for i, g := range objs {
		objIndex[g] = i
	}
	locks := lockNames(p)
	prevState, prev := r.Initial, p.Values(r.Initial)
	loop := len(r.Trace) - r.Cycle
	for i, st := range r.Trace {
		if r.Cycle > 0 && i == loop {
			fmt.Fprintf(&b, "    loop %s\n", mmd(strings.TrimPrefix(cycleMark(r), "==== ")))
		}
		pid := int(st.Trans.Pid)
		name := p.Procs[pid].Name()
		var heads []string
		for _, pa := range stepHead(&p.Procs[pid].Type.Nodes[st.Trans.Node]) {
			heads = append(heads, pa.text)
		}
		head := strings.Join(heads, "\n")
		cur := p.Values(st.State)
		shared := map[string][]string{} // root global -> what changed
		var order, local []string
		for k := range cur {
			if cur[k].Text == prev[k].Text {
				continue
			}
			n := cur[k].Name
			if _, ok := objIndex[rootName(n)]; !ok || strings.Contains(n, "].") && isLocal(p, n) {
				local = append(local, strings.TrimPrefix(n, name+".")+" = "+cur[k].Text)
				continue
			}
			root := rootName(n)
			if _, seen := shared[root]; !seen {
				order = append(order, root)
			}
			if l, ok := locks[n]; ok {
				shared[root] = append(shared[root], lockEvents(p, pid, l, prevState, st.State, cur[k].Text)...)
			} else {
				shared[root] = append(shared[root], n+" = "+cur[k].Text)
			}
		}
		if i == len(r.Trace)-1 && stepViolation(r) {
			local = append(local, "!! "+strings.Replace(violationName(r.Violation), " ", ": ", 1))
		}
		if len(order) == 0 {
			fmt.Fprintf(&b, "    Note over P%d: %s\n", pid, mmd(strings.Join(append([]string{head}, local...), "\n")))
		}
		for j, root := range order {
			label := shared[root]
			if j == 0 {
				label = append(append([]string{head}, local...), label...)
			}
			fmt.Fprintf(&b, "    P%d->>O%d: %s\n", pid, objIndex[root], mmd(strings.Join(label, "\n")))
		}
		prevState, prev = st.State, cur
	}
	if r.Cycle > 0 {
		b.WriteString("    end\n")
	}
	mermaidEnding(&b, run, objIndex)
	_, err := io.WriteString(w, b.String())
	return err
}

func titleOf(run Run) string {
	v := run.Result.Violation
	if v == nil {
		return run.Program.Name
	}
	if v.Kind == model.KindDeadlock {
		return run.Program.Name + ": deadlock"
	}
	return fmt.Sprintf("%s: %s", run.Program.Name, violationName(v))
}

// isLocal reports whether a value name is a process local ("fault[0].id").
func isLocal(p *model.Program, name string) bool {
	for _, pr := range p.Procs {
		if strings.HasPrefix(name, pr.Name()+".") {
			return true
		}
	}
	return false
}

// touched lists the globals (by root name, in declaration order) that the
// trace changes or that the violated invariant reads.
func touched(p *model.Program, r *explorer.Result) []string {
	want := map[string]bool{}
	prev := p.Values(r.Initial)
	for _, st := range r.Trace {
		cur := p.Values(st.State)
		for k := range cur {
			if cur[k].Text != prev[k].Text && !isLocal(p, cur[k].Name) {
				want[rootName(cur[k].Name)] = true
			}
		}
		prev = cur
	}
	for _, c := range Culprits(p, r) {
		want[rootName(c.Var)] = true
	}
	var out []string
	for _, g := range p.Globals {
		if want[g.Name] {
			out = append(out, g.Name)
		}
	}
	return out
}

func mermaidEnding(b *strings.Builder, run Run, objIndex map[string]int) {
	p, r := run.Program, run.Result
	v := r.Violation
	switch v.Kind {
	case model.KindInvariant:
		lines := []string{"violated: invariant " + v.Property}
		if src := invariantText(run.Source, v.Pos.Line); src != "" {
			lines = append(lines, src)
		}
		lo, hi := -1, -1
		for _, c := range Culprits(p, r) {
			lines = append(lines, c.Var+" = "+c.Value)
			if i, ok := objIndex[rootName(c.Var)]; ok {
				if lo < 0 || i < lo {
					lo = i
				}
				hi = max(hi, i)
			}
		}
		over := "P0"
		if lo >= 0 {
			over = fmt.Sprintf("O%d,O%d", lo, hi)
			if lo == hi {
				over = fmt.Sprintf("O%d", lo)
			}
		}
		fmt.Fprintf(b, "    Note over %s: %s\n", over, mmd(strings.Join(lines, "\n")))
	case model.KindDeadlock:
		cycle := WaitCycle(r.Blocked)
		on := map[int]bool{}
		for k, i := range cycle {
			on[i] = true
			from, to := r.Blocked[i], r.Blocked[cycle[(k+1)%len(cycle)]]
			fmt.Fprintf(b, "    P%d--xP%d: %s\n", from.Pid, to.Pid, mmd(fmt.Sprintf("%s %s: %s", blockedAt(from), shortStatement(from.Text), from.Reason)))
		}
		for i, bl := range r.Blocked {
			if !on[i] {
				fmt.Fprintf(b, "    Note over P%d: %s\n", bl.Pid, mmd(fmt.Sprintf("blocked at %s %s: %s", blockedAt(bl), shortStatement(bl.Text), bl.Reason)))
			}
		}
		if len(cycle) > 0 {
			fmt.Fprintf(b, "    Note over P%d: %s\n", r.Blocked[cycle[0]].Pid, "deadlock: a wait-for cycle")
		}
	default:
		fmt.Fprintf(b, "    Note over P%d: %s\n", max(v.Pid, 0), mmd(fmt.Sprintf("violated: %s: %s", violationName(v), v.Msg)))
	}
}

// mmd makes text safe in a Mermaid message or note. Mermaid ends a
// statement at ';' and reads '#' as the start of an entity code (which
// Mermaid 11 does not render back), so a ';' becomes a line break (the spec
// language reads a new line as a ';' too) and '#' its full-width form; line
// breaks are <br/>. '<', '>' and '&' are shown as they are.
func mmd(s string) string {
	var b strings.Builder
	skipSpace := false
	for _, r := range s {
		if skipSpace && r == ' ' {
			continue
		}
		skipSpace = false
		switch r {
		case ';':
			b.WriteString("<br/>")
			skipSpace = true
		case '#':
			b.WriteRune('\uff03')
		case '\n':
			b.WriteString("<br/>")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
