package syntax

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Past MaxNesting the parser stops with one positioned error instead of
// recursing on (here, and in every pass after it) until the stack overflows.
func TestNestingLimit(t *testing.T) {
	n := MaxNesting + 10
	for _, tc := range []struct{ name, src string }{
		{"sum", "const A = 1" + strings.Repeat(" + 1", n)},
		{"implications", "invariant i: true" + strings.Repeat(" => true", n)},
		{"parentheses", "const A = " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n)},
		{"negations", "const A = " + strings.Repeat("- ", n) + "1"},
		{"nots", "invariant i: " + strings.Repeat("!", n) + "true"},
		{"blocks", "process p {" + strings.Repeat("{", n) + strings.Repeat("}", n) + "}"},
		{"ifs", "process p {" + strings.Repeat("if true {", n) + strings.Repeat("}", n) + "}"},
		{"else-ifs", "process p { if true { }" + strings.Repeat(" else if true { }", n) + " }"},
		{"labels", "process p {" + strings.Repeat(" l:", n) + " skip }"},
		{"array types", "var a: " + strings.Repeat("[1]", n) + "bool"},
		{"array literals", "var a: bool = " + strings.Repeat("[", n) + strings.Repeat("]", n)},
		{"indexes", "const A = a" + strings.Repeat("[a", n) + strings.Repeat("]", n)},
	} {
		_, errs := Parse("t.mc", []byte(tc.src))
		if assert.Len(t, errs, 1, tc.name) {
			assert.Regexp(t, fmt.Sprintf(`^t\.mc:1:\d+: nested more than %d levels deep`, MaxNesting), errs[0].Error(), tc.name)
		}
	}
}

// Below the limit, long chains parse, and the positions of the nodes at the
// bottom of the tree are still right.
func TestDeepButLegal(t *testing.T) {
	n := MaxNesting - 100
	f, errs := Parse("t.mc", []byte("const A =\n  1"+strings.Repeat(" + 1", n)))
	assert.Empty(t, errs)
	x := f.Decls[0].(*ConstDecl).Value
	assert.Equal(t, "2:3", ExprPos(x).String())
	depth := 0
	for b, ok := x.(*BinaryExpr); ok; b, ok = b.X.(*BinaryExpr) {
		depth++
	}
	assert.Equal(t, n, depth)
	assert.Len(t, ExprString(x), 1+4*n)
}
