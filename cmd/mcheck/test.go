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

Exit codes: 0 every run as expected; 1 some verdict differs from its expect:
line; 2 bad usage, or a spec that does not compile or has no valid expect: line.`

// testRow is one run of one expect: line.
type testRow struct {
	spec, setting, expected, got string
	states, transitions          int64
	seconds                      float64
	ok                           bool
	broken                       bool // the spec or its expect: lines do not compile
}

// jsonTestRow is one row of `mcheck test --format json`.
type jsonTestRow struct {
	Spec        string  `json:"spec"`
	Setting     string  `json:"setting"`
	Expected    string  `json:"expected"`
	Got         string  `json:"got"`
	OK          bool    `json:"ok"`
	States      int64   `json:"states"`
	Transitions int64   `json:"transitions"`
	Seconds     float64 `json:"seconds"`
}

func runTest(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet("test", testSynopsis, stderr)
	var sf searchFlags
	sf.register(fs)
	format := fs.String("format", "text", "output: text (a table) or json (one object: rows, passed, failed)")
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
	specs, err := loadSpecs(fs.Args())
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	if *format == "text" {
		fmt.Fprintln(tw, "SPEC\tSETTING\tEXPECTED\tGOT\tSTATES\tSECONDS\t")
	}
	failed, total, broken := 0, 0, false
	var rows []jsonTestRow
	for _, spec := range specs {
		for _, row := range testSpec(stderr, spec, sets, &sf) {
			total++
			mark := ""
			if !row.ok {
				failed++
				mark = "FAIL"
			}
			broken = broken || row.broken
			rows = append(rows, jsonTestRow{row.spec, row.setting, row.expected, row.got, row.ok, row.states, row.transitions, row.seconds})
			if *format == "text" {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%.2f\t%s\n", row.spec, row.setting, row.expected, row.got, row.states, row.seconds, mark)
			}
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Rows   []jsonTestRow `json:"rows"`
			Passed int           `json:"passed"`
			Failed int           `json:"failed"`
		}{rows, total - failed, failed}); err != nil {
			return err
		}
	} else {
		tw.Flush()
		fmt.Fprintf(stdout, "\n%d passed, %d failed\n", total-failed, failed)
	}
	if broken {
		return &exitError{code: exitUsage} // a broken spec is bad input, as for check
	}
	if failed > 0 {
		return &exitError{code: exitViolation}
	}
	return nil
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
		row.seconds = time.Since(start).Seconds()
		if err != nil {
			row.got = "error: " + err.Error()
			rows = append(rows, row)
			continue
		}
		row.states, row.transitions = r.Stats.States, r.Stats.Transitions
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
	if v.Kind != model.KindInvariant {
		got = fmt.Sprintf("violation %s (%s)", v.Kind, v.Property)
	}
	return strings.TrimSpace(got), e.Verdict == "violation" && v.Matches(e.Property)
}
