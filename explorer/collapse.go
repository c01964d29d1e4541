package explorer

import "math/bits"

// Collapse compression of the exact store (a BFS's): each state vector is cut
// into 32-bit halves, each half's value is numbered in a dictionary of its
// own position, and a chunk of expanded states keeps only the numbers,
// bit-packed at the widths its dictionaries needed when it was compressed
// (a position with one value costs no bit). Numbers never change, so a chunk
// is never re-encoded. On the catalogue a half takes at most a few thousand
// values while the whole vector takes millions, so a 2-3 word state (16-24
// bytes) packs in 5-7 (bench/RESULTS.md, "Compact store").
//
// Only chunks wholly below the level being expanded are compressed: they
// are read again only to compare a probe, to hash on a table's growth, and
// for traces and checkpoints (state decodes a copy). The level being
// expanded and the one being filled stay plain, for the expansion and the
// workers' reads. Compression runs in reserve, which is serial: parallel
// workers never see a chunk change.
type collapse struct {
	dicts []dict // one per 32-bit half of the vector
	done  int    // chunks compressed, from the first on
	codes int64  // bytes of compressed chunks' codes
	buf   []uint32
}

// dict numbers the values seen at one position: an open-addressing table of
// value<<32 | number+1 (0 is empty), and the values by number.
type dict struct {
	table  []uint64
	values []uint32
}

// coded is a compressed chunk's layout.
type coded struct {
	codes  []uint64 // stride bits a state, one word of padding
	stride uint
	width  []uint8  // per position
	off    []uint32 // per position: its bits' offset in a state's code
}

func newCollapse(words int) *collapse {
	c := &collapse{dicts: make([]dict, 2*words)}
	for p := range c.dicts {
		c.dicts[p].table = make([]uint64, 64)
	}
	return c
}

// number returns v's number at this position, numbering it if new.
func (d *dict) number(v uint32) uint32 {
	mask := uint64(len(d.table) - 1)
	for i := uint64(v) * 0x9e3779b97f4a7c15 >> 32 & mask; ; i = (i + 1) & mask {
		e := d.table[i]
		if e == 0 {
			d.values = append(d.values, v)
			d.table[i] = uint64(v)<<32 | uint64(len(d.values))
			if len(d.values)*2 > len(d.table) {
				d.grow()
			}
			return uint32(len(d.values) - 1)
		}
		if uint32(e>>32) == v {
			return uint32(e) - 1
		}
	}
}

func (d *dict) grow() {
	d.table = make([]uint64, len(d.table)*2)
	mask := uint64(len(d.table) - 1)
	for k, v := range d.values {
		i := uint64(v) * 0x9e3779b97f4a7c15 >> 32 & mask
		for d.table[i] != 0 {
			i = (i + 1) & mask
		}
		d.table[i] = uint64(v)<<32 | uint64(k+1)
	}
}

func half(s []uint64, p int) uint32 { return uint32(s[p>>1] >> (32 * (p & 1))) }

// compressBelow compresses the chunks wholly below state i.
func (st *store) compressBelow(i int) {
	for st.col.done < i>>st.shift {
		st.compressChunk(&st.chunks[st.col.done])
		st.col.done++
	}
}

// compressChunk numbers a chunk's halves, then packs the numbers.
func (st *store) compressChunk(c *chunk) {
	col, n, np := st.col, 1<<st.shift, len(st.col.dicts)
	col.buf = col.buf[:0]
	for j := 0; j < n; j++ {
		s := c.states[j*st.words : (j+1)*st.words]
		for p := 0; p < np; p++ {
			col.buf = append(col.buf, col.dicts[p].number(half(s, p)))
		}
	}
	k := &coded{width: make([]uint8, np), off: make([]uint32, np)}
	for p := range col.dicts {
		k.width[p] = uint8(bits.Len(uint(len(col.dicts[p].values) - 1)))
		k.off[p] = uint32(k.stride)
		k.stride += uint(k.width[p])
	}
	k.codes = make([]uint64, (uint(n)*k.stride+63)/64+1)
	for j := 0; j < n; j++ {
		for p := 0; p < np; p++ {
			putBits(k.codes, uint(j)*k.stride+uint(k.off[p]), col.buf[j*np+p])
		}
	}
	c.states, c.coded = nil, k
	col.codes += int64(len(k.codes)) * 8
}

func putBits(buf []uint64, off uint, v uint32) {
	buf[off>>6] |= uint64(v) << (off & 63)
	if off&63 > 32 {
		buf[off>>6+1] |= uint64(v) >> (64 - off&63)
	}
}

func getBits(buf []uint64, off uint, w uint8) uint32 {
	v := buf[off>>6] >> (off & 63)
	if off&63+uint(w) > 64 {
		v |= buf[off>>6+1] << (64 - off&63)
	}
	return uint32(v & (1<<w - 1))
}

// decode appends compressed state j of chunk k to out.
func (col *collapse) decode(k *coded, j int, out []uint64) []uint64 {
	base := uint(j) * k.stride
	for p := 0; p < len(col.dicts); p += 2 {
		lo := col.dicts[p].values[getBits(k.codes, base+uint(k.off[p]), k.width[p])]
		hi := col.dicts[p+1].values[getBits(k.codes, base+uint(k.off[p+1]), k.width[p+1])]
		out = append(out, uint64(hi)<<32|uint64(lo))
	}
	return out
}

// equal reports whether compressed state j of chunk k is s.
func (col *collapse) equal(k *coded, j int, s []uint64) bool {
	base := uint(j) * k.stride
	for p := range col.dicts {
		if col.dicts[p].values[getBits(k.codes, base+uint(k.off[p]), k.width[p])] != half(s, p) {
			return false
		}
	}
	return true
}

// bytes is the dictionaries' and the codes' memory.
func (col *collapse) bytes() int64 {
	if col == nil {
		return 0
	}
	b := col.codes + int64(cap(col.buf))*4
	for p := range col.dicts {
		b += int64(len(col.dicts[p].table))*8 + int64(cap(col.dicts[p].values))*4
	}
	return b
}
