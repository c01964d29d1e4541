package compile_test

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/internal/testlong"
	"mcheck/model"
	"mcheck/specs/compile"
	"mcheck/specs/syntax"
)

// Generated specs whose size grows with n, one per shape that once made a
// compiler pass super-linear.
var scaleShapes = []struct {
	name string
	gen  func(n int) string
}{
	{"sum", func(n int) string { // expressions of n terms, left-nested
		return "var a: 0..1\nprocess p {\n" + strings.Repeat("    assert a"+strings.Repeat(" + a", n-1)+" >= 0\n", 10) + "}\n"
	}},
	{"statements", func(n int) string {
		var b strings.Builder
		b.WriteString("var a: 0..1\nprocess p {\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "    a = %d\n", i%2)
		}
		b.WriteString("}\n")
		return b.String()
	}},
	{"nested-ifs", func(n int) string {
		level := "if a == 0 {\n    a = 1; a = 0; a = 1; a = 0\n"
		return "var a: 0..1\nprocess p {\n" + strings.Repeat(level, n) + "a = 1\n" + strings.Repeat("}\n", n) + "}\n"
	}},
	{"processes", func(n int) string { // the most process instances, sharing n statements
		var b strings.Builder
		b.WriteString("var a: 0..1\n")
		for i := 0; i < 12; i++ {
			fmt.Fprintf(&b, "process p%d[2] {\n    var l: 0..1\n", i)
			for j := 0; j < n/12; j++ {
				fmt.Fprintf(&b, "    l = %d; a = %d\n", j%2, i%2)
			}
			b.WriteString("}\n")
		}
		return b.String()
	}},
	{"gotos", func(n int) string { // labels, each jumped to from further on
		var b strings.Builder
		b.WriteString("var a: 0..1\nprocess p {\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "l%d: a = %d\n    if a == 1 { goto l%d }\n", i, i%2, i/2)
		}
		b.WriteString("}\n")
		return b.String()
	}},
	{"goto-chain", func(n int) string { // gotos that lead to gotos
		var b strings.Builder
		b.WriteString("var a: 0..1\nprocess p {\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "l%d: goto l%d\n", i, i+1)
		}
		fmt.Fprintf(&b, "l%d: a = 1\n}\n", n)
		return b.String()
	}},
}

// cpuTime is the CPU time the process has used: unlike the wall clock, it
// does not count the time other processes on a loaded machine take.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// compileTimes is the best of three compilations of each source, in CPU
// time, taken in turn after a garbage collection: the least disturbed by
// other load on the machine.
func compileTimes(t *testing.T, srcs ...string) []time.Duration {
	t.Helper()
	best := make([]time.Duration, len(srcs))
	for i := range best {
		best[i] = time.Duration(math.MaxInt64)
	}
	for round := 0; round < 3; round++ {
		for i, src := range srcs {
			runtime.GC()
			start := cpuTime()
			_, err := compile.Compile("t.mc", []byte(src), compile.Options{})
			d := cpuTime() - start
			require.NoError(t, err)
			best[i] = min(best[i], d)
		}
	}
	return best
}

// Compilation is linear in the spec's size: four times the spec costs about
// four times as much. The default run counts what compilation allocates
// (objects and bytes: deterministic, so load cannot fail it, and a pass that
// builds a quadratic structure gives 16); with MCHECK_LONG it also compares
// CPU time, which catches a quadratic pass that allocates nothing, as a
// ratio, so that a loaded machine fails it less (a quadratic pass gives 16
// and more; the loaded 2-core machine measured up to 11.5 for the goto
// chain, so that shape gets 12).
func TestCompileLinear(t *testing.T) {
	sizes := map[string]int{"sum": 1000, "statements": 3000, "nested-ifs": 500, "goto-chain": 6000} // 4n below syntax.MaxNesting
	for _, sh := range scaleShapes {
		t.Run(sh.name, func(t *testing.T) {
			n := sizes[sh.name]
			if n == 0 {
				n = 1500
			}
			small, large := sh.gen(n), sh.gen(4*n)
			a, b := compileAllocs(t, small), compileAllocs(t, large)
			t.Logf("n=%d: %d objects, %d bytes; 4n: %d objects, %d bytes", n, a[0], a[1], b[0], b[1])
			assert.Less(t, float64(b[0])/float64(a[0]), 6.0, "objects allocated")
			assert.Less(t, float64(b[1])/float64(a[1]), 6.0, "bytes allocated")
			if !testlong.On() {
				return
			}
			limit := 8.0
			if sh.name == "goto-chain" {
				limit = 12
			}
			ratio := math.Inf(1)
			for try := 0; try < 3 && ratio >= limit; try++ { // a burst of load may skew one try; a quadratic pass skews every one
				d := compileTimes(t, small, large)
				ratio = float64(d[1]) / float64(d[0])
				t.Logf("n=%d: %v, 4n: %v, ratio %.1f", n, d[0], d[1], ratio)
			}
			assert.Less(t, ratio, limit)
		})
	}
}

// compileAllocs returns the objects and bytes one compilation of src
// allocates.
func compileAllocs(t *testing.T, src string) [2]uint64 {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := compile.Compile("t.mc", []byte(src), compile.Options{})
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	return [2]uint64{after.Mallocs - before.Mallocs, after.TotalAlloc - before.TotalAlloc}
}

// Specs as deep as the parser allows compile and run: no pass after the
// parser (compiler, linker, evaluator, footprints, reachability) overflows
// the stack on them.
func TestDeepSpecsRun(t *testing.T) {
	for _, src := range []string{
		"var a: 0..1\nprocess p {\n    assert a" + strings.Repeat(" + a", syntax.MaxNesting-10) + " >= 0\n}\n",
		scaleShapes[2].gen(syntax.MaxNesting/3 - 100),
		"var a: 0..1\nprocess p {\n    if a == 1 { skip }" + strings.Repeat(" else if a == 1 { skip }", syntax.MaxNesting/3-10) + "\n}\n",
	} {
		res, err := compile.Compile("t.mc", []byte(src), compile.Options{})
		require.NoError(t, err)
		r, err := explorer.Explore(res.Program, explorer.Options{POR: true})
		require.NoError(t, err)
		assert.Equal(t, explorer.Holds, r.Verdict)
	}
}

// Comparing arrays compares their scalars as a balanced tree, not a chain as
// deep as the array is long; the values compared are still every element.
func TestArrayEqualityDepth(t *testing.T) {
	res := mustCompile(t, `
var x: [1000]bool
var y: [1000]bool
process p {
    assert x == y
    x[999] = true
    assert x != y
    y[999] = true
    assert x == y
    x[0] = true
    assert !(x == y)
}
`, nil)
	var depth func(e *model.Expr) int
	depth = func(e *model.Expr) int {
		if e == nil {
			return 0
		}
		return 1 + max(depth(e.X), depth(e.Y))
	}
	asserts := 0
	for _, nd := range res.Program.Procs[0].Type.Nodes {
		if nd.Kind == model.NAssert {
			asserts++
			assert.LessOrEqual(t, depth(nd.Cond), 13, nd.Text)
		}
	}
	assert.Equal(t, 4, asserts)
	r, err := explorer.Explore(res.Program, explorer.Options{})
	require.NoError(t, err)
	assert.Equal(t, explorer.Holds, r.Verdict, "%v", r.Violation)
}
