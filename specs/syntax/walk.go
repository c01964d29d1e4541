package syntax

// Inspect walks the tree under n (a *File, a Decl, a Stmt or an Expr) depth
// first, calling f for n and then for each declaration, statement and
// expression below it. If f returns false, the children of that node are
// skipped. Types are not visited.
func Inspect(n any, f func(any) bool) {
	if n == nil || !f(n) {
		return
	}
	switch n := n.(type) {
	case *File:
		for _, d := range n.Decls {
			Inspect(d, f)
		}
	case *ConstDecl:
		Inspect(n.Value, f)
	case *VarDecl:
		Inspect(n.Init, f)
	case *InlineDecl:
		for _, l := range n.Locals {
			Inspect(l, f)
		}
		Inspect(n.Body, f)
	case *ProcessDecl:
		for _, l := range n.Locals {
			Inspect(l, f)
		}
		Inspect(n.Count, f)
		Inspect(n.Body, f)
	case *InvariantDecl:
		Inspect(n.Cond, f)
	case *IfConstDecl:
		Inspect(n.Cond, f)
		for _, d := range n.Then {
			Inspect(d, f)
		}
		for _, d := range n.Else {
			Inspect(d, f)
		}
	case *MeasureDecl:
		Inspect(n.Expr, f)
	case *LivenessDecl:
		Inspect(n.P, f)
		Inspect(n.Q, f)
	case *Block:
		if n == nil {
			return
		}
		for _, s := range n.Stmts {
			Inspect(s, f)
		}
	case *AssignStmt:
		Inspect(n.LHS, f)
		Inspect(n.RHS, f)
	case *IncDecStmt:
		Inspect(n.X, f)
	case *ExprStmt:
		Inspect(n.X, f)
	case *IfStmt:
		Inspect(n.Cond, f)
		Inspect(n.Then, f)
		if n.Else != nil {
			Inspect(n.Else, f)
		}
	case *WhileStmt:
		Inspect(n.Cond, f)
		Inspect(n.Body, f)
	case *LabeledStmt:
		Inspect(n.Stmt, f)
	case *AtomicStmt:
		Inspect(n.Body, f)
	case *EitherStmt:
		for _, b := range n.Branches {
			Inspect(b, f)
		}
	case *AwaitStmt:
		Inspect(n.Cond, f)
	case *AssertStmt:
		Inspect(n.Cond, f)
	case *UnaryExpr:
		Inspect(n.X, f)
	case *BinaryExpr:
		Inspect(n.X, f)
		Inspect(n.Y, f)
	case *SelectorExpr:
		Inspect(n.X, f)
	case *IndexExpr:
		Inspect(n.X, f)
		Inspect(n.Index, f)
	case *CallExpr:
		for _, a := range n.Args {
			Inspect(a, f)
		}
	case *AtExpr:
		Inspect(n.X, f)
	case *ParenExpr:
		Inspect(n.X, f)
	case *QuantExpr:
		Inspect(n.X, f)
	case *RecordLit:
		for _, fi := range n.Fields {
			Inspect(fi.Value, f)
		}
	case *ArrayLit:
		for _, x := range n.Elems {
			Inspect(x, f)
		}
	}
}
