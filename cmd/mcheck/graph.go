package main

import (
	"errors"
	"fmt"
	"io"

	"mcheck/explorer"
	"mcheck/model"
	"mcheck/report"
)

const graphSynopsis = `Usage: mcheck graph [flags] SPEC

Writes the whole state graph of a small spec as Graphviz DOT on stdout
(render it with: dot -Tsvg), with a shortest counterexample, if there is one,
drawn thick and red. With --symmetry on (the default) interchangeable process
instances are merged as check merges them, one state per permutation.
Partial-order reduction does not apply: the drawing has every interleaving.
check stops at the first violation; graph draws every reachable state, so a
spec check finishes in 88 states can have several hundred here. Refuses
specs with more states than --max-states.`

// graphMaxStates caps --max-states: past it the drawing is useless.
const graphMaxStates = 5000

func runGraph(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet("graph", graphSynopsis, stderr)
	sets := fs.StringArray("set", nil, "override a constant, NAME=VALUE (repeatable)")
	limit := fs.Int("max-states", report.GraphLimit, fmt.Sprintf("refuse specs with more states than this (at most %d)", graphMaxStates))
	symmetry := fs.String("symmetry", "on", "on: one state per permutation of interchangeable process instances; off: every state")
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageErr("graph needs one SPEC")
	}
	if *limit < 1 || *limit > graphMaxStates {
		return usageErr("--max-states %d: want 1 to %d", *limit, graphMaxStates)
	}
	if *symmetry != "on" && *symmetry != "off" {
		return usageErr("--symmetry %q: want on or off", *symmetry)
	}
	set, err := parseSets(*sets)
	if err != nil {
		return err
	}
	spec, err := loadSpec(fs.Arg(0))
	if err != nil {
		return err
	}
	cr, err := compileSpec(stderr, spec, set, true)
	if err != nil {
		return err
	}
	return drawGraph(stdout, spec.name, cr.Program, report.GraphOptions{Limit: *limit, Symmetry: *symmetry == "on"})
}

// drawGraph finds a shortest counterexample to draw in red, then the graph.
func drawGraph(stdout io.Writer, name string, p *model.Program, opts report.GraphOptions) error {
	r, err := explorer.Explore(p, explorer.Options{Search: explorer.BFS, Symmetry: opts.Symmetry, MaxStates: int64(opts.Limit) + 1})
	if err != nil {
		return usageErr("%v", err)
	}
	err = report.Graph(stdout, p, r, opts)
	var big *report.GraphTooBig
	if errors.As(err, &big) {
		return usageErr("%s: %v: graph draws every reachable state without partial-order reduction (check stops at the first violation, and reduces)%s", name, err, graphHint(opts.Limit))
	}
	return err
}

// graphHint suggests the next step after a refusal.
func graphHint(limit int) string {
	if limit < graphMaxStates {
		return fmt.Sprintf("; raise --max-states (at most %d), lower the constants with --set, or use mcheck check", graphMaxStates)
	}
	return "; lower the constants with --set, or use mcheck check"
}
