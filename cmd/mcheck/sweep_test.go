package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// jsonlRows parses sweep --format jsonl output.
func jsonlRows(t *testing.T, out string) []map[string]any {
	t.Helper()
	var rows []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m), line)
		rows = append(rows, m)
	}
	return rows
}

// Each row's figures are those of a search run here directly on the spec
// compiled at that setting (the check command's defaults: POR and symmetry
// on), in grid order, spec by spec.
func TestSweepRowsMatchExplorer(t *testing.T) {
	code, out, stderr, _ := runCLI(t, "sweep", "--format", "jsonl", "--set", "FAULTS=2..3",
		"--columns", "spec,FAULTS,setting,verdict,property,states,transitions,depth", "seqcount-retry", "drop-no-rescan")
	require.Equal(t, exitHolds, code, stderr)
	rows := jsonlRows(t, out)
	require.Len(t, rows, 4)
	i := 0
	for _, name := range []string{"seqcount-retry", "drop-no-rescan"} {
		src, file, ok := protocols.Source(name)
		require.True(t, ok)
		for _, f := range []int64{2, 3} {
			cr, err := compile.Compile(file, src, compile.Options{Set: map[string]int64{"FAULTS": f}})
			require.NoError(t, err)
			r, err := explorer.Explore(cr.Program, explorer.Options{Search: explorer.BFS, POR: true, Symmetry: true})
			require.NoError(t, err)
			row := rows[i]
			assert.Equal(t, name, row["spec"])
			assert.EqualValues(t, f, row["FAULTS"])
			assert.Equal(t, fmt.Sprintf("FAULTS=%d REMAPS=1", f), row["setting"])
			assert.EqualValues(t, r.Stats.States, row["states"], "%s FAULTS=%d", name, f)
			assert.EqualValues(t, r.Stats.Transitions, row["transitions"], "%s FAULTS=%d", name, f)
			assert.EqualValues(t, r.Stats.MaxDepth, row["depth"], "%s FAULTS=%d", name, f)
			assert.Equal(t, r.Verdict.String(), row["verdict"])
			i++
		}
	}
	assert.Equal(t, "no_stale_mapping", rows[2]["property"])
}

// A budget is per setting: lock-held has 124 states at FAULTS=2 and 395 at
// FAULTS=3 (symmetry on; POR on, but both are inside the unreduced prefix of
// explorer/porprefix.go, so they are --por off's counts), so --max-states 200 finishes the first, cuts the second short
// (saying so in its cell), and the sweep goes on to the next spec.
func TestSweepBudgetPerSetting(t *testing.T) {
	// --liveness off: lock-held's liveness search (no reductions) stores more
	// states at FAULTS=2 than the budget; that case is checked below.
	code, out, stderr, _ := runCLI(t, "sweep", "--max-states", "200", "--set", "FAULTS=2,3", "--liveness", "off",
		"--columns", "spec,FAULTS,verdict,states", "lock-held", "drop-no-rescan")
	require.Equal(t, exitHolds, code, stderr)
	want := "" +
		"spec            FAULTS  verdict                  states\n" +
		"lock-held            2  holds                       124\n" +
		"lock-held            3  incomplete (max-states)     200\n"
	assert.True(t, strings.HasPrefix(out, want), out)
	assert.Contains(t, out, "drop-no-rescan       2  violation")

	// The budget covers the liveness searches too: never a holds they did not finish.
	_, out, _, _ = runCLI(t, "sweep", "--max-states", "150", "--set", "FAULTS=2", "--columns", "spec,verdict", "lock-held")
	assert.Equal(t, "spec       verdict\nlock-held  incomplete (max-states)\n", out)

	code, out, _, _ = runCLI(t, "sweep", "--timeout", "1ns", "--columns", "spec,verdict", "lock-held", "gup-fast")
	assert.Equal(t, exitHolds, code)
	assert.Equal(t, "spec       verdict\nlock-held  incomplete (timeout)\ngup-fast   incomplete (timeout)\n", out)
}

func TestSweepBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"sweep", "--set", "FAULTS=two", "lock-held"},
		{"sweep", "--set", "FAULTS=1", "--set", "FAULTS=2", "lock-held"},
		{"sweep", "--set", "NOPE=1..2", "lock-held"},
		{"sweep", "--format", "html", "lock-held"},
		{"sweep", "--columns", "spec,bogus column", "lock-held"},
		{"sweep", "--plot", "x.png", "lock-held"},
		{"sweep", "--verify", "m.json", "lock-held"},
		{"sweep", "no-such-spec"},
	} {
		code, _, stderr, err := runCLI(t, args...)
		assert.Equal(t, exitUsage, code, "%v", args)
		assert.NotEmpty(t, stderr+errString(err), "%v says why", args)
	}
	bad := writeSpec(t, "bad.mc", "var x: 0..1\nprocess p { x = }\n// expect: holds\n")
	code, out, stderr, _ := runCLI(t, "sweep", "--columns", "spec,verdict", bad, "lock-held")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "bad.mc:2:")
	assert.Equal(t, "spec       verdict\nbad        error\nlock-held  holds\n", out, "the other specs still run")
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

const counterSpec = `// A counter two processes bump under a mutex.
const N = 2
var x: 0..4
mutex m
process p[N] {
    mutex_lock(m)
    x = x + 1
    mutex_unlock(m)
}
// expect: holds
`

// --verify re-runs a manifest: it passes on the same spec and fails, naming
// the spec and the counts, once the spec changes.
func TestSweepVerify(t *testing.T) {
	spec := writeSpec(t, "counter.mc", counterSpec)
	man := filepath.Join(t.TempDir(), "manifest.json")
	code, _, stderr, _ := runCLI(t, "sweep", "--set", "N=1..2", "--por", "off", "--manifest", man, spec)
	require.Equal(t, exitHolds, code, stderr)

	var m map[string]any
	b, err := os.ReadFile(man)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &m))
	assert.Equal(t, "mcheck-manifest", m["format"])
	assert.Equal(t, "off", m["flags"].(map[string]any)["por"])
	for _, k := range []string{"mcheck", "go", "os", "cpu", "cpus", "start", "specs", "runs", "grid"} {
		assert.Contains(t, m, k)
	}
	assert.Regexp(t, `^sha256:[0-9a-f]{64}$`, m["specs"].([]any)[0].(map[string]any)["sha256"])
	assert.Len(t, m["runs"], 2)

	code, out, _, _ := runCLI(t, "sweep", "--verify", man)
	assert.Equal(t, exitHolds, code, out)
	assert.Contains(t, out, "2 runs reproduced")

	changed := strings.Replace(counterSpec, "    x = x + 1\n", "    x = x + 1\n    x = x + 1\n", 1)
	require.NoError(t, os.WriteFile(spec, []byte(changed), 0o644))
	code, out, _, _ = runCLI(t, "sweep", "--verify", man)
	assert.Equal(t, exitViolation, code, out)
	assert.Contains(t, out, "the spec changed")
	assert.Contains(t, out, "counter [N=1]: states: recorded")
	assert.Contains(t, out, "counter [N=2]: transitions: recorded")

	require.NoError(t, os.WriteFile(man, []byte(`{"format":"other"}`), 0o644))
	code, _, _, _ = runCLI(t, "sweep", "--verify", man)
	assert.Equal(t, exitUsage, code)
}

// --verify re-runs with the recorded liveness flags: a manifest made with
// --liveness off or --fairness none reproduces (it ran them with liveness on
// and the spec's fairness, and reported differences).
func TestSweepVerifyLivenessFlags(t *testing.T) {
	for _, c := range []struct{ flag, value, spec, verdict string }{
		{"--liveness", "off", "seqcount-retry-livelock", "holds"},    // a lasso with liveness on
		{"--fairness", "none", "rwsem-writer-waits", "violation"},    // holds under weak fairness
		{"--starvation", "true", "seqcount-retry-fallback", "holds"}, // asks one more question
	} {
		man := filepath.Join(t.TempDir(), "manifest.json")
		code, out, stderr, _ := runCLI(t, "sweep", c.flag+"="+c.value, "--columns", "spec,verdict", "--manifest", man, c.spec)
		require.Equal(t, exitHolds, code, stderr)
		assert.Contains(t, out, c.verdict, c.flag)
		code, out, _, _ = runCLI(t, "sweep", "--verify", man)
		assert.Equal(t, exitHolds, code, "%s %s:\n%s", c.flag, c.value, out)
		assert.Contains(t, out, "1 runs reproduced", c.flag)
	}
}

// check --format json --manifest records its run in the same form, and
// --verify accepts it.
func TestCheckManifest(t *testing.T) {
	dir := t.TempDir()
	man := filepath.Join(dir, "m.json")
	code, _, _, _ := runCLI(t, "check", "--format", "json", "--manifest", man, "--set", "FAULTS=3", "lock-held")
	require.Equal(t, exitHolds, code)
	b, err := os.ReadFile(man)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"command": "check"`)
	assert.Contains(t, string(b), `"format": "json"`)
	code, out, _, _ := runCLI(t, "sweep", "--verify", man)
	assert.Equal(t, exitHolds, code, out)
	assert.Contains(t, out, "1 runs reproduced")
}

// --plot writes the SVG and its data; --levels writes a run's states per
// BFS level, which add up to the states stored.
func TestSweepPlotAndLevels(t *testing.T) {
	dir := t.TempDir()
	plot := filepath.Join(dir, "growth.svg")
	code, _, stderr, _ := runCLI(t, "sweep", "--set", "FAULTS=2..3", "--plot", plot, "lock-held", "gup-fast")
	require.Equal(t, exitHolds, code, stderr)
	svg, err := os.ReadFile(plot)
	require.NoError(t, err)
	assert.Equal(t, 4, strings.Count(string(svg), `<polyline class="series"`), "two specs, two panels")
	data, err := os.ReadFile(filepath.Join(dir, "growth.csv"))
	require.NoError(t, err)
	assert.Contains(t, string(data), "lock-held,2,124,")
	assert.Contains(t, string(data), "lock-held,3,395,")

	levels := filepath.Join(dir, "levels.svg")
	code, _, _, _ = runCLI(t, "check", "-q", "--por", "off", "--symmetry", "off", "--levels", levels, "lock-held")
	require.Equal(t, exitHolds, code)
	csvData, err := os.ReadFile(filepath.Join(dir, "levels.csv"))
	require.NoError(t, err)
	src, file, _ := protocols.Source("lock-held")
	cr, err := compile.Compile(file, src, compile.Options{})
	require.NoError(t, err)
	r, err := explorer.Explore(cr.Program, explorer.Options{})
	require.NoError(t, err)
	sum, lines := int64(0), strings.Split(strings.TrimSpace(string(csvData)), "\n")
	for _, l := range lines[1:] {
		var d, n int64
		_, err := fmt.Sscanf(l, "%d,%d", &d, &n)
		require.NoError(t, err)
		sum += n
	}
	assert.Equal(t, r.Stats.States, sum)
	assert.Len(t, lines, r.Stats.MaxDepth+2, "a header and one line per level 0..depth")
	code, _, _, _ = runCLI(t, "check", "--search", "dfs", "--levels", levels, "lock-held")
	assert.Equal(t, exitUsage, code, "DFS has no BFS levels")
}

// The 2013 cost question as a sweep: fault[0]'s worst-case spurious retries
// are CHANGES with a per-mm count and 0 with a per-VMA count, and its
// retries CHANGES + REMAPS and REMAPS (hand counts in the specs' headers);
// the plain search (no POR, no symmetry) gives the same measures.
func TestSpuriousRetryPair(t *testing.T) {
	cols := "spec,CHANGES,verdict,max:spurious_retries,min:spurious_retries,max:retries"
	code, out, stderr, _ := runCLI(t, "sweep", "--format", "jsonl", "--set", "CHANGES=1..3", "--columns", cols,
		"spurious-retry-per-mm", "spurious-retry-per-vma")
	require.Equal(t, exitHolds, code, stderr)
	rows := jsonlRows(t, out)
	require.Len(t, rows, 6)
	for i, row := range rows {
		changes := int64(i%3 + 1)
		spurious, retries := changes, changes+1 // per mm, REMAPS=1
		if row["spec"] == "spurious-retry-per-vma" {
			spurious, retries = 0, 1
		}
		assert.Equal(t, "holds", row["verdict"])
		assert.EqualValues(t, changes, row["CHANGES"])
		assert.EqualValues(t, spurious, row["max:spurious_retries"], "%v", row)
		assert.EqualValues(t, 0, row["min:spurious_retries"], "%v", row)
		assert.EqualValues(t, retries, row["max:retries"], "%v", row)
	}
	code, plain, _, _ := runCLI(t, "sweep", "--format", "jsonl", "--por", "off", "--symmetry", "off", "--set", "CHANGES=1..3",
		"--columns", cols, "spurious-retry-per-mm", "spurious-retry-per-vma")
	require.Equal(t, exitHolds, code)
	assert.Equal(t, out, plain)
}

// The README's spurious-retry table comes with its manifest (plain search,
// so that only a change of semantics moves its counts): it must reproduce.
func TestREADMEManifestReproduces(t *testing.T) {
	code, out, stderr, _ := runCLI(t, "sweep", "--verify", "../../docs/spurious-retries.manifest.json")
	assert.Equal(t, exitHolds, code, out+stderr)
	assert.Contains(t, out, "6 runs reproduced")
}
