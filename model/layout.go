package model

import "math/bits"

// slotPos is where a slot lives in the state vector.
type slotPos struct {
	word  int32
	shift uint8
	mask  uint64
	lo    int64
	hi    int64
}

// layout packs slots into 64-bit words; a slot never straddles two words, so
// a read is one shift and one mask.
func layout(slots []Slot) ([]slotPos, int) {
	pos := make([]slotPos, len(slots))
	word, shift := 0, 0
	for i, s := range slots {
		width := 0
		if s.Hi > s.Lo {
			width = bits.Len64(uint64(s.Hi - s.Lo))
		}
		if shift+width > 64 {
			word++
			shift = 0
		}
		var mask uint64
		if width > 0 {
			mask = (uint64(1) << width) - 1
		}
		pos[i] = slotPos{word: int32(word), shift: uint8(shift), mask: mask, lo: s.Lo, hi: s.Hi}
		shift += width
	}
	return pos, word + 1
}

// Words is the length of a state vector in 64-bit words.
func (p *Program) Words() int { return p.words }

// Get returns the value of slot i in state s.
func (p *Program) Get(s []uint64, i int) int64 {
	sp := &p.pos[i]
	return int64((s[sp.word]>>sp.shift)&sp.mask) + sp.lo
}

// put stores v (already range-checked) into slot i.
func (p *Program) put(s []uint64, i int, v int64) {
	sp := &p.pos[i]
	s[sp.word] = s[sp.word]&^(sp.mask<<sp.shift) | uint64(v-sp.lo)<<sp.shift
}
