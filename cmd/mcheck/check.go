package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/pflag"

	"mcheck/explorer"
	"mcheck/report"
)

// searchFlags are the flags check and test share.
type searchFlags struct {
	search    string
	sets      []string
	maxStates int64
	maxDepth  int
	timeout   time.Duration
	maxMemMiB int64
}

func (f *searchFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.search, "search", "bfs", "search order: bfs (shortest counterexample) or dfs")
	fs.StringArrayVar(&f.sets, "set", nil, "override a constant, NAME=VALUE (repeatable)")
	fs.Int64Var(&f.maxStates, "max-states", 0, "stop after this many states (0: no limit); the verdict is then incomplete")
	fs.IntVar(&f.maxDepth, "max-depth", 0, "explore at most this many steps deep (0: no limit)")
	fs.DurationVar(&f.timeout, "timeout", 0, "stop after this long, e.g. 30s (0: no limit)")
	fs.Int64Var(&f.maxMemMiB, "max-memory", 8192, "stop when the state store passes this many MiB (0: no limit)")
}

func (f *searchFlags) options() (explorer.Options, error) {
	var o explorer.Options
	switch f.search {
	case "bfs":
		o.Search = explorer.BFS
	case "dfs":
		o.Search = explorer.DFS
	default:
		return o, usageErr("--search %q: want bfs or dfs", f.search)
	}
	if f.maxStates < 0 || f.maxDepth < 0 || f.timeout < 0 || f.maxMemMiB < 0 {
		return o, usageErr("budgets must not be negative")
	}
	o.MaxStates, o.MaxDepth, o.MaxMemory = f.maxStates, f.maxDepth, f.maxMemMiB<<20
	o.Now = time.Now
	if f.timeout > 0 {
		o.Deadline = time.Now().Add(f.timeout)
	}
	return o, nil
}

func newFlagSet(name, synopsis string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "%s\n\nFlags:\n%s", synopsis, fs.FlagUsages())
	}
	return fs
}

// flagErr maps a flag parsing error to an exit code (help is not an error).
func flagErr(err error) error {
	if err == pflag.ErrHelp {
		return nil
	}
	return &exitError{code: exitUsage, msg: "mcheck: " + err.Error()}
}

const checkSynopsis = `Usage: mcheck check [flags] SPEC...

Explores every interleaving of each spec's processes. Prints "holds" with the
number of states, or the violated property and a shortest trace (with --search bfs)
that breaks it. SPEC is a .mc file or a catalogue name (mcheck list).

Exit codes: 0 holds, 1 violation, 2 usage or spec error, 3 incomplete.`

func runCheck(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet("check", checkSynopsis, stderr)
	var sf searchFlags
	sf.register(fs)
	format := fs.String("format", "text", "output format: text or json")
	quiet := fs.BoolP("quiet", "q", false, "print only the verdict line (text format)")
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if *format != "text" && *format != "json" {
		return usageErr("--format %q: want text or json", *format)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageErr("check needs at least one SPEC")
	}
	sets, err := parseSets(sf.sets)
	if err != nil {
		return err
	}
	if _, err := sf.options(); err != nil {
		return err
	}
	code := exitHolds
	for _, arg := range fs.Args() {
		c := checkOne(stdout, stderr, arg, sets, &sf, *format, *quiet)
		code = worse(code, c)
	}
	if code != exitHolds {
		return &exitError{code: code}
	}
	return nil
}

// worse orders exit codes: a spec error outranks a violation, which
// outranks an incomplete run, which outranks holds.
func worse(a, b int) int {
	rank := map[int]int{exitHolds: 0, exitIncomplete: 1, exitViolation: 2, exitUsage: 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

func checkOne(stdout, stderr io.Writer, arg string, sets map[string]int64, sf *searchFlags, format string, quiet bool) int {
	spec, err := loadSpec(arg)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	cr, err := compileSpec(stderr, spec, sets, true)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	opts, _ := sf.options()
	progress := newProgress(stderr, spec.name)
	opts.OnProgress, opts.ProgressEvery = progress.update, 1<<14
	r, err := explorer.Explore(cr.Program, opts)
	progress.done()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	run := report.Run{Program: cr.Program, Search: opts.Search, Result: r}
	switch {
	case format == "json":
		if err := report.JSON(stdout, run); err != nil {
			fmt.Fprintln(stderr, err)
			return exitUsage
		}
	case quiet:
		fmt.Fprintln(stdout, report.Summary(run))
	default:
		report.Text(stdout, run)
	}
	switch r.Verdict {
	case explorer.Violated:
		return exitViolation
	case explorer.Incomplete:
		return exitIncomplete
	}
	return exitHolds
}

// progress draws a live line on a terminal's stderr for runs longer than a second.
type progress struct {
	w     io.Writer
	name  string
	tty   bool
	start time.Time
	last  time.Time
	drawn bool
}

func newProgress(w io.Writer, name string) *progress {
	p := &progress{w: w, name: name, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) update(st explorer.Stats) {
	now := time.Now()
	if !p.tty || now.Sub(p.start) < time.Second || now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last, p.drawn = now, true
	fmt.Fprintf(p.w, "\r\033[K%s: %d states, %d transitions, depth %d, %.0f states/s",
		p.name, st.States, st.Transitions, st.MaxDepth, st.StatesPerSecond())
}

func (p *progress) done() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
