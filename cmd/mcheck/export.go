package main

import (
	"fmt"
	"io"
	"os"

	"mcheck/promela"
)

// runExport writes a spec as a model for another checker (today: Promela,
// for SPIN; see specs/README.md, "Promela export").
func runExport(stdout, stderr io.Writer, args []string) error {
	fs := newFlagSet("export", "Usage: mcheck export --promela [--set NAME=VALUE]... [--liveness NAME]... [-o FILE] SPEC", stderr)
	var sets, live []string
	var toPromela bool
	var out string
	fs.BoolVar(&toPromela, "promela", false, "write a Promela model for SPIN whose state graph is mcheck's, step for step")
	fs.StringArrayVar(&sets, "set", nil, "override a constant, NAME=VALUE (repeatable)")
	fs.StringArrayVar(&live, "liveness", nil, "append liveness property NAME as a never claim, for pan -a [-f] -N mc_liveI (repeatable)")
	fs.StringVarP(&out, "output", "o", "", "write to this file instead of standard output")
	if err := fs.Parse(args); err != nil {
		return flagErr(err)
	}
	if !toPromela {
		return usageErr("export: say which format: --promela")
	}
	if fs.NArg() != 1 {
		return usageErr("export: want exactly one SPEC, got %d", fs.NArg())
	}
	set, err := parseSets(sets)
	if err != nil {
		return err
	}
	sf, err := loadSpec(fs.Arg(0))
	if err != nil {
		return err
	}
	res, err := compileSpec(stderr, sf, set, true)
	if err != nil {
		return err
	}
	src, err := promela.ExportWith(res.Program, promela.Options{Liveness: live})
	if err != nil {
		return &exitError{code: exitUsage, msg: "mcheck: " + err.Error()}
	}
	if out == "" {
		_, err = io.WriteString(stdout, src)
		return err
	}
	if err := os.WriteFile(out, []byte(src), 0o644); err != nil {
		return &exitError{code: exitUsage, msg: fmt.Sprintf("mcheck: %v", err)}
	}
	return nil
}
