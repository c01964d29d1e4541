package compile

import (
	"mcheck/model"
	"mcheck/specs/syntax"
)

// A top-level `if const C { declarations } else { declarations }` keeps the
// declarations of the chosen branch and drops the others before anything
// else is compiled, so the spec is exactly the one written with the chosen
// declarations in its place (TestIfConstDeclIsHandExpansion). Conditions are
// decided first, over the constants declared outside every if const (with
// their --set values): a condition that names a constant declared inside one
// is an error. A name declared only in a branch not taken is undefined
// elsewhere, and the error says where it is declared.

// chooseDecls returns f with every top-level if const replaced by its chosen
// branch, recording the names the branches not taken declare.
func (c *compiler) chooseDecls(f *syntax.File) *syntax.File {
	cond := false
	for _, d := range f.Decls {
		_, is := d.(*syntax.IfConstDecl)
		cond = cond || is
	}
	if !cond {
		return f
	}
	outside := &syntax.File{Name: f.Name}
	for _, d := range f.Decls {
		switch d.(type) {
		case *syntax.ConstDecl, *syntax.EnumDecl:
			outside.Decls = append(outside.Decls, d)
		}
	}
	cc := newCompiler(c.file, c.opts)
	cc.prog = &model.Program{}
	cc.declare(outside)
	inside := map[string]syntax.Pos{}
	for _, d := range f.Decls {
		if ic, ok := d.(*syntax.IfConstDecl); ok {
			declaredIn(ic.Then, inside)
			declaredIn(ic.Else, inside)
		}
	}
	c.untaken = map[string]syntax.Pos{}
	return &syntax.File{Name: f.Name, Decls: c.choose(cc, f.Decls, inside)}
}

// choose flattens decls, deciding each if const with cc.
func (c *compiler) choose(cc *compiler, decls []syntax.Decl, inside map[string]syntax.Pos) []syntax.Decl {
	var out []syntax.Decl
	for _, d := range decls {
		ic, ok := d.(*syntax.IfConstDecl)
		if !ok {
			out = append(out, d)
			continue
		}
		taken, dropped, ok := c.decideDecl(cc, ic, inside)
		if !ok {
			continue
		}
		declaredIn(dropped, c.untaken)
		out = append(out, c.choose(cc, taken, inside)...)
	}
	return out
}

// decideDecl evaluates ic's condition: the branch taken and the one dropped.
func (c *compiler) decideDecl(cc *compiler, ic *syntax.IfConstDecl, inside map[string]syntax.Pos) (taken, dropped []syntax.Decl, ok bool) {
	ok = true
	syntax.Inspect(ic.Cond, func(n any) bool {
		if nm, is := n.(*syntax.Name); is {
			if at, in := inside[nm.Name]; in {
				c.errorf(nm.Pos, "if const condition uses %s, declared inside an if const at %s: a condition may use only constants declared outside every if const",
					nm.Name, at)
				ok = false
			}
		}
		return true
	})
	if !ok {
		return nil, nil, false
	}
	before := len(cc.errs)
	v, t, ok := cc.constEval(ic.Cond)
	c.errs = append(c.errs, cc.errs[before:]...)
	switch {
	case !ok:
		return nil, nil, false
	case t == nil || t.Kind != model.TBool:
		c.errorf(syntax.ExprPos(ic.Cond), "if const needs a bool constant expression, not %s", constKind(t))
		return nil, nil, false
	case v != 0:
		return ic.Then, ic.Else, true
	}
	return ic.Else, ic.Then, true
}

// declaredIn records the names decls declare (branches included) and where.
func declaredIn(decls []syntax.Decl, into map[string]syntax.Pos) {
	for _, d := range decls {
		name := ""
		switch d := d.(type) {
		case *syntax.ConstDecl:
			name = d.Name
		case *syntax.TypeDecl:
			name = d.Name
		case *syntax.StructDecl:
			name = d.Name
		case *syntax.EnumDecl:
			name = d.Name
			for _, m := range d.Members {
				into[m.Name] = m.Pos
			}
		case *syntax.VarDecl:
			name = d.Name
		case *syntax.InlineDecl:
			name = d.Name
		case *syntax.ProcessDecl:
			name = d.Name
		case *syntax.IfConstDecl:
			declaredIn(d.Then, into)
			declaredIn(d.Else, into)
		}
		if _, seen := into[name]; name != "" && !seen {
			into[name] = syntax.DeclPos(d)
		}
	}
}

// untakenNote explains an undefined name that a branch not taken declares.
func (c *compiler) untakenNote(name string) string {
	if at, ok := c.untaken[name]; ok {
		return " (declared at " + at.String() + " in an if const branch not taken)"
	}
	return ""
}
