package promela

import (
	"fmt"
	"strings"

	"mcheck/model"
)

// RCU (model/rcu.go): per process, the read-side nesting depth and the set
// of readers its synchronize_rcu still waits for.

type rcuText struct{}

func init() { primTexts[model.TRcu] = rcuText{} }

func (rcuText) declare(n *names, p *model.Program, base int, _ string) *syncObj {
	o := &syncObj{nest: n.fresh("rcu_nest"), gp: n.fresh("rcu_gp")}
	for pid := range p.Procs {
		a, b := &n.slots[base+pid], &n.slots[base+len(p.Procs)+pid]
		a.kind, a.name, a.elem = sReaders, o.nest, pid
		b.kind, b.name, b.elem = sReaders, o.gp, pid
	}
	return o
}

// guard: the second step of synchronize_rcu waits for its snapshot to empty.
func (rcuText) guard(_ *exporter, op model.SyncOp, o *syncObj, _ []string) string {
	if op != model.OpSynchronizeRcuWait {
		panic(unknownOp("rcu guard", op))
	}
	return "(" + o.gp + "[_pid] == 0)"
}

func (rcuText) stmt(x *exporter, op model.SyncOp, o *syncObj, n *model.Node, jump func(int) string, _ string, _ []string) string {
	switch op {
	case model.OpRcuReadLock:
		r := o.nest + "[_pid]"
		return fmt.Sprintf("assert(%s < %d); %s = %s + 1", r, model.MaxRcuNest, r, r)
	case model.OpRcuReadUnlock:
		return rcuReadUnlock(x, o)
	case model.OpSynchronizeRcu:
		t := x.temp()
		var set []string
		for q := range x.p.Procs {
			set = append(set, fmt.Sprintf("(%s[%d] > 0 -> %d : 0)", o.nest, q, 1<<q))
		}
		return fmt.Sprintf("%s = %s; if :: %s != 0 -> %s[_pid] = %s; %s :: else -> %s fi",
			t, strings.Join(set, " + "), t, o.gp, t, jump(n.Else), jump(n.Next))
	case model.OpSynchronizeRcuWait:
		return "skip"
	}
	panic(unknownOp("rcu stmt", op))
}

// rcuReadUnlock: leaving the outermost section ends this reader's part in
// every grace period that waits for it, and frees the kfree_rcu objects
// that waited only for it.
func rcuReadUnlock(x *exporter, o *syncObj) string {
	r := o.nest + "[_pid]"
	var clear []string
	for q := range x.p.Procs {
		clear = append(clear, fmt.Sprintf("%s[%d] = %s[%d] & ~(1 << _pid)", o.gp, q, o.gp, q))
	}
	for _, po := range x.rcuPools() {
		for k, stSlot := range po.states {
			st := x.n.slots[stSlot].name
			clear = append(clear, fmt.Sprintf("if :: %s >= 2 && ((%s - 2) & (1 << _pid)) != 0 -> if :: ((%s - 2) & ~(1 << _pid)) != 0 -> %s = 2 + ((%s - 2) & ~(1 << _pid)) :: else -> %s fi :: else -> skip fi",
				st, st, st, st, st, x.release(po, k)))
		}
	}
	return fmt.Sprintf("assert(%s > 0); %s = %s - 1; if :: %s == 0 -> %s :: else -> skip fi",
		r, r, r, r, strings.Join(clear, "; "))
}

func (rcuText) query(_ *exporter, op model.SyncOp, o *syncObj, _ []string) string {
	if op != model.OpRcuReadLockHeld {
		panic(unknownOp("rcu query", op))
	}
	return fmt.Sprintf("(%s[_pid] > 0)", o.nest)
}

func (rcuText) trylock(_ *exporter, op model.SyncOp, _ *syncObj, _ string, _ []string) string {
	panic(unknownOp("rcu trylock", op))
}

func (rcuText) notHeld(*syncObj) []string { panic("promela: RCU is not a lock") }

func (rcuText) held(*syncObj, bool) string { panic("promela: RCU is not a lock") }
