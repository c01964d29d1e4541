package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"mcheck/explorer"
	"mcheck/model"
	"mcheck/specs/compile"
)

const testSynopsis = `Usage: mcheck test [flags] [SPEC|DIR...]

Runs every spec (default: the built-in catalogue; a DIR means its *.mc files)
once per expect: line, with that line's constant settings, and compares the
verdict with the expectation. Prints one row per run.

A DIR is searched recursively (hidden directories skipped); the table names
every spec it ran.

Exit codes, the first that applies: 2 bad usage, or a spec that does not
compile or has no valid expect: line; 1 some verdict differs from its
expect: line; 3 some run was incomplete (a budget ran out, or an interrupt);
0 every run as expected.`

// testRow is one run of one expect: line.
type testRow struct {
	spec, setting, expected, got string
	states, transitions          int64
	seconds                      float64
	ok                           bool
	incomplete                   bool   // a budget ran out before a verdict
	reason                       string // which budget
	broken                       bool   // the spec or its expect: lines do not compile
}

// jsonTestRow is one row of `mcheck test --format json`.
type jsonTestRow struct {
	Spec        string  `json:"spec"`
	Setting     string  `json:"setting"`
	Expected    string  `json:"expected"`
	Got         string  `json:"got"`
	OK          bool    `json:"ok"`
	Reason      string  `json:"reason,omitempty"` // for got "incomplete": which budget ran out
	States      int64   `json:"states"`
	Transitions int64   `json:"transitions"`
	Seconds     float64 `json:"seconds"`
}

func runTest(stdout, stderr io.Writer, args []string, stop <-chan struct{}) error {
	fs := newFlagSet("test", testSynopsis, stderr)
	sf := searchFlags{stop: stop}
	sf.register(fs)
	format := fs.String("format", "text", "output: text (a table) or json (one object: rows, passed, failed, incomplete)")
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if *format != "text" && *format != "json" {
		return usageErr("--format %q: want text or json", *format)
	}
	sets, err := parseSets(sf.sets)
	if err != nil {
		return err
	}
	if _, err := sf.options(); err != nil {
		return err
	}
	sf.limitMemory()
	specs, err := loadSpecs(fs.Args())
	if err != nil {
		return err
	}
	var rows []testRow
	for _, spec := range specs {
		rows = append(rows, testSpec(stderr, spec, sets, &sf)...)
	}
	t := tally(rows)
	if *format == "json" {
		err = writeTestJSON(stdout, rows, t)
	} else {
		writeTestTable(stdout, rows, t)
	}
	if err != nil {
		return err
	}
	if code := t.exitCode(); code != exitHolds {
		return &exitError{code: code}
	}
	return nil
}

// testTally counts a test run's rows.
type testTally struct {
	passed, failed, incomplete int
	broken                     bool
}

func tally(rows []testRow) testTally {
	var t testTally
	for _, r := range rows {
		switch r.status() {
		case "ok":
			t.passed++
		case "INCOMPLETE":
			t.incomplete++
		default:
			t.failed++
		}
		t.broken = t.broken || r.broken
	}
	return t
}

// exitCode ranks the rows as check ranks several specs: a broken spec (2)
// outranks a verdict that differs from its expect: line (1), which outranks
// a run whose budget ran out before it reached a verdict (3). An incomplete
// run is neither passed nor failed: a budget cannot show that an expected
// violation is absent, nor that an expected "holds" is true.
func (t testTally) exitCode() int {
	switch {
	case t.broken:
		return exitUsage
	case t.failed > 0:
		return exitViolation
	case t.incomplete > 0:
		return exitIncomplete
	}
	return exitHolds
}

// status is "ok", "FAIL" (a verdict other than the expected one, or a
// broken spec) or "INCOMPLETE" (a budget ran out first).
func (r testRow) status() string {
	switch {
	case r.ok:
		return "ok"
	case r.incomplete && !r.broken:
		return "INCOMPLETE"
	}
	return "FAIL"
}

func writeTestTable(stdout io.Writer, rows []testRow, t testTally) {
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SPEC\tSETTING\tEXPECTED\tGOT\tSTATES\tSECONDS\t")
	for _, r := range rows {
		mark := r.status()
		if mark == "ok" {
			mark = ""
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%.2f\t%s\n", r.spec, r.setting, r.expected, r.got, r.states, r.seconds, mark)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "\n%d passed, %d failed", t.passed, t.failed)
	if t.incomplete > 0 {
		fmt.Fprintf(stdout, ", %d incomplete (a budget ran out: neither passed nor failed)", t.incomplete)
	}
	fmt.Fprintln(stdout)
}

func writeTestJSON(stdout io.Writer, rows []testRow, t testTally) error {
	out := []jsonTestRow{}
	for _, r := range rows {
		out = append(out, jsonTestRow{r.spec, r.setting, r.expected, r.got, r.ok, r.reason, r.states, r.transitions, r.seconds})
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Rows       []jsonTestRow `json:"rows"`
		Passed     int           `json:"passed"`
		Failed     int           `json:"failed"`
		Incomplete int           `json:"incomplete"`
	}{out, t.passed, t.failed, t.incomplete})
}

func testSpec(stderr io.Writer, spec specFile, sets map[string]int64, sf *searchFlags) []testRow {
	expects, errs := compile.ParseExpectations(spec.filename, spec.src)
	if len(errs) > 0 {
		fmt.Fprintln(stderr, errs)
		return []testRow{{spec: spec.name, got: "error: bad expect: line", broken: true}}
	}
	if len(expects) == 0 {
		fmt.Fprintf(stderr, "%s: no expect: line (say what the spec should give: // expect: holds)\n", spec.filename)
		return []testRow{{spec: spec.name, expected: "-", got: "error: no expect: line", broken: true}}
	}
	var rows []testRow
	for _, e := range expects {
		row := testRow{spec: spec.name, setting: e.SetString(), expected: e.String()}
		if row.setting == "" {
			row.setting = "-"
		}
		cr, err := compile.Compile(spec.filename, spec.src, compile.Options{Set: mergeSets(e.Set, sets)})
		if err != nil {
			fmt.Fprintln(stderr, err)
			row.got, row.broken = "spec error", true
			rows = append(rows, row)
			continue
		}
		opts, _ := sf.options()
		start := time.Now()
		r, err := explorer.Explore(cr.Program, opts)
		if err == nil {
			r, err = sf.live.checkLiveness(cr.Program, opts, r)
		}
		row.seconds = time.Since(start).Seconds()
		if err != nil {
			row.got = "error: " + err.Error()
			rows = append(rows, row)
			continue
		}
		row.states, row.transitions = r.Stats.States, r.Stats.Transitions
		row.incomplete, row.reason = r.Verdict == explorer.Incomplete, r.Reason
		row.got, row.ok = judge(e, r)
		rows = append(rows, row)
	}
	return rows
}

// judge renders a result as an expectation would be written and compares.
func judge(e compile.Expectation, r *explorer.Result) (string, bool) {
	switch r.Verdict {
	case explorer.Holds:
		return "holds", e.Verdict == "holds"
	case explorer.Incomplete:
		return "incomplete", false
	}
	v := r.Violation
	if v.Kind == model.KindDeadlock {
		return "deadlock", e.Verdict == "deadlock"
	}
	got := "violation " + v.Property
	if v.Kind != model.KindInvariant && v.Property != string(v.Kind) {
		got = fmt.Sprintf("violation %s (%s)", v.Kind, v.Property)
	} else if v.Kind != model.KindInvariant {
		got = "violation " + string(v.Kind)
	}
	return strings.TrimSpace(got), e.Verdict == "violation" && v.Matches(e.Property)
}
