package promela

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"mcheck/model"
)

// Kernel sync primitives as Promela code over the objects' variables, with
// the guards and misuse checks of model/sync.go. The owner of a lock is
// _pid+1: our pids are SPIN's, since every process is `active` and they are
// declared in pid order.

const me = "(_pid + 1)"

func (x *exporter) obj(slot int) *syncObj {
	o := x.n.objs[slot]
	if o == nil {
		panic(fmt.Sprintf("slot %d is not a sync object", slot))
	}
	return o
}

// heldSpin renders "the running process holds some spinlock".
func (x *exporter) heldSpin() string {
	var parts []string
	for _, s := range x.spins {
		parts = append(parts, s+" == "+me)
	}
	if len(parts) == 0 {
		return "0"
	}
	return "(" + strings.Join(parts, " || ") + ")"
}

func sleeps(op model.SyncOp) bool { return model.OpInfo(op).Sleeps }

// writes reports whether op's reference is checked as a write
// (model.Program.opObject): a read-only op, or one that writes only when it
// yields true, may reach a freed typesafe_by_rcu object inside RCU.
func writes(op model.SyncOp) bool {
	i := model.OpInfo(op)
	return !i.Reads && !i.WritesIfTrue
}

// rcuPools lists the pools whose objects may wait for a grace period, in
// declaration order.
func (x *exporter) rcuPools() []*syncObj {
	var out []*syncObj
	for _, g := range x.p.Globals {
		if g.Type.Kind == model.TPool {
			o := x.obj(g.Base)
			if x.p.Slots[o.states[0]].Hi > 1 {
				out = append(out, o)
			}
		}
	}
	return out
}

// rcuObj is the implicit RCU state, or nil.
func (x *exporter) rcuObj() *syncObj {
	for _, o := range x.n.objs {
		if o.kind == model.TRcu {
			return o
		}
	}
	return nil
}

// inRcu renders "the running process is inside an RCU read-side section".
func (x *exporter) inRcu() string {
	if o := x.rcuObj(); o != nil {
		return fmt.Sprintf("(%s[_pid] > 0)", o.nest)
	}
	return "0"
}

// mightSleep is the might_sleep() condition: a sleeping call under a
// spinlock or inside an RCU read-side section.
func (x *exporter) mightSleep() string { return or(x.inRcu(), x.heldSpin()) }

// trylock sets t to whether the trylock succeeded, taking the lock if so.
func (x *exporter) trylock(op model.SyncOp, o *syncObj, t string, args []string) string {
	return textOf(o.kind).trylock(x, op, o, t, args)
}

// syncGuard renders the enabling condition of a blocking primitive starting
// a step, or "" when the step is always enabled. As in our machine, a bad
// index or a might_sleep violation enables the step, which then reports it.
func (c *exprCtx) syncGuard(n *model.Node) string {
	var free func(o *syncObj) string
	switch {
	case model.OpInfo(n.Op).Guarded:
		args, argsD := c.args(n.Args)
		free = func(o *syncObj) string { return or(not(argsD), textOf(o.kind).guard(c.x, n.Op, o, args)) }
	default:
		return ""
	}
	g := chain(c.cands(n.Obj, c.refIdx(n.Obj)), func(cd cand) string { return free(c.x.obj(cd.slot)) }, "1")
	if sleeps(n.Op) {
		g = or(c.x.mightSleep(), g)
	}
	return or(not(c.refD(n.Obj, writes(n.Op))), g)
}

// args renders an operation's extra arguments as side-effect-free values,
// and "evaluating them commits no violation" (the model's guard enables a
// step whose arguments fail, and the step reports it).
func (c *exprCtx) args(es []*model.Expr) ([]string, string) {
	vals, d := make([]string, len(es)), "1"
	for i, e := range es {
		vals[i], d = c.V(e), and(d, c.D(e))
	}
	return vals, d
}

// syncNode emits a primitive used as a statement; jump renders the move to a
// successor node.
func (b *body) syncNode(n *model.Node, jump func(int) string) {
	x := b.c.x
	if nt := nodeTexts[n.ObjKind]; nt != nil {
		nt(b, n) // pools: not one statement per candidate object
		b.emit("%s", jump(n.Next))
		return
	}
	idx := b.index(n.Obj, writes(n.Op))
	if sleeps(n.Op) {
		b.emit("assert(!%s)", paren(x.mightSleep()))
	}
	var dst string
	if model.OpInfo(n.Op).Value && n.Dst != nil { // read_seqcount_begin
		dst = b.temp()
	}
	args := b.args(n.Args)
	b.objects(n.Obj, idx, func(o *syncObj) string {
		if model.OpInfo(n.Op).Locks != nil { // lockdep's assertions, over any lock
			return assertHeld(n.Op, o)
		}
		return textOf(o.kind).stmt(x, n.Op, o, n, jump, dst, args)
	})
	if dst != "" {
		b.store(n.Dst, b.index(n.Dst, true), dst)
	}
	if !model.OpInfo(n.Op).Splits {
		b.emit("%s", jump(n.Next))
	}
}

// stateOf renders object i's state (i a Promela expression) of pool o.
func stateChain(x *exporter, o *syncObj, i string) string {
	cs := make([]cand, len(o.states))
	for k, st := range o.states {
		cs[k] = cand{cond: fmt.Sprintf("%s == %d", paren(i), k), slot: st}
	}
	return chain(cs, func(cd cand) string { return x.n.slots[cd.slot].name }, "0")
}

// forObject renders code(k) for the object k that i names.
func forObject(o *syncObj, i string, code func(k int) string) string {
	var opts []string
	for k := range o.states {
		opts = append(opts, fmt.Sprintf(":: %s == %d -> %s", paren(i), k, code(k)))
	}
	return "if " + strings.Join(opts, " ") + " fi"
}

// release frees object k now and makes it the one alloc returns next,
// asserting that no sync object in it is in use (model.Machine.lockFreed:
// a held or waited-for lock, a wait queue with sleepers; every slot of an
// idle one is 0).
func (x *exporter) release(o *syncObj, k int) string {
	st := o.states[k]
	var idle []string
	c := &exprCtx{x: x}
	for _, l := range x.p.FreeChecked(o.states[0]-1, k) {
		for s := 0; s < model.SyncSlots(l.Kind, nil, len(x.p.Procs)); s++ {
			idle = append(idle, c.lval(cand{slot: l.Base + s})+" == 0")
		}
	}
	idle = append(idle, x.noCompletionWaiter(st+1, st+o.elem.Slots)...)
	free := fmt.Sprintf("%s = 0; %s = %d", x.n.slots[st].name, o.last, k+1)
	if len(idle) == 0 {
		return free
	}
	return "assert(" + strings.Join(idle, " && ") + "); " + free
}

func init() { nodeTexts[model.TPool] = (*body).poolNode }

// poolNode emits alloc, free and kfree_rcu as model/pool.go runs them.
func (b *body) poolNode(n *model.Node) {
	x := b.c.x
	o := x.obj(n.Obj.Base)
	if n.Op == model.OpAlloc {
		// The most recently freed object if it is free, else the free one
		// with the lowest index; none is pool exhaustion.
		t := b.temp()
		lowest := "-1"
		for k := len(o.states) - 1; k >= 0; k-- {
			lowest = fmt.Sprintf("(%s == 0 -> %d : %s)", x.n.slots[o.states[k]].name, k, lowest)
		}
		b.emit("if :: %s > 0 && %s == 0 -> %s = %s - 1 :: else -> %s = %s fi",
			o.last, stateChain(x, o, o.last+" - 1"), t, o.last, t, lowest)
		b.emit("assert(%s >= 0)", t)
		b.emit("%s", forObject(o, t, func(k int) string {
			st := o.states[k]
			parts := []string{x.n.slots[st].name + " = 1"}
			for f := 0; f < o.elem.Slots; f++ {
				s := x.p.Slots[st+1+f]
				// lval: a sync object's per-process slots are array elements
				parts = append(parts, fmt.Sprintf("%s = %s", b.c.lval(cand{slot: st + 1 + f}), lit(max(s.Lo, min(0, s.Hi)))))
			}
			return strings.Join(parts, "; ")
		}))
		b.emit("%s = 0", o.last)
		if n.Dst != nil {
			b.store(n.Dst, b.index(n.Dst, true), t+" + 1")
		}
		return
	}
	v := b.eval(n.Args[0])
	t := b.temp()
	b.emit("%s = %s", t, v)
	readers := "0"
	if n.Op == model.OpKfreeRcu {
		if r := x.rcuObj(); r != nil {
			var set []string
			for q := range x.p.Procs {
				set = append(set, fmt.Sprintf("(%s[%d] > 0 -> %d : 0)", r.nest, q, 1<<q))
			}
			readers = strings.Join(set, " + ")
		}
	}
	// kfree(NULL) does nothing; an object that is free or already passed to
	// kfree_rcu is a double free.
	b.emit("if :: %s != 0 -> %s fi", t, forObject(o, t+" - 1", func(k int) string {
		st := x.n.slots[o.states[k]].name
		if readers == "0" {
			return fmt.Sprintf("assert(%s == 1); %s", st, x.release(o, k))
		}
		return fmt.Sprintf("assert(%s == 1); %s = %s; if :: %s == 0 -> %s :: else -> %s = 2 + %s fi",
			st, t, readers, t, x.release(o, k), st, t)
	})+" :: else -> skip")
}

// pidRef matches the running process's pid in rendered text.
var pidRef = regexp.MustCompile(`\b_pid\b`)

// noCompletionWaiter lists, per wait_for_completion step that may wait for
// a completion in a pool object, "that process does not rest there waiting
// for a completion in slots lo..hi" (model.Machine.completionFreed). The
// waiter's reference is rendered as it would evaluate it: its frame is
// global (globalFrames) and _pid is its pid.
func (x *exporter) noCompletionWaiter(lo, hi int) []string {
	var out []string
	for _, w := range x.p.CompletionWaits() {
		pr := x.p.Procs[w.Pid]
		n := &pr.Type.Nodes[w.Node]
		c := &exprCtx{x: x, pt: pr.Type}
		var in []string
		for _, cd := range c.cands(n.Obj, c.refIdx(n.Obj)) {
			switch {
			case cd.slot < lo || cd.slot > hi:
			case cd.cond == "":
				in = append(in, "1")
			default:
				in = append(in, cd.cond)
			}
		}
		if len(in) == 0 {
			continue
		}
		names := and(c.refD(n.Obj, writes(n.Op)), paren(strings.Join(in, " || ")))
		names = pidRef.ReplaceAllString(names, strconv.Itoa(w.Pid))
		out = append(out, fmt.Sprintf("!(%s == %d && %s)", x.n.slots[pr.Frame].name, w.Node, names))
	}
	return out
}
