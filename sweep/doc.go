// Package sweep turns many runs into results a paper or a cover letter can
// use: a grid of constant settings (grid.go), one Row per (spec, setting)
// rendered as aligned text, Markdown, CSV, JSON Lines or LaTeX with
// selectable columns (table.go, latex.go), SVG line plots drawn by hand with
// their data as CSV (plot.go), and a manifest that records how the rows were
// made so that `mcheck sweep --verify` can make them again (manifest.go).
//
// It sits after explorer and report in the flow: the CLI runs the searches,
// builds Rows with FromRun, and hands them here. Apart from reading the
// build information and the CPU model for a manifest it does no I/O of its
// own; every renderer writes to an io.Writer.
package sweep
