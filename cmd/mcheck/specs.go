package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"mcheck/protocols"
	"mcheck/specs/compile"
)

// specFile is a spec's source, from disk or from the catalogue.
type specFile struct {
	name      string
	filename  string
	src       []byte
	catalogue bool // from the embedded catalogue, not from disk
}

// loadSpec reads SPEC: a path to a file, or a catalogue name.
func loadSpec(arg string) (specFile, error) {
	if b, err := os.ReadFile(arg); err == nil {
		return specFile{name: compile.SpecName(arg), filename: arg, src: b}, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return specFile{}, usageErr("%s: %v", arg, err)
	}
	if src, filename, ok := protocols.Source(strings.TrimSuffix(arg, ".mc")); ok {
		return specFile{name: compile.SpecName(filename), filename: filename, src: src, catalogue: true}, nil
	}
	return specFile{}, usageErr("%s: no such file, and no catalogue spec of that name (see mcheck list)", arg)
}

// loadSpecs expands arguments into specs: files, directories (their *.mc
// files at any depth, sorted by path) and catalogue names. No arguments
// means the whole catalogue.
func loadSpecs(args []string) ([]specFile, error) {
	if len(args) == 0 {
		args = protocols.Names()
	}
	var out []specFile
	for _, a := range args {
		files := []string{a}
		if fi, err := os.Stat(a); err == nil && fi.IsDir() {
			if files, err = specsUnder(a); err != nil {
				return nil, err
			}
		}
		for _, f := range files {
			sf, err := loadSpec(f)
			if err != nil {
				return nil, err
			}
			out = append(out, sf)
		}
	}
	return out, nil
}

// specsUnder lists the .mc files under dir, recursively, skipping hidden
// directories (.git and the like).
func specsUnder(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != dir && strings.HasPrefix(d.Name(), "."):
			return filepath.SkipDir
		case !d.IsDir() && strings.HasSuffix(path, ".mc"):
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, usageErr("%v", err)
	}
	if len(files) == 0 {
		return nil, usageErr("%s: no .mc files in this directory or below it", dir)
	}
	sort.Strings(files)
	return files, nil
}

func usageErr(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: "mcheck: " + fmt.Sprintf(format, args...)}
}

// parseSets turns repeated --set NAME=VALUE flags into overrides.
func parseSets(sets []string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, s := range sets {
		k, v, ok := strings.Cut(s, "=")
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if !ok || err != nil || strings.TrimSpace(k) == "" {
			return nil, usageErr("--set %q: want NAME=INTEGER", s)
		}
		out[strings.TrimSpace(k)] = n
	}
	return out, nil
}

func mergeSets(base, over map[string]int64) map[string]int64 {
	out := map[string]int64{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

// loadAndCompile reads SPEC (a path or a catalogue name) and compiles it with
// overrides, printing warnings and errors to stderr; ok is false on failure.
func loadAndCompile(stderr io.Writer, arg string, set map[string]int64) (specFile, *compile.Result, bool) {
	spec, err := loadSpec(arg)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return spec, nil, false
	}
	cr, err := compileSpec(stderr, spec, set, true)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return spec, nil, false
	}
	return spec, cr, true
}

// compileSpec compiles sf with overrides, printing warnings to stderr.
func compileSpec(stderr io.Writer, sf specFile, set map[string]int64, warn bool) (*compile.Result, error) {
	res, err := compile.Compile(sf.filename, sf.src, compile.Options{Set: set})
	if err != nil {
		return nil, &exitError{code: exitUsage, msg: err.Error()}
	}
	if warn {
		for _, w := range res.Warnings {
			fmt.Fprintln(stderr, w)
		}
	}
	return res, nil
}

const listSynopsis = `Usage: mcheck list

Lists the built-in catalogue: each spec's name, its first expected verdict,
and its one-line summary. mcheck show NAME prints a spec's source.`

func runList(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet("list", listSynopsis, stderr)
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if fs.NArg() > 0 {
		return usageErr("list takes no arguments")
	}
	names := protocols.Names()
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	for _, n := range names {
		src, filename, _ := protocols.Source(n)
		exp, _ := compile.ParseExpectations(filename, src)
		verdict := ""
		if len(exp) > 0 {
			verdict = exp[0].String()
		}
		summary := strings.TrimPrefix(protocols.Summary(src), n+": ")
		fmt.Fprintf(stdout, "%-*s  %-28s  %s\n", width, n, verdict, summary)
	}
	return nil
}

const showSynopsis = `Usage: mcheck show NAME

Prints the source of the catalogue spec NAME (see mcheck list), to read or
to copy as a starting point.`

func runShow(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet("show", showSynopsis, stderr)
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageErr("show needs one NAME")
	}
	src, _, ok := protocols.Source(strings.TrimSuffix(fs.Arg(0), ".mc"))
	if !ok {
		return usageErr("no catalogue spec %q (see mcheck list)", fs.Arg(0))
	}
	_, err := stdout.Write(src)
	return err
}
