package promela

import (
	"fmt"

	"mcheck/model"
)

// reader_pref_rwsem (model/prim_rwsem_rp.go): writer, queued writers (a
// set), read holds per pid; a reader waits only for a writer inside.

type rwsemRPText struct{}

func (rwsemRPText) declare(n *names, p *model.Program, base int, path string) *syncObj {
	o := &syncObj{writer: n.fresh(path + "_writer"), waiters: n.fresh(path + "_waiters"),
		readers: n.fresh(path + "_readers")}
	n.slots[base].kind, n.slots[base].name = sWriter, o.writer
	n.slots[base+1].kind, n.slots[base+1].name = sWaiters, o.waiters
	for pid := range p.Procs {
		s := &n.slots[base+2+pid]
		s.kind, s.name, s.elem = sReaders, o.readers, pid
	}
	return o
}

func (rwsemRPText) guard(x *exporter, op model.SyncOp, o *syncObj, _ []string) string {
	switch op {
	case model.OpDownReadWait:
		return "(" + o.writer + " == 0)"
	case model.OpDownWriteWait:
		return x.rwFree(o)
	}
	panic(unknownOp("reader_pref_rwsem guard", op))
}

func (rwsemRPText) stmt(x *exporter, op model.SyncOp, o *syncObj, n *model.Node, jump func(int) string, _ string, _ []string) string {
	switch op {
	case model.OpDownRead:
		return fmt.Sprintf("if :: %s == 0 -> %s; %s :: else -> %s fi", o.writer, addRead(o), jump(n.Next), jump(n.Else))
	case model.OpDownReadWait:
		return addRead(o)
	case model.OpUpRead:
		r := readsOf(o)
		return fmt.Sprintf("assert(%s > 0); %s = %s - 1", r, r, r)
	case model.OpDownWrite:
		return fmt.Sprintf("if :: %s -> %s = %s; %s :: else -> %s = %s | (1 << _pid); %s fi",
			x.rwFree(o), o.writer, me, jump(n.Next), o.waiters, o.waiters, jump(n.Else))
	case model.OpDownWriteWait:
		return fmt.Sprintf("%s = %s & ~(1 << _pid); %s = %s", o.waiters, o.waiters, o.writer, me)
	case model.OpUpWrite:
		return fmt.Sprintf("assert(%s == %s); %s = 0", o.writer, me, o.writer)
	case model.OpDowngradeWrite:
		return fmt.Sprintf("assert(%s == %s); %s = 0; %s", o.writer, me, o.writer, addRead(o))
	}
	panic(unknownOp("reader_pref_rwsem stmt", op))
}

func (rwsemRPText) query(x *exporter, op model.SyncOp, o *syncObj, args []string) string {
	if op != model.OpRwsemIsLocked {
		panic(unknownOp("rw_semaphore query", op))
	}
	return not(x.rwFree(o))
}

func (rwsemRPText) trylock(x *exporter, op model.SyncOp, o *syncObj, t string, _ []string) string {
	switch op {
	case model.OpDownReadTrylock:
		r := readsOf(o)
		return tryText(fmt.Sprintf("%s == 0 && %s < %d", o.writer, r, model.MaxReadHolds), fmt.Sprintf("%s = %s + 1", r, r), t)
	case model.OpDownWriteTrylock:
		return tryText(x.rwFree(o), o.writer+" = "+me, t)
	}
	panic(unknownOp("reader_pref_rwsem trylock", op))
}

func (rwsemRPText) notHeld(o *syncObj) []string {
	return []string{fmt.Sprintf("%s != %s", o.writer, me), fmt.Sprintf("%s[_pid] == 0", o.readers)}
}

func (rwsemRPText) held(o *syncObj, write bool) string {
	if write {
		return fmt.Sprintf("%s == %s", o.writer, me)
	}
	return fmt.Sprintf("%s == %s || %s > 0", o.writer, me, readsOf(o))
}
