package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/protocols"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// Timings vary between runs; the spec hash changes with every edit to a
// catalogue file's comments (replay_test checks the hash does its job).
var (
	secondsText = regexp.MustCompile(`\d+\.\d+s\)`)
	secondsJSON = regexp.MustCompile(`"(seconds|states_per_second)": [0-9.e+-]+`)
	specHash    = regexp.MustCompile(`"spec_hash": "sha256:[0-9a-f]{64}"`)
)

func normalize(s string) string {
	s = secondsText.ReplaceAllString(s, "X.XXs)")
	s = specHash.ReplaceAllString(s, `"spec_hash": "sha256:..."`)
	return secondsJSON.ReplaceAllString(s, `"$1": 0`)
}

// The goldens run without partial-order reduction so that their figures
// depend only on the plain search. Each was read against its spec's source
// before it was committed (see the commit message).
var goldens = []struct {
	file string
	code int
	args []string
}{
	{"drop-no-rescan.lanes.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "drop-no-rescan"}},
	{"drop-no-rescan.list.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--trace", "list", "drop-no-rescan"}},
	{"drop-no-rescan.json", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--format", "json", "drop-no-rescan"}},
	{"drop-no-rescan.mmd", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--format", "mermaid", "drop-no-rescan"}},
	{"drop-no-rescan.width50.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--width", "50", "drop-no-rescan"}},
	{"lock-held-inversion.lanes.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "lock-held-inversion"}},
	{"lock-held-inversion.list.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--trace", "list", "lock-held-inversion"}},
	{"lock-held-inversion.json", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--format", "json", "lock-held-inversion"}},
	{"lock-held-inversion.mmd", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--format", "mermaid", "lock-held-inversion"}},
	{"fault-unlocked-driver.lanes.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "fault-unlocked-driver"}},
	{"fault-unlocked-driver.list.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--trace", "list", "fault-unlocked-driver"}},
	{"fault-unlocked-driver.json", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--format", "json", "fault-unlocked-driver"}},
	{"fault-unlocked-driver.mmd", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--format", "mermaid", "fault-unlocked-driver"}},
	{"gup-inversion.minimized.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--search", "dfs", "--minimize", "preemptions", "gup-inversion"}},
	// The kernel catalogue's bugs (issue 6), each read against its fix's commit message.
	{"vm-fault-retry-always.list.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--trace", "list", "vm-fault-retry-always"}},
	{"per-vma-fork-race.list.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--trace", "list", "per-vma-fork-race"}},
	{"dirty-cow.list.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--trace", "list", "dirty-cow"}},
	{"stackrot.list.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--trace", "list", "stackrot"}},
	{"gup-fast-fork-pin.list.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--trace", "list", "gup-fast-fork-pin"}},
	{"hole-punch.list.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--trace", "list", "hole-punch"}},
	{"recursive-read.list.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--trace", "list", "recursive-read"}},
	{"vma-lock-then-mmap-lock.list.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--trace", "list", "vma-lock-then-mmap-lock"}},
	{"inode-lock-user-copy.list.txt", exitViolation, []string{"check", "--por", "off", "--symmetry", "off", "--trace", "list", "inode-lock-user-copy"}},
	{"lock-held.txt", exitHolds, []string{"check", "--por", "off", "--symmetry", "off", "lock-held"}},
	{"lock-held.json", exitHolds, []string{"check", "--por", "off", "--symmetry", "off", "--format", "json", "lock-held"}},
}

func TestGolden(t *testing.T) {
	for _, g := range goldens {
		t.Run(g.file, func(t *testing.T) {
			code, out, stderr, _ := runCLI(t, g.args...)
			require.Equal(t, g.code, code, stderr)
			if strings.HasSuffix(g.file, ".json") {
				out = indentJSONLine(t, out)
			}
			got := normalize(out)
			path := filepath.Join("testdata", "golden", g.file)
			if *update {
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./cmd/mcheck -run TestGolden -update to create it")
			assert.Equal(t, string(want), got)
		})
	}
}

// indentJSONLine checks that out is one line of JSON Lines and indents it,
// so that the golden file stays readable.
func indentJSONLine(t *testing.T, out string) string {
	t.Helper()
	require.Equal(t, 1, strings.Count(out, "\n"), "one object, one line")
	var b bytes.Buffer
	require.NoError(t, json.Indent(&b, []byte(out), "", "  "))
	return b.String()
}

// Every catalogue counterexample, in lanes, fits 72 columns (and a narrower
// --width where it can), and its summary says it was a violation.
func TestLanesFitWidth(t *testing.T) {
	for _, name := range protocols.Names() {
		for _, width := range []string{"72", "60"} {
			code, out, _, _ := runCLI(t, "check", "--width", width, name)
			if code != exitViolation {
				continue
			}
			for _, line := range strings.Split(out, "\n") {
				assert.LessOrEqual(t, len([]rune(line)), atoi(t, width), "%s --width %s: %q", name, width, line)
			}
			assert.NotContains(t, out, "do not fit", name)
		}
	}
}

func atoi(t *testing.T, s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
