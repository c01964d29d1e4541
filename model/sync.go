package model

// Kernel sync primitives. Owners are recorded as pid+1 (0: nobody). See
// specs/README.md for the semantics; the comments here say why.

// object links the reference to a sync object's first slot.
func (p *Program) object(r *Ref, pr *Proc) slotFn {
	static, dyn := p.ref(r, pr)
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

func sleeps(op SyncOp) bool {
	return op == OpMutexLock || op == OpDownRead || op == OpDownWrite || op == OpSynchronizeRcu
}

func (m *Machine) rwFree(base int) bool {
	if m.get(base+rwsemWriter) != 0 {
		return false
	}
	for pid := range m.p.Procs {
		if m.get(base+rwsemReaders+pid) != 0 {
			return false
		}
	}
	return true
}

// readable: writer preference means a queued writer blocks new readers.
func (m *Machine) readable(base int) bool {
	return m.get(base+rwsemWriter) == 0 && m.get(base+rwsemWaiters) == 0
}

// syncGuard links when a blocking primitive may proceed.
func (p *Program) syncGuard(n *Node, pr *Proc) guardFn {
	obj, op, rcu := p.object(n.Obj, pr), n.Op, p.rcuBase()
	switch op {
	case OpMutexLock, OpSpinLock, OpDownRead:
		sleepy := sleeps(op)
		return func(m *Machine) bool {
			base := obj(m)
			if base < 0 {
				return true // the step reports the bad index
			}
			if sleepy && (m.heldSpin() >= 0 || m.inRcu(rcu)) {
				return true // the step reports might_sleep
			}
			if op == OpDownRead {
				return m.readable(base)
			}
			return m.get(base+lockOwner) == 0
		}
	case OpDownWriteWait:
		return func(m *Machine) bool {
			base := obj(m)
			return base < 0 || m.rwFree(base)
		}
	case OpReadSeqBegin:
		return func(m *Machine) bool {
			base := obj(m)
			return base < 0 || m.get(base+seqCount)%2 == 0
		}
	case OpSynchronizeRcuWait:
		return p.rcuWaitGuard(pr)
	}
	if stmtOp(op) {
		return nil // never blocks
	}
	panic(unknownOp("syncGuard", op))
}

// syncExec links the effect of a primitive used as a statement.
func (p *Program) syncExec(n *Node, pr *Proc) execFn {
	if isMemOp(n.Op) {
		return p.memExec(n, pr) // RCU and pools: rcu.go, pool.go
	}
	if !stmtOp(n.Op) {
		panic(unknownOp("syncExec", n.Op))
	}
	obj, op, kind, rcu := p.object(n.Obj, pr), n.Op, n.ObjKind, p.rcuBase()
	next, wait, pos, name := n.Next, n.Else, n.Pos, n.Obj.Name
	var dst slotFn
	if n.Dst != nil {
		dst = p.object(n.Dst, pr)
	}
	return func(m *Machine) int {
		base := obj(m)
		if base < 0 {
			return next
		}
		if sleeps(op) && m.mightSleep(op, name, pos, rcu) {
			return next
		}
		switch op {
		case OpMutexLock, OpSpinLock:
			m.store(base+lockOwner, m.me())
		case OpMutexUnlock, OpSpinUnlock:
			if o := m.get(base + lockOwner); o != m.me() {
				m.fail(KindMisuse, op.String()+" by non-owner", pos, "%s(%s) by %s, but %s", op, name,
					m.p.Procs[m.pid].Name(), m.p.holderText(o))
				return next
			}
			m.store(base+lockOwner, 0)
		case OpDownRead:
			m.addRead(op, base, name, pos)
		case OpUpRead:
			r := base + rwsemReaders + m.pid
			if m.get(r) == 0 {
				m.fail(KindMisuse, "up_read without down_read", pos, "up_read(%s) by %s, which holds no read lock on it",
					name, m.p.Procs[m.pid].Name())
				return next
			}
			m.store(r, m.get(r)-1)
		case OpDownWrite:
			if m.rwFree(base) {
				m.store(base+rwsemWriter, m.me())
				return next
			}
			m.store(base+rwsemWaiters, m.get(base+rwsemWaiters)|1<<m.pid)
			return wait
		case OpDownWriteWait:
			m.store(base+rwsemWaiters, m.get(base+rwsemWaiters)&^(1<<m.pid))
			m.store(base+rwsemWriter, m.me())
		case OpUpWrite, OpDowngradeWrite:
			if w := m.get(base + rwsemWriter); w != m.me() {
				m.fail(KindMisuse, op.String()+" by non-owner", pos, "%s(%s) by %s, but %s", op, name,
					m.p.Procs[m.pid].Name(), m.p.writerText(w))
				return next
			}
			m.store(base+rwsemWriter, 0)
			if op == OpDowngradeWrite {
				m.addRead(op, base, name, pos)
			}
		case OpWriteSeqBegin, OpWriteSeqEnd:
			c := m.get(base + seqCount)
			if (c%2 == 1) == (op == OpWriteSeqBegin) {
				what := "already odd: a writer is inside (writers must be serialised)"
				if op == OpWriteSeqEnd {
					what = "even: no write_seqcount_begin"
				}
				m.fail(KindMisuse, op.String()+" unbalanced", pos, "%s(%s): count %d is %s", op, name, c, what)
				return next
			}
			m.store(base+seqCount, (c+1)%(SeqcountMax+1))
		case OpReadSeqBegin:
			if dst != nil {
				if d := dst(m); d >= 0 {
					m.store(d, m.get(base+seqCount))
				}
			}
		case OpAssertHeld, OpAssertHeldWrite, OpAssertNotHeld:
			if m.holds(kind, base, op == OpAssertHeldWrite) == (op == OpAssertNotHeld) {
				m.fail(KindAssertion, op.String()+"("+name+")", pos, "%s(%s) fails in %s", op, name, m.p.Procs[m.pid].Name())
			}
		default:
			panic(unknownOp("syncExec", op))
		}
		return next
	}
}

func (m *Machine) addRead(op SyncOp, base int, name string, pos Pos) {
	r := base + rwsemReaders + m.pid
	if m.get(r) >= MaxReadHolds {
		m.fail(KindMisuse, "too many read holds", pos, "%s(%s): %s already holds %d read locks", op, name,
			m.p.Procs[m.pid].Name(), MaxReadHolds)
		return
	}
	m.store(r, m.get(r)+1)
}

// holds reports whether the current process holds the lock at base.
func (m *Machine) holds(kind TypeKind, base int, write bool) bool {
	if kind != TRwsem {
		return m.get(base+lockOwner) == m.me()
	}
	if m.get(base+rwsemWriter) == m.me() {
		return true
	}
	return !write && m.get(base+rwsemReaders+m.pid) > 0
}

// call links an expression-level built-in: a query, or a trylock (which
// changes the state it is evaluated in).
func (p *Program) call(e *Expr, pr *Proc) evalFn {
	obj := p.object(e.Args[0].Ref, pr)
	pid := pidOf(pr)
	var arg evalFn
	if len(e.Args) > 1 {
		arg = p.expr(e.Args[1], pid)
	}
	op := e.Sync
	if !exprOp(op) {
		panic(unknownOp("call", op))
	}
	return func(m *Machine) int64 {
		base := obj(m)
		if base < 0 {
			return 0
		}
		switch op {
		case OpMutexIsLocked, OpSpinIsLocked:
			return b2i(m.get(base+lockOwner) != 0)
		case OpRwsemIsLocked:
			return b2i(!m.rwFree(base))
		case OpRawReadSeq:
			return m.get(base + seqCount)
		case OpReadSeqRetry:
			return b2i(m.get(base+seqCount) != arg(m))
		case OpMutexTrylock, OpSpinTrylock:
			if m.get(base+lockOwner) != 0 {
				return 0
			}
			m.store(base+lockOwner, m.me())
			return 1
		case OpDownReadTrylock:
			if !m.readable(base) || m.get(base+rwsemReaders+m.pid) >= MaxReadHolds {
				return 0
			}
			m.store(base+rwsemReaders+m.pid, m.get(base+rwsemReaders+m.pid)+1)
			return 1
		case OpDownWriteTrylock:
			if !m.rwFree(base) {
				return 0
			}
			m.store(base+rwsemWriter, m.me())
			return 1
		case OpRcuReadLockHeld:
			return b2i(m.inRcu(base))
		}
		panic(unknownOp("call", op))
	}
}
