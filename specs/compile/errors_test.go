package compile_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/specs/compile"
	"mcheck/specs/syntax"
)

// The error tests live in specs/testdata/errors: each line that must draw an
// error ends in
//
//	// ERROR "regexp" ["regexp" ...]
//
// The regexp is the text between the quotes, verbatim; write it in backquotes
// instead when it contains a double quote, or when a double quote would change
// what the line means (an unterminated string). Every regexp must match an error reported
// on that line, and every error must be on a line with a regexp that matches
// it. A line `// set: NAME=V ...` passes Options.Set; errors that have no
// source position (a bad --set) are matched against that line's ERROR comment.

// errorComment finds the ERROR comment at the end of a line.
var errorComment = regexp.MustCompile(`//\s*ERROR\s+((?:(?:"[^"]*"|` + "`[^`]*`" + `)\s*)+)$`)

var quotedRE = regexp.MustCompile(`"[^"]*"|` + "`[^`]*`")

var setLine = regexp.MustCompile(`^//\s*set:\s*([^/]*)`)

type wantErrors struct {
	byLine  map[int][]*regexp.Regexp
	set     map[string]int64
	setLine int
	count   int
}

func readWants(t *testing.T, src []byte) wantErrors {
	w := wantErrors{byLine: map[int][]*regexp.Regexp{}}
	for i, line := range strings.Split(string(src), "\n") {
		n := i + 1
		if m := setLine.FindStringSubmatch(line); m != nil {
			w.set, w.setLine = map[string]int64{}, n
			for _, kv := range strings.Fields(m[1]) {
				k, v, ok := strings.Cut(kv, "=")
				val, err := strconv.ParseInt(v, 10, 64)
				require.True(t, ok && err == nil, "line %d: bad set %q", n, kv)
				w.set[k] = val
			}
		}
		m := errorComment.FindStringSubmatch(line)
		if m == nil {
			require.NotContains(t, line, "ERROR", "line %d: malformed ERROR comment", n)
			continue
		}
		for _, q := range quotedRE.FindAllString(m[1], -1) {
			re, err := regexp.Compile(q[1 : len(q)-1])
			require.NoError(t, err, "line %d", n)
			w.byLine[n] = append(w.byLine[n], re)
			w.count++
		}
	}
	return w
}

func TestErrors(t *testing.T) {
	files, err := filepath.Glob("../testdata/errors/*.mc")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	total := 0
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			src, err := os.ReadFile(name)
			require.NoError(t, err)
			w := readWants(t, src)
			require.NotZero(t, w.count, "no ERROR comments")
			total += w.count
			_, err = compile.Compile(name, src, compile.Options{Set: w.set})
			require.Error(t, err, "the spec compiled")
			var list syntax.ErrorList
			require.True(t, errors.As(err, &list), "error is a %T", err)
			checkErrors(t, name, w, list)
		})
	}
	// The corpus is meant to cover the front end; keep it from shrinking unnoticed.
	assert.GreaterOrEqual(t, total, 60, "error cases in all")
}

func checkErrors(t *testing.T, name string, w wantErrors, list syntax.ErrorList) {
	got := map[int][]*syntax.Error{}
	for i, e := range list {
		assert.Equal(t, name, e.File)
		line := e.Pos.Line
		if e.Pos.IsValid() {
			assert.GreaterOrEqual(t, e.Pos.Col, 1, "column of %v", e)
			assert.True(t, strings.HasPrefix(e.Error(), fmt.Sprintf("%s:%d:%d: ", name, line, e.Pos.Col)), "%q", e.Error())
		} else {
			line = w.setLine // only a --set problem has no position
			assert.Equal(t, name+": "+e.Msg, e.Error())
		}
		if i > 0 {
			assert.NotEqual(t, list[i-1].Error(), e.Error(), "error reported twice")
			prev := list[i-1].Pos
			assert.False(t, e.Pos.Line < prev.Line || e.Pos.Line == prev.Line && e.Pos.Col < prev.Col,
				"errors out of order: %v after %v", e, list[i-1])
		}
		got[line] = append(got[line], e)
	}
	for line, errs := range got {
		for _, e := range errs {
			matched := false
			for _, re := range w.byLine[line] {
				matched = matched || re.MatchString(e.Msg)
			}
			assert.True(t, matched, "unexpected error: %v", e)
		}
	}
	for line, res := range w.byLine {
		for _, re := range res {
			matched := false
			for _, e := range got[line] {
				matched = matched || re.MatchString(e.Msg)
			}
			assert.True(t, matched, "%s:%d: no error matching %q; got %v", name, line, re, msgs(got[line]))
		}
	}
}

func msgs(errs []*syntax.Error) []string {
	out := []string{}
	for _, e := range errs {
		out = append(out, e.Msg)
	}
	return out
}
