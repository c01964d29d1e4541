package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"mcheck/explorer"
	"mcheck/report"
	"mcheck/specs/compile"
	"mcheck/sweep"
)

// writeSweepPlot writes the growth plots as SVG and their data as CSV next
// to it (plot.svg -> plot.csv).
func writeSweepPlot(wf *sweepFlags, axes []sweep.Axis, rows []sweep.Row) error {
	x := wf.plotX
	if x == "" {
		if len(axes) == 0 {
			return usageErr("--plot needs a swept constant (--set NAME=VALUES)")
		}
		x = axes[0].Name
	}
	charts, err := sweep.GrowthCharts(rows, x)
	if err != nil {
		return usageErr("%v", err)
	}
	if err := writeWith(wf.plot, func(w io.Writer) error { return sweep.WriteSVG(w, charts...) }); err != nil {
		return err
	}
	return writeWith(csvName(wf.plot), func(w io.Writer) error { return sweep.WriteGrowthCSV(w, rows, x) })
}

// writeLevelsPlot writes a run's states per BFS level as SVG and CSV.
func writeLevelsPlot(file, name string, levels []int64) error {
	if err := writeWith(file, func(w io.Writer) error { return sweep.WriteSVG(w, sweep.LevelsChart(name, levels)) }); err != nil {
		return err
	}
	return writeWith(csvName(file), func(w io.Writer) error { return sweep.WriteLevelsCSV(w, levels) })
}

func csvName(svg string) string { return strings.TrimSuffix(svg, ".svg") + ".csv" }

func writeWith(name string, write func(io.Writer) error) error {
	fh, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("mcheck: %v", err)
	}
	if err := write(fh); err != nil {
		fh.Close()
		return fmt.Errorf("mcheck: writing %s: %v", name, err)
	}
	if err := fh.Close(); err != nil {
		return fmt.Errorf("mcheck: %v", err)
	}
	return nil
}

// verifyFlags are the manifest's flags that decide verdicts and counts.
var verifyFlags = []string{"search", "max-states", "max-depth", "timeout", "max-memory", "por", "lockdep", "symmetry",
	"liveness", "fairness", "starvation"}

// verifyManifest re-runs every run of a manifest with its flags and
// constants, and fails if a spec's source, a verdict or a count differs.
func verifyManifest(stdout, stderr io.Writer, file string, stop <-chan struct{}) error {
	fh, err := os.Open(file)
	if err != nil {
		return usageErr("%v", err)
	}
	man, err := sweep.ReadManifest(fh)
	fh.Close()
	if err != nil {
		return usageErr("%s: %v", file, err)
	}
	fs := newFlagSet("verify", "", stderr)
	sf := searchFlags{stop: stop}
	sf.register(fs)
	for _, name := range verifyFlags {
		if v, ok := man.Flags[name]; ok {
			if err := fs.Set(name, v); err != nil {
				return usageErr("%s: flag --%s=%s: %v", file, name, v, err)
			}
		}
	}
	if _, err := sf.options(); err != nil {
		return err
	}
	sf.limitMemory()
	diffs := 0
	for _, src := range man.Specs {
		diffs += verifySource(stdout, src)
	}
	for _, run := range man.Runs {
		diffs += verifyRun(stdout, stderr, run, &sf)
	}
	if diffs > 0 {
		fmt.Fprintf(stdout, "\n%s: %d difference(s) from the manifest\n", file, diffs)
		return &exitError{code: exitViolation}
	}
	fmt.Fprintf(stdout, "%s: %d runs reproduced (verdicts, states, transitions)\n", file, len(man.Runs))
	return nil
}

func verifySource(stdout io.Writer, src sweep.SpecSource) int {
	spec, err := loadSpec(src.Arg)
	if err != nil {
		fmt.Fprintf(stdout, "%s: %v\n", src.Arg, strings.TrimPrefix(err.Error(), "mcheck: "))
		return 1
	}
	if h := report.SpecHash(spec.src); h != src.SHA256 {
		fmt.Fprintf(stdout, "%s: the spec changed: recorded %s, now %s\n", src.Arg, src.SHA256, h)
		return 1
	}
	return 0
}

func verifyRun(stdout, stderr io.Writer, run sweep.Run, sf *searchFlags) int {
	spec, err := loadSpec(run.Arg)
	if err != nil {
		return 0 // reported by verifySource
	}
	set := map[string]int64{}
	for _, c := range run.Constants {
		set[c.Name] = c.Value
	}
	name := fmt.Sprintf("%s [%s]", spec.name, sweep.Setting(run.Constants))
	cr, err := compile.Compile(spec.filename, spec.src, compile.Options{Set: set})
	if err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintf(stdout, "%s: does not compile now\n", name)
		return 1
	}
	opts, _ := sf.options()
	r, err := explorer.Explore(cr.Program, opts)
	if err == nil {
		r, err = sf.live.checkLiveness(cr.Program, opts, r)
	}
	if err != nil {
		fmt.Fprintf(stdout, "%s: %v\n", name, err)
		return 1
	}
	now := sweep.RunOf(run.Arg, sweep.FromRun(cr.Program, nil, r))
	diff := sweep.Diff(run, now)
	for _, d := range diff {
		fmt.Fprintf(stdout, "%s: %s\n", name, d)
	}
	return len(diff)
}
