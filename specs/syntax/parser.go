package syntax

import "fmt"

// Parse parses one spec file. It returns the file, as complete as the input
// allows, and every syntax error found, sorted by position.
func Parse(filename string, src []byte) (*File, ErrorList) {
	var errs ErrorList
	p := &parser{file: filename, errs: &errs}
	p.sc = newScanner(filename, src, &errs)
	p.next()
	f := p.parseFile()
	errs.Sort()
	return f, errs
}

// maxErrors bounds the errors reported for one file; past it the parser stops.
const maxErrors = 50

type parser struct {
	file  string
	sc    *scanner
	errs  *ErrorList
	depth int        // nesting of the construct being parsed (see MaxNesting)
	ahead *tokenInfo // the token after the current one, once peek read it
	decls int        // inside the declarations of an if const: '}' ends them
	tokenInfo
}

// MaxNesting bounds how deeply a spec's constructs nest: blocks, else-if
// chains, labels, types, literals and expressions, where every operator of a
// chain like a + b + c counts as a level (the tree is that deep). The parser,
// compiler, printer and evaluator recurse over that tree, and a Go stack
// overflow is a crash, not an error; past the bound the parser stops with an
// error at the construct that crosses it.
const MaxNesting = 10000

// enter descends one level, stopping the parse past MaxNesting.
func (p *parser) enter() {
	p.depth++
	if p.depth > MaxNesting {
		p.errs.Add(p.file, p.pos, "nested more than %d levels deep (blocks, else-ifs and expression operators together); split the expression or the statement", MaxNesting)
		panic(bailout{})
	}
}

func (p *parser) leave() { p.depth-- }

type bailout struct{}

func (p *parser) next() {
	if p.ahead != nil {
		p.tokenInfo, p.ahead = *p.ahead, nil
		return
	}
	p.tokenInfo = p.sc.next()
}

// peek returns the token after the current one without consuming it.
func (p *parser) peek() tokenInfo {
	if p.ahead == nil {
		t := p.sc.next()
		p.ahead = &t
	}
	return *p.ahead
}

func (p *parser) errorf(pos Pos, format string, args ...any) {
	// Report at most one error per line: the rest are usually consequences.
	if n := len(*p.errs); n > 0 && (*p.errs)[n-1].Pos.Line == pos.Line {
		return
	}
	p.errs.Add(p.file, pos, format, args...)
	if len(*p.errs) >= maxErrors {
		panic(bailout{})
	}
}

func (p *parser) describe() string {
	switch p.tok {
	case IDENT:
		return fmt.Sprintf("identifier %s", p.lit)
	case INT:
		return fmt.Sprintf("integer %s", p.lit)
	case SEMI:
		if p.lit == "\n" {
			return "newline"
		}
	}
	return p.tok.String()
}

func (p *parser) expect(tok Token, context string) Pos {
	pos := p.pos
	if p.tok != tok {
		p.errorf(pos, "expected %s %s, found %s", tok, context, p.describe())
		return pos
	}
	p.next()
	return pos
}

func (p *parser) ident(context string) Ident {
	id := Ident{Pos: p.pos, Name: p.lit}
	if p.tok != IDENT {
		p.errorf(p.pos, "expected name %s, found %s", context, p.describe())
		id.Name = "_"
		return id
	}
	p.next()
	return id
}

// skipTo advances to one of the given tokens (or EOF) to resynchronise after an error.
func (p *parser) skipTo(toks ...Token) {
	for p.tok != EOF {
		for _, t := range toks {
			if p.tok == t {
				return
			}
		}
		p.next()
	}
}

func (p *parser) endStmt(context string) {
	switch p.tok {
	case SEMI:
		p.next()
	case RBRACE, EOF:
	default:
		p.errorf(p.pos, "expected newline or ';' after %s, found %s", context, p.describe())
		p.skipTo(SEMI, RBRACE)
		if p.tok == SEMI {
			p.next()
		}
	}
}

func (p *parser) parseFile() (f *File) {
	f = &File{Name: p.file}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
		}
	}()
	for p.tok != EOF {
		if p.tok == SEMI {
			p.next()
			continue
		}
		if d := p.parseDecl(); d != nil {
			f.Decls = append(f.Decls, d)
		}
	}
	return f
}

func (p *parser) parseDecl() Decl {
	pos := p.pos
	switch p.tok {
	case CONST:
		p.next()
		name := p.ident("after const")
		p.expect(ASSIGN, "in const declaration")
		d := &ConstDecl{Pos: pos, Name: name.Name, Value: p.parseExpr()}
		p.endStmt("const declaration")
		return d
	case TYPE:
		p.next()
		name := p.ident("after type")
		p.expect(ASSIGN, "in type declaration")
		d := &TypeDecl{Pos: pos, Name: name.Name, Type: p.parseType()}
		p.endStmt("type declaration")
		return d
	case ENUM:
		return p.parseEnum()
	case STRUCT:
		return p.parseStruct()
	case VAR:
		d := p.parseVar()
		p.endStmt("variable declaration")
		return d
	case POOL:
		d := p.parsePool()
		p.endStmt("pool declaration")
		return d
	case INLINE:
		return p.parseInline()
	case PROCESS:
		return p.parseProcess()
	case INVARIANT:
		p.next()
		name := p.ident("after invariant")
		p.expect(COLON, "after invariant name")
		d := &InvariantDecl{Pos: pos, Name: name.Name, Cond: p.parseExpr()}
		p.endStmt("invariant")
		return d
	case EVENTUALLY, LEADSTO:
		return p.parseLiveness()
	case IF:
		return p.parseIfConstDecl()
	case IDENT:
		if p.lit == "measure" {
			p.next()
			name := p.ident("after measure")
			p.expect(COLON, "after measure name")
			d := &MeasureDecl{Pos: pos, Name: name.Name, Expr: p.parseExpr()}
			p.endStmt("measure")
			return d
		}
		// TYPE NAME; after an identifier a literal cannot start anything
		// else either, so `mutex 3` is a declaration missing its name.
		if t := p.peek().tok; t == IDENT || t == INT || t == STRING {
			d := p.parseShortDecl()
			p.endStmt("declaration")
			return d
		}
	}
	p.errorf(pos, "expected declaration (const, type, enum, struct, var, TYPE NAME, pool, inline, process, invariant, measure, eventually, leadsto or if const), found %s", p.describe())
	stops := []Token{SEMI, CONST, TYPE, ENUM, STRUCT, VAR, POOL, INLINE, PROCESS, INVARIANT, EVENTUALLY, LEADSTO, IF}
	if p.decls > 0 {
		stops = append(stops, RBRACE)
	}
	p.skipTo(stops...)
	if p.tok == SEMI {
		p.next()
	}
	return nil
}

// parseShortDecl parses the short declaration `TYPE NAME` or `TYPE
// NAME[N]` of a sync object (`mutex m`, `completion done[2]`). TYPE is an
// identifier, not a keyword: the type names are the primitives' predeclared
// names, which the compiler checks (VarDecl.Short).
func (p *parser) parseShortDecl() *VarDecl {
	pos := p.pos
	var typ TypeExpr = &NamedType{Pos: pos, Name: p.lit}
	p.next()
	name := p.ident("of the sync object")
	if p.tok == LBRACK {
		lpos := p.pos
		p.next()
		n := p.parseExpr()
		p.expect(RBRACK, "after array length")
		typ = &ArrayType{Pos: lpos, Len: n, Elem: typ}
	}
	return &VarDecl{Pos: pos, Name: name.Name, Type: typ, Short: true}
}

// parsePool parses `pool NAME[N]: T [typesafe_by_rcu] [= [objects allocated
// at the start]]`; typesafe_by_rcu is a contextual word, not a keyword.
func (p *parser) parsePool() *VarDecl {
	pos := p.expect(POOL, "")
	name := p.ident("of the pool")
	lpos := p.expect(LBRACK, "after the pool name")
	n := p.parseExpr()
	p.expect(RBRACK, "after the pool size")
	p.expect(COLON, "before the pool's object type")
	pt := &PoolType{Pos: lpos, Len: n, Elem: p.parseType()}
	if p.tok == IDENT {
		if p.lit != "typesafe_by_rcu" {
			p.errorf(p.pos, "unknown pool flag %s (the one flag is typesafe_by_rcu)", p.lit)
		}
		pt.Typesafe = true
		p.next()
	}
	d := &VarDecl{Pos: pos, Name: name.Name, Type: pt}
	if p.tok == ASSIGN {
		p.next()
		d.Init = p.parseInit()
	}
	return d
}

func (p *parser) parseVar() *VarDecl {
	pos := p.expect(VAR, "")
	name := p.ident("after var")
	p.expect(COLON, "after variable name")
	d := &VarDecl{Pos: pos, Name: name.Name, Type: p.parseType()}
	if p.tok == ASSIGN {
		p.next()
		d.Init = p.parseInit()
	}
	return d
}

func (p *parser) parseEnum() *EnumDecl {
	pos := p.expect(ENUM, "")
	d := &EnumDecl{Pos: pos, Name: p.ident("after enum").Name}
	p.expect(LBRACE, "after enum name")
	for p.tok != RBRACE && p.tok != EOF {
		if p.tok == SEMI || p.tok == COMMA {
			p.next()
			continue
		}
		if p.tok != IDENT {
			p.errorf(p.pos, "expected enumerator name, found %s", p.describe())
			p.skipTo(RBRACE)
			break
		}
		d.Members = append(d.Members, p.ident(""))
	}
	p.expect(RBRACE, "at end of enum")
	p.endStmt("enum declaration")
	return d
}

func (p *parser) parseStruct() *StructDecl {
	pos := p.expect(STRUCT, "")
	d := &StructDecl{Pos: pos, Name: p.ident("after struct").Name}
	p.expect(LBRACE, "after struct name")
	for p.tok != RBRACE && p.tok != EOF {
		if p.tok == SEMI || p.tok == COMMA {
			p.next()
			continue
		}
		if p.tok != IDENT {
			p.errorf(p.pos, "expected field name, found %s", p.describe())
			p.skipTo(SEMI, COMMA, RBRACE)
			continue
		}
		f := Field{Pos: p.pos, Name: p.ident("").Name}
		p.expect(COLON, "after field name")
		f.Type = p.parseType()
		d.Fields = append(d.Fields, f)
	}
	p.expect(RBRACE, "at end of struct")
	p.endStmt("struct declaration")
	return d
}

func (p *parser) parseType() TypeExpr {
	p.enter()
	defer p.leave()
	pos := p.pos
	switch {
	case p.tok == BOOL:
		name := p.lit
		p.next()
		return &NamedType{Pos: pos, Name: name}
	case p.tok == IDENT:
		name := p.lit
		p.next()
		if p.tok == LPAREN { // a primitive's parameters: range_lock(8, 3)
			p.next()
			t := &NamedType{Pos: pos, Name: name}
			for p.tok != RPAREN && p.tok != EOF {
				t.Args = append(t.Args, p.parseExpr())
				if p.tok != COMMA {
					break
				}
				p.next()
			}
			p.expect(RPAREN, "after type parameters")
			return t
		}
		if p.tok != DOTDOT {
			return &NamedType{Pos: pos, Name: name}
		}
		// A range whose low bound is a constant name.
		p.next()
		return &RangeType{Pos: pos, Lo: &Name{Pos: pos, Name: name}, Hi: p.parseBinary(precAdd)}
	case p.tok == LBRACK:
		p.next()
		n := p.parseExpr()
		p.expect(RBRACK, "after array length")
		return &ArrayType{Pos: pos, Len: n, Elem: p.parseType()}
	case p.tok == REF:
		p.next()
		return &RefType{Pos: pos, Pool: p.ident("of a pool after ref").Name}
	case p.tok == INT || p.tok == MINUS || p.tok == LPAREN:
		lo := p.parseBinary(precAdd)
		p.expect(DOTDOT, "in range type")
		return &RangeType{Pos: pos, Lo: lo, Hi: p.parseBinary(precAdd)}
	}
	p.errorf(pos, "expected type, found %s", p.describe())
	return &NamedType{Pos: pos, Name: "_"}
}

func (p *parser) parseInline() *InlineDecl {
	pos := p.expect(INLINE, "")
	d := &InlineDecl{Pos: pos, Name: p.ident("after inline").Name}
	p.expect(LPAREN, "after inline name")
	for p.tok != RPAREN && p.tok != EOF {
		d.Params = append(d.Params, p.ident("of a parameter"))
		if p.tok != COMMA {
			break
		}
		p.next()
	}
	p.expect(RPAREN, "after parameters")
	d.Locals, d.Body = p.parseBody("inline")
	p.endStmt("inline")
	return d
}

func (p *parser) parseProcess() *ProcessDecl {
	pos := p.expect(PROCESS, "")
	d := &ProcessDecl{Pos: pos, Name: p.ident("after process").Name}
	if p.tok == LBRACK {
		p.next()
		d.Count = p.parseExpr()
		p.expect(RBRACK, "after process count")
	}
	for p.tok == IDENT && (p.lit == "exits_locked" || p.lit == "fairness") { // contextual words, not keywords
		if p.lit == "exits_locked" {
			d.ExitsLocked = true
			p.next()
			continue
		}
		p.next()
		f := p.ident("after fairness (weak, strong or none)")
		d.Fairness = &f
	}
	d.Locals, d.Body = p.parseBody("process")
	p.endStmt("process")
	return d
}

// parseBody parses a process or inline body: local declarations first,
// then statements.
func (p *parser) parseBody(what string) ([]*VarDecl, *Block) {
	var locals []*VarDecl
	lbrace := p.expect(LBRACE, "to start the "+what+" body")
	for p.tok == VAR || p.tok == SEMI {
		if p.tok == SEMI {
			p.next()
			continue
		}
		locals = append(locals, p.parseVar())
		p.endStmt("variable declaration")
	}
	body := &Block{Pos: lbrace, Stmts: p.parseStmtList()}
	body.End = p.expect(RBRACE, "at end of "+what)
	return locals, body
}

func (p *parser) parseBlock() *Block {
	p.enter()
	defer p.leave()
	b := &Block{Pos: p.pos}
	if p.tok != LBRACE {
		// Without its '{' the block's extent is unknown: parse nothing, so
		// that what follows is read as the next statement.
		p.expect(LBRACE, "to start a block")
		b.End = p.pos
		return b
	}
	p.next()
	b.Stmts = p.parseStmtList()
	b.End = p.expect(RBRACE, "at end of block")
	return b
}

func (p *parser) parseStmtList() []Stmt {
	var list []Stmt
	for p.tok != RBRACE && p.tok != EOF {
		if p.tok == SEMI {
			p.next()
			continue
		}
		if s := p.parseStmt(); s != nil {
			list = append(list, s)
		}
	}
	return list
}

// parseQuantHead parses `I in PROC:` after forall or exists.
func (p *parser) parseQuantHead(kw string) (v, proc Ident) {
	v = p.ident("after " + kw)
	if p.tok == IDENT && p.lit == "in" {
		p.next()
	} else {
		p.errorf(p.pos, "expected in after %s %s, found %s", kw, v.Name, p.describe())
	}
	proc = p.ident("after in (a process name)")
	p.expect(COLON, "after "+kw+" I in PROC")
	return v, proc
}

// parseLiveness parses `eventually NAME: [forall I in PROC:] Q` and
// `leadsto NAME: [forall I in PROC:] P ~> Q`.
func (p *parser) parseLiveness() *LivenessDecl {
	d := &LivenessDecl{Pos: p.pos, Leadsto: p.tok == LEADSTO}
	kw := p.tok.String()
	p.next()
	d.Name = p.ident("after " + kw).Name
	p.expect(COLON, "after property name")
	if p.tok == IDENT && p.lit == "forall" {
		q := &Quantifier{Pos: p.pos}
		p.next()
		q.Var, q.Proc = p.parseQuantHead("forall")
		d.Forall = q
	}
	x := p.parseExpr()
	if d.Leadsto {
		d.P = x
		p.expect(LEADS, "between the two sides of leadsto")
		d.Q = p.parseExpr()
	} else {
		d.Q = x
	}
	p.endStmt(kw)
	return d
}
