package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"mcheck/explorer"
	"mcheck/report"
	"mcheck/specs/compile"
	"mcheck/sweep"
)

const sweepSynopsis = `Usage: mcheck sweep [flags] [SPEC|DIR...]

Runs each spec (default: the built-in catalogue; a DIR means its *.mc files)
at every setting of a grid of constants and prints one row per (spec,
setting). --set NAME=VALUES sweeps a constant: VALUES is a list of integers
and ranges, e.g. --set FAULTS=2..5 --set REMAPS=1,2; a spec that does not
declare NAME runs once for all its values. Budgets (--timeout, --max-states,
--max-memory, --max-depth) apply to each setting on its own: a setting that
runs out says "incomplete (timeout)" in its verdict cell and the sweep goes on.

--format text|markdown|csv|jsonl|latex; --columns picks and orders columns:
spec, setting, verdict, kind, property, states, transitions, depth, seconds,
memory, reduction, reason, a constant's name, max:MEASURE, min:MEASURE.
--manifest FILE records the program, machine, flags, spec hashes and every
run; --verify FILE re-runs a manifest and fails if a verdict or count differs.
--plot FILE.svg draws states and seconds against a swept constant (log axis,
one line per spec) and writes the plot's data to FILE.csv.

Exit codes: 0 the table was made (whatever the verdicts); 1 --verify found a
difference; 2 bad usage or a spec that does not compile.`

// sweepFlags are sweep's own flags.
type sweepFlags struct {
	format, columns, manifest, verify, plot, plotX, caption string
}

func runSweep(stdout, stderr io.Writer, args []string, stop <-chan struct{}) error {
	fs := newFlagSet("sweep", sweepSynopsis, stderr)
	sf := searchFlags{stop: stop}
	sf.register(fs)
	fs.Lookup("set").Usage = "sweep a constant, NAME=VALUES: integers and ranges, e.g. FAULTS=2..5 or REMAPS=1,2 (repeatable)"
	var wf sweepFlags
	wf.register(fs)
	start := time.Now()
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if wf.verify != "" {
		if fs.NArg() > 0 || len(sf.sets) > 0 {
			return usageErr("--verify takes its specs, settings and flags from the manifest")
		}
		return verifyManifest(stdout, stderr, wf.verify, stop)
	}
	if _, err := sf.options(); err != nil {
		return err
	}
	sf.limitMemory()
	if err := wf.validate(); err != nil {
		return err
	}
	axes, err := sweepAxes(sf.sets)
	if err != nil {
		return err
	}
	specs, err := loadSpecs(fs.Args())
	if err != nil {
		return err
	}
	man := sweep.NewManifest("sweep", args, start)
	fs.VisitAll(func(f *pflag.Flag) { man.Flags[f.Name] = f.Value.String() })
	man.Grid = axes
	rows, broken, err := sweepRuns(stderr, specs, axes, &sf, man)
	if err != nil {
		return err
	}
	if err := writeSweep(stdout, &wf, axes, rows, man); err != nil {
		return err
	}
	if broken {
		return &exitError{code: exitUsage}
	}
	return nil
}

func (wf *sweepFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&wf.format, "format", "text", "table format: "+strings.Join(sweep.Formats, ", "))
	fs.StringVar(&wf.columns, "columns", "", "comma-separated columns (default: spec, the swept constants, verdict, property, states, transitions, depth, seconds, memory, max:MEASURE for each measure)")
	fs.StringVar(&wf.manifest, "manifest", "", "write a manifest (program, machine, flags, spec hashes, every run) to this file")
	fs.StringVar(&wf.verify, "verify", "", "re-run this manifest and fail if any verdict, state or transition count differs")
	fs.StringVar(&wf.plot, "plot", "", "draw states and seconds against a swept constant as SVG to this file, and its data as CSV next to it")
	fs.StringVar(&wf.plotX, "plot-x", "", "the swept constant on the plot's x axis (default: the first --set)")
	fs.StringVar(&wf.caption, "caption", "", "LaTeX caption (the mcheck version is appended)")
}

// validate rejects a bad format or column list before any run starts.
func (wf *sweepFlags) validate() error {
	ok := false
	for _, f := range sweep.Formats {
		ok = ok || f == wf.format
	}
	if !ok {
		return usageErr("--format %q: want %s", wf.format, strings.Join(sweep.Formats, ", "))
	}
	if wf.columns != "" {
		if _, err := sweep.Columns(strings.Split(wf.columns, ",")); err != nil {
			return usageErr("%v", err)
		}
	}
	if wf.plot != "" && !strings.HasSuffix(wf.plot, ".svg") {
		return usageErr("--plot %q: want a file name ending in .svg", wf.plot)
	}
	return nil
}

func sweepAxes(sets []string) ([]sweep.Axis, error) {
	var axes []sweep.Axis
	for _, s := range sets {
		a, err := sweep.ParseAxis(s)
		if err != nil {
			return nil, usageErr("%v", err)
		}
		axes = append(axes, a)
	}
	if err := sweep.CheckAxes(axes); err != nil {
		return nil, usageErr("%v", err)
	}
	return axes, nil
}

// sweepRuns runs every spec at every setting of the grid that applies to
// it. It returns the rows and whether some spec did not compile.
func sweepRuns(stderr io.Writer, specs []specFile, axes []sweep.Axis, sf *searchFlags, man *sweep.Manifest) ([]sweep.Row, bool, error) {
	var rows []sweep.Row
	broken := false
	used := map[string]bool{}
	for _, spec := range specs {
		arg := specArg(spec)
		man.AddSpec(sweep.SpecSource{Arg: arg, Name: spec.name, File: spec.filename, SHA256: report.SpecHash(spec.src)})
		declared, err := declaredConsts(spec)
		if err != nil {
			fmt.Fprintln(stderr, err)
			rows, broken = append(rows, sweep.ErrorRow(spec.name, spec.filename, nil, "does not compile")), true
			continue
		}
		settings, err := sweep.Expand(axes, func(n string) bool { used[n] = used[n] || declared[n]; return declared[n] })
		if err != nil {
			return nil, false, usageErr("%v", err)
		}
		for _, set := range settings {
			row, ok := sweepOne(stderr, spec, set, sf)
			broken = broken || !ok
			rows = append(rows, row)
			man.Runs = append(man.Runs, sweep.RunOf(arg, row))
		}
	}
	for _, a := range axes {
		if !used[a.Name] {
			return nil, false, usageErr("--set %s: no spec declares a constant %s", a.Name, a.Name)
		}
	}
	return rows, broken, nil
}

// specArg is how the manifest names a spec so that --verify finds it again:
// its path, or its catalogue name.
func specArg(spec specFile) string {
	if spec.catalogue {
		return spec.name
	}
	return spec.filename
}

func declaredConsts(spec specFile) (map[string]bool, error) {
	cr, err := compile.Compile(spec.filename, spec.src, compile.Options{})
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, c := range cr.Program.Consts {
		out[c.Name] = true
	}
	return out, nil
}

// sweepOne runs one spec at one setting with its own budgets.
func sweepOne(stderr io.Writer, spec specFile, set sweep.Setting, sf *searchFlags) (sweep.Row, bool) {
	m := map[string]int64{}
	for _, c := range set {
		m[c.Name] = c.Value
	}
	cr, err := compile.Compile(spec.filename, spec.src, compile.Options{Set: m})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return sweep.ErrorRow(spec.name, spec.filename, set, "does not compile"), false
	}
	opts, _ := sf.options()
	r, err := explorer.Explore(cr.Program, opts)
	if err == nil {
		r, err = sf.live.checkLiveness(cr.Program, opts, r)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return sweep.ErrorRow(spec.name, spec.filename, set, err.Error()), false
	}
	return sweep.FromRun(cr.Program, set, r), true
}

func writeSweep(stdout io.Writer, wf *sweepFlags, axes []sweep.Axis, rows []sweep.Row, man *sweep.Manifest) error {
	names := sweep.DefaultColumns(axes, rows)
	if wf.columns != "" {
		names = strings.Split(wf.columns, ",")
	}
	cols, err := sweep.Columns(names)
	if err != nil {
		return usageErr("%v", err)
	}
	caption := sweep.BuildInfo().String()
	if wf.caption != "" {
		caption = wf.caption + " (" + caption + ")"
	}
	if err := sweep.Write(stdout, wf.format, cols, rows, caption); err != nil {
		return err
	}
	if wf.manifest != "" {
		if err := writeManifest(wf.manifest, man); err != nil {
			return err
		}
	}
	if wf.plot != "" {
		return writeSweepPlot(wf, axes, rows)
	}
	return nil
}

func writeManifest(name string, man *sweep.Manifest) error {
	fh, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("mcheck: %v", err)
	}
	if err := man.Write(fh); err != nil {
		fh.Close()
		return fmt.Errorf("mcheck: writing %s: %v", name, err)
	}
	return fh.Close()
}
