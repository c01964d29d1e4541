package report

import (
	"fmt"
	"io"
	"strings"

	"mcheck/explorer"
	"mcheck/model"
)

// GraphLimit is the most states Graph draws unless told otherwise; past a
// few hundred nodes a drawing stops being readable.
const GraphLimit = 300

// GraphOptions say how much Graph draws.
type GraphOptions struct {
	Limit int // refuse graphs with more states (0: GraphLimit)
	// Symmetry draws one state per permutation of interchangeable process
	// instances (the states check stores with --symmetry on): a state's
	// label is its canonical representative.
	Symmetry bool
}

// GraphTooBig is Graph's error when the state graph has more than the limit.
type GraphTooBig struct{ Limit int }

func (e *GraphTooBig) Error() string {
	return fmt.Sprintf("the state graph has more than %d states, too many to draw", e.Limit)
}

// Graph writes p's whole state graph as Graphviz DOT: one node per state
// (each process's line, then the values), one edge per step. States that
// break an invariant are red, deadlocks orange, a step that commits a
// violation leads to a red "violation" node. The steps and states of r's
// trace, if r is a counterexample, are drawn thick and red. It refuses
// (GraphTooBig) when there are more than opts.Limit states.
func Graph(w io.Writer, p *model.Program, r *explorer.Result, opts GraphOptions) error {
	g, err := buildGraph(p, opts)
	if err != nil {
		return err
	}
	onPath, pathEdge := g.markTrace(r)
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %q {\n", p.Name)
	b.WriteString("  node [shape=box, fontname=\"monospace\", fontsize=10];\n  edge [fontname=\"monospace\", fontsize=9];\n")
	for i, s := range g.states {
		attrs := []string{fmt.Sprintf("label=%q", g.label(s))}
		switch {
		case g.bad[i] != "":
			attrs = append(attrs, "style=filled", "fillcolor=\"#f4a6a6\"", fmt.Sprintf("xlabel=%q", g.bad[i]))
		case i == 0:
			attrs = append(attrs, "style=bold")
		}
		if onPath[i] {
			attrs = append(attrs, "color=red", "penwidth=2")
		}
		fmt.Fprintf(&b, "  s%d [%s];\n", i, strings.Join(attrs, ", "))
	}
	for k, e := range g.edges {
		to := fmt.Sprintf("s%d", e.to)
		if e.viol != nil {
			to = fmt.Sprintf("v%d", k)
			fmt.Fprintf(&b, "  %s [label=%q, shape=octagon, style=filled, fillcolor=\"#f4a6a6\"];\n", to, "violation: "+violationName(e.viol))
		}
		attrs := []string{fmt.Sprintf("label=%q", g.edgeLabel(e.t))}
		if pathEdge[k] {
			attrs = append(attrs, "color=red", "penwidth=2")
		}
		fmt.Fprintf(&b, "  s%d -> %s [%s];\n", e.from, to, strings.Join(attrs, ", "))
	}
	b.WriteString("}\n")
	_, err = io.WriteString(w, b.String())
	return err
}

type graphEdge struct {
	from, to int
	t        model.Trans
	viol     *model.Violation
}

type stateGraph struct {
	p      *model.Program
	sym    *model.Symmetry // nil: states as they are
	states [][]uint64
	index  map[string]int
	edges  []graphEdge
	bad    map[int]string // state -> "invariant NAME" or "deadlock"
}

func buildGraph(p *model.Program, opts GraphOptions) (*stateGraph, error) {
	limit := opts.Limit
	if limit <= 0 {
		limit = GraphLimit
	}
	m := p.NewMachine()
	g := &stateGraph{p: p, index: map[string]int{}, bad: map[int]string{}}
	if opts.Symmetry {
		g.sym = p.Symmetry()
	}
	g.add(p.Initial())
	for i := 0; i < len(g.states); i++ {
		s := g.states[i]
		if iv := m.CheckInvariants(s); iv != nil {
			g.bad[i] = "invariant " + iv.Property
			continue
		}
		var err error
		n := m.Successors(s, func(t model.Trans, next []uint64, v *model.Violation) {
			if err != nil {
				return
			}
			if v != nil {
				g.edges = append(g.edges, graphEdge{from: i, to: -1, t: t, viol: v})
				return
			}
			j := g.add(next)
			if len(g.states) > limit {
				err = &GraphTooBig{Limit: limit}
			}
			g.edges = append(g.edges, graphEdge{from: i, to: j, t: t})
		})
		if err != nil {
			return nil, err
		}
		if n == 0 && !p.AllFinished(s) {
			g.bad[i] = "deadlock"
		}
	}
	return g, nil
}

// canon is s's canonical representative under symmetry, or s.
func (g *stateGraph) canon(s []uint64) []uint64 {
	if g.sym == nil {
		return s
	}
	return g.sym.Canonical(s, nil)
}

func (g *stateGraph) add(s []uint64) int {
	s = g.canon(s)
	k := key(s)
	if i, ok := g.index[k]; ok {
		return i
	}
	g.states = append(g.states, append([]uint64(nil), s...))
	g.index[k] = len(g.states) - 1
	return len(g.states) - 1
}

// markTrace finds r's trace in the graph: its states and its edges. Steps
// are matched by the state they lead to (under symmetry the trace's process
// names are not the graph's), and a step that commits a violation by the
// edge into a violation node.
func (g *stateGraph) markTrace(r *explorer.Result) (map[int]bool, map[int]bool) {
	states, edges := map[int]bool{}, map[int]bool{}
	if r == nil || r.Violation == nil {
		return states, edges
	}
	cur := g.index[key(g.canon(r.Initial))]
	states[cur] = true
	for _, st := range r.Trace {
		k := g.stepEdge(cur, st.State, r.Violation)
		if k < 0 {
			break
		}
		edges[k] = true
		if e := g.edges[k]; e.to >= 0 {
			cur = e.to
			states[cur] = true
		}
	}
	return states, edges
}

// stepEdge is the edge from state cur into next (or, failing that, into a
// node of violation want), or -1.
func (g *stateGraph) stepEdge(cur int, next []uint64, want *model.Violation) int {
	to, ok := g.index[key(g.canon(next))]
	viol := -1
	for k, e := range g.edges {
		switch {
		case e.from != cur:
		case ok && e.to == to:
			return k
		case e.to < 0 && viol < 0 && e.viol.Kind == want.Kind && e.viol.Property == want.Property:
			viol = k
		}
	}
	return viol
}

func (g *stateGraph) label(s []uint64) string {
	var pcs []string
	for pid, pr := range g.p.Procs {
		if g.p.Finished(s, pid) {
			pcs = append(pcs, pr.Name()+":done")
			continue
		}
		pos, _ := g.p.Location(pid, g.p.PC(s, pid))
		pcs = append(pcs, fmt.Sprintf("%s:%d", pr.Name(), pos.Line))
	}
	lines := []string{strings.Join(pcs, " ")}
	for _, v := range g.p.Values(s) {
		lines = append(lines, v.Name+" = "+v.Text)
	}
	return strings.Join(lines, "\n")
}

func (g *stateGraph) edgeLabel(t model.Trans) string {
	pos, _ := g.p.Location(int(t.Pid), int(t.Node))
	return fmt.Sprintf("%s:%d", g.p.Procs[t.Pid].Name(), pos.Line)
}
