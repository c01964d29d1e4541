package compile

import (
	"sort"
	"strconv"
	"strings"

	"mcheck/model"
	"mcheck/specs/syntax"
)

var boolType = &model.Type{Kind: model.TBool, Slots: 1}

// maxProcs bounds the process instances: queued-writer sets are bit masks.
const maxProcs = 24

// maxSlots bounds the scalars of a state.
const maxSlots = 1 << 16

func (c *compiler) countProcs(decls []*syntax.ProcessDecl) {
	for _, d := range decls {
		pi := c.procs[d.Name]
		if pi == nil || pi.decl != d {
			continue
		}
		n := int64(1)
		if d.Count != nil {
			v, ok := c.constExpr(d.Count)
			if !ok {
				continue
			}
			if v < 0 || v > maxProcs {
				c.errorf(syntax.ExprPos(d.Count), "process count %d is outside 0..%d", v, maxProcs)
				continue
			}
			n = v
		}
		if c.nprocs <= maxProcs && c.nprocs+int(n) > maxProcs {
			c.errorf(d.Pos, "process %s brings the process instances to %d; at most %d are supported", d.Name, c.nprocs+int(n), maxProcs)
		}
		pi.first = c.nprocs
		pi.pt = &model.ProcType{Name: d.Name, Count: int(n), Labels: map[string]int{}, ExitsLocked: d.ExitsLocked}
		c.prog.Types = append(c.prog.Types, pi.pt)
		c.nprocs += int(n)
	}
}

// noProcess reports a spec without process instances: with nothing to run,
// "holds" would be a verdict on nothing.
func (c *compiler) noProcess(decls []*syntax.ProcessDecl) {
	if len(decls) == 0 {
		c.errorf(syntax.Pos{Line: 1, Col: 1}, "the spec declares no process: there is nothing to check")
		return
	}
	c.errorf(decls[0].Pos, "no process instance: every process count is 0, so there is nothing to check")
}

// namedType resolves a declared type name.
func (c *compiler) namedType(name string, use syntax.Pos) *model.Type {
	ti := c.types[name]
	if ti == nil {
		c.errorf(use, "undefined type %s%s", name, c.untakenNote(name))
		return nil
	}
	switch ti.state {
	case 1:
		c.errorf(use, "type %s contains itself", name)
		return nil
	case 2:
		return ti.typ
	}
	ti.state = 1
	var t *model.Type
	switch d := ti.decl.(type) {
	case *syntax.TypeDecl:
		if inner := c.typeOf(d.Type); inner != nil {
			cp := *inner
			cp.Name = d.Name
			t = &cp
		}
	case *syntax.EnumDecl:
		t = &model.Type{Kind: model.TEnum, Name: d.Name, Slots: 1}
		if len(d.Members) == 0 {
			c.errorf(d.Pos, "enum %s has no members", d.Name)
		}
		for i, m := range d.Members {
			t.Members = append(t.Members, m.Name)
			if ci := c.consts[m.Name]; ci != nil && ci.decl == nil && ci.typ == nil {
				ci.value, ci.typ = int64(i), t
			}
		}
	case *syntax.StructDecl:
		t = &model.Type{Kind: model.TStruct, Name: d.Name}
		seen := map[string]bool{}
		for _, f := range d.Fields {
			if seen[f.Name] {
				c.errorf(f.Pos, "duplicate field %s in struct %s", f.Name, d.Name)
				continue
			}
			seen[f.Name] = true
			ft := c.typeOf(f.Type)
			if ft == nil {
				continue
			}
			t.Fields = append(t.Fields, model.Field{Name: f.Name, Type: ft, Offset: t.Slots})
			t.Slots += ft.Slots
		}
	}
	ti.typ, ti.state = t, 2
	return t
}

// typeOf resolves a type expression.
func (c *compiler) typeOf(te syntax.TypeExpr) *model.Type {
	switch te := te.(type) {
	case *syntax.NamedType:
		switch te.Name {
		case "bool":
			return boolType
		case "_":
			return nil
		}
		if d, ok := model.PrimByName(te.Name); ok {
			return c.syncType(d, te)
		}
		if len(te.Args) > 0 {
			c.errorf(te.Pos, "type %s takes no parameters", te.Name)
			return nil
		}
		return c.namedType(te.Name, te.Pos)
	case *syntax.RangeType:
		lo, ok1 := c.constExpr(te.Lo)
		hi, ok2 := c.constExpr(te.Hi)
		if !ok1 || !ok2 {
			return nil
		}
		if lo > hi {
			c.errorf(te.Pos, "empty range %d..%d", lo, hi)
			return nil
		}
		if hi-lo >= 1<<32 {
			c.errorf(te.Pos, "range %d..%d is too wide (at most 2^32 values)", lo, hi)
			return nil
		}
		return &model.Type{Kind: model.TInt, Lo: lo, Hi: hi, Slots: 1}
	case *syntax.PoolType:
		return c.poolType(te)
	case *syntax.RefType:
		return c.refType(te)
	case *syntax.ArrayType:
		n, ok := c.constExpr(te.Len)
		elem := c.typeOf(te.Elem)
		if !ok || elem == nil {
			return nil
		}
		if n <= 0 || n > maxSlots {
			c.errorf(te.Pos, "array length %d is out of range 1..%d", n, maxSlots)
			return nil
		}
		if total := int64(elem.Slots) * n; total > maxSlots {
			// The length is fine; the elements are too many scalars together.
			c.errorf(te.Pos, "array of %d elements of %d scalars each has %d scalars, more than the %d a state may hold",
				n, elem.Slots, total, maxSlots)
			return nil
		}
		return &model.Type{Kind: model.TArray, Elem: elem, Len: int(n), Slots: elem.Slots * int(n)}
	}
	return nil
}

// shortType checks the type of a short declaration `TYPE NAME`: TYPE must
// be a primitive's predeclared type name (mutex, completion, kref, ...).
func (c *compiler) shortType(vd *syntax.VarDecl) bool {
	nt, ok := vd.Type.(*syntax.NamedType)
	if at, arr := vd.Type.(*syntax.ArrayType); arr {
		nt, ok = at.Elem.(*syntax.NamedType)
	}
	if !ok {
		return false // the parser builds no other shape
	}
	if _, ok := model.PrimByName(nt.Name); ok {
		return true
	}
	if c.types[nt.Name] != nil || nt.Name == "bool" {
		c.errorf(nt.Pos, "%s is not a sync object type: declare %s as var %s: %s (the form TYPE NAME declares sync objects only)",
			nt.Name, vd.Name, vd.Name, nt.Name)
		return false
	}
	names := model.Prims()
	sort.Strings(names)
	c.errorf(nt.Pos, "%s is not a type (the form TYPE NAME declares a sync object; the sync object types are %s)",
		nt.Name, strings.Join(names, ", "))
	return false
}

// syncType resolves a primitive's type, with the constant parameters its
// descriptor declares: range_lock(N, K).
func (c *compiler) syncType(d *model.Prim, te *syntax.NamedType) *model.Type {
	if len(te.Args) != len(d.Params) {
		if len(d.Params) == 0 {
			c.errorf(te.Pos, "type %s takes no parameters", te.Name)
		} else {
			c.errorf(te.Pos, "type %s takes %d parameter(s) (%s), got %d", te.Name, len(d.Params), strings.Join(d.Params, ", "), len(te.Args))
		}
		return nil
	}
	var params []int64
	for _, a := range te.Args {
		v, ok := c.constExpr(a)
		if !ok {
			return nil
		}
		params = append(params, v)
	}
	if d.CheckParams != nil {
		if msg := d.CheckParams(params); msg != "" {
			c.errorf(te.Pos, "%s(%s): %s", te.Name, joinInts(params), msg)
			return nil
		}
	}
	return &model.Type{Kind: d.Kind, Params: params, Slots: model.SyncSlots(d.Kind, params, c.nprocs)}
}

func joinInts(vs []int64) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = strconv.FormatInt(v, 10)
	}
	return strings.Join(s, ", ")
}

// sameType reports whether values of a and b may be assigned and compared.
func sameType(a, b *model.Type) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case model.TBool, model.TInt:
		return true
	case model.TRef: // NULL (no pool) goes with every reference
		return a.Pool == b.Pool || a.Pool == "" || b.Pool == ""
	case model.TArray:
		return a.Len == b.Len && sameType(a.Elem, b.Elem)
	case model.TEnum, model.TStruct:
		return a.Name == b.Name && len(a.Fields) == len(b.Fields) && len(a.Members) == len(b.Members)
	}
	return false
}
