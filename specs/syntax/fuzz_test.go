package syntax_test

import (
	"os"
	"path/filepath"
	"testing"

	"mcheck/specs/syntax"
)

// FuzzExprString parses arbitrary bytes and, when they parse, prints every
// expression and parses it back: the tree must come back the same, so the
// printer never drops a parenthesis that precedence needs.
func FuzzExprString(f *testing.F) {
	for _, pattern := range []string{"../../protocols/*.mc", "../testdata/examples/*.mc"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, name := range files {
			src, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	f.Add([]byte("invariant i: - -a.f[1] => (b => c) || !(d && p[0]@l)"))
	f.Fuzz(func(t *testing.T, src []byte) {
		file, errs := syntax.Parse("fuzz.mc", src)
		if len(errs) > 0 {
			return
		}
		forEachExpr(file, func(e syntax.Expr) {
			switch e.(type) {
			case *syntax.RecordLit, *syntax.ArrayLit:
				return // not expressions on their own
			}
			text := syntax.ExprString(e)
			back, errs := syntax.Parse("again.mc", []byte("invariant i: "+text))
			if len(errs) > 0 {
				t.Fatalf("ExprString gave %q, which does not parse: %v", text, errs)
			}
			again := back.Decls[0].(*syntax.InvariantDecl).Cond
			if tree(again) != tree(e) {
				t.Fatalf("%q printed as %q: tree %s became %s", src, text, tree(e), tree(again))
			}
		})
	})
}

// forEachExpr calls fn on every expression of a file, outermost first.
func forEachExpr(f *syntax.File, fn func(syntax.Expr)) {
	syntax.Inspect(f, func(n any) bool {
		if e, ok := n.(syntax.Expr); ok {
			fn(e)
		}
		return true
	})
}
