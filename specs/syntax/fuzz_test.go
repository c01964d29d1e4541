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
	var expr func(e syntax.Expr)
	expr = func(e syntax.Expr) {
		if e == nil {
			return
		}
		fn(e)
		switch e := e.(type) {
		case *syntax.UnaryExpr:
			expr(e.X)
		case *syntax.BinaryExpr:
			expr(e.X)
			expr(e.Y)
		case *syntax.ParenExpr:
			expr(e.X)
		case *syntax.SelectorExpr:
			expr(e.X)
		case *syntax.IndexExpr:
			expr(e.X)
			expr(e.Index)
		case *syntax.AtExpr:
			expr(e.X)
		case *syntax.CallExpr:
			for _, a := range e.Args {
				expr(a)
			}
		case *syntax.RecordLit:
			for _, fi := range e.Fields {
				expr(fi.Value)
			}
		case *syntax.ArrayLit:
			for _, x := range e.Elems {
				expr(x)
			}
		}
	}
	var stmt func(s syntax.Stmt)
	stmt = func(s syntax.Stmt) {
		switch s := s.(type) {
		case *syntax.Block:
			for _, st := range s.Stmts {
				stmt(st)
			}
		case *syntax.AssignStmt:
			expr(s.LHS)
			expr(s.RHS)
		case *syntax.IncDecStmt:
			expr(s.X)
		case *syntax.ExprStmt:
			expr(s.X)
		case *syntax.IfStmt:
			expr(s.Cond)
			stmt(s.Then)
			if s.Else != nil {
				stmt(s.Else)
			}
		case *syntax.WhileStmt:
			expr(s.Cond)
			stmt(s.Body)
		case *syntax.LabeledStmt:
			stmt(s.Stmt)
		case *syntax.AtomicStmt:
			stmt(s.Body)
		case *syntax.EitherStmt:
			for _, b := range s.Branches {
				stmt(b)
			}
		case *syntax.AwaitStmt:
			expr(s.Cond)
		case *syntax.AssertStmt:
			expr(s.Cond)
		}
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *syntax.ConstDecl:
			expr(d.Value)
		case *syntax.VarDecl:
			expr(d.Init)
		case *syntax.InlineDecl:
			stmt(d.Body)
		case *syntax.ProcessDecl:
			expr(d.Count)
			for _, l := range d.Locals {
				expr(l.Init)
			}
			stmt(d.Body)
		case *syntax.InvariantDecl:
			expr(d.Cond)
		}
	}
}
