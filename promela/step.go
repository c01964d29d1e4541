package promela

import (
	"fmt"
	"sort"
	"strings"

	"mcheck/model"
)

// atomicLimit mirrors the model's bound on the nodes one step may run through.
const atomicLimit = 100000

// endLabel is where a finished process rests: a valid end state that never
// moves on (reaching the closing brace would let SPIN delete the process, a
// state we do not have).
const endLabel = "end_mc"

func label(node int) string {
	if node == 0 {
		return endLabel
	}
	return fmt.Sprintf("mc_L%d", node)
}

func successors(n *model.Node) []int {
	if n.Kind == model.NBranch || (n.Kind == model.NSync && model.OpInfo(n.Op).Splits) {
		return []int{n.Next, n.Else}
	}
	return []int{n.Next}
}

// inside returns the nodes a step from s runs through (s first) and whether
// they contain a cycle (an atomic loop, bounded like the model's).
func inside(nodes []model.Node, s int) ([]int, bool) {
	order := []int{s}
	seen := map[int]bool{s: true}
	for i := 0; i < len(order); i++ {
		for _, m := range successors(&nodes[order[i]]) {
			if !nodes[m].Boundary && !seen[m] {
				seen[m] = true
				order = append(order, m)
			}
		}
	}
	state := map[int]int{} // 1 on stack, 2 done
	var cyclic func(int) bool
	cyclic = func(n int) bool {
		state[n] = 1
		for _, m := range successors(&nodes[n]) {
			if nodes[m].Boundary {
				continue
			}
			if state[m] == 1 || state[m] == 0 && cyclic(m) {
				return true
			}
		}
		state[n] = 2
		return false
	}
	return order, cyclic(s)
}

// step renders the step of pt starting at node s as one Promela statement
// (a d_step, or a d_step and its dispatch in one atomic sequence) that ends
// at the label of the node it stops at. entry adds the initial-state check.
func (x *exporter) step(pt *model.ProcType, s int, entry bool) string {
	x.steps++
	id := fmt.Sprintf("mc_s%d", x.steps)
	x.tempNext = 0
	nodes := pt.Nodes
	c := &exprCtx{x: x, pt: pt}
	b := &body{c: c}
	order, cyclic := inside(nodes, s)
	start := &nodes[s]

	guard := ""
	switch start.Kind {
	case model.NAwait:
		// As our guard: a condition that cannot be evaluated enables the
		// step, whose first assertion then reports it.
		guard = or(not(c.D(start.Cond)), c.V(start.Cond))
	case model.NSync:
		guard = c.syncGuard(start)
	}
	if entry && x.invOK != "1" {
		if guard != "" {
			guard = or(guard, not(x.invOK))
		}
		b.assert(x.invOK)
	}
	if start.Kind == model.NAwait {
		b.assert(c.D(start.Cond))
	}
	if cyclic {
		x.cyclic = true
		b.emit("mc_n = 0")
	}

	exits := map[int]bool{}
	jump := func(m int) string {
		if nodes[m].Boundary {
			exits[m] = true
			pc := x.setPC(pt, m)
			if nodes[m].Kind == model.NEnd && !pt.ExitsLocked {
				pc = x.noHolds() + "; " + pc // lock_held_at_exit (model/exit.go)
			}
			return fmt.Sprintf("%s; goto %s_out", pc, id)
		}
		if cyclic {
			return fmt.Sprintf("assert(mc_n < %d); mc_n = mc_n + 1; goto %s_%d", atomicLimit, id, m)
		}
		return fmt.Sprintf("goto %s_%d", id, m)
	}
	var lines []string
	for i, k := range order {
		nb := &body{c: c}
		if i == 0 {
			nb = b
		}
		x.node(nb, &nodes[k], jump)
		text := nb.block()
		if i > 0 {
			text = fmt.Sprintf("%s_%d: %s", id, k, text)
		}
		lines = append(lines, text)
	}
	tail := "skip"
	if x.invOK != "1" && x.touchesInvariant(pt, order) {
		tail = fmt.Sprintf("assert(%s)", x.invOK)
	}
	if x.opts.NoHidden {
		for i := 0; i < x.tempNext; i++ {
			tail += fmt.Sprintf("; mc_t%d = 0", i)
		}
		if cyclic {
			tail += "; mc_n = 0"
		}
	}
	out := id + "_out"
	body := strings.Join(lines, ";\n\t\t")
	if strings.Count(body, out) == 1 && strings.HasSuffix(body, "; goto "+out) {
		// Straight-line: no jump but the last reaches the tail.
		body = strings.TrimSuffix(body, "; goto "+out)
		if tail != "skip" {
			body += "; " + strings.TrimPrefix(tail, "skip; ")
		}
	} else {
		body += fmt.Sprintf(";\n\t\t%s: %s", out, tail)
	}
	ds := "d_step { "
	if guard != "" {
		ds += paren(guard) + " -> "
	}
	ds += body + " }"

	ex := make([]int, 0, len(exits))
	for e := range exits {
		ex = append(ex, e)
	}
	sort.Ints(ex)
	if len(ex) == 1 {
		return ds + "; goto " + label(ex[0])
	}
	var opts []string
	for _, e := range ex {
		opts = append(opts, fmt.Sprintf(":: %s == %d -> goto %s", x.getPC(pt), e, label(e)))
	}
	return "atomic { " + ds + ";\n\t\tif " + strings.Join(opts, " ") + " fi }"
}

// noHolds asserts that the running process holds no lock and is outside
// any RCU read-side section, as the model checks when a process ends.
func (x *exporter) noHolds() string {
	keys := make([]int, 0, len(x.n.objs))
	for k := range x.n.objs {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	conds := []string{}
	for _, k := range keys {
		o := x.n.objs[k]
		switch o.kind {
		case model.TRcu:
			conds = append(conds, fmt.Sprintf("%s[_pid] == 0", o.nest))
		case model.TPool:
		default:
			conds = append(conds, textOf(o.kind).notHeld(o)...)
		}
	}
	if len(conds) == 0 {
		return "skip"
	}
	return "assert(" + strings.Join(conds, " && ") + ")"
}

// node emits one node's effect and its move to the next node.
func (x *exporter) node(b *body, n *model.Node, jump func(int) string) {
	switch n.Kind {
	case model.NAssert:
		v := b.eval(n.Cond)
		b.emit("assert(%s)", v)
	case model.NAssign:
		b.assign(n)
	case model.NBranch:
		v := b.eval(n.Cond)
		b.emit("if :: %s -> %s :: else -> %s fi", v, jump(n.Next), jump(n.Else))
		return
	case model.NSync:
		b.syncNode(n, jump)
		return
	}
	b.emit("%s", jump(n.Next))
}

// touchesInvariant reports whether a step through these nodes may write a
// slot an invariant reads (otherwise the invariant keeps its checked value).
func (x *exporter) touchesInvariant(pt *model.ProcType, order []int) bool {
	for _, o := range x.n.objs {
		if o.kind == model.TPool {
			return true // freeing changes what a pool access may evaluate
		}
	}
	w := map[int]bool{}
	frames := []int{}
	for _, pr := range x.p.Procs {
		if pr.Type == pt {
			frames = append(frames, pr.Frame)
		}
	}
	addRef := func(r *model.Ref, obj bool) {
		for _, cd := range (&exprCtx{x: x, pt: pt}).cands(r, make([]string, len(r.Index))) {
			width := 1
			if obj {
				width = x.objWidth(cd.slot)
			}
			for k := 0; k < width; k++ {
				if cd.local {
					for _, f := range frames {
						w[f+cd.slot+k] = true
					}
				} else {
					w[cd.slot+k] = true
				}
			}
		}
	}
	var walk func(e *model.Expr)
	walk = func(e *model.Expr) {
		if e == nil {
			return
		}
		if e.Op == model.ECall && isTrylock(e.Sync) {
			addRef(e.Args[0].Ref, true)
		}
		walk(e.X)
		walk(e.Y)
		for _, a := range e.Args {
			walk(a)
		}
	}
	for _, f := range frames {
		w[f] = true // the pc
	}
	for _, k := range order {
		n := &pt.Nodes[k]
		for _, r := range n.LHS {
			addRef(r, false)
		}
		for _, e := range n.RHS {
			walk(e)
		}
		walk(n.Cond)
		if n.Kind == model.NSync {
			addRef(n.Obj, true)
			if n.Dst != nil {
				addRef(n.Dst, false)
			}
		}
	}
	for s := range w {
		if x.invReads[s] {
			return true
		}
	}
	return false
}

func (x *exporter) objWidth(slot int) int {
	o := x.n.objs[slot]
	switch {
	case o == nil || o.kind == model.TPool:
		return 1
	case o.kind == model.TRcu:
		return 2 * len(x.p.Procs)
	}
	return model.SyncSlots(o.kind, x.p.ParamsAt(slot), len(x.p.Procs))
}

// collectReads records every slot an expression may read.
func (x *exporter) collectReads(e *model.Expr, into map[int]bool) {
	if e == nil {
		return
	}
	c := &exprCtx{x: x}
	add := func(r *model.Ref, obj bool) {
		for _, cd := range c.cands(r, make([]string, len(r.Index))) {
			if cd.local {
				break // the executing process's own frame
			}
			width := 1
			if obj {
				width = x.objWidth(cd.slot)
			}
			for k := 0; k < width; k++ {
				into[cd.slot+k] = true
			}
		}
		for _, t := range r.Index {
			x.collectReads(t.X, into)
		}
	}
	switch e.Op {
	case model.ELoad, model.EAt:
		add(e.Ref, false)
	case model.ECall:
		add(e.Args[0].Ref, true)
	}
	x.collectReads(e.X, into)
	x.collectReads(e.Y, into)
	for _, a := range e.Args[min(1, len(e.Args)):] {
		x.collectReads(a, into)
	}
}
