package syntax

// IfConstDecl is `if const C { declarations } else { declarations }` at the
// top level: the declarations of the branch the constant condition chooses
// (the compiler keeps those and drops the others, like C's #if). An
// `else if const` is one IfConstDecl as the only declaration of Else.
type IfConstDecl struct {
	Pos  Pos
	Cond Expr
	Then []Decl
	Else []Decl
}

func (d *IfConstDecl) declPos() Pos { return d.Pos }

// parseIfConstDecl parses a top-level `if const`.
func (p *parser) parseIfConstDecl() *IfConstDecl {
	p.enter() // else-if chains nest
	defer p.leave()
	d := &IfConstDecl{Pos: p.expect(IF, "")}
	if p.tok != CONST {
		p.errorf(d.Pos, "an if at the top level must be `if const`: it chooses declarations while compiling")
	} else {
		p.next()
	}
	d.Cond = p.parseExpr()
	d.Then = p.parseDeclBlock()
	if p.tok == ELSE {
		p.next()
		if p.tok == IF {
			d.Else = []Decl{p.parseIfConstDecl()}
			return d // the nested if consumed the declaration's end
		}
		d.Else = p.parseDeclBlock()
	}
	p.endStmt("if const")
	return d
}

// parseDeclBlock parses `{ declarations }`.
func (p *parser) parseDeclBlock() []Decl {
	if p.tok != LBRACE {
		p.expect(LBRACE, "to start the declarations of an if const")
		return nil
	}
	p.next()
	p.decls++
	defer func() { p.decls-- }()
	var out []Decl
	for p.tok != RBRACE && p.tok != EOF {
		if p.tok == SEMI {
			p.next()
			continue
		}
		if d := p.parseDecl(); d != nil {
			out = append(out, d)
		}
	}
	p.expect(RBRACE, "at end of the declarations of an if const")
	return out
}
