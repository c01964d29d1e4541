package promela

import (
	"fmt"
	"strings"

	"mcheck/model"
)

// slotKind says what a state slot is in Promela.
type slotKind uint8

const (
	sValue   slotKind = iota // a spec variable's scalar
	sOwner                   // mutex/spinlock owner (0 free, pid+1)
	sWriter                  // rw_semaphore writer (0 or pid+1)
	sWaiters                 // rw_semaphore queued-writer bit set
	sReaders                 // an element of an array (per process: rw_semaphore read holds and wait list, RCU state; per range: range_lock): elem
	sCount                   // seqcount
	sQueue                   // rw_semaphore wait list: queued readers' bit set, writers before the earliest
	sPC                      // a process's program counter
)

// slotInfo places one slot of our state vector in the Promela model.
type slotInfo struct {
	kind   slotKind
	name   string // variable (for sReaders: the array)
	elem   int    // sReaders: the pid
	pid    int    // frame slots: the process; -1 for globals
	off    int    // frame slots: offset in the frame
	lo, hi int64
	isBool bool
}

// syncObj is a kernel object at its first slot.
type syncObj struct {
	kind                            model.TypeKind
	owner, writer, waiters, readers string // variable names
	queue, rqueued, rahead          string // rw_semaphore wait list: writers by position, readers, writers before them
	count                           string
	nest, gp                        string      // RCU: per-process nesting depth and grace-period wait set
	last                            string      // pool: the most recently freed object + 1
	states                          []int       // pool: each object's state slot (its fields follow)
	elem                            *model.Type // pool: the object type
	own                             any         // what a primitive's text keeps of its own (range_lock: *rl)
}

// names holds every Promela identifier of one export.
type names struct {
	used   map[string]bool
	slots  []slotInfo
	objs   map[int]*syncObj // by first slot
	locals map[*model.ProcType]map[int]string
	procs  map[*model.ProcType]string
}

// reserved are Promela keywords, C keywords and pan's own names, which a
// spec's identifiers must not shadow in the generated model.
var reserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`active assert atomic bit bool break byte chan d_step D_proctype do
		else empty enabled eval false fi full goto hidden if init inline int len mtype nempty never
		nfull od of pc_value printf printm priority proctype provided run short skip timeout true
		typedef unless unsigned xr xs local show select for in ltl trace notrace np_ pid end
		c_code c_decl c_expr c_state c_track get_priority set_priority
		auto case char const continue default double enum extern float long register return
		signed sizeof static struct switch union void volatile while
		now this trpt tau depth main abort exit free malloc memset memcpy printf assert P0 P1 P2
		uchar uint ushort Trans State Trail pc`) {
		reserved[w] = true
	}
}

// fresh returns an unused identifier based on want.
func (n *names) fresh(want string) string {
	var b strings.Builder
	for _, r := range want {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		case r == '.' || r == '[':
			b.WriteByte('_')
		}
	}
	s := strings.TrimLeft(b.String(), "_0123456789")
	if s == "" {
		s = "v"
	}
	if reserved[s] || strings.HasPrefix(s, "mc_") || strings.HasPrefix(s, "end") ||
		strings.HasPrefix(s, "accept") || strings.HasPrefix(s, "progress") {
		s += "_v"
	}
	for i, base := 2, s; n.used[s]; i++ {
		s = fmt.Sprintf("%s_%d", base, i)
	}
	n.used[s] = true
	return s
}

func newNames(p *model.Program) *names {
	n := &names{used: map[string]bool{}, slots: make([]slotInfo, len(p.Slots)),
		objs: map[int]*syncObj{}, locals: map[*model.ProcType]map[int]string{}, procs: map[*model.ProcType]string{}}
	for i := range n.slots {
		n.slots[i] = slotInfo{pid: -1, lo: p.Slots[i].Lo, hi: p.Slots[i].Hi}
	}
	for _, t := range p.Types {
		n.procs[t] = n.fresh(t.Name)
	}
	for _, g := range p.Globals {
		n.global(p, g.Type, g.Base, g.Name)
	}
	for _, t := range p.Types {
		loc := map[int]string{0: "pc"}
		n.locals[t] = loc
		for _, l := range t.Locals {
			n.local(loc, l.Type, l.Base, l.Name)
		}
	}
	for _, pr := range p.Procs {
		loc := n.locals[pr.Type]
		for off := 0; off < pr.Type.FrameSize; off++ {
			si := &n.slots[pr.Frame+off]
			si.pid, si.off, si.name = pr.Pid, off, loc[off]
			if off == 0 {
				si.kind = sPC
			}
		}
	}
	return n
}

func (n *names) global(p *model.Program, t *model.Type, base int, path string) {
	switch t.Kind {
	case model.TStruct:
		for _, f := range t.Fields {
			n.global(p, f.Type, base+f.Offset, path+"."+f.Name)
		}
	case model.TArray:
		for i := 0; i < t.Len; i++ {
			n.global(p, t.Elem, base+i*t.Elem.Slots, fmt.Sprintf("%s[%d]", path, i))
		}
	case model.TPool:
		o := &syncObj{kind: t.Kind, last: n.fresh(path + "_last"), elem: t.Elem}
		n.slots[base].name = o.last
		for i := 0; i < t.Len; i++ {
			st := base + 1 + i*(1+t.Elem.Slots)
			o.states = append(o.states, st)
			n.slots[st].name = n.fresh(fmt.Sprintf("%s_%d_state", path, i))
			n.global(p, t.Elem, st+1, fmt.Sprintf("%s[%d]", path, i))
		}
		n.objs[base] = o
	default:
		if t.IsSync() {
			o := textOf(t.Kind).declare(n, p, base, path)
			o.kind = t.Kind
			n.objs[base] = o
			return
		}
		n.slots[base].name = n.fresh(path)
		n.slots[base].isBool = t.Kind == model.TBool
	}
}

func (n *names) local(loc map[int]string, t *model.Type, off int, path string) {
	switch t.Kind {
	case model.TStruct:
		for _, f := range t.Fields {
			n.local(loc, f.Type, off+f.Offset, path+"."+f.Name)
		}
	case model.TArray:
		for i := 0; i < t.Len; i++ {
			n.local(loc, t.Elem, off+i*t.Elem.Slots, fmt.Sprintf("%s[%d]", path, i))
		}
	default:
		loc[off] = n.fresh(path)
	}
}

// promelaType is the narrowest Promela type holding lo..hi.
func promelaType(lo, hi int64, isBool bool) string {
	switch {
	case isBool:
		return "bool"
	case lo >= 0 && hi <= 255:
		return "byte"
	case lo >= -32768 && hi <= 32767:
		return "short"
	}
	return "int"
}
