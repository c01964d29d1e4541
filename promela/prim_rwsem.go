package promela

import (
	"fmt"
	"strings"

	"mcheck/model"
)

// rw_semaphore (model/prim_rwsem.go): writer (_pid+1), queued writers (a
// bit per pid), read holds per pid, and the wait list as the model keeps
// it: the queued writers by position (_pid+1, 0 past the end), the queued
// readers (a bit per pid) and how many writers precede the earliest reader,
// with the hand-off on release.

type rwsemText struct{}

func init() {
	primTexts[model.TRwsem] = rwsemText{}
	primTexts[model.TRwsemRP] = rwsemRPText{}
}

func (rwsemText) declare(n *names, p *model.Program, base int, path string) *syncObj {
	o := rwsemRPText{}.declare(n, p, base, path)
	o.queue, o.rqueued, o.rahead = n.fresh(path+"_queue"), n.fresh(path+"_rqueued"), n.fresh(path+"_rahead")
	q := base + 2 + len(p.Procs)
	for i := range p.Procs {
		s := &n.slots[q+i]
		s.kind, s.name, s.elem = sReaders, o.queue, i
	}
	rq, ra := &n.slots[q+len(p.Procs)], &n.slots[q+len(p.Procs)+1]
	rq.kind, rq.name = sQueue, o.rqueued
	ra.kind, ra.name = sQueue, o.rahead
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

// queued is "the running process is on the wait list".
func queued(o *syncObj) string {
	return fmt.Sprintf("(((%s | %s) & (1 << _pid)) != 0)", o.waiters, o.rqueued)
}

// empty is "nobody is on the wait list".
func empty(o *syncObj) string { return fmt.Sprintf("(%s[0] == 0 && %s == 0)", o.queue, o.rqueued) }

// enqueueWriter puts the running process at the first free place of the
// writers' list.
func (x *exporter) enqueueWriter(o *syncObj) string {
	s := "skip"
	for i := len(x.p.Procs) - 1; i >= 0; i-- {
		s = fmt.Sprintf("if :: %s[%d] == 0 -> %s[%d] = %s :: else -> %s fi", o.queue, i, o.queue, i, me, s)
	}
	return fmt.Sprintf("%s = %s | (1 << _pid); %s", o.waiters, o.waiters, s)
}

// enqueueReader adds the running process to the queued readers; the first
// of them records how many writers are queued.
func (x *exporter) enqueueReader(o *syncObj) string {
	var count []string
	for i := range x.p.Procs {
		count = append(count, fmt.Sprintf("(%s[%d] != 0 -> 1 : 0)", o.queue, i))
	}
	return fmt.Sprintf("if :: %s == 0 -> %s = %s :: else -> skip fi; %s = %s | (1 << _pid)",
		o.rqueued, o.rahead, strings.Join(count, " + "), o.rqueued, o.rqueued)
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
	writer := fmt.Sprintf("if :: %s -> %s = %s[0]; %s = %s & ~(1 << (%s[0] - 1)); %s; "+
		"if :: %s != 0 -> %s = %s - 1 :: else -> skip fi :: else -> skip fi",
		x.rwFree(o), o.writer, q, o.waiters, o.waiters, q, strings.Join(shift, "; "),
		o.rqueued, o.rahead, o.rahead)
	var grant []string
	for pid := 0; pid < n; pid++ {
		grant = append(grant, fmt.Sprintf("if :: (%s & (1 << %d)) != 0 -> %s[%d] = %s[%d] + 1 :: else -> skip fi",
			o.rqueued, pid, o.readers, pid, o.readers, pid))
	}
	grant = append(grant, o.rqueued+" = 0")
	return fmt.Sprintf("if :: %s[0] != 0 && (%s == 0 || %s > 0) -> %s :: %s != 0 && %s == 0 && %s == 0 -> %s :: else -> skip fi",
		q, o.rqueued, o.rahead, writer, o.rqueued, o.rahead, o.writer, strings.Join(grant, "; "))
}

func (rwsemText) guard(x *exporter, op model.SyncOp, o *syncObj, _ []string) string {
	switch op {
	case model.OpDownReadWait, model.OpDownWriteWait:
		return not(queued(o))
	}
	panic(unknownOp("rw_semaphore guard", op))
}

func (rwsemText) stmt(x *exporter, op model.SyncOp, o *syncObj, n *model.Node, jump func(int) string, _ string, _ []string) string {
	switch op {
	case model.OpDownRead:
		return fmt.Sprintf("if :: %s >= %d || (%s == 0 && %s) -> %s; %s :: else -> %s; %s fi",
			readsOf(o), model.MaxReadHolds, o.writer, empty(o), addRead(o), jump(n.Next), x.enqueueReader(o), jump(n.Else))
	case model.OpDownWrite:
		return fmt.Sprintf("if :: %s && %s -> %s = %s; %s :: else -> %s; %s fi",
			x.rwFree(o), empty(o), o.writer, me, jump(n.Next), x.enqueueWriter(o), jump(n.Else))
	case model.OpDownReadWait, model.OpDownWriteWait:
		return "skip" // granted by the releaser
	case model.OpUpRead, model.OpUpWrite, model.OpDowngradeWrite:
		return rwsemRPText{}.stmt(x, op, o, n, jump, "", nil) + "; " + x.wake(o)
	}
	panic(unknownOp("rw_semaphore stmt", op))
}

func (rwsemText) query(x *exporter, op model.SyncOp, o *syncObj, args []string) string {
	return rwsemRPText{}.query(x, op, o, args)
}

func (rwsemText) trylock(x *exporter, op model.SyncOp, o *syncObj, t string, _ []string) string {
	switch op {
	case model.OpDownReadTrylock:
		r := readsOf(o)
		return tryText(fmt.Sprintf("%s == 0 && %s && %s < %d", o.writer, empty(o), r, model.MaxReadHolds), fmt.Sprintf("%s = %s + 1", r, r), t)
	case model.OpDownWriteTrylock:
		return tryText(x.rwFree(o)+" && "+empty(o), o.writer+" = "+me, t)
	}
	panic(unknownOp("rw_semaphore trylock", op))
}

func (rwsemText) notHeld(o *syncObj) []string { return rwsemRPText{}.notHeld(o) }

func (rwsemText) held(o *syncObj, write bool) string { return rwsemRPText{}.held(o, write) }
