package compile

import (
	"fmt"
	"strconv"

	"mcheck/model"
	"mcheck/specs/syntax"
)

// addSlots appends the slots of a value of type t named name, with initial
// values (zero values, then init applied when given).
func (c *compiler) addSlots(name string, t *model.Type, init syntax.Expr, self int64, pos syntax.Pos) int {
	base := len(c.prog.Slots)
	c.slotsOf(name, t)
	if len(c.prog.Slots) > maxSlots {
		if base <= maxSlots { // report where the limit is crossed, once
			c.errorf(pos, "the state has more than %d scalars once %s is added", maxSlots, name)
		}
		return base
	}
	for i := base; i < len(c.prog.Slots); i++ {
		s := c.prog.Slots[i]
		z := int64(0)
		if z < s.Lo || z > s.Hi {
			z = s.Lo
		}
		c.prog.Init = append(c.prog.Init, z)
	}
	if init != nil {
		c.initValue(t, init, base, self)
	}
	return base
}

// procNames names the processes in pid order, for sync object layouts.
func (c *compiler) procNames() []string {
	out := make([]string, len(c.prog.Procs))
	for i, pr := range c.prog.Procs {
		out[i] = pr.Name()
	}
	return out
}

func (c *compiler) slotsOf(name string, t *model.Type) {
	add := func(n string, lo, hi int64) {
		c.prog.Slots = append(c.prog.Slots, model.Slot{Name: n, Lo: lo, Hi: hi})
	}
	switch t.Kind {
	case model.TBool, model.TInt, model.TEnum, model.TRef:
		lo, hi := t.Range()
		add(name, lo, hi)
	case model.TPool:
		c.poolSlots(name, t)
	case model.TStruct:
		for _, f := range t.Fields {
			c.slotsOf(name+"."+f.Name, f.Type)
		}
	case model.TArray:
		for i := 0; i < t.Len; i++ {
			c.slotsOf(name+"["+strconv.Itoa(i)+"]", t.Elem)
		}
	default:
		d := model.PrimOf(t.Kind)
		if d == nil {
			panic(fmt.Sprintf("slotsOf: unknown type kind %d", t.Kind))
		}
		for _, sl := range d.Layout(c.procNames(), t.Params) {
			add(name+sl.Suffix, sl.Lo, sl.Hi)
		}
	}
}

// initValue evaluates a constant initialiser into the slots at base.
func (c *compiler) initValue(t *model.Type, e syntax.Expr, base int, self int64) {
	if p, ok := e.(*syntax.ParenExpr); ok {
		e = p.X
	}
	switch t.Kind {
	case model.TStruct:
		lit, ok := e.(*syntax.RecordLit)
		if !ok {
			c.errorf(syntax.ExprPos(e), "initialiser of struct %s must be a record literal { field: value, ... }", t)
			return
		}
		seen := map[string]bool{}
		for _, fi := range lit.Fields {
			f, ok := t.Field(fi.Name)
			if !ok {
				c.errorf(fi.Pos, "struct %s has no field %s", t, fi.Name)
				continue
			}
			if seen[fi.Name] {
				c.errorf(fi.Pos, "field %s given twice", fi.Name)
			}
			seen[fi.Name] = true
			c.initValue(f.Type, fi.Value, base+f.Offset, self)
		}
	case model.TArray:
		lit, ok := e.(*syntax.ArrayLit)
		if !ok {
			c.errorf(syntax.ExprPos(e), "initialiser of %s must be an array literal [a, b, ...]", t)
			return
		}
		if len(lit.Elems) != t.Len {
			c.errorf(lit.Pos, "array literal has %d elements, the type %s needs %d", len(lit.Elems), t, t.Len)
			return
		}
		for i, x := range lit.Elems {
			c.initValue(t.Elem, x, base+i*t.Elem.Slots, self)
		}
	case model.TPool:
		c.poolInit(t, e, base)
	case model.TRef:
		c.refInit(t, e, base)
	case model.TBool, model.TInt, model.TEnum:
		v, vt, ok := c.constEvalSelf(e, self)
		if !ok {
			return
		}
		if !assignable(t, vt) {
			c.errorf(syntax.ExprPos(e), "cannot initialise %s with a value of type %s", t, typeName(vt))
			return
		}
		lo, hi := t.Range()
		if v < lo || v > hi {
			c.errorf(syntax.ExprPos(e), "initial value %d is outside %s", v, t)
			return
		}
		c.prog.Init[base] = v
	default:
		c.errorf(syntax.ExprPos(e), "a %s cannot be initialised", t)
	}
}

// constEvalSelf is constEval where `self` means the given instance (or is an
// error when self < 0).
func (c *compiler) constEvalSelf(e syntax.Expr, self int64) (int64, *model.Type, bool) {
	if _, ok := e.(*syntax.SelfExpr); ok {
		if self < 0 {
			c.errorf(syntax.ExprPos(e), "self is only meaningful inside a process")
			return 0, nil, false
		}
		return self, nil, true
	}
	if _, ok := e.(*syntax.RecordLit); ok {
		c.errorf(syntax.ExprPos(e), "a record literal is not a scalar value")
		return 0, nil, false
	}
	return c.constEval(e)
}

// assignable reports whether a scalar of type vt (nil: integer) may be stored in t.
func assignable(t, vt *model.Type) bool {
	switch t.Kind {
	case model.TInt:
		return vt == nil || vt.Kind == model.TInt
	case model.TBool:
		return vt != nil && vt.Kind == model.TBool
	case model.TEnum, model.TRef:
		return vt != nil && sameType(t, vt)
	}
	return false
}

func typeName(t *model.Type) string {
	if t == nil {
		return "int"
	}
	return t.String()
}

func (c *compiler) layoutGlobals(f *syntax.File) {
	// Process instances first: sync objects size their per-process slots by them.
	for _, pi := range c.procList() {
		for i := 0; i < pi.pt.Count; i++ {
			c.prog.Procs = append(c.prog.Procs, &model.Proc{Type: pi.pt, Index: i, Pid: pi.first + i})
		}
	}
	for _, d := range f.Decls {
		vd, ok := d.(*syntax.VarDecl)
		if !ok {
			continue
		}
		gi := c.globals[vd.Name]
		if gi == nil || gi.decl != vd || (vd.Short && !c.shortType(vd)) {
			continue
		}
		t := c.typeOf(vd.Type)
		if t == nil {
			continue
		}
		gi.typ = t
		gi.base = c.addSlots(vd.Name, t, vd.Init, -1, vd.Pos)
		gi.index = len(c.prog.Globals)
		c.prog.Globals = append(c.prog.Globals, model.Var{Name: vd.Name, Type: t, Base: gi.base})
	}
}

func (c *compiler) layoutProcs(decls []*syntax.ProcessDecl, f *syntax.File) {
	inlineOrder, inlineTypes := inlineDecls(f), c.inlineLocals()
	for _, pi := range c.procList() {
		pi.local = map[string]model.Var{}
		pi.inlineLocal = map[string]map[string]model.Var{}
		called := c.inlinesCalled(pi.decl.Body, inlineOrder)
		types := make([]*model.Type, len(pi.decl.Locals))
		for i, l := range pi.decl.Locals {
			if _, dup := pi.local[l.Name]; dup {
				c.errorf(l.Pos, "local %s redeclared", l.Name)
				continue
			}
			types[i] = c.typeOf(l.Type)
			if types[i] != nil && types[i].ContainsSync() {
				c.errorf(l.Pos, "a sync object cannot be a local variable: declare %s at the top level", l.Name)
				types[i] = nil
			}
			pi.local[l.Name] = model.Var{}
		}
		for k := 0; k < pi.pt.Count; k++ {
			pr := c.prog.Procs[pi.first+k]
			pr.Frame = len(c.prog.Slots)
			c.prog.Slots = append(c.prog.Slots, model.Slot{Name: pr.Name() + ".pc"})
			c.prog.Init = append(c.prog.Init, 0)
			if len(c.prog.Slots) == maxSlots+1 {
				c.errorf(pi.decl.Pos, "the state has more than %d scalars once %s is added", maxSlots, pr.Name())
			}
			for i, l := range pi.decl.Locals {
				if types[i] == nil {
					continue
				}
				base := c.addSlots(pr.Name()+"."+l.Name, types[i], l.Init, int64(k), l.Pos)
				if k == 0 {
					v := model.Var{Name: l.Name, Type: types[i], Base: base - pr.Frame}
					pi.local[l.Name] = v
					pi.pt.Locals = append(pi.pt.Locals, v)
				}
			}
			c.layoutInlineLocals(pi, pr, k, called, inlineTypes)
			if k == 0 {
				pi.pt.FrameSize = len(c.prog.Slots) - pr.Frame
			}
		}
	}
}
