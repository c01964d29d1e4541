package sweep

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rows are hand-made rows covering each kind of cell.
func testRows() []Row {
	return []Row{
		{Spec: "seq_a", Constants: []Const{{"FAULTS", 2}}, Swept: Setting{{"FAULTS", 2}}, Verdict: "holds",
			States: 281, Transitions: 432, Depth: 31, Seconds: 0.004, Bytes: 3 << 19, POR: true, Symmetry: "fault[2]",
			Measures: []Measure{{Name: "retries", Max: 2, Min: 0, Complete: true}}},
		{Spec: "seq_a", Constants: []Const{{"FAULTS", 5}}, Swept: Setting{{"FAULTS", 5}}, Verdict: "incomplete",
			Reason: "the time budget (--timeout) ran out", States: 1234567, Transitions: 9876543, Depth: 12, Seconds: 1.5,
			Measures: []Measure{{Name: "retries", Max: 7, Min: 0}}},
		{Spec: "drop", Constants: []Const{{"FAULTS", 2}}, Swept: Setting{{"FAULTS", 2}}, Verdict: "violation",
			Kind: "deadlock", Property: "deadlock", States: 12, Transitions: 20, Depth: 5},
	}
}

func render(t *testing.T, format string, names ...string) string {
	t.Helper()
	cols, err := Columns(names)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, Write(&b, format, cols, testRows(), "caption"))
	return b.String()
}

func TestText(t *testing.T) {
	got := render(t, "text", "spec", "FAULTS", "verdict", "states", "max:retries")
	want := "" +
		"spec   FAULTS  verdict                  states  max retries\n" +
		"seq_a       2  holds                       281            2\n" +
		"seq_a       5  incomplete (timeout)  1,234,567           ≥7\n" +
		"drop        2  deadlock                     12            -\n"
	assert.Equal(t, want, got)
}

func TestMarkdown(t *testing.T) {
	got := render(t, "markdown", "spec", "verdict", "transitions", "reduction")
	want := "" +
		"| spec | verdict | transitions | reduction |\n" +
		"| --- | --- | ---: | --- |\n" +
		"| seq_a | holds | 432 | por, sym fault[2] |\n" +
		"| seq_a | incomplete (timeout) | 9,876,543 | none |\n" +
		"| drop | deadlock | 20 | none |\n"
	assert.Equal(t, want, got)
}

// CSV and JSON Lines keep numbers raw: no separators, a missing value empty or null.
func TestCSVAndJSONLines(t *testing.T) {
	recs, err := csv.NewReader(strings.NewReader(render(t, "csv", "spec", "states", "seconds", "memory", "max:retries", "reason"))).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"spec", "states", "seconds", "memory", "max:retries", "reason"}, recs[0])
	assert.Equal(t, []string{"seq_a", "281", "0.004", "1572864", "2", ""}, recs[1])
	assert.Equal(t, []string{"seq_a", "1234567", "1.5", "0", "7", "the time budget (--timeout) ran out"}, recs[2])
	assert.Equal(t, []string{"drop", "12", "0", "0", "", ""}, recs[3])

	lines := strings.Split(strings.TrimSpace(render(t, "jsonl", "spec", "FAULTS", "verdict", "states", "max:retries")), "\n")
	require.Len(t, lines, 3)
	assert.Equal(t, `{"spec":"seq_a","FAULTS":5,"verdict":"incomplete (timeout)","states":1234567,"max:retries":7}`, lines[1])
	var obj map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[2]), &obj))
	assert.Nil(t, obj["max:retries"])
}

func TestThousandsAndColumns(t *testing.T) {
	for in, want := range map[string]string{"0": "0", "999": "999", "1000": "1,000", "1234567": "1,234,567",
		"12.50": "12.50", "1234.5": "1,234.5", "≥1000": "≥1,000", "-": "-"} {
		assert.Equal(t, want, thousands(in, ","), in)
	}
	_, err := Columns([]string{"spec", "no such"})
	assert.Error(t, err)
	_, err = Columns([]string{"max:"})
	assert.Error(t, err)
	assert.Error(t, Write(&bytes.Buffer{}, "html", nil, nil, ""))
	assert.Equal(t, []string{"spec", "F", "verdict", "property", "states", "transitions", "depth", "seconds", "memory", "max:retries"},
		DefaultColumns([]Axis{{Name: "F"}}, testRows()))
}
