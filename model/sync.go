package model

// Kernel sync primitives. Owners are recorded as pid+1 (0: nobody). See
// specs/README.md for the semantics; the comments here say why.

// object links the reference to a sync object's first slot, for an
// operation that writes it.
func (p *Program) object(r *Ref, pr *Proc) slotFn { return p.objectFor(r, pr, true) }

// opObject links the reference to the object of op: an op that only reads
// it (or writes it only when it yields true) checks the reference as a
// read, so a freed typesafe_by_rcu object is allowed inside RCU.
func (p *Program) opObject(r *Ref, pr *Proc, op SyncOp) slotFn {
	i := info(op)
	return p.objectFor(r, pr, !i.Reads && !i.WritesIfTrue)
}

func (p *Program) objectFor(r *Ref, pr *Proc, write bool) slotFn {
	static, dyn := p.ref(r, pr, write)
	if dyn == nil {
		return func(*Machine) int { return static }
	}
	return dyn
}

func (m *Machine) get(slot int) int64 { return m.p.Get(m.s, slot) }

func (m *Machine) me() int64 { return int64(m.pid) + 1 }

// heldSpin returns the owner slot of a spinlock the current process holds, or -1.
func (m *Machine) heldSpin() int {
	for _, s := range m.p.spinSlots {
		if m.get(s) == m.me() {
			return s
		}
	}
	return -1
}

// mightSleep reports sleeping in atomic context: the kernel's might_sleep()
// fires when a sleeping lock is called under a spinlock, or inside an RCU
// read-side critical section (rcu_sleep_check), whether or not it would
// actually block. rcu is the RCU state's first slot, or -1.
func (m *Machine) mightSleep(op SyncOp, name string, pos Pos, rcu int) bool {
	if m.inRcu(rcu) {
		m.fail(KindMisuse, "sleeping in an RCU read-side critical section", pos,
			"%s(%s) may sleep, but %s is inside an RCU read-side critical section", op, name, m.p.Procs[m.pid].Name())
		return true
	}
	s := m.heldSpin()
	if s < 0 {
		return false
	}
	m.fail(KindMisuse, "sleeping in atomic context", pos, "%s(%s) may sleep, but %s holds spinlock %s",
		op, name, m.p.Procs[m.pid].Name(), trimSlotSuffix(m.p.Slots[s].Name))
	return true
}

// syncGuard links when a blocking primitive may proceed.
func (p *Program) syncGuard(n *Node, pr *Proc) guardFn {
	op := n.Op
	if ms := memOf(op); ms != nil && guarded(op) {
		return ms.guard(p, n, pr) // RCU and pools: prim_mem.go
	}
	if !guarded(op) {
		if stmtOp(op) {
			return nil // never blocks
		}
		panic(unknownOp("syncGuard", op))
	}
	obj, free, rcu, sleepy := p.opObject(n.Obj, pr, op), opSem("syncGuard", op, n.ObjKind).guard(op), p.rcuBase(), sleeps(op)
	args := p.argFns(n.Args, pr)
	return func(m *Machine) bool {
		base := obj(m)
		if base < 0 {
			return true // the step reports the bad index
		}
		if sleepy && (m.heldSpin() >= 0 || m.inRcu(rcu)) {
			return true // the step reports might_sleep
		}
		a, lo, ok := m.pushArgs(args)
		if !ok {
			return true // the step reports the argument's violation
		}
		yes := free(m, base, a)
		m.popArgs(lo)
		return yes
	}
}

// syncExec links the effect of a primitive used as a statement.
func (p *Program) syncExec(n *Node, pr *Proc) execFn {
	if ms := memOf(n.Op); ms != nil {
		return ms.exec(p, n, pr) // RCU and pools: prim_mem.go
	}
	if !stmtOp(n.Op) {
		panic(unknownOp("syncExec", n.Op))
	}
	obj, op, rcu := p.opObject(n.Obj, pr, n.Op), n.Op, p.rcuBase()
	next, wait, pos, name := n.Next, n.Else, n.Pos, n.Obj.Name
	site := &opSite{kind: n.ObjKind, name: name, pos: pos}
	if n.Dst != nil {
		site.dst = p.object(n.Dst, pr)
	}
	run := opSem("syncExec", op, n.ObjKind).exec(op, site)
	sleepy, args := sleeps(op), p.argFns(n.Args, pr)
	return func(m *Machine) int {
		base := obj(m)
		if base < 0 {
			return next
		}
		if sleepy && m.mightSleep(op, name, pos, rcu) {
			return next
		}
		a, lo, ok := m.pushArgs(args)
		if !ok {
			return next
		}
		waits := run(m, base, a)
		m.popArgs(lo)
		if waits {
			return wait
		}
		return next
	}
}

// argFns links an operation's extra arguments for process pr.
func (p *Program) argFns(args []*Expr, pr *Proc) []evalFn {
	pid := pidOf(pr)
	fns := make([]evalFn, len(args))
	for i, a := range args {
		fns[i] = p.expr(a, pid)
	}
	return fns
}

// pushArgs evaluates an operation's arguments onto the machine's argument
// stack (a stack, since an argument may itself call an operation with
// arguments); the caller pops them with popArgs(lo) once the operation has
// run. ok is false when one committed a violation (a bad index, a division
// by zero).
func (m *Machine) pushArgs(fns []evalFn) (args []int64, lo int, ok bool) {
	lo = len(m.argStack)
	for _, f := range fns {
		v := f(m)
		if m.viol != nil {
			m.argStack = m.argStack[:lo]
			return nil, lo, false
		}
		m.argStack = append(m.argStack, v)
	}
	return m.argStack[lo:], lo, true
}

func (m *Machine) popArgs(lo int) { m.argStack = m.argStack[:lo] }

// call links an expression-level built-in: a query, or a trylock (which
// changes the state it is evaluated in).
func (p *Program) call(e *Expr, pr *Proc) evalFn {
	obj := p.opObject(e.Args[0].Ref, pr, e.Sync)
	args := p.argFns(e.Args[1:], pr)
	op := e.Sync
	if !exprOp(op) {
		panic(unknownOp("call", op))
	}
	if ms := memOf(op); ms != nil {
		return ms.call(p, op, obj)
	}
	run := opSem("call", op, e.ObjKind).call(op)
	if info(op).WritesIfTrue {
		run = p.writesIfTrue(run, e.Args[0].Ref.Name, op)
	}
	return func(m *Machine) int64 {
		base := obj(m)
		if base < 0 {
			return 0
		}
		a, lo, ok := m.pushArgs(args)
		if !ok {
			return 0
		}
		v := run(m, base, a)
		m.popArgs(lo)
		return v
	}
}

// writesIfTrue wraps an op that writes its object only when it yields true:
// its reference was checked as a read, so a write to a free object of a
// typesafe_by_rcu pool (allowed to be read inside RCU) is reported here.
// refcount_inc_not_zero on a freed object fails when its count is 0, as the
// kernel's lockless lookups rely on; one freed with references left would
// be written, corrupting the allocator's free object.
func (p *Program) writesIfTrue(run func(*Machine, int, []int64) int64, name string, op SyncOp) func(*Machine, int, []int64) int64 {
	pools := p.pools()
	return func(m *Machine, base int, a []int64) int64 {
		v := run(m, base, a)
		if v == 0 || m.viol != nil {
			return v
		}
		for _, pl := range pools {
			first := pl.state(0)
			if base < first || base >= first+pl.n*pl.stride {
				continue
			}
			if i := (base - first) / pl.stride; m.get(pl.state(i)) == poolFree {
				m.fail(KindUseAfterFree, pl.object(i), Pos{}, "%s(%s) in %s writes to %s, which has been freed (a typesafe_by_rcu object may be read after it is freed, never written)",
					op, name, m.who(), pl.object(i))
			}
		}
		return v
	}
}
