package main

import (
	"fmt"
	"io"
	"os"

	"mcheck/explorer"
	"mcheck/report"
)

const replaySynopsis = `Usage: mcheck replay [flags] SPEC FILE

Re-executes a JSON trace (written by mcheck check --trace-out, or --format
json) on SPEC step by step, with the trace's constants, prints it, and
confirms that it ends in the same violation. A trace that does not fit the
spec (an edited spec, a step that is not enabled, bad JSON) is an error naming
the first step that fails.

Exit codes: 1 the violation is confirmed, 2 the trace does not fit or bad usage.`

func runReplay(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet("replay", replaySynopsis, stderr)
	var of outputFlags
	of.register(fs)
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if err := of.validate(); err != nil {
		return err
	}
	of.fitTerminal(fs, stdout)
	if fs.NArg() != 2 {
		fs.Usage()
		return usageErr("replay needs SPEC and FILE")
	}
	specArg, file := fs.Arg(0), fs.Arg(1)
	data, err := os.ReadFile(file)
	if err != nil {
		return usageErr("%v", err)
	}
	tr, err := report.ReadTrace(data)
	if err != nil {
		return usageErr("%s: %v", file, err)
	}
	spec, err := loadSpec(specArg)
	if err != nil {
		return err
	}
	if h := report.SpecHash(spec.src); tr.SpecHash != "" && tr.SpecHash != h {
		fmt.Fprintf(stderr, "mcheck: note: %s has changed since %s was written; replaying anyway\n", spec.filename, file)
	}
	cr, err := compileSpec(stderr, spec, tr.ConstantSet(), false)
	if err != nil {
		return err
	}
	r, err := report.Replay(cr.Program, tr)
	if err != nil {
		return usageErr("%s does not fit %s: %v", file, spec.filename, err)
	}
	run := report.Run{Program: cr.Program, Search: explorer.BFS, Result: r, Source: spec.src, Order: "search"}
	of.minimize = "none" // show the trace as written
	if err := of.emitReplay(stdout, stderr, run, file); err != nil {
		return err
	}
	return &exitError{code: exitViolation}
}

// emitReplay prints a replayed trace; the summary names the file instead of
// search figures.
func (f *outputFlags) emitReplay(stdout, stderr io.Writer, run report.Run, file string) error {
	note := fmt.Sprintf("Replayed from %s: every step fits the spec and the trace ends in the same violation.", file)
	switch {
	case f.format == "json":
		return jsonLine(stdout, report.ToJSON(run))
	case f.format == "mermaid":
		return report.Mermaid(stdout, run)
	case f.quiet:
		_, err := fmt.Fprintln(stdout, note)
		return err
	}
	report.Render(stdout, run, report.TraceOptions{Style: f.trace, Width: f.width, Note: note, Replay: true})
	return f.emit(io.Discard, stderr, run) // --trace-out and --html, if given
}
