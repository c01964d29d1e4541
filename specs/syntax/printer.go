package syntax

import (
	"strconv"
	"strings"
)

// ExprString prints an expression in canonical form, with parentheses only
// where precedence needs them.
func ExprString(e Expr) string {
	var b strings.Builder
	writeExpr(&b, e, 0)
	return b.String()
}

var opText = map[Token]string{
	IMPL: "=>", OROR: "||", ANDAND: "&&", EQ: "==", NEQ: "!=", LT: "<", LEQ: "<=",
	GT: ">", GEQ: ">=", PLUS: "+", MINUS: "-", STAR: "*", SLASH: "/", PERCENT: "%", NOT: "!",
	AMP: "&", PIPE: "|", CARET: "^", TILDE: "~", SHL: "<<", SHR: ">>",
}

// Printing precedences above the binary operators'.
const (
	precUnary   = precMul + 1
	precPostfix = precMul + 2
)

func unparen(e Expr) Expr {
	for {
		p, ok := e.(*ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

func writeExpr(b *strings.Builder, e Expr, prec int) {
	switch e := e.(type) {
	case *Name:
		b.WriteString(e.Name)
	case *IntLit:
		b.WriteString(strconv.FormatInt(e.Value, 10))
	case *BoolLit:
		b.WriteString(strconv.FormatBool(e.Value))
	case *SelfExpr:
		b.WriteString("self")
	case *ParenExpr:
		writeExpr(b, e.X, prec)
	case *UnaryExpr:
		if prec > precUnary { // the operand of a postfix operator: (-a).f
			b.WriteByte('(')
			defer b.WriteByte(')')
		}
		b.WriteString(opText[e.Op])
		if u, ok := unparen(e.X).(*UnaryExpr); ok && e.Op == MINUS && u.Op == MINUS {
			b.WriteByte('(') // "--" would scan as a decrement
			writeExpr(b, u, 0)
			b.WriteByte(')')
			return
		}
		writeExpr(b, e.X, precUnary)
	case *BinaryExpr:
		p := precedence(e.Op)
		if p < prec {
			b.WriteByte('(')
		}
		left, right := p, p+1
		if e.Op == IMPL {
			left, right = p+1, p
		}
		writeExpr(b, e.X, left)
		b.WriteString(" " + opText[e.Op] + " ")
		writeExpr(b, e.Y, right)
		if p < prec {
			b.WriteByte(')')
		}
	case *SelectorExpr:
		writeExpr(b, e.X, precPostfix)
		if e.Arrow {
			b.WriteString("->" + e.Field)
		} else {
			b.WriteString("." + e.Field)
		}
	case *IndexExpr:
		writeExpr(b, e.X, precPostfix)
		b.WriteByte('[')
		writeExpr(b, e.Index, 0)
		b.WriteByte(']')
	case *AtExpr:
		writeExpr(b, e.X, precPostfix)
		b.WriteString("@" + e.Label)
	case *CallExpr:
		b.WriteString(e.Func + "(")
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a, 0)
		}
		b.WriteByte(')')
	case *RecordLit:
		b.WriteString("{ ")
		for i, f := range e.Fields {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(f.Name + ": ")
			writeExpr(b, f.Value, 0)
		}
		b.WriteString(" }")
	case *QuantExpr:
		if prec > 0 { // the body extends to the right: bracket it as an operand
			b.WriteByte('(')
			defer b.WriteByte(')')
		}
		kw := "forall"
		if e.Exists {
			kw = "exists"
		}
		b.WriteString(kw + " " + e.Var.Name + " in " + e.Proc.Name + ": ")
		writeExpr(b, e.X, 0)
	case *ArrayLit:
		b.WriteByte('[')
		for i, x := range e.Elems {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, x, 0)
		}
		b.WriteByte(']')
	default:
		b.WriteString("<bad>")
	}
}

// StmtHeader prints a statement on one line as it appears in a trace: simple
// statements whole, compound ones by their head (`if c`, `while c`, `atomic { ... }`).
func StmtHeader(s Stmt) string {
	switch s := s.(type) {
	case *AssignStmt:
		return ExprString(s.LHS) + " = " + ExprString(s.RHS)
	case *IncDecStmt:
		if s.Inc {
			return ExprString(s.X) + "++"
		}
		return ExprString(s.X) + "--"
	case *ExprStmt:
		return ExprString(s.X)
	case *SkipStmt:
		return "skip"
	case *IfStmt:
		if s.Const {
			return "if const " + ExprString(s.Cond)
		}
		return "if " + ExprString(s.Cond)
	case *WhileStmt:
		return "while " + ExprString(s.Cond)
	case *BranchStmt:
		if s.Tok == GOTO {
			return "goto " + s.Label
		}
		if s.Value != nil {
			return "return " + ExprString(s.Value)
		}
		return strings.Trim(s.Tok.String(), "'")
	case *LabeledStmt:
		return s.Label + ": " + StmtHeader(s.Stmt)
	case *AtomicStmt:
		parts := make([]string, 0, len(s.Body.Stmts))
		for _, st := range s.Body.Stmts {
			parts = append(parts, StmtHeader(st))
		}
		return "atomic { " + strings.Join(parts, "; ") + " }"
	case *EitherStmt:
		return "either"
	case *AwaitStmt:
		return "await " + ExprString(s.Cond)
	case *AssertStmt:
		return "assert " + ExprString(s.Cond)
	case *Block:
		return "{ ... }"
	}
	return ""
}
