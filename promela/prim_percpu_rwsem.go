package promela

import (
	"fmt"
	"strings"

	"mcheck/model"
)

// percpu_rw_semaphore (model/prim_percpu_rwsem.go): the writer (the holder
// of block, _pid+1) and a read-hold count per process.

type percpuRwsemText struct{}

func init() { primTexts[model.TPercpuRwsem] = percpuRwsemText{} }

func (percpuRwsemText) declare(n *names, p *model.Program, base int, path string) *syncObj {
	o := &syncObj{writer: n.fresh(path + "_writer"), readers: n.fresh(path + "_readers")}
	n.slots[base].kind, n.slots[base].name = sWriter, o.writer
	for pid := range p.Procs {
		s := &n.slots[base+1+pid]
		s.kind, s.name, s.elem = sReaders, o.readers, pid
	}
	return o
}

func pcpuNoReaders(x *exporter, o *syncObj) string {
	var parts []string
	for pid := range x.p.Procs {
		parts = append(parts, fmt.Sprintf("%s[%d] == 0", o.readers, pid))
	}
	return "(" + strings.Join(parts, " && ") + ")"
}

func (percpuRwsemText) guard(x *exporter, op model.SyncOp, o *syncObj, _ []string) string {
	switch op {
	case model.OpPercpuDownRead, model.OpPercpuDownWrite:
		return "(" + o.writer + " == 0)"
	case model.OpPercpuDownWriteWait:
		return pcpuNoReaders(x, o)
	}
	panic(unknownOp("percpu_rw_semaphore guard", op))
}

func (percpuRwsemText) stmt(x *exporter, op model.SyncOp, o *syncObj, n *model.Node, jump func(int) string, _ string, _ []string) string {
	switch op {
	case model.OpPercpuDownRead:
		return addRead(o)
	case model.OpPercpuUpRead:
		r := readsOf(o)
		return fmt.Sprintf("assert(%s > 0); %s = %s - 1", r, r, r)
	case model.OpPercpuDownWrite:
		return fmt.Sprintf("%s = %s; if :: %s -> %s :: else -> %s fi", o.writer, me, pcpuNoReaders(x, o), jump(n.Next), jump(n.Else))
	case model.OpPercpuDownWriteWait:
		return "skip"
	case model.OpPercpuUpWrite:
		return fmt.Sprintf("assert(%s == %s); %s = 0", o.writer, me, o.writer)
	}
	panic(unknownOp("percpu_rw_semaphore stmt", op))
}

func (percpuRwsemText) query(_ *exporter, op model.SyncOp, _ *syncObj, args []string) string {
	panic(unknownOp("percpu_rw_semaphore query", op))
}

func (percpuRwsemText) trylock(_ *exporter, op model.SyncOp, _ *syncObj, _ string, _ []string) string {
	panic(unknownOp("percpu_rw_semaphore trylock", op))
}

func (percpuRwsemText) notHeld(o *syncObj) []string {
	return []string{fmt.Sprintf("%s != %s", o.writer, me), fmt.Sprintf("%s[_pid] == 0", o.readers)}
}

func (percpuRwsemText) held(o *syncObj, write bool) string {
	if write {
		return fmt.Sprintf("%s == %s", o.writer, me)
	}
	return fmt.Sprintf("%s == %s || %s > 0", o.writer, me, readsOf(o))
}
