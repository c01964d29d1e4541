package syntax

func (p *parser) parseStmt() Stmt {
	p.enter() // labels nest: l1: l2: stmt
	defer p.leave()
	pos := p.pos
	switch p.tok {
	case IF:
		return p.parseIf()
	case WHILE:
		p.next()
		s := &WhileStmt{Pos: pos, Cond: p.parseExpr()}
		s.Body = p.parseBlock()
		p.endStmt("while")
		return s
	case BREAK, CONTINUE, RETURN:
		s := &BranchStmt{Pos: pos, Tok: p.tok}
		p.next()
		if s.Tok == RETURN && p.tok != SEMI && p.tok != RBRACE && p.tok != EOF {
			s.Value = p.parseInit() // return { f: 1 } returns a record
		}
		p.endStmt(s.Tok.String())
		return s
	case GOTO:
		p.next()
		s := &BranchStmt{Pos: pos, Tok: GOTO, Label: p.ident("after goto").Name}
		p.endStmt("goto")
		return s
	case ATOMIC:
		p.next()
		s := &AtomicStmt{Pos: pos, Body: p.parseBlock()}
		p.endStmt("atomic")
		return s
	case EITHER:
		p.next()
		s := &EitherStmt{Pos: pos, Branches: []*Block{p.parseBlock()}}
		for p.tok == OR {
			p.next()
			s.Branches = append(s.Branches, p.parseBlock())
		}
		if len(s.Branches) < 2 {
			p.errorf(pos, "either needs at least one 'or' branch")
		}
		p.endStmt("either")
		return s
	case AWAIT:
		p.next()
		s := &AwaitStmt{Pos: pos, Cond: p.parseExpr()}
		p.endStmt("await")
		return s
	case ASSERT:
		p.next()
		s := &AssertStmt{Pos: pos, Cond: p.parseExpr()}
		if p.tok == COLON {
			p.next()
			if p.tok != STRING {
				p.errorf(p.pos, "expected message string after ':', found %s", p.describe())
			} else {
				s.Msg = p.lit
				p.next()
			}
		}
		p.endStmt("assert")
		return s
	case SKIP:
		p.next()
		p.endStmt("skip")
		return &SkipStmt{Pos: pos}
	case LBRACE:
		b := p.parseBlock()
		p.endStmt("block")
		return b
	case VAR:
		p.errorf(pos, "local variables must be declared at the start of the process or inline body")
		p.parseVar()
		p.endStmt("variable declaration")
		return nil
	case ELSE:
		p.errorf(pos, "else must follow '}' on the same line")
		p.next()
		return nil
	}
	x := p.parseExpr()
	if n, ok := x.(*Name); ok && p.tok == COLON {
		p.next()
		for p.tok == SEMI {
			p.next()
		}
		if p.tok == RBRACE || p.tok == EOF {
			return &LabeledStmt{Pos: pos, Label: n.Name, Stmt: &EmptyStmt{Pos: p.pos}}
		}
		return &LabeledStmt{Pos: pos, Label: n.Name, Stmt: p.parseStmt()}
	}
	var s Stmt
	switch p.tok {
	case ASSIGN:
		p.next()
		s = &AssignStmt{Pos: pos, LHS: x, RHS: p.parseInit()}
	case INC, DEC:
		s = &IncDecStmt{Pos: pos, X: x, Inc: p.tok == INC}
		p.next()
	default:
		if _, ok := x.(*CallExpr); !ok {
			if _, bad := x.(*BadExpr); !bad {
				p.errorf(ExprPos(x), "expression is not a statement (expected a call, an assignment or ++/--)")
			}
			p.skipTo(SEMI, RBRACE)
		}
		s = &ExprStmt{Pos: pos, X: x}
	}
	p.endStmt("statement")
	return s
}

func (p *parser) parseIf() *IfStmt {
	p.enter() // else-if chains nest
	defer p.leave()
	pos := p.expect(IF, "")
	s := &IfStmt{Pos: pos}
	if p.tok == CONST {
		s.Const = true
		p.next()
	}
	s.Cond = p.parseExpr()
	s.Then = p.parseBlock()
	if p.tok == ELSE {
		p.next()
		if p.tok == IF {
			s.Else = p.parseIf()
			return s // the nested if consumed the statement end
		}
		s.Else = p.parseBlock()
	}
	p.endStmt("if")
	return s
}

// parseInit parses the value of an assignment or initialiser, where record
// and array literals are allowed.
func (p *parser) parseInit() Expr {
	p.enter()
	defer p.leave()
	pos := p.pos
	switch p.tok {
	case LBRACE:
		p.next()
		lit := &RecordLit{Pos: pos}
		for p.tok != RBRACE && p.tok != EOF {
			if p.tok == COMMA || p.tok == SEMI {
				p.next()
				continue
			}
			f := FieldInit{Pos: p.pos, Name: p.ident("of a field").Name}
			p.expect(COLON, "after field name")
			f.Value = p.parseInit()
			lit.Fields = append(lit.Fields, f)
			if p.tok != COMMA && p.tok != SEMI && p.tok != RBRACE {
				p.errorf(p.pos, "expected ',' or '}' in record literal, found %s", p.describe())
				p.skipTo(RBRACE, SEMI)
				break
			}
		}
		p.expect(RBRACE, "at end of record literal")
		return lit
	case LBRACK:
		p.next()
		lit := &ArrayLit{Pos: pos}
		for p.tok != RBRACK && p.tok != EOF {
			if p.tok == COMMA || p.tok == SEMI {
				p.next()
				continue
			}
			lit.Elems = append(lit.Elems, p.parseInit())
			if p.tok != COMMA && p.tok != SEMI && p.tok != RBRACK {
				p.errorf(p.pos, "expected ',' or ']' in array literal, found %s", p.describe())
				p.skipTo(RBRACK, SEMI)
				break
			}
		}
		p.expect(RBRACK, "at end of array literal")
		return lit
	}
	return p.parseExpr()
}

// Operator precedences, lowest first.
const (
	precImpl = 1 + iota
	precOr
	precAnd
	precCmp
	precAdd
	precMul
)

func precedence(t Token) int {
	switch t {
	case IMPL:
		return precImpl
	case OROR:
		return precOr
	case ANDAND:
		return precAnd
	case EQ, NEQ, LT, LEQ, GT, GEQ:
		return precCmp
	case PLUS, MINUS, PIPE, CARET: // Go's precedences: x & MASK == 0 is (x & MASK) == 0
		return precAdd
	case STAR, SLASH, PERCENT, AMP, SHL, SHR:
		return precMul
	}
	return 0
}

func (p *parser) parseExpr() Expr { return p.parseBinary(precImpl) }

func (p *parser) parseBinary(minPrec int) Expr {
	depth := p.depth
	defer func() { p.depth = depth }()
	p.enter()
	x := p.parseUnary()
	for {
		prec := precedence(p.tok)
		if prec < minPrec || prec == 0 {
			return x
		}
		p.enter() // x becomes one level deeper
		op, pos := p.tok, p.pos
		p.next()
		for p.tok == SEMI && p.lit == "\n" { // an operator continues the expression
			p.next()
		}
		var y Expr
		if op == IMPL {
			y = p.parseBinary(prec) // right associative
		} else {
			y = p.parseBinary(prec + 1)
		}
		x = &BinaryExpr{Pos: pos, Op: op, X: x, Y: y, start: ExprPos(x)}
	}
}

func (p *parser) parseUnary() Expr {
	if p.tok == NOT || p.tok == MINUS || p.tok == TILDE {
		pos, op := p.pos, p.tok
		p.enter()
		defer p.leave()
		p.next()
		return &UnaryExpr{Pos: pos, Op: op, X: p.parseUnary()}
	}
	return p.parsePostfix(p.parsePrimary())
}

func (p *parser) parsePrimary() Expr {
	pos := p.pos
	switch p.tok {
	case INT:
		v := p.val
		p.next()
		return &IntLit{Pos: pos, Value: v}
	case TRUE, FALSE:
		v := p.tok == TRUE
		p.next()
		return &BoolLit{Pos: pos, Value: v}
	case SELF:
		p.next()
		return &SelfExpr{Pos: pos}
	case IDENT:
		name := p.lit
		p.next()
		if p.tok == LPAREN {
			return p.parseCall(pos, name)
		}
		if (name == "forall" || name == "exists") && p.tok == IDENT { // a name is never followed by one
			q := &QuantExpr{Pos: pos, Exists: name == "exists"}
			q.Var, q.Proc = p.parseQuantHead(name)
			q.X = p.parseExpr()
			return q
		}
		return &Name{Pos: pos, Name: name}
	case LPAREN:
		p.next()
		x := p.parseExpr()
		p.expect(RPAREN, "to close '('")
		return &ParenExpr{Pos: pos, X: x}
	case LBRACE, LBRACK:
		p.errorf(pos, "record and array literals are allowed only as the value of an assignment or initialiser")
		p.parseInit()
		return &BadExpr{Pos: pos}
	}
	p.errorf(pos, "expected expression, found %s", p.describe())
	if p.tok != SEMI && p.tok != RBRACE && p.tok != LBRACE && p.tok != EOF {
		p.next()
	}
	return &BadExpr{Pos: pos}
}

func (p *parser) parseCall(pos Pos, name string) Expr {
	p.expect(LPAREN, "")
	call := &CallExpr{Pos: pos, Func: name}
	for p.tok != RPAREN && p.tok != EOF && p.tok != SEMI {
		call.Args = append(call.Args, p.parseExpr())
		if p.tok != COMMA {
			break
		}
		p.next()
	}
	p.expect(RPAREN, "to close the argument list")
	return call
}

func (p *parser) parsePostfix(x Expr) Expr {
	for {
		switch p.tok {
		case DOT:
			pos := p.pos
			p.next()
			x = &SelectorExpr{Pos: pos, X: x, Field: p.ident("after '.'").Name, start: ExprPos(x)}
		case ARROW:
			pos := p.pos
			p.next()
			x = &SelectorExpr{Pos: pos, X: x, Field: p.ident("after '->'").Name, Arrow: true, start: ExprPos(x)}
		case LBRACK:
			pos := p.pos
			p.next()
			i := p.parseExpr()
			p.expect(RBRACK, "to close the index")
			x = &IndexExpr{Pos: pos, X: x, Index: i, start: ExprPos(x)}
		case AT:
			pos := p.pos
			p.next()
			x = &AtExpr{Pos: pos, X: x, Label: p.ident("after '@'").Name, start: ExprPos(x)}
		default:
			return x
		}
	}
}
