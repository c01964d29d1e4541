package explorer

import (
	"os"
	"testing"
)

// TestMain runs the package's tests with partial-order reduction from the
// first state (no exact prefix and every level reduced, porprefix.go), so
// that the POR tests reduce the small specs they check; TestPORExactPrefix
// and porlevel_test.go test the prefix and the per-level choice.
func TestMain(m *testing.M) {
	porPrefix, porMinPruned = 0, 0
	os.Exit(m.Run())
}

// SetBlocks sets the parallel search's block size and blocks per worker, for
// tests that want many small batches on small specs; it returns the undo.
func SetBlocks(states, perWorker int) (restore func()) {
	s, p := blockStates, blocksPerWorker
	blockStates, blocksPerWorker = states, perWorker
	return func() { blockStates, blocksPerWorker = s, p }
}

// ParallelCommitted is how many states parallel batches have stored so far.
func ParallelCommitted() int64 { return parCommitted.Load() }

// ParallelTableFills is how many parallel batches have filled their table.
func ParallelTableFills() int64 { return parFilled.Load() }

// SetChunkBits sets the most states per store chunk (1<<bits), so that small
// specs fill many chunks; it returns the undo.
func SetChunkBits(bits uint) (restore func()) {
	old := maxChunkBits
	maxChunkBits = bits
	return func() { maxChunkBits = old }
}

// SetCollapse turns the exact store's compression on or off; it returns the
// undo.
func SetCollapse(on bool) (restore func()) {
	old := collapseStates
	collapseStates = on
	return func() { collapseStates = old }
}

// DefaultPORPrefix is the exact prefix searches use outside the tests.
const DefaultPORPrefix = defaultPORPrefix

// SetPORPrefix sets how many states a BFS searches unreduced before partial-
// order reduction starts (porprefix.go); 0 reduces from the first state. It
// returns the undo.
func SetPORPrefix(n int) (restore func()) {
	old := porPrefix
	porPrefix = n
	return func() { porPrefix = old }
}

// DefaultPORMinPruned is the per-level choice's threshold outside the tests.
const DefaultPORMinPruned = defaultPORMinPruned

// SetPORMinPruned sets the least fraction of a level's sampled enabled steps
// that stubborn sets must prune for the level to be reduced (porprefix.go):
// 0 reduces every level, above 1 none. It returns the undo.
func SetPORMinPruned(f float64) (restore func()) {
	old := porMinPruned
	porMinPruned = f
	return func() { porMinPruned = old }
}

// SetBatchRecords bounds the records of a parallel batch's table, so that
// small specs fill it; it returns the undo.
func SetBatchRecords(n int) (restore func()) {
	lo, hi := recordsMin, recordsMax
	recordsMin, recordsMax = n, n
	return func() { recordsMin, recordsMax = lo, hi }
}

// SetBatchIgnoresRoom makes batches as large as their blocks allow, so that
// workers run out of room in the shards' tables; it returns the undo.
func SetBatchIgnoresRoom() (restore func()) {
	parRoomFull.Store(0)
	batchIgnoresRoom = true
	return func() { batchIgnoresRoom = false }
}

// ParallelRoomFills is how many times a worker found no room in a shard
// since SetBatchIgnoresRoom.
func ParallelRoomFills() int64 { return parRoomFull.Load() }

// SetBlocksReversed makes the parallel workers take a batch's blocks last
// first; it returns the undo.
func SetBlocksReversed() (restore func()) {
	blocksReversed = true
	return func() { blocksReversed = false }
}

// SetFPTable makes fingerprint tables start at buckets buckets a shard and
// mark states old every period levels (fptable.go); it returns the undo.
func SetFPTable(buckets, period int) (restore func()) {
	b, p := fpFirstBuckets, tagPeriod
	fpFirstBuckets, tagPeriod = buckets, period
	return func() { fpFirstBuckets, tagPeriod = b, p }
}
