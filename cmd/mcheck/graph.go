package main

import (
	"errors"
	"fmt"
	"io"

	"mcheck/explorer"
	"mcheck/report"
)

const graphSynopsis = `Usage: mcheck graph [flags] SPEC

Writes the whole state graph of a small spec as Graphviz DOT on stdout
(render it with: dot -Tsvg), with a shortest counterexample, if there is one,
drawn thick and red. Refuses specs with more states than --max-states.`

// graphMaxStates caps --max-states: past it the drawing is useless.
const graphMaxStates = 5000

func runGraph(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet("graph", graphSynopsis, stderr)
	sets := fs.StringArray("set", nil, "override a constant, NAME=VALUE (repeatable)")
	limit := fs.Int("max-states", report.GraphLimit, fmt.Sprintf("refuse specs with more states than this (at most %d)", graphMaxStates))
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
	r, err := explorer.Explore(cr.Program, explorer.Options{Search: explorer.BFS, MaxStates: int64(*limit) + 1})
	if err != nil {
		return usageErr("%v", err)
	}
	err = report.Graph(stdout, cr.Program, r, *limit)
	var big *report.GraphTooBig
	if errors.As(err, &big) {
		return usageErr("%s: %v", spec.name, err)
	}
	return err
}
