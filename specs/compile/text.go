package compile

import (
	"strings"

	"mcheck/specs/syntax"
)

// stmtText prints a statement on one line as a trace shows it. An atomic
// block is one step, so it is printed whole, the bodies of its if and while
// statements included (a free inside `if refs == 0 { free(p) }` is part of
// the step). Outside atomic, if and while print their head only: their
// bodies are steps of their own. Renderers shorten long texts for people
// (report.Statement); the node and JSON keep the whole.
func stmtText(s syntax.Stmt) string {
	if a, ok := s.(*syntax.AtomicStmt); ok {
		return "atomic " + blockText(a.Body.Stmts)
	}
	return syntax.StmtHeader(s)
}

func blockText(stmts []syntax.Stmt) string {
	parts := make([]string, 0, len(stmts))
	for _, s := range stmts {
		if t := fullText(s); t != "" {
			parts = append(parts, t)
		}
	}
	if len(parts) == 0 {
		return "{ }"
	}
	return "{ " + strings.Join(parts, "; ") + " }"
}

// fullText prints a statement with its bodies.
func fullText(s syntax.Stmt) string {
	switch s := s.(type) {
	case *syntax.EmptyStmt:
		return ""
	case *syntax.Block:
		return blockText(s.Stmts)
	case *syntax.AtomicStmt:
		return "atomic " + blockText(s.Body.Stmts)
	case *syntax.LabeledStmt:
		return s.Label + ": " + fullText(s.Stmt)
	case *syntax.IfStmt:
		t := syntax.StmtHeader(s) + " " + blockText(s.Then.Stmts)
		if s.Else != nil {
			t += " else " + fullText(s.Else)
		}
		return t
	case *syntax.WhileStmt:
		return "while " + syntax.ExprString(s.Cond) + " " + blockText(s.Body.Stmts)
	case *syntax.EitherStmt:
		bs := make([]string, len(s.Branches))
		for i, b := range s.Branches {
			bs[i] = blockText(b.Stmts)
		}
		return "either " + strings.Join(bs, " or ")
	}
	return syntax.StmtHeader(s)
}
