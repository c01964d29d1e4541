package report

import (
	"fmt"

	"mcheck/explorer"
)

// JSONLockCycle is one lock-order cycle: the locks in order and, per edge,
// where a process took the next lock while holding the previous one.
type JSONLockCycle struct {
	Cycle string         `json:"cycle"`
	Edges []JSONLockEdge `json:"edges"`
}

// JSONLockEdge is one acquisition that added an edge to the lock graph.
type JSONLockEdge struct {
	Held      string       `json:"held"`
	Acquired  string       `json:"acquired"`
	Process   string       `json:"process"`
	Line      int          `json:"line"` // as in trace steps: an inline's call site
	Inline    []JSONInline `json:"inline,omitempty"`
	Statement string       `json:"statement"`
}

// LockCycles resolves the run's lock-order cycles against its program.
func LockCycles(run Run) []JSONLockCycle {
	var out []JSONLockCycle
	for _, c := range run.Result.LockOrder {
		jc := JSONLockCycle{Cycle: c.String()}
		for _, e := range c.Edges {
			pr := run.Program.Procs[e.Pid]
			nd := &pr.Type.Nodes[e.Trans.Node]
			at, inl := site(nd.Pos, nd.Inlines)
			jc.Edges = append(jc.Edges, JSONLockEdge{Held: e.Held, Acquired: e.Acquired,
				Process: pr.Name(), Line: at.Line, Inline: inl, Statement: nd.Text})
		}
		out = append(out, jc)
	}
	return out
}

// LockOrderWarnings renders each lock-order cycle as a warning, with the
// acquisition sites, unless the run's violation is that cycle already.
func LockOrderWarnings(run Run) []string {
	if v := run.Result.Violation; v != nil && v.Kind == explorer.KindLockOrder {
		return nil
	}
	var out []string
	for _, c := range LockCycles(run) {
		out = append(out, fmt.Sprintf("%s: warning: lock order cycle %s (possible deadlock; --lockdep=error makes it a violation)", run.Program.File, c.Cycle))
		for _, e := range c.Edges {
			where := fmt.Sprintf("line %d", e.Line)
			if note := noteOf(e.Line, e.Inline); note != "" {
				where = note
			}
			out = append(out, fmt.Sprintf("  %s takes %s while holding %s at %s: %s", e.Process, e.Acquired, e.Held, where, shortStatement(e.Statement)))
		}
	}
	return out
}
