package syntax

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// tokens scans src and renders each token: its kind, with ";" for an explicit
// semicolon and "\n" for an automatic one.
func tokens(src string) (string, ErrorList) {
	var errs ErrorList
	s := newScanner("t.mc", []byte(src), &errs)
	var out []string
	for {
		t := s.next()
		switch {
		case t.tok == EOF:
			return strings.Join(out, " "), errs
		case t.tok == SEMI && t.lit == "\n":
			out = append(out, `\n`)
		case t.tok == SEMI:
			out = append(out, ";")
		case t.tok == IDENT || t.tok == INT:
			out = append(out, t.lit)
		default:
			out = append(out, strings.Trim(t.tok.String(), "'"))
		}
	}
}

func TestAutomaticSemicolons(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		// A newline ends a statement after these tokens...
		{"x\ny", `x \n y \n`},
		{"x = 1\n", `x = 1 \n`},
		{"f(x)\n", `f ( x ) \n`},
		{"a[1]\n", `a [ 1 ] \n`},
		{"}\n", `} \n`},
		{"x++\nx--\n", `x ++ \n x -- \n`},
		{"return\nbreak\ncontinue\nskip\n", `return \n break \n continue \n skip \n`},
		{"true\nfalse\nself\n", `true \n false \n self \n`},
		{`"s"` + "\n", `string \n`},
		{"var b: bool\nvar m: mutex\n", `var b : bool \n var m : mutex \n`},
		{"spinlock\nrw_semaphore\nseqcount\n", `spinlock \n rw_semaphore \n seqcount \n`},
		// ...and at the end of the file, newline or not.
		{"x", `x \n`},
		{"x = 1", `x = 1 \n`},
		// Not after an operator, a comma or an opening bracket: the expression goes on.
		{"x = a +\n b\n", `x = a + b \n`},
		{"a &&\nb ||\nc =>\nd\n", `a && b || c => d \n`},
		{"f(a,\nb)\n", `f ( a , b ) \n`},
		{"x =\n1\n", `x = 1 \n`},
		{"if c {\nskip\n}\n", `if c { skip \n } \n`},
		{"goto\nl\n", `goto l \n`},
		// Blank lines and comments do not add semicolons.
		{"x\n\n\ny\n", `x \n y \n`},
		{"x // comment\ny\n", `x \n y \n`},
		{"x /* one line */\ny\n", `x \n y \n`},
		{"x /* two\nlines */ y\n", `x \n y \n`},
		{"x + /* two\nlines */ y\n", `x + y \n`},
		{"// only a comment\n", ``},
		// Explicit semicolons.
		{"x = 1; y = 2\n", `x = 1 ; y = 2 \n`},
		// An illegal character keeps the line's semicolon state.
		{"x #\ny\n", `x illegal character \n y \n`},
	} {
		got, _ := tokens(tc.src)
		assert.Equal(t, tc.want, got, "source %q", tc.src)
	}
}

func TestTokenPositions(t *testing.T) {
	var errs ErrorList
	s := newScanner("t.mc", []byte("const N = 2\n  x /* c */ y\n\tz"), &errs)
	var got []string
	for tk := s.next(); tk.tok != EOF; tk = s.next() {
		if tk.tok == IDENT {
			got = append(got, tk.lit+"@"+tk.pos.String())
		}
	}
	// Columns count bytes; a tab is one column.
	assert.Equal(t, []string{"N@1:7", "x@2:3", "y@2:13", "z@3:2"}, got)
	assert.Empty(t, errs)
}

func TestScanOperators(t *testing.T) {
	got, errs := tokens("a == b != c <= d >= e < f > g => h = i ! j .. k . l @ m % n * o / p - q + r")
	assert.Empty(t, errs)
	assert.Equal(t, `a == b != c <= d >= e < f > g => h = i ! j .. k . l @ m % n * o / p - q + r \n`, got)
}

func TestScanLiterals(t *testing.T) {
	var errs ErrorList
	s := newScanner("t.mc", []byte(`0 42 1099511627776 "a message"`), &errs)
	var vals []int64
	var str string
	for tk := s.next(); tk.tok != EOF; tk = s.next() {
		switch tk.tok {
		case INT:
			vals = append(vals, tk.val)
		case STRING:
			str = tk.lit
		}
	}
	assert.Equal(t, []int64{0, 42, 1 << 40}, vals)
	assert.Equal(t, "a message", str)
	assert.Empty(t, errs)
}

func TestScanErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"#", "t.mc:1:1: illegal character '#'"},
		{"x é", "t.mc:1:3: illegal character U+00E9 'é'"},
		{"x \xff", "t.mc:1:3: invalid UTF-8 byte 0xff"},
		{"\x00", "t.mc:1:1: illegal character U+0000"},
		{"1099511627777", `t.mc:1:1: bad integer literal "1099511627777"`},
		{"0x10", `t.mc:1:1: bad integer literal "0x10"`},
		{`x = "abc` + "\ny", "t.mc:1:5: string not terminated"},
		{"x\n  /* never closed", "t.mc:2:3: comment not terminated"},
	} {
		_, errs := tokens(tc.src)
		if assert.Len(t, errs, 1, "source %q", tc.src) {
			assert.Equal(t, tc.want, errs[0].Error())
		}
	}
}

// A byte order mark at the start of a file is skipped, and the columns of the
// first line count from after it; anywhere else it is an illegal character.
func TestByteOrderMark(t *testing.T) {
	var errs ErrorList
	s := newScanner("t.mc", []byte("\xef\xbb\xbfconst N = 2"), &errs)
	tk := s.next()
	assert.Equal(t, CONST, tk.tok)
	assert.Equal(t, "1:1", tk.pos.String())
	assert.Empty(t, errs)

	_, errs = tokens("x \xef\xbb\xbf")
	if assert.Len(t, errs, 1) {
		assert.Equal(t, "t.mc:1:3: illegal character U+FEFF", errs[0].Error())
	}
	_, errs = tokens("\xef\xbb\xbf\xef\xbb\xbfx") // only the first one is a mark
	if assert.Len(t, errs, 1) {
		assert.Equal(t, "t.mc:1:1: illegal character U+FEFF", errs[0].Error())
	}
}
