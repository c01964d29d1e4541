package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/model"
)

// putPage frees a page inside an atomic block's if, inside an inline, and
// then uses it; free_one nests a second inline.
const putPage = `struct page_t { refs: 0..3 }
pool pages[1]: page_t = [{ refs: 1 }]
var pg: ref pages = pages[0]

inline put_page(p) {
    atomic { p->refs--; if p->refs == 0 { free(p) } }
}

inline check(p) {
    assert p->refs == 1
}

inline check_twice(p) {
    skip
    check(p)
}

process a {
    put_page(pg)
    check_twice(pg)
}
`

// The whole atomic statement is shown, and a step inside an inline shows
// both its call site and its line in the inline, in every rendering.
func TestStatementWholeAndInlineSite(t *testing.T) {
	run := specRun(t, putPage, explorer.Options{Search: explorer.BFS})
	require.Equal(t, explorer.Violated, run.Result.Verdict)
	require.Equal(t, model.KindUseAfterFree, run.Result.Violation.Kind)
	steps := Steps(run.Program, run.Result)
	require.Len(t, steps, 3)
	first := steps[0]
	assert.Equal(t, "atomic { p->refs--; if p->refs == 0 { free(p) } }", first.Statement)
	assert.Equal(t, 19, first.Line)
	assert.Equal(t, []JSONInline{{"put_page", 6}}, first.Inline)
	last := steps[2]
	assert.Equal(t, 20, last.Line)
	assert.Equal(t, []JSONInline{{"check_twice", 15}, {"check", 10}}, last.Inline)

	var list bytes.Buffer
	Text(&list, run)
	assert.Contains(t, list.String(), "line 19  atomic { p->refs--; if p->refs == 0 { free(p) } }  (call site 19, in inline put_page line 6)\n")
	assert.Contains(t, list.String(), "in a at call site 20, in inline check_twice line 15, in inline check line 10:")

	var lanes bytes.Buffer
	Render(&lanes, run, TraceOptions{Width: 200})
	assert.Contains(t, lanes.String(), "19 atomic { p->refs--; if p->refs == 0 { free(p) } }\n")
	assert.Contains(t, lanes.String(), "(call site 19, in inline put_page line 6)\n")

	var js bytes.Buffer
	require.NoError(t, JSON(&js, run))
	var doc map[string]any
	require.NoError(t, json.Unmarshal(js.Bytes(), &doc))
	at := doc["at"].(map[string]any)
	assert.EqualValues(t, 20, at["line"])
	assert.Equal(t, []any{map[string]any{"name": "check_twice", "line": 15.0}, map[string]any{"name": "check", "line": 10.0}}, at["inline"])
	st := doc["trace"].([]any)[0].(map[string]any)
	assert.EqualValues(t, 19, st["line"])
	assert.Equal(t, []any{map[string]any{"name": "put_page", "line": 6.0}}, st["inline"])

	// what it writes replays
	tr, err := ReadTrace(js.Bytes())
	require.NoError(t, err)
	_, err = Replay(run.Program, tr)
	require.NoError(t, err)
}

// A version 1 file written before call sites and whole statements (line in
// the inline's body, the atomic's if without its body) still replays.
func TestReplayReadsOlderVersion1(t *testing.T) {
	run := specRun(t, putPage, explorer.Options{Search: explorer.BFS})
	old := ToJSON(run)
	old.Trace[0].Line, old.Trace[0].Inline = 6, nil
	old.Trace[0].Statement = "atomic { p->refs--; if p->refs == 0 }"
	old.Trace[2].Line, old.Trace[2].Inline = 10, nil
	data, err := json.Marshal(old)
	require.NoError(t, err)
	tr, err := ReadTrace(data)
	require.NoError(t, err)
	_, err = Replay(run.Program, tr)
	require.NoError(t, err)
	old.Trace[0].Line = 7
	data, _ = json.Marshal(old)
	tr, _ = ReadTrace(data)
	_, err = Replay(run.Program, tr)
	require.Error(t, err, "a wrong line still fails")
}

func TestShortStatement(t *testing.T) {
	short := "atomic { p->refs--; if p->refs == 0 { free(p) } }"
	assert.Equal(t, short, shortStatement(short))
	long := "atomic { spin_lock(ptl); if foll_write { if pte.page != ANON { pte = { page: ANON, writable: false, dirty: true } } }; spin_unlock(ptl); x = 1 }"
	got := shortStatement(long)
	assert.LessOrEqual(t, len([]rune(got)), maxStatement)
	assert.True(t, strings.HasPrefix(got, "atomic { spin_lock(ptl); if foll_write {"), got)
	assert.True(t, strings.HasSuffix(got, "spin_unlock(ptl); x = 1 }"), got)
	assert.Contains(t, got, " … ")
}

// Lock-order acquisition sites inside an inline name the call site too.
func TestLockOrderSiteInInline(t *testing.T) {
	run := catalogueRun(t, "gup-inversion", explorer.BFS)
	cycles := LockCycles(run)
	require.NotEmpty(t, cycles)
	var inInline []JSONLockEdge
	for _, e := range cycles[0].Edges {
		if len(e.Inline) > 0 {
			inInline = append(inInline, e)
		}
	}
	require.Len(t, inInline, 1, "%+v", cycles[0].Edges)
	e := inInline[0]
	assert.Equal(t, 83, e.Line) // fault's fs_fault() call; mutex_lock(i_rwsem) is line 66
	assert.Equal(t, []JSONInline{{"fs_fault", 66}}, e.Inline)
	assert.Contains(t, strings.Join(LockOrderWarnings(run), "\n"),
		"takes i_rwsem while holding mmap_lock at call site 83, in inline fs_fault line 66: mutex_lock(i_rwsem)")
}

// A violation met evaluating an if condition is reported at the if's line
// in the text and in JSON at.line (it was "in fault:" and line 0).
func TestConditionViolationLine(t *testing.T) {
	run := specRun(t, `struct node_t { val: 0..3 }
pool nodes[2]: node_t = [{ val: 1 }]
var n: ref nodes = nodes[0]
process fault {
    free(n)
    if n->val == 1 { skip }
}
`, explorer.Options{Search: explorer.BFS})
	require.Equal(t, explorer.Violated, run.Result.Verdict)
	var b bytes.Buffer
	Render(&b, run, TraceOptions{Width: 200})
	assert.Contains(t, b.String(), "Violated: use_after_free nodes[0] in fault at line 6: ")
	assert.Equal(t, &JSONAt{Process: "fault", Line: 6}, ToJSON(run).At)
}
