package explorer

import (
	"math/bits"
	"unsafe"

	"mcheck/model"
)

// store holds every visited state exactly, in discovery order. States live
// in fixed-size chunks, so growing never copies them and leaves no garbage
// behind (the Go heap would otherwise peak at about twice the live store).
// Per state it keeps the vector, the parent's index and the step taken from
// it (a transition code of one, two or four bytes: vias.go), for
// counterexamples. Depths are not stored while they never decrease in index
// order, as in every breadth-first search: levels holds the first index of
// each depth. A search that breaks that order (DFS) makes the store keep a
// depth per state from then on.
//
// Open-addressing tables of 32-bit state indices find the states; a probe
// compares the vector (or, with fingerprints, the stored hash). The table
// is split into shards by the hash's top bits, each growing on its own:
// parallel workers (parallel.go) claim slots with compare-and-swap while
// they expand (partable.go), and the commit grows the tables (expect).
// bench/RESULTS.md ("Compact store") has the measurements behind this layout.
// A BFS over fingerprints replaces the tables with an fpTable and moves the
// parents and steps of released chunks to a trail file (fingerprint.go).
type store struct {
	// fp: compare 64-bit fingerprints (the hash) instead of vectors, and
	// let the search release the vectors of expanded states (fingerprint.go)
	fp       bool
	words    int
	shift    uint // 1<<shift states per chunk
	chunks   []chunk
	n        int
	released int // fpt: chunks released (vectors dropped, meta in the trail), from the first on
	shards   [numShards]shard
	vias     vias
	levels   []int     // levels[d]: the first state of depth d (while !deep)
	deep     bool      // depths are stored per state (chunk.depth)
	col      *collapse // nil: no compression (collapse.go)
	idxBits  uint      // entry bits for the index (the rest is a tag)
	// fpt: a BFS over fingerprints (fptable.go) keeps its states in a
	// table of bare fingerprints instead of shards, and the expanded
	// chunks' parents and steps in trail (trail.go); fp is then false
	fpt   *fpTable
	trail trail
}

// numShards is 1<<shardBits; 64 shards keep many workers busy in a commit
// and cost a serial search nothing but a shift.
const (
	shardBits = 6
	numShards = 1 << shardBits
)

type shard struct {
	table []uint32 // entries (tag, index+1); 0 is empty
	mask  uint64
	n     int
}

// A table entry is a tag of 32-idxBits bits of the state's hash (bits the
// shard and the slot do not use) over idxBits bits of index+1: the tag
// spares most probes a look at the vector. idxBits starts at 24 and grows,
// the tags losing a bit each time, as the store passes 2^idxBits states.
const firstIdxBits = 24

func (st *store) tag(h uint64) uint32 { return uint32(h>>26) >> st.idxBits }

func (st *store) entry(h uint64, idx int) uint32 { return st.tag(h)<<st.idxBits | uint32(idx+1) }

func (st *store) index(e uint32) int { return int(e&(1<<st.idxBits-1)) - 1 }

// widen makes room in the entries for indices up to n.
func (st *store) widen(n int) {
	for st.idxBits < 32 && uint64(n) >= 1<<st.idxBits-1 {
		for s := range st.shards {
			t := st.shards[s].table
			for i, e := range t {
				if e != 0 {
					t[i] = e>>(st.idxBits+1)<<(st.idxBits+1) | e&(1<<st.idxBits-1)
				}
			}
		}
		st.idxBits++
	}
}

// A chunk holds at most 1<<maxChunkBits states and, for large states, as
// many as fit in chunkBytes (at least 1<<minChunkBits): the memory budget
// counts whole chunks, and one chunk of 16384 states of a few KiB each was
// larger than any budget, so every budget stopped at the same count.
const (
	minChunkBits = 4
	chunkBytes   = 1 << 20
)

// maxChunkBits is a variable for the tests, which want small chunks.
var maxChunkBits uint = 14

type chunk struct {
	states []uint64 // chunk capacity * words; nil once released or compressed
	coded  *coded   // the compressed vectors
	parent []uint32
	via    []byte   // vias.width bytes a state
	depth  []uint32 // only when the store is deep
	fps    []uint64 // with fp: each state's fingerprint
}

// meta is what the store keeps of a state besides its vector, as put takes
// it and the accessors return it.
type meta struct {
	parent uint32
	via    uint32 // pid<<24 | node
}

func newStore(words int, fp bool, p *model.Program) *store {
	st := &store{words: words, shift: maxChunkBits, fp: fp, vias: newVias(p), idxBits: firstIdxBits}
	for st.shift > minChunkBits && (1<<st.shift)*st.perState() > chunkBytes {
		st.shift--
	}
	for i := range st.shards {
		st.shards[i].table = make([]uint32, 1<<12>>shardBits)
		st.shards[i].mask = uint64(len(st.shards[i].table) - 1)
	}
	return st
}

// perState is the bytes a chunk holds per state.
func (st *store) perState() int {
	per := st.words*8 + 4 + st.vias.width
	if st.deep {
		per += 4
	}
	if st.fp {
		per += 8
	}
	return per
}

func (st *store) len() int { return st.n }

// state is state i's vector: in the store, or a copy when its chunk is
// compressed (no search expands such a state again).
func (st *store) state(i int) []uint64 {
	c := &st.chunks[i>>st.shift]
	if c.states == nil && c.coded != nil {
		return st.col.decode(c.coded, i&(1<<st.shift-1), make([]uint64, 0, st.words))
	}
	j := (i & (1<<st.shift - 1)) * st.words
	return c.states[j : j+st.words : j+st.words]
}

func (st *store) chunkOf(i int) (*chunk, int) { return &st.chunks[i>>st.shift], i & (1<<st.shift - 1) }

func (st *store) parentOf(i int) int {
	if st.isReleased(i) {
		p, _ := st.trail.read(i)
		return int(p)
	}
	c, j := st.chunkOf(i)
	return int(c.parent[j])
}

func (st *store) viaOf(i int) uint32 {
	if st.isReleased(i) {
		_, v := st.trail.read(i)
		return st.vias.get(v, 0)
	}
	c, j := st.chunkOf(i)
	return st.vias.get(c.via, j)
}

func (st *store) depthOf(i int) int {
	if st.deep {
		c, j := st.chunkOf(i)
		return int(c.depth[j])
	}
	lo, hi := 0, len(st.levels) // the last level starting at or before i
	for hi-lo > 1 {
		if m := (lo + hi) / 2; st.levels[m] <= i {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}

func shardOf(h uint64) int { return int(h >> (64 - shardBits)) }

func hash(s []uint64) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, w := range s {
		h ^= w * 0xbf58476d1ce4e5b9
		h = bits.RotateLeft64(h, 31) * 0x94d049bb133111eb
	}
	h ^= h >> 29
	return h
}

// hashOf is state i's hash: its fingerprint, or its vector's hash.
func (st *store) hashOf(i int) uint64 {
	c, j := st.chunkOf(i)
	if st.fp {
		return c.fps[j]
	}
	if c.states == nil && c.coded != nil {
		var buf [8]uint64
		return hash(st.col.decode(c.coded, j, buf[:0]))
	}
	return hash(st.state(i))
}

// same reports whether state i is s (whose hash is h): the vectors are
// equal, or with fingerprints the hashes are.
func (st *store) same(i int, s []uint64, h uint64) bool {
	c, j := st.chunkOf(i)
	if st.fp {
		return c.fps[j] == h
	}
	if c.states == nil {
		return st.col.equal(c.coded, j, s)
	}
	return equal(c.states[j*st.words:(j+1)*st.words], s)
}

func equal(a, b []uint64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// find returns the slot of s in its shard: the slot holding it, or the empty
// slot where it would go.
func (st *store) find(sh *shard, s []uint64, h uint64) (slot uint64, found bool) {
	for i := h & sh.mask; ; i = (i + 1) & sh.mask {
		e := sh.table[i]
		if e == 0 {
			return i, false
		}
		if e>>st.idxBits == st.tag(h) && st.same(st.index(e), s, h) {
			return i, true
		}
	}
}

// lookup returns the index of s if it is stored (with a fingerprint table,
// which has no indices, only whether it is).
func (st *store) lookup(s []uint64) (int, bool) { return st.lookupHash(s, hash(s)) }

// lookupHash is lookup with s's hash already computed. It only reads, so
// workers may call it together while nobody inserts.
func (st *store) lookupHash(s []uint64, h uint64) (int, bool) {
	if st.fpt != nil {
		_, found := st.fpt.tagOf(h)
		return -1, found
	}
	sh := &st.shards[shardOf(h)]
	slot, found := st.find(sh, s, h)
	if !found {
		return 0, false
	}
	return st.index(sh.table[slot]), true
}

// insert adds s if it is new, returning its index and whether it was new.
func (st *store) insert(s []uint64, parent int, via uint32, depth int) (int, bool) {
	h := hash(s)
	sh := &st.shards[shardOf(h)]
	slot, found := st.find(sh, s, h)
	if found {
		return st.index(sh.table[slot]), false
	}
	idx := st.n
	st.reserve(1, depth)
	st.put(idx, s, meta{parent: uint32(parent), via: via})
	st.setFP(idx, h)
	sh.table[slot] = st.entry(h, idx)
	st.added(sh)
	return idx, true
}

// insertFP is insert for a fingerprint table: it adds s if new, returning
// its index and whether it was new; for a state stored before, whether it
// is back (of depth less than depth: not entered in this level).
func (st *store) insertFP(s []uint64, parent int, via uint32, depth int) (idx int, isNew, back bool) {
	h := hash(s)
	tag := levelTag(depth)
	if old, isNew := st.fpt.insert(h, tag); !isNew {
		return -1, false, old != tag
	}
	idx = st.n
	st.reserve(1, depth)
	st.put(idx, s, meta{parent: uint32(parent), via: via})
	return idx, true, false
}

// reserve makes room for k more states of depth depth at indices n..,
// allocating chunks.
func (st *store) reserve(k, depth int) {
	first := st.n
	st.n += k
	if st.fpt == nil {
		st.widen(st.n)
	}
	for (st.n-1)>>st.shift >= len(st.chunks) {
		c := chunk{states: make([]uint64, (1<<st.shift)*st.words), parent: make([]uint32, 1<<st.shift),
			via: make([]byte, (1<<st.shift)*st.vias.width)}
		if st.deep {
			c.depth = make([]uint32, 1<<st.shift)
		}
		if st.fp {
			c.fps = make([]uint64, 1<<st.shift)
		}
		st.chunks = append(st.chunks, c)
	}
	st.setDepth(first, st.n, depth)
}

// setDepth records that states [from, to) have depth d: as a new level, or
// in the last one, or else (a depth out of order) per state.
func (st *store) setDepth(from, to, d int) {
	if from == to {
		return
	}
	if !st.deep && d == len(st.levels) {
		st.levels = append(st.levels, from)
		if st.col != nil && !st.fp && d >= 1 {
			st.compressBelow(st.levels[d-1]) // expanded: below the level being expanded
		}
		return
	}
	if !st.deep && d == len(st.levels)-1 {
		return
	}
	if !st.deep {
		st.deepen(from)
	}
	for i := from; i < to; i++ {
		c, j := st.chunkOf(i)
		c.depth[j] = uint32(d)
	}
}

// deepen starts keeping a depth per state, writing those of states [0, n).
func (st *store) deepen(n int) {
	for c := range st.chunks {
		st.chunks[c].depth = make([]uint32, 1<<st.shift)
	}
	for i := 0; i < n; i++ {
		c, j := st.chunkOf(i)
		c.depth[j] = uint32(st.depthOf(i))
	}
	st.deep, st.levels = true, nil
}

// put writes state idx (reserved: its depth is set). Workers may put
// distinct indices at once.
func (st *store) put(idx int, s []uint64, m meta) {
	copy(st.state(idx), s)
	c, j := st.chunkOf(idx)
	c.parent[j] = m.parent
	st.vias.set(c.via, j, m.via)
}

// setFP records state idx's fingerprint (fp only).
func (st *store) setFP(idx int, h uint64) {
	if st.fp {
		c, j := st.chunkOf(idx)
		c.fps[j] = h
	}
}

// place enters state idx (put already) with hash h into its shard, known
// not to hold it. Workers may place into distinct shards at once.
func (st *store) place(h uint64, idx int) {
	sh := &st.shards[shardOf(h)]
	i := h & sh.mask
	for sh.table[i] != 0 {
		i = (i + 1) & sh.mask
	}
	sh.table[i] = st.entry(h, idx)
	st.added(sh)
}

// expect counts k more entries in shard i, already in its table (a parallel
// commit), growing the table as inserting them one by one would, so that
// the tables' sizes never depend on the workers. Workers may expect in
// distinct shards at once.
func (st *store) expect(i, k int) {
	for ; k > 0; k-- {
		st.added(&st.shards[i])
	}
}

// maxLoad is the load (in tenths) past which a shard's table doubles.
const maxLoad = 7

// added counts an entry of sh and doubles its table past maxLoad.
func (st *store) added(sh *shard) {
	sh.n++
	if uint64(sh.n)*10 > uint64(len(sh.table))*maxLoad {
		st.grow(sh)
	}
}

// grow doubles sh's table, placing each entry by its state's hash again
// (hashOf: the vector's, or the stored fingerprint).
func (st *store) grow(sh *shard) {
	old := sh.table
	sh.table = make([]uint32, len(old)*2)
	sh.mask = uint64(len(sh.table) - 1)
	for _, e := range old {
		if e == 0 {
			continue
		}
		for i := st.hashOf(st.index(e)) & sh.mask; ; i = (i + 1) & sh.mask {
			if sh.table[i] == 0 {
				sh.table[i] = e
				break
			}
		}
	}
}

// bytes is the store's memory: the chunks allocated (state vectors, parents,
// steps, fingerprints), the tables, the level list and the chunk list (these
// two by length, so that parcommit's projection is exact).
func (st *store) bytes() int64 {
	return st.chunkBytes(len(st.chunks)) + st.col.bytes() + st.tableBytes() + int64(len(st.levels))*8 +
		int64(len(st.chunks))*int64(unsafe.Sizeof(chunk{})) + st.fpBytes()
}

// fpBytes is the fingerprint table's and the trail's memory.
func (st *store) fpBytes() int64 {
	if st.fpt == nil {
		return 0
	}
	return st.fpt.bytes() + st.trail.bytes()
}

// projected is bytes after adding total states of depth depth, added[i] of
// them to shard i.
func (st *store) projected(added *[numShards]int, total, depth int) int64 {
	chunks := (st.n + total + 1<<st.shift - 1) >> st.shift
	levels := len(st.levels)
	if !st.deep && total > 0 && depth == levels {
		levels++
	}
	b := st.chunkBytes(chunks) + st.col.bytes() + int64(levels)*8 + int64(chunks)*int64(unsafe.Sizeof(chunk{}))
	if st.fpt != nil {
		return b + st.fpt.projectedBytes(added) + st.trail.bytes()
	}
	return b + st.projectedTableBytes(added)
}

// chunkBytes is the size of chunks chunks without the vectors compressed
// (counted by collapse.bytes) and the chunks released (in the trail).
func (st *store) chunkBytes(chunks int) int64 {
	per := int64(1<<st.shift) * int64(st.perState())
	if st.fpt != nil {
		return int64(chunks-st.released) * per
	}
	gone := 0
	if st.col != nil {
		gone = st.col.done
	}
	return int64(chunks)*per - int64(gone)*int64(1<<st.shift)*int64(st.words*8)
}

func (st *store) tableBytes() int64 {
	var b int64
	for i := range st.shards {
		b += int64(len(st.shards[i].table)) * 4
	}
	return b
}

// projectedTableBytes is tableBytes after adding added[i] states to shard i.
func (st *store) projectedTableBytes(added *[numShards]int) int64 {
	var table int64
	for i := range st.shards {
		sh := &st.shards[i]
		size := int64(len(sh.table))
		for int64(sh.n+added[i])*10 > size*maxLoad {
			size *= 2
		}
		table += size * 4
	}
	return table
}

// memBytes is what the memory budget counts: the store, the DFS stack and
// the deadlocked states kept (Options.KeepGoing). BFS has no queue of its
// own: the store is the queue.
func (s *search) memBytes() int64 {
	return s.st.bytes() + int64(cap(s.stack))*4 + int64(len(s.deadlocks))*int64(s.st.words*8+24)
}
