package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/protocols"
	"mcheck/report"
)

// Every catalogue counterexample, as found by BFS and DFS, reordered or
// minimized, round-trips: written with --trace-out, replayed, same violation.
func TestReplayRoundTripsCatalogue(t *testing.T) {
	n := 0
	for _, name := range protocols.Names() {
		for _, flags := range [][]string{{"--search", "bfs"}, {"--search", "dfs"}, {"--minimize", "preemptions"}, {"--minimize", "none", "--por", "off"}} {
			file := filepath.Join(t.TempDir(), "trace.json")
			args := append(append([]string{"check", "-q", "--trace-out", file}, flags...), name)
			code, _, _, _ := runCLI(t, args...)
			if code != exitViolation {
				continue
			}
			n++
			tr := readTrace(t, file)
			code, out, stderr, _ := runCLI(t, "replay", name, file)
			require.Equal(t, exitViolation, code, "%s %v: %s", name, flags, stderr)
			assert.Contains(t, strings.Join(strings.Fields(out), " "), "every step fits the spec and the trace ends in the same violation")
			summary := strings.SplitN(out, "\n", 2)[0] + strings.SplitN(out, "\n", 3)[1]
			assert.Contains(t, summary, "replay: violation")
			if tr.Kind != "deadlock" {
				assert.Contains(t, out, tr.Property)
			}
			// replay --format json writes the same steps back
			_, js, _, _ := runCLI(t, "replay", "--format", "json", name, file)
			var again report.JSONResult
			require.NoError(t, json.Unmarshal([]byte(js), &again))
			assert.Equal(t, tr.Trace, again.Trace, name)
			assert.Equal(t, tr.Kind, again.Kind)
			assert.Equal(t, tr.Property, again.Property)
		}
	}
	assert.GreaterOrEqual(t, n, 7*4, "every violating catalogue spec, four ways")
}

func readTrace(t *testing.T, file string) *report.JSONResult {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	tr, err := report.ReadTrace(b)
	require.NoError(t, err)
	return tr
}

// traceOf writes the BFS counterexample of a catalogue spec and returns it.
func traceOf(t *testing.T, name string) (string, *report.JSONResult) {
	file := filepath.Join(t.TempDir(), name+".json")
	code, _, stderr, _ := runCLI(t, "check", "-q", "--por", "off", "--trace-out", file, name)
	require.Equal(t, exitViolation, code, stderr)
	return file, readTrace(t, file)
}

func writeTrace(t *testing.T, tr *report.JSONResult) string {
	b, err := json.Marshal(tr)
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "edited.json")
	require.NoError(t, os.WriteFile(file, b, 0o644))
	return file
}

func editedSpec(t *testing.T, name, old, new string) string {
	src, _, ok := protocols.Source(name)
	require.True(t, ok)
	require.Contains(t, string(src), old)
	return writeSpec(t, name+".mc", strings.Replace(string(src), old, new, 1))
}

// Traces that do not fit: exit 2 and an error naming the first failing step.
func TestReplayRejects(t *testing.T) {
	file, tr := traceOf(t, "drop-no-rescan")
	// drop-no-rescan's BFS trace: fault[0] steps 1-5 (57-61), remap 6-9
	// (call site 68, munmap_remap lines 48-51; step 8 makes cur.id 2),
	// fault[0] 10-11 (62, then finish_fault)
	require.Len(t, tr.Trace, 11)
	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"format": "mcheck", "version": 1, "trace": [`), 0o644))
	_, lockTr := traceOf(t, "lock-held-inversion")

	dropped := *tr
	dropped.Trace = append(append([]report.TraceStep(nil), tr.Trace[:5]...), tr.Trace[6:]...) // no down_write
	short := *tr
	short.Trace = tr.Trace[:10] // stops before finish_fault
	otherID := *tr
	otherID.Trace = append([]report.TraceStep(nil), tr.Trace...)
	otherID.Trace[2].Changes = []report.Change{{Var: "fault[0].id", Value: "2"}}
	blocked := *lockTr
	// write's down_read queued behind remap: its waiting half cannot proceed
	blocked.Trace = append(append([]report.TraceStep(nil), lockTr.Trace...), report.TraceStep{
		N: len(lockTr.Trace) + 1, Process: "write", Pid: 2, Line: 86, Statement: "down_read(mmap_lock)"})
	// A step's pid and node must be in range and agree with its process
	// (issue 9: they were not checked).
	edit := func(f func(*report.TraceStep)) string {
		e := *tr
		e.Trace = append([]report.TraceStep(nil), tr.Trace...)
		f(&e.Trace[5])
		return writeTrace(t, &e)
	}

	for _, tc := range []struct {
		name, spec, file, want string
	}{
		{"bad JSON", "drop-no-rescan", bad, "not a JSON trace"},
		{"not a counterexample", "drop-no-rescan", writeTrace(t, &report.JSONResult{Format: "mcheck", Version: 1, Verdict: "holds"}), "has no counterexample"},
		{"wrong version", "drop-no-rescan", writeTrace(t, &report.JSONResult{Format: "mcheck", Version: 3}), "version 3"},
		{"edited spec: the remap maps the same VMA id", editedSpec(t, "drop-no-rescan", "id: cur.id + 1", "id: cur.id"), file,
			"step 8: remap at call site 68, in inline munmap_remap line 50 `cur = { present: true, id: cur.id + 1 }`: remap is at call site 68, in inline munmap_remap line 50 `cur = { present: true, id: cur.id }` instead"},
		{"edited spec: a second ->fault step", editedSpec(t, "drop-no-rescan", "    skip   ", "    skip; skip"), file,
			"step 10: fault[0] line 62 `down_read(mmap_lock)`: fault[0] is at line 61 `skip` instead"},
		{"edited spec: a line above the remap's call", editedSpec(t, "drop-no-rescan", "    skip   ", "    skip\n    skip   "), file,
			"step 6: remap at call site 68, in inline munmap_remap line 48 `down_write(mmap_lock)`: remap is at call site 69, in inline munmap_remap line 48 `down_write(mmap_lock)` instead"},
		{"changed values differ", "drop-no-rescan", writeTrace(t, &otherID),
			"step 3: fault[0] line 59 `id = cur.id`: the trace says it changes fault[0].id = 2; the spec changes fault[0].id = 1"},
		{"a step that is not where the process is", "drop-no-rescan", writeTrace(t, &dropped),
			"step 6: remap at call site 68, in inline munmap_remap line 49 `atomic { cur.present = false; pte.present = false }`: remap is at call site 68, in inline munmap_remap line 48 `down_write(mmap_lock)` instead"},
		{"a blocked step", "lock-held-inversion", writeTrace(t, &blocked),
			"step 8: write line 86 `down_read(mmap_lock)`: not enabled: waits to read mmap_lock: a queued writer (remap) blocks new readers"},
		{"pid out of range", "drop-no-rescan", edit(func(s *report.TraceStep) { s.Pid = 99 }),
			"step 6: remap at call site 68, in inline munmap_remap line 48 `down_write(mmap_lock)`: pid 99 is out of range: the spec has pids 0 to 2"},
		{"negative pid", "drop-no-rescan", edit(func(s *report.TraceStep) { s.Pid = -1 }), "pid -1 is out of range"},
		{"pid of another process", "drop-no-rescan", edit(func(s *report.TraceStep) { s.Pid = 0 }),
			"step 6: remap at call site 68, in inline munmap_remap line 48 `down_write(mmap_lock)`: pid 0 is fault[0], not remap"},
		{"node out of range", "drop-no-rescan", edit(func(s *report.TraceStep) { s.Node = 1 << 20 }),
			"step 6: remap at call site 68, in inline munmap_remap line 48 `down_write(mmap_lock)`: node 1048576 is out of range: remap has nodes 0 to "},
		{"negative node", "drop-no-rescan", edit(func(s *report.TraceStep) { s.Node = -3 }), "node -3 is out of range"},
		{"no violation at the end", "drop-no-rescan", writeTrace(t, &short),
			"step 11: the trace ends in no violation, not in invariant no_stale_mapping"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr, _ := runCLI(t, "replay", tc.spec, tc.file)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, out)
			assert.Contains(t, stderr+errText(t, tc.spec, tc.file), tc.want)
		})
	}
}

// errText returns the message run's error carries (main prints it).
func errText(t *testing.T, spec, file string) string {
	_, _, _, err := runCLI(t, "replay", spec, file)
	if err == nil {
		return ""
	}
	return err.Error()
}

// A spec edited in a way that keeps the trace valid (a comment changed in
// place; an added line would move the steps' lines) replays, with
// a note that the hash differs.
func TestReplayNotesChangedSpec(t *testing.T) {
	file, _ := traceOf(t, "drop-no-rescan")
	spec := editedSpec(t, "drop-no-rescan", "// remember the VMA", "// remember the VMA (edited)")
	code, out, stderr, _ := runCLI(t, "replay", spec, file)
	assert.Equal(t, exitViolation, code, stderr)
	assert.Contains(t, stderr, "has changed since")
	assert.Contains(t, out, "no_stale_mapping")
	_, _, stderr, _ = runCLI(t, "replay", "drop-no-rescan", file)
	assert.NotContains(t, stderr, "has changed since")
}
