package promela

import (
	"bytes"
	"context"
	"fmt"
	"math/bits"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Verdict classes as SPIN reports them.
const (
	VerdictNone      = "none"
	VerdictAssertion = "assertion violated"
	VerdictEndState  = "invalid end state"
)

// NoReduce are the pan compile flags of an exhaustive search without
// partial-order reduction, exact state storage (the parity tests' setting).
var NoReduce = []string{"-O2", "-DSAFETY", "-DNOREDUCE"}

// NoReduceQuick is NoReduce without optimisation: gcc compiles pan.c in a
// quarter of the time, which is what the parity tests (small models) spend.
var NoReduceQuick = []string{"-O0", "-DSAFETY", "-DNOREDUCE"}

// PanResult is what pan reported.
type PanResult struct {
	States      int64 // "states, stored"
	Nominal     int64 // BFS: "nominal states (stored-atomic)"; else States
	Matched     int64 // "states, matched"
	Transitions int64 // "transitions (= stored+matched)"
	AtomicSteps int64
	Depth       int64
	VectorBytes int64   // State-vector size
	MemoryMiB   float64 // "total actual memory usage" (MB = 2^20 bytes in pan)
	Seconds     float64 // pan's elapsed time
	Verdict     string  // VerdictNone, VerdictAssertion, VerdictEndState, or pan's own error line
	Truncated   bool    // the depth bound cut the search
	Output      string
}

// Build writes src into dir, runs spin -a -o2 and compiles pan with cflags,
// returning pan's path. -o2 keeps write-only variables in the state vector:
// SPIN would otherwise drop them, and with them states we have.
func Build(ctx context.Context, dir, src string, cflags []string) (string, error) {
	return build(ctx, dir, src, "gcc", cflags)
}

// BuildQuick is Build for small models, where compiling pan.c costs more
// than running it: with the Tiny C Compiler (tcc) when it is installed,
// which compiles pan.c about thirty times faster than gcc -O0 into a
// slower pan; else with gcc. What pan reports does not depend on the
// compiler (the parity tests compare it with mcheck either way). Timing
// comparisons use Build.
func BuildQuick(ctx context.Context, dir, src string, cflags []string) (string, error) {
	cc := "gcc"
	if _, err := exec.LookPath("tcc"); err == nil {
		cc = "tcc"
	}
	return build(ctx, dir, src, cc, cflags)
}

func build(ctx context.Context, dir, src, cc string, cflags []string) (string, error) {
	if err := os.WriteFile(filepath.Join(dir, "model.pml"), []byte(src), 0o644); err != nil {
		return "", err
	}
	if out, err := command(ctx, dir, "spin", "-a", "-o2", "model.pml"); err != nil {
		return "", fmt.Errorf("spin -a: %v\n%s", err, out)
	}
	args := append(append([]string{}, cflags...), "-w", "-o", "pan", "pan.c")
	if out, err := command(ctx, dir, cc, args...); err != nil {
		return "", fmt.Errorf("%s: %v\n%s", cc, err, out)
	}
	return filepath.Join(dir, "pan"), nil
}

func command(ctx context.Context, dir, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// SizeArgs are pan's depth bound and hash table size for a search of at
// most states states: a DFS is never deeper than the states it stores, and
// pan allocates its stack for the whole bound up front.
func SizeArgs(states int64) []string {
	w := bits.Len64(uint64(states)) + 1
	w = max(10, min(w, 30))
	return []string{fmt.Sprintf("-m%d", states+100), fmt.Sprintf("-w%d", w)}
}

// Run runs pan with args.
func Run(ctx context.Context, pan string, args ...string) (*PanResult, error) {
	out, err := command(ctx, filepath.Dir(pan), pan, args...)
	if err != nil && !strings.Contains(out, "errors:") {
		return nil, fmt.Errorf("pan: %v\n%s", err, out)
	}
	return ParsePan(out)
}

var (
	reVector = regexp.MustCompile(`State-vector (\d+) byte, depth reached (\d+), errors: (\d+)`)
	reNum    = regexp.MustCompile(`(?m)^\s*([0-9.e+]+)\s+(states, stored|nominal states|states, matched|transitions \(= |atomic steps|total actual memory usage)`)
	reTime   = regexp.MustCompile(`pan: elapsed time ([0-9.e+-]+) seconds`)
	reError  = regexp.MustCompile(`(?m)^pan:\d+: (.*)$`)
)

// ParsePan reads pan's report.
//
// pan's BFS (-DBFS) stores the states inside atomic sequences too, and says
// so: "nominal states (stored-atomic)" is then the count of ours, and each
// such intermediate state adds one transition.
func ParsePan(out string) (*PanResult, error) {
	r := &PanResult{Output: out, Verdict: VerdictNone}
	m := reVector.FindStringSubmatch(out)
	if m == nil {
		return nil, fmt.Errorf("pan: no State-vector line in its output:\n%s", out)
	}
	r.VectorBytes, _ = strconv.ParseInt(m[1], 10, 64)
	r.Depth, _ = strconv.ParseInt(m[2], 10, 64)
	for _, n := range reNum.FindAllStringSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(n[1], 64)
		switch {
		case strings.HasPrefix(n[2], "states, stored"):
			r.States = int64(v)
		case strings.HasPrefix(n[2], "nominal"):
			r.Nominal = int64(v)
		case strings.HasPrefix(n[2], "states, matched"):
			r.Matched = int64(v)
		case strings.HasPrefix(n[2], "transitions"):
			r.Transitions = int64(v)
		case strings.HasPrefix(n[2], "atomic"):
			r.AtomicSteps = int64(v)
		default:
			r.MemoryMiB = v
		}
	}
	if r.Nominal == 0 {
		r.Nominal = r.States
	}
	if t := reTime.FindStringSubmatch(out); t != nil {
		r.Seconds, _ = strconv.ParseFloat(t[1], 64)
	}
	if e := reError.FindStringSubmatch(out); e != nil {
		switch {
		case strings.HasPrefix(e[1], "assertion violated"):
			r.Verdict = VerdictAssertion
		case strings.HasPrefix(e[1], "invalid end state"):
			r.Verdict = VerdictEndState
		default:
			r.Verdict = e[1]
		}
	}
	r.Truncated = strings.Contains(out, "max search depth too small")
	return r, nil
}
