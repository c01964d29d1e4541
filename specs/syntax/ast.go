package syntax

// File is a parsed spec file.
type File struct {
	Name  string
	Decls []Decl
}

// Decl is a top-level declaration.
type Decl interface{ declPos() Pos }

// ConstDecl is `const NAME = expr`.
type ConstDecl struct {
	Pos   Pos
	Name  string
	Value Expr
}

// TypeDecl is `type NAME = type`.
type TypeDecl struct {
	Pos  Pos
	Name string
	Type TypeExpr
}

// EnumDecl is `enum NAME { A, B }`.
type EnumDecl struct {
	Pos     Pos
	Name    string
	Members []Ident
}

// StructDecl is `struct NAME { field: type; ... }`.
type StructDecl struct {
	Pos    Pos
	Name   string
	Fields []Field
}

// Field is one struct field.
type Field struct {
	Pos  Pos
	Name string
	Type TypeExpr
}

// VarDecl is `var NAME: type [= init]`, or the short declaration of a
// sync object `TYPE NAME` (`mutex m`, `completion done[2]`), which the
// parser turns into a VarDecl of that type with Short set. It is a global
// at the top level and a local inside a process.
type VarDecl struct {
	Pos   Pos
	Name  string
	Type  TypeExpr
	Init  Expr // may be nil
	Short bool // `TYPE NAME`: the compiler checks TYPE names a sync object type
}

// InlineDecl is `inline NAME(params) { body }`.
type InlineDecl struct {
	Pos    Pos
	Name   string
	Params []Ident
	Locals []*VarDecl // one copy per instance of each process that expands it
	Body   *Block
}

// ProcessDecl is `process NAME[COUNT] [exits_locked] [fairness weak|strong|none] { locals; body }`.
type ProcessDecl struct {
	Pos      Pos
	Name     string
	Count    Expr   // nil means 1
	Fairness *Ident // nil: the default (weak)
	Locals   []*VarDecl
	Body     *Block
	// ExitsLocked: the process may end holding locks on purpose.
	ExitsLocked bool
}

// InvariantDecl is `invariant NAME: expr`.
type InvariantDecl struct {
	Pos  Pos
	Name string
	Cond Expr
}

// MeasureDecl is `measure NAME: expr`, an integer whose maximum and minimum
// over the reachable states are reported. `measure` is a keyword only at the
// start of a declaration, so older specs may still use it as a name.
type MeasureDecl struct {
	Pos  Pos
	Name string
	Expr Expr
}

func (d *MeasureDecl) declPos() Pos { return d.Pos }

// LivenessDecl is `eventually NAME: [forall I in PROC:] Q` or
// `leadsto NAME: [forall I in PROC:] P ~> Q`.
type LivenessDecl struct {
	Pos     Pos
	Leadsto bool
	Name    string
	Forall  *Quantifier // nil: one property
	P       Expr        // leadsto only
	Q       Expr
}

// QuantExpr is `forall I in PROC: X` or `exists I in PROC: X`: X for every
// (some) instance of PROC, with I bound to the instance's index. X extends
// as far right as an expression goes.
type QuantExpr struct {
	Pos    Pos
	Exists bool
	Var    Ident
	Proc   Ident
	X      Expr
}

// Quantifier is `forall I in PROC:`: one property per instance of PROC,
// with I bound to the instance's index.
type Quantifier struct {
	Pos  Pos
	Var  Ident
	Proc Ident
}

func (d *LivenessDecl) declPos() Pos  { return d.Pos }
func (d *ConstDecl) declPos() Pos     { return d.Pos }
func (d *TypeDecl) declPos() Pos      { return d.Pos }
func (d *EnumDecl) declPos() Pos      { return d.Pos }
func (d *StructDecl) declPos() Pos    { return d.Pos }
func (d *VarDecl) declPos() Pos       { return d.Pos }
func (d *InlineDecl) declPos() Pos    { return d.Pos }
func (d *ProcessDecl) declPos() Pos   { return d.Pos }
func (d *InvariantDecl) declPos() Pos { return d.Pos }

// DeclPos returns the position of a declaration.
func DeclPos(d Decl) Pos { return d.declPos() }

// Ident is a name with its position.
type Ident struct {
	Pos  Pos
	Name string
}

// TypeExpr is a type in the source.
type TypeExpr interface{ typePos() Pos }

// NamedType is bool, a sync kind, or a declared type, enum or struct name.
// A primitive declared with parameters takes them in parentheses:
// range_lock(PAGES, 3).
type NamedType struct {
	Pos  Pos
	Name string
	Args []Expr // the type's parameters, constant expressions
}

// RangeType is `lo..hi`.
type RangeType struct {
	Pos    Pos
	Lo, Hi Expr
}

// ArrayType is `[N]T`.
type ArrayType struct {
	Pos  Pos
	Len  Expr
	Elem TypeExpr
}

// PoolType is the type of `pool NAME[N]: T`: N objects of type T that are
// allocated and freed.
type PoolType struct {
	Pos  Pos
	Len  Expr
	Elem TypeExpr
	// Typesafe is set by `typesafe_by_rcu` after the type: the kernel's
	// SLAB_TYPESAFE_BY_RCU, where a freed object may be read under RCU.
	Typesafe bool
}

// RefType is `ref POOL`: a reference to an object of a pool, or NULL.
type RefType struct {
	Pos  Pos
	Pool string
}

func (t *PoolType) typePos() Pos  { return t.Pos }
func (t *RefType) typePos() Pos   { return t.Pos }
func (t *NamedType) typePos() Pos { return t.Pos }
func (t *RangeType) typePos() Pos { return t.Pos }
func (t *ArrayType) typePos() Pos { return t.Pos }

// TypePos returns the position of a type expression.
func TypePos(t TypeExpr) Pos { return t.typePos() }

// Stmt is a statement.
type Stmt interface{ stmtPos() Pos }

// Block is `{ stmts }`.
type Block struct {
	Pos   Pos
	End   Pos
	Stmts []Stmt
}

// AssignStmt is `lhs = rhs`.
type AssignStmt struct {
	Pos Pos
	LHS Expr
	RHS Expr
}

// IncDecStmt is `x++` or `x--`.
type IncDecStmt struct {
	Pos Pos
	X   Expr
	Inc bool
}

// ExprStmt is a call used as a statement.
type ExprStmt struct {
	Pos Pos
	X   Expr
}

// SkipStmt is `skip`.
type SkipStmt struct{ Pos Pos }

// IfStmt is `if cond { } else ...`; Else is nil, a *Block or an *IfStmt.
// Const marks `if const cond`, decided by the compiler.
type IfStmt struct {
	Pos   Pos
	Const bool
	Cond  Expr
	Then  *Block
	Else  Stmt
}

// WhileStmt is `while cond { }`.
type WhileStmt struct {
	Pos  Pos
	Cond Expr
	Body *Block
}

// BranchStmt is break, continue, return or goto.
type BranchStmt struct {
	Pos   Pos
	Tok   Token
	Label string // for goto
	Value Expr   // return e (in an inline called as x = f(...)); nil otherwise
}

// LabeledStmt is `label: stmt`.
type LabeledStmt struct {
	Pos   Pos
	Label string
	Stmt  Stmt
}

// AtomicStmt is `atomic { }`.
type AtomicStmt struct {
	Pos  Pos
	Body *Block
}

// EitherStmt is `either { } or { } ...`.
type EitherStmt struct {
	Pos      Pos
	Branches []*Block
}

// AwaitStmt is `await cond`.
type AwaitStmt struct {
	Pos  Pos
	Cond Expr
}

// AssertStmt is `assert cond [: "msg"]`.
type AssertStmt struct {
	Pos  Pos
	Cond Expr
	Msg  string
}

// EmptyStmt stands for a missing statement (e.g. a trailing label).
type EmptyStmt struct{ Pos Pos }

func (s *Block) stmtPos() Pos       { return s.Pos }
func (s *AssignStmt) stmtPos() Pos  { return s.Pos }
func (s *IncDecStmt) stmtPos() Pos  { return s.Pos }
func (s *ExprStmt) stmtPos() Pos    { return s.Pos }
func (s *SkipStmt) stmtPos() Pos    { return s.Pos }
func (s *IfStmt) stmtPos() Pos      { return s.Pos }
func (s *WhileStmt) stmtPos() Pos   { return s.Pos }
func (s *BranchStmt) stmtPos() Pos  { return s.Pos }
func (s *LabeledStmt) stmtPos() Pos { return s.Pos }
func (s *AtomicStmt) stmtPos() Pos  { return s.Pos }
func (s *EitherStmt) stmtPos() Pos  { return s.Pos }
func (s *AwaitStmt) stmtPos() Pos   { return s.Pos }
func (s *AssertStmt) stmtPos() Pos  { return s.Pos }
func (s *EmptyStmt) stmtPos() Pos   { return s.Pos }

// StmtPos returns the position of a statement.
func StmtPos(s Stmt) Pos { return s.stmtPos() }

// Expr is an expression.
type Expr interface{ exprPos() Pos }

// Name is an identifier in an expression.
type Name struct {
	Pos  Pos
	Name string
}

// IntLit is an integer literal.
type IntLit struct {
	Pos   Pos
	Value int64
}

// BoolLit is true or false.
type BoolLit struct {
	Pos   Pos
	Value bool
}

// SelfExpr is `self`.
type SelfExpr struct{ Pos Pos }

// UnaryExpr is `!x` or `-x`.
type UnaryExpr struct {
	Pos Pos
	Op  Token
	X   Expr
}

// BinaryExpr is `x op y`.
type BinaryExpr struct {
	Pos   Pos // of the operator
	Op    Token
	X, Y  Expr
	start Pos // where X starts, kept by the parser (see ExprPos)
}

// SelectorExpr is `x.field`, or `x->field` through a reference.
type SelectorExpr struct {
	Pos   Pos
	X     Expr
	Field string
	Arrow bool
	start Pos
}

// IndexExpr is `x[i]`.
type IndexExpr struct {
	Pos   Pos
	X     Expr
	Index Expr
	start Pos
}

// CallExpr is `f(args)`.
type CallExpr struct {
	Pos  Pos
	Func string
	Args []Expr
}

// AtExpr is `p[i]@label`.
type AtExpr struct {
	Pos   Pos
	X     Expr
	Label string
	start Pos
}

// ParenExpr is `(x)`.
type ParenExpr struct {
	Pos Pos
	X   Expr
}

// RecordLit is `{ f: e, ... }`.
type RecordLit struct {
	Pos    Pos
	Fields []FieldInit
}

// FieldInit is one `f: e` of a record literal.
type FieldInit struct {
	Pos   Pos
	Name  string
	Value Expr
}

// ArrayLit is `[e, e, ...]`.
type ArrayLit struct {
	Pos   Pos
	Elems []Expr
}

// BadExpr stands for an expression that did not parse.
type BadExpr struct{ Pos Pos }

func (e *Name) exprPos() Pos         { return e.Pos }
func (e *IntLit) exprPos() Pos       { return e.Pos }
func (e *BoolLit) exprPos() Pos      { return e.Pos }
func (e *SelfExpr) exprPos() Pos     { return e.Pos }
func (e *UnaryExpr) exprPos() Pos    { return e.Pos }
func (e *BinaryExpr) exprPos() Pos   { return startOf(e.start, e.X) }
func (e *SelectorExpr) exprPos() Pos { return startOf(e.start, e.X) }
func (e *IndexExpr) exprPos() Pos    { return startOf(e.start, e.X) }
func (e *CallExpr) exprPos() Pos     { return e.Pos }
func (e *AtExpr) exprPos() Pos       { return startOf(e.start, e.X) }
func (e *ParenExpr) exprPos() Pos    { return e.Pos }
func (e *RecordLit) exprPos() Pos    { return e.Pos }
func (e *ArrayLit) exprPos() Pos     { return e.Pos }
func (e *BadExpr) exprPos() Pos      { return e.Pos }
func (e *QuantExpr) exprPos() Pos    { return e.Pos }

// ExprPos returns the position where an expression starts.
func ExprPos(e Expr) Pos { return e.exprPos() }

// startOf is the start of an expression whose left operand is x. The parser
// records it (start), so that asking costs O(1): walking down the left spine
// of a long sum from every node made compiling it quadratic. Nodes built
// without the parser walk.
func startOf(start Pos, x Expr) Pos {
	if start.IsValid() {
		return start
	}
	return x.exprPos()
}
