package explorer

import (
	"encoding/binary"
	"math/bits"
	"sort"

	"mcheck/model"
)

// The static relations of por.go: steps numbered and indexed by the slots
// they read and write, per process and sorted by node, and the per-step
// merged conflict and enabling lists, built once per search at the first
// reduced state.

// build prepares the static relations.
func (r *por) build() {
	p := r.p
	nslots := len(p.Slots)
	r.id, r.pcs = make([][]int32, len(p.Procs)), make([]int, len(p.Procs))
	r.rw, r.w, r.vis = make([][]procNodes, nslots), make([][]procNodes, nslots), make([]procNodes, len(p.Procs))
	r.full = make([]uint32, len(p.Procs))
	r.g.base = make([]int, len(p.Procs)+1)
	for pid, pr := range p.Procs {
		r.id[pid] = make([]int32, len(pr.Type.Nodes))
		r.vis[pid].pid = int32(pid)
		for n := range pr.Type.Nodes { // ascending nodes: every list stays sorted
			r.id[pid][n] = -1
			fp := p.StepFootprint(pid, n)
			if fp == nil {
				continue
			}
			a := int32(len(r.pidOf))
			r.id[pid][n] = a
			r.pidOf = append(r.pidOf, int32(pid))
			r.nodeOf = append(r.nodeOf, int32(n))
			vis := r.visibleFn(pid, n, fp)
			r.visible = append(r.visible, vis)
			if vis {
				r.vis[pid].nodes = append(r.vis[pid].nodes, int32(n))
			}
			r.index(a, pid, n, fp)
		}
	}
	r.enabled, r.mark = make([]bool, len(r.pidOf)), make([]uint32, len(r.pidOf))
	r.commLists()
	r.merge()
}

// commLists builds rwComm: for each slot that some step touches only
// through a commuting op, rw without the steps that touch it only through
// that same op.
func (r *por) commLists() {
	for _, cs := range r.comm {
		for _, c := range cs {
			if _, ok := r.rwComm[c]; ok {
				continue
			}
			if r.rwComm == nil {
				r.rwComm = map[model.CommSlot][]procNodes{}
			}
			var out []procNodes
			for _, pn := range r.rw[c.Slot] {
				var nodes []int32
				for _, n := range pn.nodes {
					if commOp(r.comm[r.id[pn.pid][n]], c.Slot) != c.Op {
						nodes = append(nodes, n)
					}
				}
				if len(nodes) > 0 {
					out = append(out, procNodes{pid: pn.pid, nodes: nodes})
				}
			}
			r.rwComm[c] = out
		}
	}
}

// commOp is the commuting op through which a step with commuting slots cs
// touches slot s, or an op no step has (noComm).
func commOp(cs []model.CommSlot, s int32) model.SyncOp {
	for _, c := range cs {
		if c.Slot == s {
			return c.Op
		}
	}
	return noComm
}

// noComm is no commuting op.
const noComm = model.OpNone

// mergeBudget bounds the merged lists (node numbers in all): a few MiB.
const mergeBudget = 1 << 20

// merge builds dep and enab within mergeBudget, or leaves them nil.
func (r *por) merge() {
	nt := len(r.pidOf)
	dep, enab := make([][]procNodes, nt), make([][]procNodes, nt)
	total := 0
	var scratch [][]int32
	for a := 0; a < nt; a++ {
		pid := r.pidOf[a]
		var lists [][]procNodes
		for _, s := range r.writes[a] {
			if op := commOp(r.comm[a], s); op != noComm {
				lists = append(lists, r.rwComm[model.CommSlot{Slot: s, Op: op}])
				continue
			}
			lists = append(lists, r.rw[s])
		}
		for _, s := range r.reads[a] {
			if commOp(r.comm[a], s) == noComm { // a commuting slot: rwComm has its writers
				lists = append(lists, r.w[s])
			}
		}
		dep[a], scratch = mergeLists(lists, pid, scratch)
		lists = lists[:0]
		for _, s := range r.guard[a] {
			lists = append(lists, r.w[s])
		}
		enab[a], scratch = mergeLists(lists, pid, scratch)
		for _, pn := range dep[a] {
			total += len(pn.nodes)
		}
		for _, pn := range enab[a] {
			total += len(pn.nodes)
		}
		if total > mergeBudget {
			return
		}
	}
	r.dep, r.enab = dep, enab
	r.numberLists()
}

// numberLists gives every merged list its memo row: one per process type
// and nodes.
func (r *por) numberLists() {
	ids, types := map[string]int32{}, map[*model.ProcType]uint32{}
	for _, pr := range r.p.Procs {
		if _, ok := types[pr.Type]; !ok {
			types[pr.Type] = uint32(len(types))
		}
	}
	r.memo, r.memoLeft = [][]uint64{nil}, memoBudget
	for _, lists := range [][][]procNodes{r.dep, r.enab, {r.vis}} {
		for _, l := range lists {
			for i := range l {
				l[i].memo = r.memoID(ids, types[r.p.Procs[l[i].pid].Type], l[i].nodes)
			}
		}
	}
}

// memoBudget bounds the memo's entries (8 bytes each).
const memoBudget = 1 << 21

// unknown marks a memo entry not computed yet.
const unknown = ^uint64(0)

// memoID numbers the distinct lists (process type and nodes).
func (r *por) memoID(ids map[string]int32, typ uint32, nodes []int32) int32 {
	key := make([]byte, 0, 4+4*len(nodes))
	key = binary.LittleEndian.AppendUint32(key, typ)
	for _, n := range nodes {
		key = binary.LittleEndian.AppendUint32(key, uint32(n))
	}
	id, ok := ids[string(key)]
	if !ok {
		id = int32(len(r.memo))
		ids[string(key)] = id
		r.memo = append(r.memo, nil)
	}
	return id
}

// mergeLists unites per-slot lists per process other than pid: sorted,
// without duplicates, in pid order.
func mergeLists(lists [][]procNodes, pid int32, byPid [][]int32) ([]procNodes, [][]int32) {
	var pids []int32
	for _, l := range lists {
		for _, pn := range l {
			if pn.pid == pid {
				continue
			}
			for int(pn.pid) >= len(byPid) {
				byPid = append(byPid, nil)
			}
			if len(byPid[pn.pid]) == 0 {
				pids = append(pids, pn.pid)
			}
			byPid[pn.pid] = append(byPid[pn.pid], pn.nodes...)
		}
	}
	sort.Slice(pids, func(i, j int) bool { return pids[i] < pids[j] })
	out := make([]procNodes, 0, len(pids))
	for _, q := range pids {
		nodes := byPid[q]
		sort.Slice(nodes, func(i, j int) bool { return nodes[i] < nodes[j] })
		k := 0
		for i, n := range nodes {
			if i == 0 || n != nodes[k-1] {
				nodes[k] = n
				k++
			}
		}
		out = append(out, procNodes{pid: q, nodes: append([]int32(nil), nodes[:k]...)})
		byPid[q] = nodes[:0]
	}
	return out, byPid
}

// index records step a (node n of process pid) in the per-slot lists.
func (r *por) index(a int32, pid, n int, fp *model.Footprint) {
	r.reads = append(r.reads, slotList(fp.Reads))
	r.writes = append(r.writes, slotList(fp.Writes))
	r.guard = append(r.guard, slotList(fp.Guard))
	r.comm = append(r.comm, fp.Commuting)
	for _, s := range r.writes[a] {
		r.w[s] = addNode(r.w[s], pid, n)
		r.rw[s] = addNode(r.rw[s], pid, n)
	}
	for _, s := range r.reads[a] {
		if !fp.Writes.Has(int(s)) {
			r.rw[s] = addNode(r.rw[s], pid, n)
		}
	}
}

// slotList lists the members of a slot set.
func slotList(s model.SlotSet) []int32 {
	var out []int32
	for i, word := range s {
		for word != 0 {
			out = append(out, int32(i*64+bits.TrailingZeros64(word)))
			word &= word - 1
		}
	}
	return out
}

// addNode appends node n of process pid to a slot's list; the lists are
// built process by process, node by node.
func addNode(list []procNodes, pid, n int) []procNodes {
	if k := len(list) - 1; k >= 0 && int(list[k].pid) == pid {
		list[k].nodes = append(list[k].nodes, int32(n))
		return list
	}
	return append(list, procNodes{pid: int32(pid), nodes: []int32{int32(n)}})
}
