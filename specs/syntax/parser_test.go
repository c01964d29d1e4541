package syntax_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/specs/syntax"
)

// parseExpr parses src as the condition of an invariant.
func parseExpr(t *testing.T, src string) syntax.Expr {
	t.Helper()
	f, errs := syntax.Parse("t.mc", []byte("invariant i: "+src))
	require.Empty(t, errs, "parsing %q", src)
	require.Len(t, f.Decls, 1)
	return f.Decls[0].(*syntax.InvariantDecl).Cond
}

// tree renders an expression with every operator application in parentheses:
// an oracle for the shape of the tree, independent of the printer's
// precedence rules.
func tree(e syntax.Expr) string {
	switch e := e.(type) {
	case *syntax.Name:
		return e.Name
	case *syntax.IntLit:
		return strings.TrimSpace(syntax.ExprString(e))
	case *syntax.BoolLit:
		return syntax.ExprString(e)
	case *syntax.SelfExpr:
		return "self"
	case *syntax.ParenExpr:
		return tree(e.X)
	case *syntax.UnaryExpr:
		op := "!"
		if e.Op == syntax.MINUS {
			op = "-"
		}
		return "(" + op + tree(e.X) + ")"
	case *syntax.BinaryExpr:
		return "(" + tree(e.X) + " " + opName(e.Op) + " " + tree(e.Y) + ")"
	case *syntax.SelectorExpr:
		return "(" + tree(e.X) + "." + e.Field + ")"
	case *syntax.IndexExpr:
		return "(" + tree(e.X) + "[" + tree(e.Index) + "])"
	case *syntax.AtExpr:
		return "(" + tree(e.X) + "@" + e.Label + ")"
	case *syntax.CallExpr:
		args := make([]string, len(e.Args))
		for i, a := range e.Args {
			args[i] = tree(a)
		}
		return e.Func + "(" + strings.Join(args, ", ") + ")"
	}
	return "?"
}

func opName(t syntax.Token) string { return strings.Trim(t.String(), "'") }

func TestPrecedence(t *testing.T) {
	for _, tc := range []struct{ src, tree string }{
		{"a || b && c", "(a || (b && c))"},
		{"a && b || c", "((a && b) || c)"},
		{"a => b => c", "(a => (b => c))"}, // right associative
		{"a => b || c => d", "(a => ((b || c) => d))"},
		{"a || b => c && d", "((a || b) => (c && d))"},
		{"a == b && c < d", "((a == b) && (c < d))"},
		{"a < b == c", "((a < b) == c)"}, // one level, left associative
		{"a + b * c", "(a + (b * c))"},
		{"a * b + c", "((a * b) + c)"},
		{"a - b - c", "((a - b) - c)"},
		{"a / b % c * d", "(((a / b) % c) * d)"},
		{"a + b == c - d", "((a + b) == (c - d))"},
		{"!a && b", "((!a) && b)"},
		{"-a * b", "((-a) * b)"},
		{"- -a", "(-(-a))"},
		{"!!a", "(!(!a))"},
		{"-x.f", "(-(x.f))"},
		{"!a[i].ok", "(!((a[i]).ok))"},
		{"p[1]@retry || q[0].x == 2", "(((p[1])@retry) || (((q[0]).x) == 2))"},
		{"(a || b) && c", "((a || b) && c)"},
		{"a - (b - c)", "(a - (b - c))"},
		{"(a => b) => c", "((a => b) => c)"},
		{"f(a + 1, b) > self", "(f((a + 1), b) > self)"},
		{"a +\n b", "(a + b)"}, // an operator continues the line
	} {
		assert.Equal(t, tc.tree, tree(parseExpr(t, tc.src)), "source %q", tc.src)
	}
}

// TestExprStringRoundTrip checks that the printer's output has the canonical
// form given, parses back to the same tree, and prints the same again.
func TestExprStringRoundTrip(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"a||b&&c", "a || b && c"},
		{"(a || b) && c", "(a || b) && c"},
		{"a || (b && c)", "a || b && c"},
		{"a => (b => c)", "a => b => c"},
		{"(a => b) => c", "(a => b) => c"},
		{"a - (b - c)", "a - (b - c)"},
		{"(a - b) - c", "a - b - c"},
		{"(a + b) * c", "(a + b) * c"},
		{"a + (b * c)", "a + b * c"},
		{"-(a + b)", "-(a + b)"},
		{"!(a && b)", "!(a && b)"},
		{"- -a", "-(-a)"},
		{"-(-1)", "-(-1)"},
		{"a - -b", "a - -b"},
		{"!!a", "!!a"},
		{"((x))", "x"},
		{"(a < b) == (c < d)", "a < b == (c < d)"},
		{"p[i+1].x", "p[i + 1].x"},
		{"p[0]@l", "p[0]@l"},
		{"(p[0])@l", "p[0]@l"},
		{"read_seqcount_retry(sc,seq)", "read_seqcount_retry(sc, seq)"},
		{"f()", "f()"},
		{"true && !false", "true && !false"},
		{"self % 2 == 0", "self % 2 == 0"},
		{"(-a).f", "(-a).f"},
		{"(!p)[0]", "(!p)[0]"},
		{"-a.f", "-a.f"},
		{"(a + b).f", "(a + b).f"},
	} {
		e := parseExpr(t, tc.src)
		got := syntax.ExprString(e)
		assert.Equal(t, tc.want, got, "source %q", tc.src)
		again := parseExpr(t, got)
		assert.Equal(t, tree(e), tree(again), "reparsing %q", got)
		assert.Equal(t, got, syntax.ExprString(again))
	}
}

func TestStmtHeader(t *testing.T) {
	src := `process p {
    x = 1
    p = { x: 1, y: true }
    q = [1, 2]
    x++
    a[i]--
    mutex_lock(m)
    skip
    if x > 0 { skip } else { x = 0 }
    while x < 3 { x++ }
    goto retry
    break
    continue
    return
retry: x = a + 1
    atomic { x = 1; y = 2 }
    either { skip } or { x = 1 }
    await x == 0 || done
    assert x == 1 : "x is one"
    { skip }
}`
	want := []string{
		"x = 1",
		"p = { x: 1, y: true }",
		"q = [1, 2]",
		"x++",
		"a[i]--",
		"mutex_lock(m)",
		"skip",
		"if x > 0",
		"while x < 3",
		"goto retry",
		"break",
		"continue",
		"return",
		"retry: x = a + 1",
		"atomic { x = 1; y = 2 }",
		"either",
		"await x == 0 || done",
		"assert x == 1",
		"{ ... }",
	}
	f, errs := syntax.Parse("t.mc", []byte(src))
	require.Empty(t, errs)
	body := f.Decls[0].(*syntax.ProcessDecl).Body.Stmts
	var got []string
	for _, s := range body {
		got = append(got, syntax.StmtHeader(s))
	}
	assert.Equal(t, want, got)
}

func TestParseDecls(t *testing.T) {
	src := `const N = 2
type id = 0..N
enum st { A, B,
  C }
struct s { a: bool; b: id, c: [2]st
  d: mutex }
var v: s = { a: true, c: [A, C] }
mutex locks[N]
process p[N] {
    var l: id = 1
    var k: bool
    skip
}
process q { skip }
inline f(x, y) { skip }
invariant i: v.a
`
	f, errs := syntax.Parse("t.mc", []byte(src))
	require.Empty(t, errs)
	require.Len(t, f.Decls, 10)
	assert.Equal(t, []string{"A", "B", "C"}, names(f.Decls[2].(*syntax.EnumDecl).Members))
	st := f.Decls[3].(*syntax.StructDecl)
	require.Len(t, st.Fields, 4)
	assert.Equal(t, "d", st.Fields[3].Name)
	v := f.Decls[4].(*syntax.VarDecl)
	assert.Equal(t, "{ a: true, c: [A, C] }", syntax.ExprString(v.Init))
	locks := f.Decls[5].(*syntax.VarDecl)
	assert.IsType(t, &syntax.ArrayType{}, locks.Type)
	p := f.Decls[6].(*syntax.ProcessDecl)
	assert.Equal(t, "N", syntax.ExprString(p.Count))
	assert.Len(t, p.Locals, 2)
	assert.Len(t, p.Body.Stmts, 1)
	assert.Nil(t, f.Decls[7].(*syntax.ProcessDecl).Count)
	assert.Equal(t, []string{"x", "y"}, names(f.Decls[8].(*syntax.InlineDecl).Params))
	assert.Equal(t, syntax.Pos{Line: 16, Col: 1}, syntax.DeclPos(f.Decls[9]))
}

func names(ids []syntax.Ident) []string {
	var out []string
	for _, id := range ids {
		out = append(out, id.Name)
	}
	return out
}

func TestElseIf(t *testing.T) {
	f, errs := syntax.Parse("t.mc", []byte(`process p {
    if a { skip } else if b { skip } else { x = 1 }
    skip
}`))
	require.Empty(t, errs)
	body := f.Decls[0].(*syntax.ProcessDecl).Body.Stmts
	require.Len(t, body, 2)
	outer := body[0].(*syntax.IfStmt)
	inner, ok := outer.Else.(*syntax.IfStmt)
	require.True(t, ok, "else if is a nested IfStmt")
	assert.IsType(t, &syntax.Block{}, inner.Else)
}

// TestParseErrorsPartial checks that parsing goes on after errors, reports
// them sorted, at most one per line, and returns what it could read.
func TestParseErrorsPartial(t *testing.T) {
	src := "const = 1\nvar ok: bool\nprocess p {\n  x + 1 + * 2\n  skip\n}\ninvariant i: ok\n"
	f, errs := syntax.Parse("t.mc", []byte(src))
	require.Len(t, errs, 2, "%v", errs)
	assert.Equal(t, "t.mc:1:7: expected name after const, found '='", errs[0].Error())
	assert.Equal(t, "t.mc:4:11: expected expression, found '*'", errs[1].Error())
	var kinds []string
	for _, d := range f.Decls {
		kinds = append(kinds, strings.TrimPrefix(strings.TrimPrefix(typeName(d), "*syntax."), ""))
	}
	assert.Equal(t, []string{"ConstDecl", "VarDecl", "ProcessDecl", "InvariantDecl"}, kinds)
}

func typeName(d syntax.Decl) string {
	switch d.(type) {
	case *syntax.ConstDecl:
		return "ConstDecl"
	case *syntax.VarDecl:
		return "VarDecl"
	case *syntax.ProcessDecl:
		return "ProcessDecl"
	case *syntax.InvariantDecl:
		return "InvariantDecl"
	}
	return "other"
}

// TestParseErrorLimit checks that a file of garbage stops at a bounded number
// of errors instead of reporting every line.
func TestParseErrorLimit(t *testing.T) {
	src := strings.Repeat("1 2 3\n", 200)
	_, errs := syntax.Parse("t.mc", []byte(src))
	assert.NotEmpty(t, errs)
	assert.LessOrEqual(t, len(errs), 50)
}

// TestShortDecl: `TYPE NAME` parses for any identifier TYPE (the compiler
// checks it names a sync object type); the type names are identifiers, so
// they may name other things too.
func TestShortDecl(t *testing.T) {
	f, errs := syntax.Parse("t.mc", []byte("completion done\nkref users[2]\nvar mutex: bool\nmeasure m: 1\n"))
	require.Empty(t, errs)
	require.Len(t, f.Decls, 4)
	done := f.Decls[0].(*syntax.VarDecl)
	assert.True(t, done.Short)
	assert.Equal(t, "completion", done.Type.(*syntax.NamedType).Name)
	users := f.Decls[1].(*syntax.VarDecl)
	assert.True(t, users.Short)
	assert.Equal(t, "kref", users.Type.(*syntax.ArrayType).Elem.(*syntax.NamedType).Name)
	v := f.Decls[2].(*syntax.VarDecl)
	assert.False(t, v.Short)
	assert.Equal(t, "mutex", v.Name)
	assert.IsType(t, &syntax.MeasureDecl{}, f.Decls[3])
}
