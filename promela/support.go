package promela

import (
	"errors"
	"fmt"

	"mcheck/model"
)

// ErrUnsupported marks a program that uses a construct the export does not
// express yet (RCU and object pools).
var ErrUnsupported = errors.New("not supported by the Promela export")

// check reports the first construct of p the export cannot express.
func check(p *model.Program) error {
	var typeErr error
	var walkType func(t *model.Type, where string)
	walkType = func(t *model.Type, where string) {
		switch t.Kind {
		case model.TBool, model.TInt, model.TEnum, model.TRef:
		case model.TPool:
			walkType(t.Elem, where)
		case model.TStruct:
			for _, f := range t.Fields {
				walkType(f.Type, where)
			}
		case model.TArray:
			walkType(t.Elem, where)
		default:
			if t.IsSync() && primTexts[t.Kind] != nil {
				break
			}
			if typeErr == nil {
				typeErr = fmt.Errorf("%s: a %s (pools): %w", where, t, ErrUnsupported)
			}
		}
	}
	for _, g := range p.Globals {
		walkType(g.Type, g.Name)
	}
	for _, t := range p.Types {
		for _, l := range t.Locals {
			walkType(l.Type, t.Name+"."+l.Name)
		}
	}
	if typeErr != nil {
		return typeErr
	}
	var exprErr error
	var walk func(e *model.Expr)
	walkRef := func(r *model.Ref) {
		if r == nil {
			return
		}
		for _, t := range r.Index {
			walk(t.X)
		}
	}
	walk = func(e *model.Expr) {
		if e == nil {
			return
		}
		if e.Op > model.ECall && !exported(e.Op) || e.Op == model.ECall && !supportedOp(e.Sync) {
			if exprErr == nil {
				exprErr = fmt.Errorf("expression operator %d / %v: %w", e.Op, e.Sync, ErrUnsupported)
			}
		}
		walkRef(e.Ref)
		walk(e.X)
		walk(e.Y)
		for _, a := range e.Args {
			walk(a)
		}
	}
	for _, inv := range p.Invariant {
		walk(inv.Cond)
	}
	for _, t := range p.Types {
		for i := range t.Nodes {
			n := &t.Nodes[i]
			if n.Kind > model.NSync || n.Kind == model.NSync && !supportedOp(n.Op) {
				return fmt.Errorf("%s line %d: %s: %w", t.Name, n.Pos.Line, n.Text, ErrUnsupported)
			}
			for _, e := range append(append([]*model.Expr{n.Cond}, n.Args...), n.RHS...) {
				walk(e)
			}
			for _, r := range append(append([]*model.Ref{}, n.LHS...), n.Obj, n.Dst) {
				walkRef(r)
			}
		}
	}
	return exprErr
}

func supportedOp(op model.SyncOp) bool {
	return model.OpInfo(op).Name != "" // every op some descriptor owns
}
