package report

import (
	"fmt"
	"strings"

	"mcheck/model"
)

// JSONInline is one inline expansion a step (or violation, or blocked
// statement) lies in: the inline's name and the line reached in its body.
type JSONInline struct {
	Name string `json:"name"`
	Line int    `json:"line"`
}

// site returns where a statement is in its process's own body (the
// outermost call site for a statement inside an inline) and the inline
// frames, each with the line reached in it: pos for the innermost, the next
// call for the others.
func site(pos model.Pos, inl []model.InlineFrame) (model.Pos, []JSONInline) {
	if len(inl) == 0 {
		return pos, nil
	}
	out := make([]JSONInline, len(inl))
	for i, f := range inl {
		line := pos.Line
		if i+1 < len(inl) {
			line = inl[i+1].Call.Line
		}
		out[i] = JSONInline{Name: f.Name, Line: line}
	}
	return inl[0].Call, out
}

// where says where a statement is for people: "line 67", or inside an
// inline "call site 88, in inline put_page line 67".
func where(pos model.Pos, inl []model.InlineFrame) string {
	if len(inl) == 0 {
		return fmt.Sprintf("line %d", pos.Line)
	}
	return inlineNote(pos, inl)
}

// inlineNote is where's text for a statement inside an inline, else "".
func inlineNote(pos model.Pos, inl []model.InlineFrame) string {
	at, frames := site(pos, inl)
	return noteOf(at.Line, frames)
}

// noteOf is inlineNote from a site's line and frames.
func noteOf(line int, frames []JSONInline) string {
	if len(frames) == 0 {
		return ""
	}
	parts := []string{fmt.Sprintf("call site %d", line)}
	for _, f := range frames {
		parts = append(parts, fmt.Sprintf("in inline %s line %d", f.Name, f.Line))
	}
	return strings.Join(parts, ", ")
}

// blockedAt is a blocked statement's line in its process body, with the
// inline note in parentheses when it is inside one: "88 (call site 88, ...)".
func blockedAt(b model.Blocked) string {
	at, _ := site(b.Pos, b.Inlines)
	s := fmt.Sprint(at.Line)
	if note := inlineNote(b.Pos, b.Inlines); note != "" {
		s += " (" + note + ")"
	}
	return s
}

// Statements longer than maxStatement runes are shortened for people: the
// first statementHead and the last statementTail runes, each cut at a space
// when one is near, joined by " … ". The mark shows that something is left
// out, and the step's changes (listed under it) still show every effect,
// a free in the elided middle included. JSON and replay keep the whole text.
const (
	maxStatement  = 120
	statementHead = 80
	statementTail = 36
)

// shortStatement applies the rule above.
func shortStatement(s string) string {
	r := []rune(s)
	if len(r) <= maxStatement {
		return s
	}
	head, tail := r[:statementHead], r[len(r)-statementTail:]
	if i := lastSpace(head); i >= statementHead/2 {
		head = head[:i]
	}
	if i := firstSpace(tail); i >= 0 && i < statementTail/2 {
		tail = tail[i+1:]
	}
	return string(head) + " … " + string(tail)
}

func lastSpace(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == ' ' {
			return i
		}
	}
	return -1
}

func firstSpace(r []rune) int {
	for i, c := range r {
		if c == ' ' {
			return i
		}
	}
	return -1
}
