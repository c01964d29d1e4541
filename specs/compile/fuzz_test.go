package compile_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mcheck/explorer"
	"mcheck/specs/compile"
	"mcheck/specs/syntax"
)

// seedFiles lists the specs the fuzzer starts from: the catalogue, the
// language examples and the error tests.
func seedFiles(t testing.TB) []string {
	var files []string
	for _, pattern := range []string{"../../protocols/*.mc", "../testdata/examples/*.mc", "../testdata/errors/*.mc"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	return files
}

// FuzzCompile feeds arbitrary bytes to the front end. Whatever the input, the
// compiler must answer with positioned errors or a program, never panic (its
// recover turns a panic into "internal compiler error", which counts as a
// failure here), and a compiled program must link and explore without an
// internal error.
func FuzzCompile(f *testing.F) {
	for _, name := range seedFiles(f) {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := compile.Compile("fuzz.mc", src, compile.Options{})
		checkCompileResult(t, src, res, err)
		if res == nil {
			return
		}
		// Overrides from the spec's own expect: lines exercise Options.Set.
		for _, e := range res.Expect {
			if e.Set == nil {
				continue
			}
			r, err := compile.Compile("fuzz.mc", src, compile.Options{Set: e.Set})
			checkCompileResult(t, src, r, err)
		}
	})
}

func checkCompileResult(t *testing.T, src []byte, res *compile.Result, err error) {
	t.Helper()
	if err != nil {
		var list syntax.ErrorList
		if !errors.As(err, &list) {
			t.Fatalf("Compile returned %T, want syntax.ErrorList: %v", err, err)
		}
		if len(list) == 0 {
			t.Fatalf("Compile returned an empty error list")
		}
		for i, e := range list {
			if strings.HasPrefix(e.Msg, "internal compiler error") { // a recovered panic or a link failure
				t.Fatalf("internal error on input %q:\n%v", src, e)
			}
			if i > 0 && posLess(e.Pos, list[i-1].Pos) {
				t.Fatalf("errors not sorted by position:\n%v", list)
			}
			if e.Pos.IsValid() && e.Pos.Col < 1 {
				t.Fatalf("bad column in %v", e)
			}
		}
		return
	}
	p := res.Program
	if lerr := p.Link(); lerr != nil {
		t.Fatalf("Link after a successful Compile: %v", lerr)
	}
	r, xerr := explorer.Explore(p, explorer.Options{MaxStates: 2000})
	if xerr != nil {
		t.Fatalf("Explore on input %q: %v", src, xerr)
	}
	if r == nil {
		t.Fatalf("Explore returned no result")
	}
}

func posLess(a, b syntax.Pos) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
}
