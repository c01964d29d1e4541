package explorer

import "math/bits"

// store holds every visited state exactly, in discovery order, in one flat
// arena; an open-addressing table of indices finds them. Per state it also
// keeps the parent and the step taken from it, for counterexamples.
type store struct {
	words  int
	arena  []uint64
	table  []uint32 // index+1; 0 is empty
	mask   uint64
	parent []uint32
	via    []uint32 // pid<<24 | node
	depth  []uint32
}

func newStore(words int) *store {
	st := &store{words: words}
	st.table = make([]uint32, 1<<12)
	st.mask = uint64(len(st.table) - 1)
	return st
}

func (st *store) len() int { return len(st.parent) }

func (st *store) state(i int) []uint64 { return st.arena[i*st.words : (i+1)*st.words] }

func hash(s []uint64) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, w := range s {
		h ^= w * 0xbf58476d1ce4e5b9
		h = bits.RotateLeft64(h, 31) * 0x94d049bb133111eb
	}
	h ^= h >> 29
	return h
}

func equal(a, b []uint64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// insert adds s if it is new, returning its index and whether it was new.
func (st *store) insert(s []uint64, parent int, via uint32, depth int) (int, bool) {
	h := hash(s)
	for i := h & st.mask; ; i = (i + 1) & st.mask {
		e := st.table[i]
		if e == 0 {
			idx := st.len()
			st.table[i] = uint32(idx + 1)
			st.arena = append(st.arena, s...)
			st.parent = append(st.parent, uint32(parent))
			st.via = append(st.via, via)
			st.depth = append(st.depth, uint32(depth))
			if uint64(st.len())*2 > uint64(len(st.table)) {
				st.grow()
			}
			return idx, true
		}
		if equal(st.state(int(e-1)), s) {
			return int(e - 1), false
		}
	}
}

func (st *store) grow() {
	st.table = make([]uint32, len(st.table)*2)
	st.mask = uint64(len(st.table) - 1)
	for idx := 0; idx < st.len(); idx++ {
		for i := hash(st.state(idx)) & st.mask; ; i = (i + 1) & st.mask {
			if st.table[i] == 0 {
				st.table[i] = uint32(idx + 1)
				break
			}
		}
	}
}

// bytes estimates the store's memory.
func (st *store) bytes() int64 {
	return int64(cap(st.arena))*8 + int64(len(st.table))*4 + int64(cap(st.parent)+cap(st.via)+cap(st.depth))*4
}
