// Package pad keeps the scratch of parallel workers on cache lines of its
// own. Each explorer worker writes its Machine's, lockdep's and block's
// scratch at every step; small objects of two workers allocated one after
// the other share a 64-byte line, and every write then takes the line from
// the other core (false sharing). Padding them took about 5% off the CPU
// time of a two-worker search (seqcount-retry FAULTS=5: 7.99 to 7.57 s
// user; bench/RESULTS.md, "Parallel search, second design").
package pad

import "unsafe"

// LineBytes is the bytes of a cache line (x86-64, arm64).
const LineBytes = 64

// Line is a cache line of padding: a struct whose fields workers write
// begins and ends with one, so no other object shares their lines.
type Line [LineBytes]byte

// Slice makes a slice of n elements that fills whole cache lines of its own
// (its capacity rounded up to them): Go's size classes for multiples of 64
// bytes are aligned to 64 bytes.
func Slice[T any](n int) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	bytes := (max(n*size, 1) + LineBytes - 1) / LineBytes * LineBytes
	return make([]T, n, max(bytes/size, n))
}
