package promela

import (
	"fmt"
	"strings"

	"mcheck/model"
)

// rw_semaphore (model/prim_rwsem.go): writer (_pid+1), queued writers (a
// bit per pid), read holds per pid, and the FIFO wait list by position
// (_pid+1, 0 past its end), with the hand-off on release.

type rwsemText struct{}

func init() {
	primTexts[model.TRwsem] = rwsemText{}
	primTexts[model.TRwsemRP] = rwsemRPText{}
}

func (rwsemText) declare(n *names, p *model.Program, base int, path string) *syncObj {
	o := rwsemRPText{}.declare(n, p, base, path)
	o.queue = n.fresh(path + "_queue")
	q := base + 2 + len(p.Procs)
	for i := range p.Procs {
		s := &n.slots[q+i]
		s.kind, s.name, s.elem = sReaders, o.queue, i
	}
	return o
}

func (x *exporter) rwFree(o *syncObj) string {
	parts := []string{o.writer + " == 0"}
	for pid := range x.p.Procs {
		parts = append(parts, fmt.Sprintf("%s[%d] == 0", o.readers, pid))
	}
	return "(" + strings.Join(parts, " && ") + ")"
}

func readsOf(o *syncObj) string { return fmt.Sprintf("%s[_pid]", o.readers) }

// addRead takes one more read hold (at most model.MaxReadHolds).
func addRead(o *syncObj) string {
	r := readsOf(o)
	return fmt.Sprintf("assert(%s < %d); %s = %s + 1", r, model.MaxReadHolds, r, r)
}

// writerBit is "the process whose pid+1 is e is a queued writer".
func writerBit(o *syncObj, e string) string {
	return fmt.Sprintf("((%s & (1 << (%s - 1))) != 0)", o.waiters, e)
}

// queued is "the running process is on the wait list".
func (x *exporter) queued(o *syncObj) string {
	var parts []string
	for i := range x.p.Procs {
		parts = append(parts, fmt.Sprintf("%s[%d] == %s", o.queue, i, me))
	}
	return "(" + strings.Join(parts, " || ") + ")"
}

// enqueue puts the running process at the first free place of the list.
func (x *exporter) enqueue(o *syncObj) string {
	s := "skip"
	for i := len(x.p.Procs) - 1; i >= 0; i-- {
		s = fmt.Sprintf("if :: %s[%d] == 0 -> %s[%d] = %s :: else -> %s fi", o.queue, i, o.queue, i, me, s)
	}
	return s
}

// wake hands the lock to the wait list after a release, as rwsem_mark_wake.
func (x *exporter) wake(o *syncObj) string {
	n, q := len(x.p.Procs), o.queue
	var shift []string
	for i := 0; i < n; i++ {
		next := "0"
		if i+1 < n {
			next = fmt.Sprintf("%s[%d]", q, i+1)
		}
		shift = append(shift, fmt.Sprintf("%s[%d] = %s", q, i, next))
	}
	writer := fmt.Sprintf("if :: %s -> %s = %s[0]; %s = %s & ~(1 << (%s[0] - 1)); %s :: else -> skip fi",
		x.rwFree(o), o.writer, q, o.waiters, o.waiters, q, strings.Join(shift, "; "))
	var grant []string
	for i := 0; i < n; i++ {
		e := fmt.Sprintf("%s[%d]", q, i)
		grant = append(grant, fmt.Sprintf("if :: %s != 0 && !%s -> %s[%s - 1] = %s[%s - 1] + 1; %s = 0 :: else -> skip fi",
			e, writerBit(o, e), o.readers, e, o.readers, e, e))
	}
	for pass := 0; pass+1 < n; pass++ { // pack the writers left, in order
		for i := 0; i+1 < n; i++ {
			grant = append(grant, fmt.Sprintf("if :: %s[%d] == 0 && %s[%d] != 0 -> %s[%d] = %s[%d]; %s[%d] = 0 :: else -> skip fi",
				q, i, q, i+1, q, i, q, i+1, q, i+1))
		}
	}
	return fmt.Sprintf("if :: %s[0] != 0 && %s -> %s :: %s[0] != 0 && !%s && %s == 0 -> %s :: else -> skip fi",
		q, writerBit(o, q+"[0]"), writer, q, writerBit(o, q+"[0]"), o.writer, strings.Join(grant, "; "))
}

func (rwsemText) guard(x *exporter, op model.SyncOp, o *syncObj) string {
	switch op {
	case model.OpDownReadWait, model.OpDownWriteWait:
		return not(x.queued(o))
	}
	panic(unknownOp("rw_semaphore guard", op))
}

func (rwsemText) stmt(x *exporter, op model.SyncOp, o *syncObj, n *model.Node, jump func(int) string, _ string) string {
	empty := o.queue + "[0] == 0"
	switch op {
	case model.OpDownRead:
		return fmt.Sprintf("if :: %s >= %d || (%s == 0 && %s) -> %s; %s :: else -> %s; %s fi",
			readsOf(o), model.MaxReadHolds, o.writer, empty, addRead(o), jump(n.Next), x.enqueue(o), jump(n.Else))
	case model.OpDownWrite:
		return fmt.Sprintf("if :: %s && %s -> %s = %s; %s :: else -> %s = %s | (1 << _pid); %s; %s fi",
			x.rwFree(o), empty, o.writer, me, jump(n.Next), o.waiters, o.waiters, x.enqueue(o), jump(n.Else))
	case model.OpDownReadWait, model.OpDownWriteWait:
		return "skip" // granted by the releaser
	case model.OpUpRead, model.OpUpWrite, model.OpDowngradeWrite:
		return rwsemRPText{}.stmt(x, op, o, n, jump, "") + "; " + x.wake(o)
	}
	panic(unknownOp("rw_semaphore stmt", op))
}

func (rwsemText) query(x *exporter, op model.SyncOp, o *syncObj, arg string) string {
	return rwsemRPText{}.query(x, op, o, arg)
}

func (rwsemText) trylock(x *exporter, op model.SyncOp, o *syncObj, t string) string {
	empty := o.queue + "[0] == 0"
	switch op {
	case model.OpDownReadTrylock:
		r := readsOf(o)
		return tryText(fmt.Sprintf("%s == 0 && %s && %s < %d", o.writer, empty, r, model.MaxReadHolds), fmt.Sprintf("%s = %s + 1", r, r), t)
	case model.OpDownWriteTrylock:
		return tryText(x.rwFree(o)+" && "+empty, o.writer+" = "+me, t)
	}
	panic(unknownOp("rw_semaphore trylock", op))
}

func (rwsemText) notHeld(o *syncObj) []string { return rwsemRPText{}.notHeld(o) }

func (rwsemText) held(o *syncObj, write bool) string { return rwsemRPText{}.held(o, write) }
