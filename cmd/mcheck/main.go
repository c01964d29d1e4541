// Command mcheck checks locking designs for the page-fault path: it explores
// every interleaving of a spec's processes and reports whether every property
// holds, or the shortest schedule that breaks one.
package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// Exit codes.
const (
	exitHolds      = 0
	exitViolation  = 1
	exitUsage      = 2 // bad usage or a broken spec
	exitIncomplete = 3
)

// exitError carries an exit code out of run.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func main() {
	setMemoryLimit = debug.SetMemoryLimit
	err := runStop(os.Stdout, os.Stderr, os.Args[1:], interrupts())
	if err == nil {
		return
	}
	code := exitUsage
	if ee, ok := err.(*exitError); ok {
		code = ee.code
		if ee.msg != "" {
			fmt.Fprintln(os.Stderr, ee.msg)
		}
	} else {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(code)
}

const usage = `mcheck: a model checker for page-fault locking protocols (mmap_lock and friends)

Usage:
  mcheck check [flags] SPEC...   explore every interleaving; report holds, or a shortest counterexample
  mcheck test [flags] [SPEC|DIR...]
                                 run specs (default: the built-in catalogue) against their expect: lines
  mcheck sweep [flags] [SPEC|DIR...]
                                 run specs over a grid of constants (--set FAULTS=2..5); one row per
                                 (spec, setting) as text, Markdown, CSV, JSON Lines or LaTeX; plots; manifests
  mcheck replay [flags] SPEC FILE
                                 re-execute a JSON trace (check --trace-out) and confirm its violation
  mcheck graph [flags] SPEC      write a small spec's state graph as Graphviz DOT, counterexample in red
  mcheck export --promela [--set NAME=VALUE]... SPEC
                                 write a Promela model for SPIN with the same state graph
  mcheck list                    list the built-in catalogue
  mcheck show NAME               print a catalogue spec's source

SPEC is a .mc file or the name of a catalogue spec (see mcheck list).
Run "mcheck COMMAND --help" for a command's flags. The language is described in specs/README.md.

Exit codes: 0 every property holds; 1 a violation; 2 bad usage or spec; 3 incomplete (a budget ran out).
`

// interrupts returns a channel closed at the first SIGINT or SIGTERM: the
// search then ends like a budget ran out (partial figures, verdict
// incomplete, exit 3). A second signal kills the process as usual.
func interrupts() <-chan struct{} {
	sigc := make(chan os.Signal, 1)
	signal.Notify(sigc, os.Interrupt, syscall.SIGTERM)
	stop := make(chan struct{})
	go func() {
		<-sigc
		signal.Stop(sigc)
		close(stop)
	}()
	return stop
}

// run is the whole CLI: main only maps its error to an exit code.
func run(stdout, stderr io.Writer, args []string) error {
	return runStop(stdout, stderr, args, nil)
}

// runStop is run with a channel that, once closed, stops every search
// (nil: never).
func runStop(stdout, stderr io.Writer, args []string, stop <-chan struct{}) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return &exitError{code: exitUsage}
	}
	switch args[0] {
	case "check":
		return runCheck(stdout, stderr, args[1:], stop)
	case "test":
		return runTest(stdout, stderr, args[1:], stop)
	case "sweep":
		return runSweep(stdout, stderr, args[1:], stop)
	case "replay":
		return runReplay(stdout, stderr, args[1:])
	case "graph":
		return runGraph(stdout, stderr, args[1:])
	case "export":
		return runExport(stdout, stderr, args[1:])
	case "list":
		return runList(stdout, stderr, args[1:])
	case "show":
		return runShow(stdout, stderr, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return &exitError{code: exitUsage, msg: fmt.Sprintf("mcheck: unknown command %q", args[0])}
}
