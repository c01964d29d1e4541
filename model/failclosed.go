package model

import "fmt"

// Every switch over node kinds, expression operators, sync operations and
// type kinds fails closed: an operation it does not know is an internal
// error naming it, never a silent no-op (an empty footprint would make
// partial-order reduction unsound). checkOps finds them all when linking,
// so that they come back as an error from Link; the switches' own defaults
// panic with the same kind of message, which Link and Explore recover.

func unknownOp(where string, op SyncOp) string {
	return fmt.Sprintf("%s: unknown sync operation %v", where, op)
}

func unknownKind(where string, k TypeKind) string {
	return fmt.Sprintf("%s: unknown type kind %d", where, k)
}

func unknownNode(where string, k NodeKind) string {
	return fmt.Sprintf("%s: unknown node kind %d", where, k)
}

func unknownExpr(where string, op ExprOp) string {
	return fmt.Sprintf("%s: unknown expression operator %d", where, op)
}

// knownExpr reports whether op is an expression operator: a leaf, a call,
// or one of arith.go's.
func knownExpr(op ExprOp) bool {
	_, arith := arithFns[op]
	return op <= ECall || arith
}

// stmtOp reports whether op may be a statement node's operation.
func stmtOp(op SyncOp) bool {
	i := info(op)
	return i.Name != "" && !i.Expr
}

// exprOp reports whether op may be called inside an expression.
func exprOp(op SyncOp) bool { return info(op).Expr }

// checkOps rejects a program with an operation the semantics do not know.
func (p *Program) checkOps() error {
	var err error
	check := func(e *Expr) {
		switch {
		case err != nil:
		case !knownExpr(e.Op):
			err = fmt.Errorf("%s", unknownExpr("expression", e.Op))
		case e.Op == ECall && (!exprOp(e.Sync) || len(e.Args) == 0 || e.Args[0].Ref == nil):
			err = fmt.Errorf("%s", unknownOp("expression call", e.Sync))
		}
	}
	for _, inv := range p.Invariant {
		walkExprs(inv.Cond, check)
	}
	for _, t := range p.Types {
		for i := range t.Nodes {
			nd := &t.Nodes[i]
			switch {
			case nd.Kind > NSync:
				return fmt.Errorf("process %s node %d: %s", t.Name, i, unknownNode("link", nd.Kind))
			case nd.Kind == NSync && (!stmtOp(nd.Op) || nd.Obj == nil):
				return fmt.Errorf("process %s line %d: %s", t.Name, nd.Pos.Line, unknownOp("statement", nd.Op))
			}
			nodeExprs(nd, check)
			if err != nil {
				return fmt.Errorf("process %s line %d: %v", t.Name, nd.Pos.Line, err)
			}
		}
	}
	return err
}
