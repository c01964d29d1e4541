package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"mcheck/explorer"
	"mcheck/model"
	"mcheck/report"
	"mcheck/specs/compile"
	"mcheck/sweep"
)

// searchFlags are the flags check and test share.
type searchFlags struct {
	search    string
	sets      []string
	maxStates int64
	maxDepth  int
	timeout   time.Duration
	maxMemMiB int64
	por       string
	lockdep   string
	symmetry  string
	workers   int
	store     string
	ckpt      checkpointFlags
	stop      <-chan struct{} // closed on SIGINT/SIGTERM (not a flag)
	live      liveFlags
}

func (f *searchFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.search, "search", "bfs", "search order: bfs (shortest counterexample) or dfs")
	fs.StringArrayVar(&f.sets, "set", nil, "override a constant, NAME=VALUE (repeatable)")
	fs.Int64Var(&f.maxStates, "max-states", 0, "stop after this many states (0: no limit); the verdict is then incomplete")
	fs.IntVar(&f.maxDepth, "max-depth", 0, "explore at most this many steps deep (0: no limit)")
	fs.DurationVar(&f.timeout, "timeout", 0, "stop after this long, e.g. 30s (0: no limit)")
	fs.Int64Var(&f.maxMemMiB, "max-memory", 8192, "stop when the state store passes this many MiB (0: no limit)")
	fs.StringVar(&f.lockdep, "lockdep", "warn", "lock-order tracking: warn (report cycles on stderr), error (a cycle is a violation), or off")
	fs.StringVar(&f.symmetry, "symmetry", "on", "symmetry reduction: on (store one state per permutation of interchangeable process instances, and of pool objects where no alloc of their pool can still run, when the spec allows it) or off")
	fs.IntVar(&f.workers, "workers", runtime.NumCPU(), "goroutines expanding states in a BFS, by default one per CPU; any number gives the same result. DFS and the liveness search use one")
	fs.StringVar(&f.store, "store", "exact", "state store: exact (every state kept), fingerprint (64-bit hashes only; holds only with a probability, printed), or auto (exact, then fingerprints when --max-memory would be exceeded; bfs)")
	f.live.register(fs)
	fs.StringVar(&f.por, "por", "on", "partial-order reduction: on (stubborn sets; same verdicts, fewer states; a BFS reduces only after its first 4,096 states, searched exactly so that a short counterexample is shortest at once) or off (plain exhaustive search)")
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
	if f.workers < 1 {
		return o, usageErr("--workers %d: want 1 or more", f.workers)
	}
	o.Workers = f.workers
	switch f.store {
	case "exact":
	case "fingerprint":
		o.Store = explorer.StoreFingerprint
	case "auto":
		o.Store = explorer.StoreAuto
	default:
		return o, usageErr("--store %q: want exact, fingerprint or auto", f.store)
	}
	if o.Store != explorer.StoreExact && (f.ckpt.file != "" || f.ckpt.resume != "") {
		return o, usageErr("--checkpoint and --resume need --store exact")
	}
	o.MaxStates, o.MaxDepth, o.MaxMemory = f.maxStates, f.maxDepth, f.maxMemMiB<<20
	switch f.lockdep {
	case "warn":
	case "off":
		o.Lockdep = explorer.LockdepOff
	case "error":
		o.Lockdep = explorer.LockdepError
	default:
		return o, usageErr("--lockdep %q: want warn, error or off", f.lockdep)
	}
	switch f.symmetry {
	case "on":
		o.Symmetry = true
	case "off":
	default:
		return o, usageErr("--symmetry %q: want on or off", f.symmetry)
	}
	switch f.por {
	case "on":
		o.POR = true
	case "off":
	default:
		return o, usageErr("--por %q: want on or off", f.por)
	}
	if err := f.live.validate(); err != nil {
		return o, err
	}
	o.Now, o.Stop = time.Now, f.stop
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

A counterexample prints as swim lanes, one column per process, fitted to
--width, with its steps reordered (same steps, same final state) for the
fewest preemptions; --minimize preemptions searches all schedules for the one
with the fewest. --trace-out writes it as JSON for mcheck replay, --html as a
page to step through, --format mermaid as a sequence diagram.

Exit codes: 0 holds, 1 violation, 2 usage or spec error, 3 incomplete.`

// limitMemory gives the Go runtime a soft memory limit (memoryLimit) unless
// the environment sets GOMEMLIMIT. Only the mcheck binary sets it (main
// replaces setMemoryLimit): the limit is the process's, and the tests run
// many commands in one process.
func (f *searchFlags) limitMemory() {
	if n := memoryLimit(f.maxMemMiB); n > 0 && os.Getenv("GOMEMLIMIT") == "" {
		setMemoryLimit(n)
	}
}

// setMemoryLimit is debug.SetMemoryLimit in the binary, nothing in tests.
var setMemoryLimit = func(int64) int64 { return 0 }

// memoryLimit is the soft limit for a store budget of maxMiB MiB (0: none):
// a quarter above it, plus 256 MiB for the rest of the process. By default
// Go lets the heap grow to twice what is live before collecting, so a store
// near its budget would take twice the memory the budget promises
// (bench/RESULTS.md: 1.65x the live heap on a fingerprint run of 18 M
// states). The search stops at its budget, so the live heap stays under the
// limit and the collector does not have to run continuously.
func memoryLimit(maxMiB int64) int64 {
	if maxMiB <= 0 {
		return 0
	}
	return (maxMiB + maxMiB/4 + 256) << 20
}

func runCheck(stdout, stderr io.Writer, args []string, stop <-chan struct{}) error {
	fs := newFlagSet("check", checkSynopsis, stderr)
	sf := searchFlags{stop: stop}
	sf.register(fs)
	sf.ckpt.register(fs) // check only: a checkpoint is one search's
	var of outputFlags
	of.register(fs)
	compare := fs.Bool("compare-por", false, "run each spec with and without partial-order reduction and print states, transitions and the reduction factor")
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if err := checkArgs(fs, &of, *compare); err != nil {
		return err
	}
	of.fitTerminal(fs, stdout)
	if of.levels != "" && sf.search != "bfs" {
		return usageErr("--levels counts states per BFS level: it needs --search bfs")
	}
	if of.manifest != "" {
		of.man = sweep.NewManifest("check", args, time.Now())
		fs.VisitAll(func(f *pflag.Flag) { of.man.Flags[f.Name] = f.Value.String() })
	}
	sets, err := parseSets(sf.sets)
	if err != nil {
		return err
	}
	if _, err := sf.options(); err != nil {
		return err
	}
	sf.limitMemory()
	code := exitHolds
	for _, arg := range fs.Args() {
		if *compare {
			code = worse(code, comparePOR(stdout, stderr, arg, sets, &sf, of.format == "json"))
			continue
		}
		code = worse(code, checkOne(stdout, stderr, arg, sets, &sf, &of))
	}
	if of.man != nil {
		if err := writeManifest(of.manifest, of.man); err != nil {
			return err
		}
	}
	if code != exitHolds {
		return &exitError{code: code}
	}
	return nil
}

// checkArgs checks check's arguments and output flags together.
func checkArgs(fs *pflag.FlagSet, of *outputFlags, compare bool) error {
	if err := of.validate(); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageErr("check needs at least one SPEC")
	}
	if fs.NArg() > 1 && (of.traceOut != "" || of.html != "" || of.levels != "") {
		return usageErr("--trace-out, --html and --levels take one SPEC")
	}
	if compare {
		return compareFlags(fs, of)
	}
	return checkpointArgs(fs)
}

// compareFlags refuses the output flags --compare-por has no use for: it
// prints figures (a table, or JSON Lines), never a trace.
func compareFlags(fs *pflag.FlagSet, of *outputFlags) error {
	if of.format == "mermaid" {
		return usageErr("--compare-por prints figures, not a trace: --format mermaid does not apply (text or json)")
	}
	for _, name := range []string{"html", "trace-out", "trace", "minimize", "width", "quiet", "measure-trace", "levels", "checkpoint", "resume"} {
		if fs.Changed(name) {
			return usageErr("--compare-por prints figures, not a trace: --%s does not apply", name)
		}
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

func checkOne(stdout, stderr io.Writer, arg string, sets map[string]int64, sf *searchFlags, of *outputFlags) int {
	opts, _ := sf.options() // --timeout counts from here: compiling is part of the run
	spec, cr, code := compileWithin(stderr, arg, sets, opts.Deadline)
	if cr == nil {
		if code == exitIncomplete {
			fmt.Fprintf(stderr, "%s: incomplete: --timeout %s passed while compiling\n", arg, sf.timeout)
		}
		return code
	}
	progress := newProgress(stderr, spec.name)
	opts.OnProgress, opts.ProgressEvery = progress.update, 1<<14
	opts.Levels = of.levels != ""
	done, err := sf.ckpt.apply(&opts)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	r, err := explorer.Explore(cr.Program, opts)
	done(stderr, r)
	if err == nil {
		r, err = sf.live.checkLiveness(cr.Program, opts, r)
	}
	progress.done()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	if err := of.record(spec, cr.Program, r); err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	run := report.Run{Program: cr.Program, Search: opts.Search, Result: r, Source: spec.src, SymmetryAsked: opts.Symmetry}
	of.budget = report.MinimizeBudget{Deadline: opts.Deadline, Now: opts.Now, Stop: opts.Stop}
	if err := of.emit(stdout, stderr, run); err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	for _, line := range report.LockOrderWarnings(run) {
		fmt.Fprintln(stderr, line)
	}
	switch r.Verdict {
	case explorer.Violated:
		return exitViolation
	case explorer.Incomplete:
		return exitIncomplete
	}
	return exitHolds
}

// compileWithin is loadAndCompile bounded by a deadline (none when zero). A
// compile that passes it returns no result and exitIncomplete at once; the
// abandoned compile ends on its own (compiling is linear in the spec).
func compileWithin(stderr io.Writer, arg string, sets map[string]int64, deadline time.Time) (specFile, *compile.Result, int) {
	type compiled struct {
		spec specFile
		cr   *compile.Result
		ok   bool
		msgs bytes.Buffer // warnings and errors, written only if in time
	}
	done := make(chan *compiled, 1)
	go func() {
		c := &compiled{}
		c.spec, c.cr, c.ok = loadAndCompile(&c.msgs, arg, sets)
		done <- c
	}()
	var timeout <-chan time.Time
	if !deadline.IsZero() {
		timeout = time.After(time.Until(deadline))
	}
	select {
	case c := <-done:
		if c.ok && !deadline.IsZero() && !time.Now().Before(deadline) {
			return c.spec, nil, exitIncomplete
		}
		stderr.Write(c.msgs.Bytes()) // a spec error outranks the deadline
		if !c.ok {
			return c.spec, nil, exitUsage
		}
		return c.spec, c.cr, exitHolds
	case <-timeout:
		return specFile{}, nil, exitIncomplete
	}
}

// outputFlags say how check shows a result and where it writes traces.
type outputFlags struct {
	format, trace, minimize string
	width                   int
	quiet                   bool
	traceOut, html          string
	budget                  report.MinimizeBudget // the run's clock and interrupt, for --minimize preemptions
	manifest, levels        string
	measureTrace            string
	man                     *sweep.Manifest // with --manifest: the runs so far
}

func (f *outputFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.format, "format", "text", "output format: text, json (JSON Lines: one object per spec) or mermaid (a sequence diagram of the trace)")
	fs.StringVar(&f.trace, "trace", "lanes", "text trace style: lanes (one column per process) or list (numbered steps)")
	fs.IntVar(&f.width, "width", report.DefaultWidth, "fit the lanes in this many columns (default: the terminal's width when stdout is one, else 72)")
	fs.StringVar(&f.minimize, "minimize", "reorder", "none (the search's order), reorder (same steps, fewest preemptions), or preemptions (search for the schedule with the fewest)")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "print only the verdict line (text format)")
	fs.StringVar(&f.traceOut, "trace-out", "", "write the counterexample to this file as a JSON trace (for mcheck replay)")
	fs.StringVar(&f.html, "html", "", "write the counterexample to this file as a self-contained HTML page")
	fs.StringVar(&f.manifest, "manifest", "", "write a manifest (program, machine, flags, spec hashes, every run) to this file, for mcheck sweep --verify")
	fs.StringVar(&f.measureTrace, "measure-trace", "", "print a trace to a state where this measure is at its maximum (text format)")
	fs.StringVar(&f.levels, "levels", "", "draw the states per BFS level as SVG to this file, and the data as CSV next to it")
}

// record adds a run to the manifest and draws its levels, as asked.
func (f *outputFlags) record(spec specFile, p *model.Program, r *explorer.Result) error {
	if f.man != nil {
		arg := specArg(spec)
		f.man.AddSpec(sweep.SpecSource{Arg: arg, Name: spec.name, File: spec.filename, SHA256: report.SpecHash(spec.src)})
		f.man.Runs = append(f.man.Runs, sweep.RunOf(arg, sweep.FromRun(p, nil, r)))
	}
	if f.levels != "" {
		return writeLevelsPlot(f.levels, p.Name, r.Levels)
	}
	return nil
}

// fitTerminal takes the terminal's width when stdout is a terminal and
// --width was not given.
func (f *outputFlags) fitTerminal(fs *pflag.FlagSet, stdout io.Writer) {
	if fs.Changed("width") {
		return
	}
	if file, ok := stdout.(*os.File); ok {
		if w := terminalWidth(file); w > 0 {
			f.width = max(w, minWidth)
		}
	}
}

// minWidth is the narrowest --width: a lane needs room for a line number and
// a few characters of its statement.
const minWidth = 20

func (f *outputFlags) validate() error {
	switch {
	case f.format != "text" && f.format != "json" && f.format != "mermaid":
		return usageErr("--format %q: want text, json or mermaid", f.format)
	case f.trace != "lanes" && f.trace != "list":
		return usageErr("--trace %q: want lanes or list", f.trace)
	case f.minimize != "none" && f.minimize != "reorder" && f.minimize != "preemptions":
		return usageErr("--minimize %q: want none, reorder or preemptions", f.minimize)
	case f.width < minWidth:
		return usageErr("--width %d: want at least %d", f.width, minWidth)
	case f.levels != "" && !strings.HasSuffix(f.levels, ".svg"):
		return usageErr("--levels %q: want a file name ending in .svg", f.levels)
	}
	return nil
}

// choose picks the trace to show (reordered or minimized) and says how;
// a note that must not be lost goes to warn as well (formats without notes).
func (f *outputFlags) choose(run report.Run, warn io.Writer) (report.Run, string, error) {
	r := run.Result
	if r.Verdict != explorer.Violated || f.minimize == "none" || report.IsLiveness(r.Violation) {
		return run, "", nil // a liveness counterexample owes the property in every state: keep its order
	}
	sw, pre := report.Switches(run.Program, r)
	if f.minimize == "preemptions" {
		min, err := report.MinimizePreemptions(run.Program, r, f.budget)
		var inc *report.MinimizeIncomplete
		if errors.As(err, &inc) {
			run, note, err := minimizeFallback(run, inc, sw, pre)
			fmt.Fprintf(warn, "mcheck: %s: %s\n", run.Program.Name, note)
			return run, note, err
		}
		if err != nil {
			return run, "", err
		}
		run.Result, run.Order, run.Bound = min.Result, "fewest-preemptions", min.Bound
		return run, fmt.Sprintf("Fewest preemptions: no schedule ends in this violation with fewer than %d (iterative preemption bounding, bounds 0 to %d, %d search nodes).", min.Bound, min.Bound, min.Nodes), nil
	}
	return reorder(run, sw, pre)
}

// reorder shows run's steps reordered for the fewest preemptions; sw and
// pre are the search order's figures.
func reorder(run report.Run, sw, pre int) (report.Run, string, error) {
	r := run.Result
	re := report.Reorder(run.Program, r)
	run.Order = "reordered"
	if re == r {
		return run, "", nil // already the fewest in its class
	}
	run.Result = re
	return run, fmt.Sprintf("Steps reordered for fewest preemptions (the search's order had %s, %s).",
		plural(sw, "context switch", "context switches"), plural(pre, "preemption", "preemptions")), nil
}

// minimizeFallback shows the reordered trace when --minimize preemptions
// ran out of budget, and says so.
func minimizeFallback(run report.Run, inc *report.MinimizeIncomplete, sw, pre int) (report.Run, string, error) {
	note := fmt.Sprintf("--minimize preemptions gave up at bound %d (%s, after %d search nodes)", inc.Bound, inc.Reason, inc.Nodes)
	if inc.Bound > 0 {
		note += fmt.Sprintf("; no schedule has fewer than %d preemptions", inc.Bound)
	}
	run, _, _ = reorder(run, sw, pre)
	if run.Result == nil || len(run.Result.Trace) == 0 {
		return run, note + ".", nil
	}
	_, now := report.Switches(run.Program, run.Result)
	return run, fmt.Sprintf("%s. Showing the search's trace reordered for fewest preemptions instead (%s, the search's order had %s), which may not be the fewest.",
		note, plural(now, "preemption", "preemptions"), plural(pre, "preemption", "preemptions")), nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// emit prints run in the chosen format and writes the requested files.
func (f *outputFlags) emit(stdout, stderr io.Writer, run report.Run) error {
	warn := stderr
	if f.format == "text" && !f.quiet {
		warn = io.Discard // the note is printed with the trace
	}
	run, note, err := f.choose(run, warn)
	if err != nil {
		return err
	}
	switch {
	case f.format == "json":
		err = jsonLine(stdout, report.ToJSON(run))
	case f.format == "mermaid":
		err = report.Mermaid(stdout, run)
	case f.quiet:
		_, err = fmt.Fprintln(stdout, report.Summary(run))
	default:
		report.Render(stdout, run, report.TraceOptions{Style: f.trace, Width: f.width, Note: note})
	}
	if err == nil && f.measureTrace != "" && f.format == "text" {
		err = report.MeasureTrace(stdout, run, f.measureTrace, f.width)
	}
	if err != nil {
		return err
	}
	violated := run.Result.Verdict == explorer.Violated
	for _, out := range []struct {
		file  string
		write func(io.Writer, report.Run) error
	}{{f.traceOut, report.WriteTrace}, {f.html, report.HTML}} {
		if out.file == "" {
			continue
		}
		if !violated {
			fmt.Fprintf(stderr, "mcheck: no counterexample; %s not written\n", out.file)
			continue
		}
		if err := writeFile(out.file, run, out.write); err != nil {
			return err
		}
	}
	return nil
}

// jsonLine writes v as one line of JSON Lines: check prints one object per
// spec, so that several specs' output can be read line by line (jq -c, or
// any JSON Lines reader). Files (--trace-out) stay indented.
func jsonLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func writeFile(name string, run report.Run, write func(io.Writer, report.Run) error) error {
	fh, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("mcheck: %v", err)
	}
	if err := write(fh, run); err != nil {
		fh.Close()
		return fmt.Errorf("mcheck: writing %s: %v", name, err)
	}
	if err := fh.Close(); err != nil {
		return fmt.Errorf("mcheck: %v", err)
	}
	return nil
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
