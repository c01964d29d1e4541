package explorer

import "mcheck/model"

// vias codes the step that discovered a state, pid<<24 | node (pack), as
// its number among all the program's steps: in one byte for programs of at
// most 256 steps, in two for at most 65536, else in four.
type vias struct {
	width int
	base  []uint32 // base[pid]: the code of pid's node 0
	steps []uint32 // code -> pid<<24 | node
}

func newVias(p *model.Program) vias {
	v := vias{width: 4, steps: []uint32{0}} // code 0: the initial state's
	for pid, pr := range p.Procs {
		v.base = append(v.base, uint32(len(v.steps)))
		for node := range pr.Type.Nodes {
			v.steps = append(v.steps, pack(model.Trans{Pid: int32(pid), Node: int32(node)}))
		}
	}
	switch n := len(v.steps); {
	case n <= 1<<8:
		v.width = 1
	case n <= 1<<16:
		v.width = 2
	}
	return v
}

// code is via's number; 0 is the initial state's (no step).
func (v *vias) code(via uint32) uint32 {
	c, ok := v.lookup(via)
	if !ok {
		panic("store: a step outside the program")
	}
	return c
}

// lookup is code, reporting whether via is a step of the program.
func (v *vias) lookup(via uint32) (uint32, bool) {
	if via == 0 {
		return 0, true
	}
	pid, node := int(via>>24), via&(1<<24-1)
	if pid >= len(v.base) || int(v.base[pid]+node) >= len(v.steps) || v.steps[v.base[pid]+node] != via {
		return 0, false
	}
	return v.base[pid] + node, true
}

// set writes the code of via as state j's in a chunk's buf.
func (v *vias) set(buf []byte, j int, via uint32) {
	c := v.code(via)
	switch v.width {
	case 1:
		buf[j] = byte(c)
	case 2:
		buf[2*j], buf[2*j+1] = byte(c), byte(c>>8)
	default:
		buf[4*j], buf[4*j+1], buf[4*j+2], buf[4*j+3] = byte(c), byte(c>>8), byte(c>>16), byte(c>>24)
	}
}

// get is state j's via from a chunk's buf.
func (v *vias) get(buf []byte, j int) uint32 {
	var c uint32
	switch v.width {
	case 1:
		c = uint32(buf[j])
	case 2:
		c = uint32(buf[2*j]) | uint32(buf[2*j+1])<<8
	default:
		c = uint32(buf[4*j]) | uint32(buf[4*j+1])<<8 | uint32(buf[4*j+2])<<16 | uint32(buf[4*j+3])<<24
	}
	return v.steps[c]
}
