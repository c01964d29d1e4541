package syntax

import (
	"strconv"
	"unicode/utf8"
)

// scanner turns source bytes into tokens. Like Go's, it inserts a SEMI at a
// newline (or at end of file) when the line's last token could end a statement.
type scanner struct {
	file string
	src  []byte
	errs *ErrorList

	off        int
	line, col  int
	insertSemi bool
}

type tokenInfo struct {
	tok Token
	pos Pos
	lit string // identifier name, integer or string text (unquoted)
	val int64  // INT value
}

// bom is the UTF-8 byte order mark. Some editors write one at the start of a
// file; there it is skipped, anywhere else it is an illegal character.
const bom = "\xef\xbb\xbf"

func newScanner(file string, src []byte, errs *ErrorList) *scanner {
	s := &scanner{file: file, src: src, errs: errs, line: 1, col: 1}
	if len(src) >= len(bom) && string(src[:len(bom)]) == bom {
		s.off = len(bom)
	}
	return s
}

func (s *scanner) errorf(pos Pos, format string, args ...any) {
	s.errs.Add(s.file, pos, format, args...)
}

func (s *scanner) peekByte(k int) byte {
	if s.off+k < len(s.src) {
		return s.src[s.off+k]
	}
	return 0
}

func (s *scanner) advance() {
	if s.off < len(s.src) {
		if s.src[s.off] == '\n' {
			s.line++
			s.col = 1
		} else {
			s.col++
		}
		s.off++
	}
}

// next returns the next token.
func (s *scanner) next() tokenInfo {
	for {
		// Skip white space, stopping at a newline that ends a statement.
		for s.off < len(s.src) {
			c := s.src[s.off]
			if c == '\n' && s.insertSemi {
				break
			}
			if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
				break
			}
			s.advance()
		}
		pos := Pos{s.line, s.col}
		if s.off >= len(s.src) {
			if s.insertSemi {
				s.insertSemi = false
				return tokenInfo{tok: SEMI, pos: pos, lit: "\n"}
			}
			return tokenInfo{tok: EOF, pos: pos}
		}
		c := s.src[s.off]
		if c == '\n' {
			s.insertSemi = false
			s.advance()
			return tokenInfo{tok: SEMI, pos: pos, lit: "\n"}
		}
		if c == '/' && s.peekByte(1) == '/' {
			for s.off < len(s.src) && s.src[s.off] != '\n' {
				s.advance()
			}
			continue
		}
		if c == '/' && s.peekByte(1) == '*' {
			if s.skipBlockComment(pos) && s.insertSemi {
				s.insertSemi = false
				return tokenInfo{tok: SEMI, pos: pos, lit: "\n"}
			}
			continue
		}
		t := s.scanToken(pos, c)
		if t.tok != ILLEGAL { // an illegal character keeps the line's semicolon state
			s.insertSemi = endsStatement(t.tok)
		}
		return t
	}
}

// skipBlockComment skips /* ... */ and reports whether it spanned a newline.
func (s *scanner) skipBlockComment(pos Pos) bool {
	s.advance()
	s.advance()
	newline := false
	for {
		if s.off >= len(s.src) {
			s.errorf(pos, "comment not terminated")
			return newline
		}
		if s.src[s.off] == '*' && s.peekByte(1) == '/' {
			s.advance()
			s.advance()
			return newline
		}
		if s.src[s.off] == '\n' {
			newline = true
		}
		s.advance()
	}
}

func endsStatement(t Token) bool {
	switch t {
	case IDENT, INT, STRING, RPAREN, RBRACK, RBRACE, INC, DEC, RETURN, BREAK, CONTINUE,
		SKIP, TRUE, FALSE, SELF, BOOL:
		return true
	}
	return false
}

func isLetter(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

func (s *scanner) scanToken(pos Pos, c byte) tokenInfo {
	switch {
	case isLetter(c):
		start := s.off
		for s.off < len(s.src) && (isLetter(s.src[s.off]) || isDigit(s.src[s.off])) {
			s.advance()
		}
		word := string(s.src[start:s.off])
		if kw, ok := keywords[word]; ok {
			return tokenInfo{tok: kw, pos: pos, lit: word}
		}
		return tokenInfo{tok: IDENT, pos: pos, lit: word}
	case isDigit(c):
		start := s.off
		for s.off < len(s.src) && (isDigit(s.src[s.off]) || isLetter(s.src[s.off])) {
			s.advance()
		}
		text := string(s.src[start:s.off])
		v, err := strconv.ParseInt(text, 10, 64)
		if err != nil || v > 1<<40 {
			s.errorf(pos, "bad integer literal %q", text)
			v = 0
		}
		return tokenInfo{tok: INT, pos: pos, lit: text, val: v}
	case c == '"':
		s.advance()
		start := s.off
		for s.off < len(s.src) && s.src[s.off] != '"' && s.src[s.off] != '\n' {
			s.advance()
		}
		text := string(s.src[start:s.off])
		if s.off >= len(s.src) || s.src[s.off] != '"' {
			s.errorf(pos, "string not terminated")
		} else {
			s.advance()
		}
		return tokenInfo{tok: STRING, pos: pos, lit: text}
	}
	s.advance()
	two := func(next byte, yes, no Token) tokenInfo {
		if s.peekByte(0) == next {
			s.advance()
			return tokenInfo{tok: yes, pos: pos}
		}
		return tokenInfo{tok: no, pos: pos}
	}
	switch c {
	case '(':
		return tokenInfo{tok: LPAREN, pos: pos}
	case ')':
		return tokenInfo{tok: RPAREN, pos: pos}
	case '{':
		return tokenInfo{tok: LBRACE, pos: pos}
	case '}':
		return tokenInfo{tok: RBRACE, pos: pos}
	case '[':
		return tokenInfo{tok: LBRACK, pos: pos}
	case ']':
		return tokenInfo{tok: RBRACK, pos: pos}
	case ',':
		return tokenInfo{tok: COMMA, pos: pos}
	case ';':
		return tokenInfo{tok: SEMI, pos: pos, lit: ";"}
	case ':':
		return tokenInfo{tok: COLON, pos: pos}
	case '@':
		return tokenInfo{tok: AT, pos: pos}
	case '.':
		return two('.', DOTDOT, DOT)
	case '+':
		return two('+', INC, PLUS)
	case '-':
		if s.peekByte(0) == '>' {
			s.advance()
			return tokenInfo{tok: ARROW, pos: pos}
		}
		return two('-', DEC, MINUS)
	case '*':
		return tokenInfo{tok: STAR, pos: pos}
	case '/':
		return tokenInfo{tok: SLASH, pos: pos}
	case '%':
		return tokenInfo{tok: PERCENT, pos: pos}
	case '!':
		return two('=', NEQ, NOT)
	case '<':
		if s.peekByte(0) == '<' {
			s.advance()
			return tokenInfo{tok: SHL, pos: pos}
		}
		return two('=', LEQ, LT)
	case '>':
		if s.peekByte(0) == '>' {
			s.advance()
			return tokenInfo{tok: SHR, pos: pos}
		}
		return two('=', GEQ, GT)
	case '^':
		return tokenInfo{tok: CARET, pos: pos}
	case '=':
		if s.peekByte(0) == '>' {
			s.advance()
			return tokenInfo{tok: IMPL, pos: pos}
		}
		return two('=', EQ, ASSIGN)
	case '&':
		if s.peekByte(0) == '&' {
			s.advance()
			return tokenInfo{tok: ANDAND, pos: pos}
		}
		return tokenInfo{tok: AMP, pos: pos}
	case '~':
		if s.peekByte(0) == '>' {
			s.advance()
			return tokenInfo{tok: LEADS, pos: pos}
		}
		return tokenInfo{tok: TILDE, pos: pos}
	case '|':
		if s.peekByte(0) == '|' {
			s.advance()
			return tokenInfo{tok: OROR, pos: pos}
		}
		return tokenInfo{tok: PIPE, pos: pos}
	}
	if c >= utf8.RuneSelf {
		// Report a multi-byte character once, by its code point.
		r, size := utf8.DecodeRune(s.src[s.off-1:])
		for i := 1; i < size; i++ {
			s.advance()
		}
		if r == utf8.RuneError && size == 1 {
			s.errorf(pos, "invalid UTF-8 byte %#02x", c)
		} else {
			s.errorf(pos, "illegal character %#U", r)
		}
	} else if c < 0x20 || c == 0x7f {
		s.errorf(pos, "illegal character %#U", rune(c))
	} else {
		s.errorf(pos, "illegal character %q", rune(c))
	}
	return tokenInfo{tok: ILLEGAL, pos: pos}
}
