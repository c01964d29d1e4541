package compile

import (
	"sort"
	"strings"

	"mcheck/model"
	"mcheck/specs/syntax"
)

// endNode is node 0 of every process: the process has finished.
const endNode = 0

// maxInlineDepth bounds nested inline expansion (recursion is an error).
const maxInlineDepth = 32

// maxNodes bounds one process's node graph: inlines calling inlines twice
// over grow it exponentially, and the explorer packs node numbers in 24 bits.
const maxNodes = 1 << 16

type labelKey struct {
	scope int
	name  string
}

type labelDef struct {
	entry  int
	atomic int
	pos    syntax.Pos
}

type gotoRef struct {
	key    labelKey
	pos    syntax.Pos
	atomic int
}

type loopTargets struct{ brk, cont int }

// lowerer builds one process type's node graph. Statements are lowered last
// to first, so each knows the node that follows it; a goto is a negative
// placeholder patched once every label is known.
type lowerer struct {
	c          *compiler
	pi         *procInfo
	nodes      []model.Node
	inAtomic   bool
	atomic     int // id of the enclosing atomic block, 0 outside
	atomics    int
	labels     map[labelKey]labelDef
	gotos      []gotoRef
	loops      []loopTargets
	ret        int
	call       *syntax.CallExpr // the inline call being expanded (nil in the process body)
	scopes     int
	inlineDeep int
	expanding  map[string]bool     // inlines being expanded, to catch recursion
	expansions int                 // inline expansions so far
	inlines    []model.InlineFrame // the expansions being lowered, outermost first
	tooBig     bool                // maxNodes reached and reported
	resolved   []int               // per goto: its target node, or unresolved/resolving
	path       []int               // gotos being resolved (patch)
}

func (c *compiler) lowerProcess(pi *procInfo) {
	l := &lowerer{c: c, pi: pi, labels: map[labelKey]labelDef{}, expanding: map[string]bool{}}
	l.nodes = make([]model.Node, 0, 1+countStmts(pi.decl.Body))
	l.nodes = append(l.nodes, model.Node{Kind: model.NEnd, Boundary: true, Pos: pos(pi.decl.Body.End), Text: "(finished)"})
	l.ret = endNode
	sc := &scope{proc: pi, labelScope: 0}
	entry := l.lowerBlock(pi.decl.Body.Stmts, endNode, sc)
	entry = l.patch(entry)
	for i := range l.gotos { // check unreachable gotos too
		l.patch(-1 - i)
	}
	for i := range l.nodes {
		n := &l.nodes[i]
		n.Next, n.Else = l.patch(n.Next), l.patch(n.Else)
		for j := range n.Targets {
			n.Targets[j] = l.patch(n.Targets[j])
		}
	}
	for k, d := range l.labels {
		if k.scope == 0 && !l.nodes[l.patch(d.entry)].Boundary {
			pi.pt.Labels[k.name] = -1 // inside atomic: never observable
		} else if k.scope == 0 {
			pi.pt.Labels[k.name] = l.patch(d.entry)
		}
	}
	pi.pt.Nodes, pi.pt.Entry = l.nodes, entry
	for k := 0; k < pi.pt.Count; k++ {
		frame := c.prog.Procs[pi.first+k].Frame
		c.prog.Slots[frame].Hi = int64(len(l.nodes) - 1)
		c.prog.Init[frame] = int64(entry)
	}
}

// countStmts estimates the nodes of a body (a statement is about one) so that
// they are allocated once: growing a large process's nodes by appending them
// one by one was most of the time it took to compile.
func countStmts(b *syntax.Block) int {
	n := 0
	syntax.Inspect(b, func(x any) bool {
		_, stmt := x.(syntax.Stmt)
		if stmt {
			n++
		}
		return stmt // expressions hold no statements
	})
	return n
}

func pos(p syntax.Pos) model.Pos { return model.Pos{Line: p.Line, Col: p.Col} }

// patch resolves a goto placeholder to its label's node. A goto may lead to
// another goto; each one's target is kept once found (resolved), so that a
// chain of n gotos costs n in all, not n for every edge into it.
func (l *lowerer) patch(t int) int {
	if t >= 0 {
		return t
	}
	for len(l.resolved) < len(l.gotos) {
		l.resolved = append(l.resolved, unresolved)
	}
	l.path = l.path[:0]
	for t < 0 {
		i := -1 - t
		if l.resolved[i] == resolving { // a cycle of gotos: each one on it loops
			onCycle := false
			for _, j := range l.path {
				onCycle = onCycle || j == i
				if onCycle {
					l.c.errorf(l.gotos[j].pos, "goto %s loops without taking a step", l.gotos[j].key.name)
				}
			}
			t = endNode
			break
		}
		if l.resolved[i] != unresolved {
			t = l.resolved[i]
			break
		}
		l.resolved[i] = resolving
		l.path = append(l.path, i)
		t = l.follow(l.gotos[i])
	}
	for _, j := range l.path {
		l.resolved[j] = t
	}
	return t
}

// Marks in lowerer.resolved for gotos whose target is not known yet.
const (
	unresolved = -1
	resolving  = -2
)

// follow is one goto's label: its entry (perhaps another goto), or endNode
// after reporting why it has none.
func (l *lowerer) follow(g gotoRef) int {
	d, ok := l.labels[g.key]
	if !ok {
		l.c.errorf(g.pos, "label %s not defined", g.key.name)
		l.labels[g.key] = labelDef{entry: endNode}
		return endNode
	}
	if d.atomic != 0 && d.atomic != g.atomic {
		l.c.errorf(g.pos, "goto %s jumps into an atomic block", g.key.name)
		return endNode
	}
	return d.entry
}

func (l *lowerer) newNode(kind model.NodeKind, s syntax.Stmt, next int) int {
	l.nodes = append(l.nodes, model.Node{
		Kind: kind, Boundary: !l.inAtomic, Next: next, Pos: pos(syntax.StmtPos(s)), Text: stmtText(s), Inlines: l.inlines,
	})
	return len(l.nodes) - 1
}

// footprint stores a statement's accesses on its node and notes a step
// outside atomic that touches more than one shared object (warnSteps
// decides once every process is lowered).
func (l *lowerer) footprint(n int, acc *access, at syntax.Pos) {
	nd := &l.nodes[n]
	nd.Reads, nd.Writes = sortedKeys(acc.reads), sortedKeys(acc.writes)
	if l.inAtomic {
		return
	}
	all := map[int]bool{}
	for _, g := range nd.Reads {
		all[g] = true
	}
	for _, g := range nd.Writes {
		all[g] = true
	}
	if len(all) > 1 {
		l.c.multi = append(l.c.multi, multiStep{at, sortedKeys(all)})
	}
}

// multiStep is a step outside atomic that touches several shared objects.
type multiStep struct {
	at      syntax.Pos
	globals []int
}

// warnSteps warns about the steps that touch more than one shared object
// that some step writes: reading an object nothing writes (a constant
// table, a read-only global ref) is the same value whenever it happens.
func (c *compiler) warnSteps() {
	written := map[int]bool{}
	for _, t := range c.prog.Types {
		for i := range t.Nodes {
			for _, g := range t.Nodes[i].Writes {
				written[g] = true
			}
		}
	}
	for _, m := range c.multi {
		var names []string
		for _, g := range m.globals {
			if written[g] {
				names = append(names, c.prog.Globals[g].Name)
			}
		}
		if len(names) > 1 {
			c.warnf(m.at, "this step touches %d shared objects (%s) outside atomic; the kernel would access them one at a time",
				len(names), strings.Join(names, ", "))
		}
	}
}

func sortedKeys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

func (l *lowerer) lowerBlock(stmts []syntax.Stmt, next int, sc *scope) int {
	for i := len(stmts) - 1; i >= 0; i-- {
		next = l.lowerStmt(stmts[i], next, sc)
	}
	return next
}

func (l *lowerer) ctx(what string, sideEffects bool) *exprCtx {
	return &exprCtx{what: what, sideEffects: sideEffects, acc: newAccess()}
}

func (l *lowerer) lowerStmt(s syntax.Stmt, next int, sc *scope) int {
	c := l.c
	switch s := s.(type) {
	case *syntax.Block:
		return l.lowerBlock(s.Stmts, next, sc)
	case *syntax.EmptyStmt:
		return next
	case *syntax.LabeledStmt:
		entry := l.lowerStmt(s.Stmt, next, sc)
		key := labelKey{sc.labelScope, s.Label}
		if prev, dup := l.labels[key]; dup {
			// Lowering runs backwards: report the later definition.
			first, second := s.Pos, prev.pos
			if second.Line < first.Line || second.Line == first.Line && second.Col < first.Col {
				first, second = second, first
			}
			c.errorf(second, "label %s redefined (previous definition at %s)", s.Label, first)
		} else {
			l.labels[key] = labelDef{entry: entry, atomic: l.atomic, pos: s.Pos}
		}
		return entry
	case *syntax.SkipStmt:
		return l.newNode(model.NSkip, s, next)
	case *syntax.AssignStmt:
		return l.lowerAssign(s, next, sc)
	case *syntax.IncDecStmt:
		x := l.ctx("assignment", false)
		lhs := c.resolve(s.X, sc, x)
		v := c.scalar(lhs, s.Pos, "operand of ++/--")
		if v == nil || !l.addressable(lhs, s.Pos, x) {
			return next
		}
		if lhs.typ.Kind != model.TInt {
			c.errorf(s.Pos, "++ and -- need an integer, not %s", lhs.typ)
			return next
		}
		op := model.EAdd
		if !s.Inc {
			op = model.ESub
		}
		n := l.newNode(model.NAssign, s, next)
		l.nodes[n].LHS = []*model.Ref{lhs.ref}
		l.nodes[n].RHS = []*model.Expr{{Op: op, X: v, Y: &model.Expr{Op: model.EConst, Val: 1}}}
		l.footprint(n, x.acc, s.Pos)
		return n
	case *syntax.ExprStmt:
		call, ok := s.X.(*syntax.CallExpr)
		if !ok {
			return next // reported by the parser
		}
		return l.lowerCall(s, call, nil, next, sc)
	case *syntax.IfStmt:
		return l.lowerIf(s, next, sc)
	case *syntax.WhileStmt:
		x := l.ctx("while condition", true)
		cond := l.condition(s.Cond, sc, x)
		head := l.newNode(model.NBranch, s, next)
		l.loops = append(l.loops, loopTargets{brk: next, cont: head})
		body := l.lowerBlock(s.Body.Stmts, head, sc)
		l.loops = l.loops[:len(l.loops)-1]
		l.nodes[head].Cond, l.nodes[head].Next, l.nodes[head].Else = cond, body, next
		l.footprint(head, x.acc, s.Pos)
		return head
	case *syntax.BranchStmt:
		return l.lowerBranch(s, next, sc)
	case *syntax.AtomicStmt:
		return l.lowerAtomic(s, next, sc)
	case *syntax.EitherStmt:
		return l.lowerEither(s, next, sc)
	case *syntax.AwaitStmt:
		x := l.ctx("await condition", false)
		cond := l.condition(s.Cond, sc, x)
		n := l.newNode(model.NAwait, s, next)
		l.nodes[n].Cond = cond
		l.footprint(n, x.acc, s.Pos)
		return n
	case *syntax.AssertStmt:
		x := l.ctx("assert", false)
		cond := l.condition(s.Cond, sc, x)
		n := l.newNode(model.NAssert, s, next)
		nd := &l.nodes[n]
		nd.Cond, nd.Msg, nd.Property = cond, s.Msg, s.Msg
		if s.Msg == "" {
			nd.Property = "assert " + syntax.ExprString(s.Cond)
			nd.Msg = nd.Property + " failed"
		}
		l.footprint(n, x.acc, s.Pos)
		return n
	}
	return next
}

// condition compiles a bool condition.
func (l *lowerer) condition(e syntax.Expr, sc *scope, x *exprCtx) *model.Expr {
	op := l.c.resolve(e, sc, x)
	if op.typ != nil && op.val == nil {
		l.c.errorf(syntax.ExprPos(e), "%s must be a bool, not %s", x.what, op.typ)
		return &model.Expr{Op: model.EConst, Val: 1}
	}
	v := l.c.scalar(op, syntax.ExprPos(e), x.what)
	if v == nil {
		return &model.Expr{Op: model.EConst, Val: 1}
	}
	if op.typ.Kind != model.TBool {
		l.c.errorf(syntax.ExprPos(e), "%s must be a bool, not %s", x.what, op.typ)
	}
	return v
}

func (l *lowerer) lowerIf(s *syntax.IfStmt, next int, sc *scope) int {
	if s.Const {
		return l.lowerBlock(l.c.chosen(s), next, sc)
	}
	x := l.ctx("if condition", true)
	cond := l.condition(s.Cond, sc, x)
	n := l.newNode(model.NBranch, s, next)
	l.footprint(n, x.acc, s.Pos)
	then := l.lowerBlock(s.Then.Stmts, next, sc)
	els := next
	if s.Else != nil {
		els = l.lowerStmt(s.Else, next, sc)
	}
	nd := &l.nodes[n]
	nd.Cond, nd.Next, nd.Else = cond, then, els
	return n
}

func (l *lowerer) lowerBranch(s *syntax.BranchStmt, next int, sc *scope) int {
	switch s.Tok {
	case syntax.RETURN:
		return l.lowerReturn(s, sc)
	case syntax.GOTO:
		l.gotos = append(l.gotos, gotoRef{key: labelKey{sc.labelScope, s.Label}, pos: s.Pos, atomic: l.atomic})
		return -len(l.gotos)
	}
	if len(l.loops) == 0 {
		l.c.errorf(s.Pos, "%s outside a loop", s.Tok)
		return next
	}
	lt := l.loops[len(l.loops)-1]
	if s.Tok == syntax.BREAK {
		return lt.brk
	}
	return lt.cont
}

func (l *lowerer) lowerAtomic(s *syntax.AtomicStmt, next int, sc *scope) int {
	if l.inAtomic { // nested: part of the enclosing step
		return l.lowerBlock(s.Body.Stmts, next, sc)
	}
	l.c.checkAtomicBody(s.Body.Stmts, sc, 0)
	first := len(l.nodes)
	l.atomics++
	l.inAtomic, l.atomic = true, l.atomics
	entry := l.lowerBlock(s.Body.Stmts, next, sc)
	l.inAtomic, l.atomic = false, 0
	if entry == next {
		return next // an empty atomic block is no step
	}
	if entry < first {
		l.c.errorf(s.Pos, "an atomic block must start with a statement, not a jump")
		return next
	}
	if l.c.startsWithLoopOrLabel(s.Body.Stmts) {
		// The loop head (or label) may be jumped back to inside the block, so
		// it must stay non-boundary: enter through a separate node.
		n := l.newNode(model.NSkip, s, entry)
		return n
	}
	l.nodes[entry].Boundary = true
	l.nodes[entry].Text = stmtText(s)
	l.nodes[entry].Pos = pos(s.Pos)
	l.nodes[entry].Inlines = l.inlines // the body may start inside an inline
	return entry
}

func (c *compiler) startsWithLoopOrLabel(stmts []syntax.Stmt) bool {
	for _, s := range stmts {
		switch s := s.(type) {
		case *syntax.EmptyStmt:
			continue
		case *syntax.WhileStmt, *syntax.LabeledStmt:
			return true
		case *syntax.Block:
			return c.startsWithLoopOrLabel(s.Stmts)
		case *syntax.AtomicStmt:
			return c.startsWithLoopOrLabel(s.Body.Stmts)
		case *syntax.IfStmt:
			if s.Const {
				if b := c.chosen(s); b != nil {
					return c.startsWithLoopOrLabel(b)
				}
				continue // no statement
			}
		}
		return false
	}
	return false
}

func (l *lowerer) lowerEither(s *syntax.EitherStmt, next int, sc *scope) int {
	if l.inAtomic {
		l.c.errorf(s.Pos, "either is not allowed inside atomic: a step has one outcome")
		return next
	}
	n := l.newNode(model.NEither, s, next)
	for _, b := range s.Branches {
		first := len(l.nodes)
		entry := l.lowerBlock(b.Stmts, next, sc)
		if entry < first || entry >= len(l.nodes) {
			l.c.errorf(b.Pos, "each branch of either must start with a statement (not be empty or start with a jump)")
			continue
		}
		l.nodes[n].Targets = append(l.nodes[n].Targets, entry)
	}
	return n
}

// addressable checks that op can be assigned to and records the write.
func (l *lowerer) addressable(op operand, at syntax.Pos, x *exprCtx) bool {
	if op.ref == nil || op.typ == nil {
		l.c.errorf(at, "cannot assign to this expression")
		return false
	}
	if op.typ.ContainsSync() {
		l.c.errorf(at, "cannot assign to a sync object; use its operations")
		return false
	}
	if op.global >= 0 {
		x.acc.writes[op.global] = true
	}
	return true
}
