package explorer

import (
	"math/bits"
	"unsafe"
)

// store holds every visited state exactly, in discovery order. States live
// in fixed-size chunks, so growing never copies them and leaves no garbage
// behind (the Go heap would otherwise peak at about twice the live store).
// Open-addressing tables find them: each slot holds a state's index and 32
// bits of its hash, so most probes never touch the state vectors. Per state
// the store also keeps the parent, the step taken from it and the depth, for
// counterexamples and the reduction's cycle proviso.
//
// The table is split into shards by the hash's top bits, each growing on its
// own, so that parallel workers (parallel.go) insert without a lock: each
// shard has one owner during a commit, and nobody writes while workers look
// states up.
type store struct {
	// fp: compare 64-bit fingerprints (the hash) instead of vectors, and
	// let the search release the vectors of expanded states (fingerprint.go)
	fp       bool
	words    int
	shift    uint // 1<<shift states per chunk
	chunks   []chunk
	n        int
	released int // chunks whose vectors were released, from the first on
	shards   [numShards]shard
}

// numShards is 1<<shardBits; 64 shards keep many workers busy in a commit
// and cost a serial search nothing but a shift.
const (
	shardBits = 6
	numShards = 1 << shardBits
)

type shard struct {
	table []uint64 // hash tag << 32 | index+1; 0 is empty
	mask  uint64
	n     int
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
	states []uint64 // chunk capacity * words; nil once released
	meta   []meta
	fps    []uint64 // with fp: each state's fingerprint
}

type meta struct {
	parent uint32
	via    uint32 // pid<<24 | node
	depth  uint32
}

func newStore(words int, fp bool) *store {
	st := &store{words: words, shift: maxChunkBits, fp: fp}
	for st.shift > minChunkBits && (1<<st.shift)*(words*8+metaBytes) > chunkBytes {
		st.shift--
	}
	for i := range st.shards {
		st.shards[i].table = make([]uint64, 1<<12>>shardBits)
		st.shards[i].mask = uint64(len(st.shards[i].table) - 1)
	}
	return st
}

func (st *store) len() int { return st.n }

func (st *store) state(i int) []uint64 {
	c := &st.chunks[i>>st.shift]
	j := (i & (1<<st.shift - 1)) * st.words
	return c.states[j : j+st.words : j+st.words]
}

func (st *store) meta(i int) *meta {
	return &st.chunks[i>>st.shift].meta[i&(1<<st.shift-1)]
}

func (st *store) depthOf(i int) int    { return int(st.meta(i).depth) }
func (st *store) parentOf(i int) int   { return int(st.meta(i).parent) }
func (st *store) viaOf(i int) uint32   { return st.meta(i).via }
func tag(h uint64) uint64              { return h & 0xffffffff }
func shardOf(h uint64) int             { return int(h >> (64 - shardBits)) }
func entryIndex(e uint64) int          { return int(e&0xffffffff) - 1 }
func entryTag(e uint64) uint64         { return e >> 32 }
func makeEntry(h uint64, i int) uint64 { return tag(h)<<32 | uint64(i+1) }

func hash(s []uint64) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, w := range s {
		h ^= w * 0xbf58476d1ce4e5b9
		h = bits.RotateLeft64(h, 31) * 0x94d049bb133111eb
	}
	h ^= h >> 29
	return h
}

// same reports whether state i is s (whose hash is h): the vectors are
// equal, or with fingerprints the hashes are.
func (st *store) same(i int, s []uint64, h uint64) bool {
	if st.fp {
		return st.chunks[i>>st.shift].fps[i&(1<<st.shift-1)] == h
	}
	return equal(st.state(i), s)
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
	t := tag(h)
	for i := h & sh.mask; ; i = (i + 1) & sh.mask {
		e := sh.table[i]
		if e == 0 {
			return i, false
		}
		if entryTag(e) == t && st.same(entryIndex(e), s, h) {
			return i, true
		}
	}
}

// lookup returns the index of s if it is stored.
func (st *store) lookup(s []uint64) (int, bool) { return st.lookupHash(s, hash(s)) }

// lookupHash is lookup with s's hash already computed. It only reads, so
// workers may call it together while nobody inserts.
func (st *store) lookupHash(s []uint64, h uint64) (int, bool) {
	sh := &st.shards[shardOf(h)]
	slot, found := st.find(sh, s, h)
	if !found {
		return 0, false
	}
	return entryIndex(sh.table[slot]), true
}

// insert adds s if it is new, returning its index and whether it was new.
func (st *store) insert(s []uint64, parent int, via uint32, depth int) (int, bool) {
	h := hash(s)
	sh := &st.shards[shardOf(h)]
	slot, found := st.find(sh, s, h)
	if found {
		return entryIndex(sh.table[slot]), false
	}
	idx := st.n
	st.reserve(1)
	st.put(idx, s, meta{parent: uint32(parent), via: via, depth: uint32(depth)})
	st.setFP(idx, h)
	sh.table[slot] = makeEntry(h, idx)
	sh.added()
	return idx, true
}

// reserve makes room for k more states at indices n.., allocating chunks.
func (st *store) reserve(k int) {
	st.n += k
	for (st.n-1)>>st.shift >= len(st.chunks) {
		c := chunk{states: make([]uint64, (1<<st.shift)*st.words), meta: make([]meta, 1<<st.shift)}
		if st.fp {
			c.fps = make([]uint64, 1<<st.shift)
		}
		st.chunks = append(st.chunks, c)
	}
}

// put writes state idx (reserved). Workers may put distinct indices at once.
func (st *store) put(idx int, s []uint64, m meta) {
	copy(st.state(idx), s)
	*st.meta(idx) = m
}

// setFP records state idx's fingerprint (fp only).
func (st *store) setFP(idx int, h uint64) {
	if st.fp {
		st.chunks[idx>>st.shift].fps[idx&(1<<st.shift-1)] = h
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
	sh.table[i] = makeEntry(h, idx)
	sh.added()
}

// added counts an entry and doubles the table past load factor 0.7.
func (sh *shard) added() {
	sh.n++
	if uint64(sh.n)*10 > uint64(len(sh.table))*7 {
		sh.grow()
	}
}

// grow doubles the table; the tags hold the low 32 bits of each hash, which
// place the entry, so no state is read again.
func (sh *shard) grow() {
	old := sh.table
	sh.table = make([]uint64, len(old)*2)
	sh.mask = uint64(len(sh.table) - 1)
	for _, e := range old {
		if e == 0 {
			continue
		}
		for i := entryTag(e) & sh.mask; ; i = (i + 1) & sh.mask {
			if sh.table[i] == 0 {
				sh.table[i] = e
				break
			}
		}
	}
}

// metaBytes is the size of a meta.
const metaBytes = int(unsafe.Sizeof(meta{}))

// bytes is the store's memory: the chunks allocated (state vectors and
// meta), the tables, and the chunk list.
func (st *store) bytes() int64 {
	return st.chunkBytes(len(st.chunks)) + st.tableBytes() + int64(cap(st.chunks))*int64(unsafe.Sizeof(chunk{}))
}

// chunkBytes is the size of chunks chunks, with their vectors (a projection:
// released vectors are subtracted by bytes).
func (st *store) chunkBytes(chunks int) int64 {
	per := st.words*8 + metaBytes
	if st.fp {
		per += 8
	}
	return int64(chunks)*int64(1<<st.shift)*int64(per) - int64(st.released)*int64(1<<st.shift)*int64(st.words*8)
}

func (st *store) tableBytes() int64 {
	var b int64
	for i := range st.shards {
		b += int64(len(st.shards[i].table)) * 8
	}
	return b
}

// memBytes is what the memory budget counts: the store, the DFS stack and
// the deadlocked states kept (Options.KeepGoing). BFS has no queue of its
// own: the store is the queue.
func (s *search) memBytes() int64 {
	return s.st.bytes() + int64(cap(s.stack))*4 + int64(len(s.deadlocks))*int64(s.st.words*8+24)
}
