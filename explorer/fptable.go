package explorer

import (
	"math/bits"
	"slices"
)

// fpTable is a breadth-first fingerprint search's set of states: bare
// 64-bit entries, no index, no per-state array (bench/RESULTS.md, "Compact
// store"). It is split into the store's shards by the hash's top shardBits
// bits, so an entry keeps the hash's other 58 bits and the shard supplies
// the top ones: the fingerprint is the whole 64-bit hash. The entry's top
// six bits are a level tag (below). Each shard is buckets of fpBucket
// entries (a cache line) with linear probing over buckets, and grows by a
// quarter, re-placing every entry, whenever it passes fpMaxLoad; the
// bucket is a multiply-high of the hash's low bits by the number of
// buckets ("fastrange"), so any bucket count works and the load stays
// between 0.72 and 0.9. A shard is 1/64 of the table, so a growth's copy
// costs little memory on top.
//
// The tag answers the one question the search asks of a state it finds
// stored: was it entered while expanding the current level (it is one
// deeper, not "back" for the cycle proviso)? A state of depth D is entered
// with tag 1 + D%tagPeriod; when a level whose depth is a multiple of
// tagPeriod begins, every tag becomes tagOld (one pass over the table). So
// the tags entered since the last such pass belong to tagPeriod
// consecutive depths, one each, and a state found while expanding depth K
// has tag 1 + (K+1)%tagPeriod exactly when it was entered in this level.
type fpTable struct {
	shards [numShards]fpShard
}

type fpShard struct {
	t  []uint64 // buckets of fpBucket entries; 0 is empty
	nb uint64   // buckets
	n  int
}

const (
	fpBucket  = 8
	fpMaxLoad = 9 // tenths
	fpBits    = 64 - shardBits
	fpMask    = 1<<fpBits - 1
	tagOld    = 1<<shardBits - 1
)

// tagPeriod and fpFirstBuckets are variables for the tests: a period of 1
// is one flag bit cleared at every level, and one bucket per shard makes
// the tables grow many times.
var (
	tagPeriod      = tagOld - 1
	fpFirstBuckets = 8
)

func newFPTable() *fpTable {
	t := &fpTable{}
	for i := range t.shards {
		t.shards[i].resize(uint64(fpFirstBuckets))
	}
	return t
}

func levelTag(depth int) uint64 { return 1 + uint64(depth%tagPeriod) }

func (sh *fpShard) resize(nb uint64) {
	sh.t, sh.nb = make([]uint64, nb*fpBucket), nb
}

// bucket is the first bucket of a hash's (or an entry's) low fpBits bits.
func (sh *fpShard) bucket(h uint64) uint64 {
	hi, _ := bits.Mul64(h<<shardBits, sh.nb)
	return hi
}

// find returns the position of h in its shard, or of the empty entry where
// it would go.
func (sh *fpShard) find(h uint64) (pos uint64, found bool) {
	f := h & fpMask
	for b := sh.bucket(h); ; {
		for k, e := range sh.t[b*fpBucket : b*fpBucket+fpBucket] {
			if e == 0 {
				return b*fpBucket + uint64(k), false
			}
			if e&fpMask == f {
				return b*fpBucket + uint64(k), true
			}
		}
		if b++; b == sh.nb {
			b = 0
		}
	}
}

func (t *fpTable) shard(h uint64) *fpShard { return &t.shards[shardOf(h)] }

// tagOf returns the tag of the state with hash h, and whether it is stored.
func (t *fpTable) tagOf(h uint64) (uint64, bool) {
	sh := t.shard(h)
	pos, found := sh.find(h)
	return sh.t[pos] >> fpBits, found
}

// insert enters h with tag if it is not stored; it reports whether it was
// new, and the stored entry's tag otherwise. Callers may insert into
// distinct shards at once.
func (t *fpTable) insert(h, tag uint64) (old uint64, isNew bool) {
	sh := t.shard(h)
	pos, found := sh.find(h)
	if found {
		return sh.t[pos] >> fpBits, false
	}
	sh.t[pos] = tag<<fpBits | h&fpMask
	sh.n++
	if sh.n*10 > len(sh.t)*fpMaxLoad {
		sh.grow()
	}
	return 0, true
}

// nextBuckets is the size a shard of nb buckets grows to.
func nextBuckets(nb uint64) uint64 { return nb + max(nb/4, 1) }

// grow makes sh a quarter larger and places every entry again.
func (sh *fpShard) grow() {
	old := sh.t
	sh.resize(nextBuckets(sh.nb))
	for _, e := range old {
		if e != 0 {
			pos, _ := sh.find(e)
			sh.t[pos] = e
		}
	}
}

// retag marks every stored state old (a level whose depth is a multiple of
// tagPeriod begins).
func (t *fpTable) retag() {
	for i := range t.shards {
		for k, e := range t.shards[i].t {
			if e != 0 {
				t.shards[i].t[k] = tagOld<<fpBits | e&fpMask
			}
		}
	}
}

func (t *fpTable) bytes() int64 {
	var b int64
	for i := range t.shards {
		b += int64(len(t.shards[i].t)) * 8
	}
	return b
}

// projectedBytes is bytes after adding added[i] states to shard i.
func (t *fpTable) projectedBytes(added *[numShards]int) int64 {
	var b int64
	for i := range t.shards {
		sh := &t.shards[i]
		nb := sh.nb
		for (sh.n+added[i])*10 > int(nb)*fpBucket*fpMaxLoad {
			nb = nextBuckets(nb)
		}
		b += int64(nb) * fpBucket * 8
	}
	return b
}

// minGap is the least distance between two stored fingerprints (for
// Omission.Empirical), sorting one shard's copy at a time.
func (t *fpTable) minGap() (gap uint64, n int) {
	gap = ^uint64(0)
	var buf []uint64
	prev, any := uint64(0), false
	for i := range t.shards {
		buf = buf[:0]
		for _, e := range t.shards[i].t {
			if e != 0 {
				buf = append(buf, uint64(i)<<fpBits|e&fpMask)
			}
		}
		slices.Sort(buf)
		for _, h := range buf {
			if any {
				gap = min(gap, h-prev)
			}
			prev, any = h, true
		}
		n += len(buf)
	}
	return gap, n
}
