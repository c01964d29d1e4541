package explorer

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
)

// The fingerprint table finds every hash it holds, with its tag, and no
// other, through many growths from one bucket a shard (each growth places
// every entry again); its load stays at most 0.9 and, past the first
// growths, above 0.7; projectedBytes before adding states is bytes after
// (the memory budget's projection is exact); retag makes every tag old.
func TestFPTableGrowth(t *testing.T) {
	defer func(b int) { fpFirstBuckets = b }(fpFirstBuckets)
	fpFirstBuckets = 1
	ft := newFPTable()
	rng := rand.New(rand.NewSource(7))
	tags := map[uint64]uint64{}
	for round := 0; round < 30; round++ {
		var batch []uint64
		var added [numShards]int
		for k := 0; k < 1+round*round*5; k++ {
			h := rng.Uint64()
			if rng.Intn(8) == 0 {
				h = h&^fpMask | 0x1234 // many hashes alike in their low bits
			}
			if _, dup := tags[h]; dup {
				continue
			}
			tags[h] = 1 + uint64(round%3)
			batch = append(batch, h)
			added[shardOf(h)]++
		}
		want := ft.projectedBytes(&added)
		for _, h := range batch {
			_, isNew := ft.insert(h, tags[h])
			require.True(t, isNew)
		}
		require.Equal(t, want, ft.bytes(), "round %d", round)
	}
	n := 0
	for i := range ft.shards {
		sh := &ft.shards[i]
		n += sh.n
		require.LessOrEqual(t, sh.n*10, len(sh.t)*fpMaxLoad)
		require.Greater(t, sh.n*10, len(sh.t)*7, "shard %d: load %d/%d", i, sh.n, len(sh.t))
	}
	require.Equal(t, len(tags), n)
	for h, tag := range tags {
		got, found := ft.tagOf(h)
		old, isNew := ft.insert(h, 5)
		_, other := ft.tagOf(h ^ 1<<20)
		if !found || got != tag || isNew || old != tag || other {
			t.Fatalf("%x: found %v tag %d (want %d), inserted again %v (tag %d), a neighbour found %v", h, found, got, tag, isNew, old, other)
		}
	}
	gap, stored := ft.minGap()
	require.Equal(t, len(tags), stored)
	require.NotZero(t, gap)
	ft.retag()
	for h := range tags {
		if got, _ := ft.tagOf(h); got != tagOld {
			t.Fatalf("%x: tag %d after retag", h, got)
		}
	}
}
