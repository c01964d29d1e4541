package promela

import (
	"fmt"
	"strings"

	"mcheck/model"
)

// mutex and spinlock (model/prim_lock.go): the owner (0 free, _pid+1) and
// the FIFO queue of waiters by position (_pid+1, 0 past its end); a
// contended lock appends to the queue and its wait node waits until it is
// off the queue; unlock hands the lock to the head.

type lockText struct {
	lock, wait, unlock, try, isLocked model.SyncOp
}

func init() {
	primTexts[model.TMutex] = lockText{model.OpMutexLock, model.OpMutexLockWait, model.OpMutexUnlock, model.OpMutexTrylock, model.OpMutexIsLocked}
	primTexts[model.TSpinlock] = lockText{model.OpSpinLock, model.OpSpinLockWait, model.OpSpinUnlock, model.OpSpinTrylock, model.OpSpinIsLocked}
}

func (lockText) declare(n *names, p *model.Program, base int, path string) *syncObj {
	o := &syncObj{owner: n.fresh(path), queue: n.fresh(path + "_queue")}
	n.slots[base].kind, n.slots[base].name = sOwner, o.owner
	for i := range p.Procs {
		s := &n.slots[base+1+i]
		s.kind, s.name, s.elem = sReaders, o.queue, i
	}
	return o
}

func (l lockText) guard(x *exporter, op model.SyncOp, o *syncObj, _ []string) string {
	if op != l.wait {
		panic(unknownOp("lock guard", op))
	}
	return not(x.onQueue(o))
}

// onQueue is "the running process is on the lock's queue".
func (x *exporter) onQueue(o *syncObj) string {
	var parts []string
	for i := range x.p.Procs {
		parts = append(parts, fmt.Sprintf("%s[%d] == %s", o.queue, i, me))
	}
	return "(" + strings.Join(parts, " || ") + ")"
}

// appendQueue puts the running process at the first free place of the queue.
func (x *exporter) appendQueue(o *syncObj) string {
	s := "skip"
	for i := len(x.p.Procs) - 1; i >= 0; i-- {
		s = fmt.Sprintf("if :: %s[%d] == 0 -> %s[%d] = %s :: else -> %s fi", o.queue, i, o.queue, i, me, s)
	}
	return s
}

// handOff gives the lock to the queue's head (0 when empty) and shifts it.
func (x *exporter) handOff(o *syncObj) string {
	n, q := len(x.p.Procs), o.queue
	parts := []string{fmt.Sprintf("%s = %s[0]", o.owner, q)}
	for i := 0; i < n; i++ {
		next := "0"
		if i+1 < n {
			next = fmt.Sprintf("%s[%d]", q, i+1)
		}
		parts = append(parts, fmt.Sprintf("%s[%d] = %s", q, i, next))
	}
	return strings.Join(parts, "; ")
}

func (l lockText) stmt(x *exporter, op model.SyncOp, o *syncObj, n *model.Node, jump func(int) string, _ string, _ []string) string {
	switch op {
	case l.lock:
		return fmt.Sprintf("if :: %s == 0 && %s[0] == 0 -> %s = %s; %s :: else -> %s; %s fi",
			o.owner, o.queue, o.owner, me, jump(n.Next), x.appendQueue(o), jump(n.Else))
	case l.wait:
		return "skip" // granted by the releaser
	case l.unlock:
		return fmt.Sprintf("assert(%s == %s); %s", o.owner, me, x.handOff(o))
	}
	panic(unknownOp("lock stmt", op))
}

func (l lockText) query(_ *exporter, op model.SyncOp, o *syncObj, args []string) string {
	if op != l.isLocked {
		panic(unknownOp("lock query", op))
	}
	return "(" + o.owner + " != 0)"
}

func (l lockText) trylock(_ *exporter, op model.SyncOp, o *syncObj, t string, _ []string) string {
	if op != l.try {
		panic(unknownOp("lock trylock", op))
	}
	return tryText(o.owner+" == 0 && "+o.queue+"[0] == 0", o.owner+" = "+me, t)
}

func (lockText) notHeld(o *syncObj) []string { return []string{o.owner + " != " + me} }

func (lockText) held(o *syncObj, _ bool) string { return o.owner + " == " + me }

// tryText sets t to whether cond held, doing take if so.
func tryText(cond, take, t string) string {
	return fmt.Sprintf("if :: %s -> %s; %s = 1 :: else -> %s = 0 fi", cond, take, t, t)
}
