package explorer_test

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/internal/randspec"
	"mcheck/internal/testlong"
	"mcheck/model"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// compileSpec compiles a spec given as a string.
func compileSpec(t *testing.T, src string) *model.Program {
	t.Helper()
	res, err := compile.Compile("test.mc", []byte(src), compile.Options{})
	require.NoError(t, err)
	return res.Program
}

// randomProgram compiles randspec's default spec for seed.
func randomProgram(t *testing.T, seed int64) *model.Program {
	t.Helper()
	src := randspec.Generate(seed, randspec.Config{})
	res, err := compile.Compile("rand.mc", []byte(src), compile.Options{})
	require.NoError(t, err, src)
	return res.Program
}

// explore runs the explorer and fails the test on an error.
func explore(t *testing.T, p *model.Program, opts explorer.Options) *explorer.Result {
	t.Helper()
	r, err := explorer.Explore(p, opts)
	require.NoError(t, err)
	return r
}

var searches = []explorer.Search{explorer.BFS, explorer.DFS}

// specRun is one spec compiled with one expect: line's constant settings.
type specRun struct {
	name   string // "catalogue/drop-rescan FAULTS=3"
	expect compile.Expectation
	prog   *model.Program
	src    []byte
	// live is the expect: line when it names a liveness property; expect
	// is then "holds", what the safety search must answer (liveness is
	// asked only after safety holds).
	live *compile.Expectation
}

// namesLiveness reports whether an expected violation is a liveness one.
func namesLiveness(p *model.Program, e compile.Expectation) bool {
	if e.Verdict != "violation" {
		return false
	}
	if e.Property == string(model.KindLiveness) || e.Property == string(model.KindStarvation) {
		return true
	}
	for _, l := range p.Liveness {
		v := model.Violation{Kind: model.KindLiveness, Property: l.Name}
		if v.Matches(e.Property) {
			return true
		}
	}
	return false
}

type specSource struct {
	name, filename string
	src            []byte
}

func catalogueSources(t *testing.T) []specSource {
	t.Helper()
	var out []specSource
	for _, n := range protocols.Names() {
		src, filename, ok := protocols.Source(n)
		require.True(t, ok, n)
		out = append(out, specSource{"catalogue/" + n, filename, src})
	}
	require.NotEmpty(t, out)
	return out
}

const examplesDir = "../specs/testdata/examples"

func exampleSources(t *testing.T) []specSource {
	t.Helper()
	return dirSources(t, examplesDir, "examples/")
}

// testdataSources are this package's own edge cases (explorer/testdata).
func testdataSources(t *testing.T) []specSource {
	t.Helper()
	return dirSources(t, "testdata", "testdata/")
}

func dirSources(t *testing.T, dir, prefix string) []specSource {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.mc"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	sort.Strings(files)
	var out []specSource
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		out = append(out, specSource{prefix + compile.SpecName(f), f, src})
	}
	return out
}

// runs compiles every source once per expect: line, with its settings.
func runs(t *testing.T, sources []specSource) []specRun {
	t.Helper()
	var out []specRun
	for _, s := range sources {
		exps, errs := compile.ParseExpectations(s.filename, s.src)
		require.Empty(t, errs, s.name)
		require.NotEmpty(t, exps, "%s has no expect: line", s.name)
		for _, e := range exps {
			res, err := compile.Compile(s.filename, s.src, compile.Options{Set: e.Set})
			require.NoError(t, err, s.name)
			name := s.name
			if set := e.SetString(); set != "" {
				name += " " + set
			}
			if small(t, name, res.Program) {
				run := specRun{name: name, expect: e, prog: res.Program, src: s.src}
				if namesLiveness(res.Program, e) {
					live := e
					run.live, run.expect = &live, compile.Expectation{Pos: e.Pos, Set: e.Set, Verdict: "holds"}
				}
				out = append(out, run)
			}
		}
	}
	return out
}

// small reports whether p's whole state graph fits testlong.MaxStates(): the
// default run leaves larger graphs (per-vma-lock at FAULTS=3) to
// MCHECK_LONG=1, since the naive oracle and the unreduced searches would spend
// most of the package's time on them.
func small(t *testing.T, name string, p *model.Program) bool {
	t.Helper()
	if testlong.On() {
		return true
	}
	r := explore(t, p, explorer.Options{KeepGoing: true, MaxStates: testlong.DefaultMaxStates})
	if r.Verdict == explorer.Incomplete {
		t.Logf("%s: over %d states, left to %s=1", name, testlong.DefaultMaxStates, testlong.Var)
		return false
	}
	return true
}

func allRuns(t *testing.T) []specRun {
	t.Helper()
	all := runs(t, catalogueSources(t))
	all = append(all, runs(t, exampleSources(t))...)
	return append(all, runs(t, testdataSources(t))...)
}
