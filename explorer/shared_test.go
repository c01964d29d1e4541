package explorer_test

import (
	"encoding/binary"
	"hash"
	"hash/fnv"
	"math"
	"reflect"
	"sort"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// TestExecutableShared: searches share a linked program and write nothing
// in it. Two searches of the same program run at once, each with two
// workers, partial-order and symmetry reduction and lock-order tracking,
// then a liveness search; each result equals a serial search's, and every
// value reachable from the Executable (all but the closures' captures) hashes
// the same before and after. Run with -race, any write to the shared program
// during the searches is reported:
//
//	go test -race -run TestExecutableShared ./explorer
func TestExecutableShared(t *testing.T) {
	for _, spec := range []string{"seqcount-retry", "stackrot-fixed"} {
		src, file, _ := protocols.Source(spec)
		res, err := compile.Compile(file, src, compile.Options{})
		require.NoError(t, err)
		p := res.Program
		before := fingerprint(t, p.Executable)
		o := explorer.Options{POR: true, Symmetry: true}
		serial := explore(t, p, o)
		o.Workers = 2
		var wg sync.WaitGroup
		results := make([]*explorer.Result, 2)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], _ = explorer.Explore(p, o)
			}()
		}
		wg.Wait()
		for _, r := range results {
			require.Equal(t, serial, r, spec)
		}
		if len(p.Liveness) > 0 {
			_, err := explorer.ExploreLiveness(p, explorer.LiveCheck{}, explorer.Options{POR: true, Symmetry: true})
			require.NoError(t, err)
		}
		require.Equal(t, before, fingerprint(t, p.Executable), "%s: the search wrote to its program", spec)
	}
}

// fingerprint hashes every value reachable from v, following pointers once,
// maps in key order; functions count only as nil or not.
func fingerprint(t *testing.T, v any) uint64 {
	h := fnv.New64a()
	walk(t, h, reflect.ValueOf(v), map[uintptr]bool{})
	return h.Sum64()
}

func walk(t *testing.T, h hash.Hash64, v reflect.Value, seen map[uintptr]bool) {
	put := func(x uint64) { h.Write(binary.LittleEndian.AppendUint64(nil, x)) }
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		walkRef(t, h, v, seen)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			walk(t, h, v.Field(i), seen)
		}
	case reflect.Slice, reflect.Array:
		put(uint64(v.Len()))
		for i := 0; i < v.Len(); i++ {
			walk(t, h, v.Index(i), seen)
		}
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return mapKeyLess(t, keys[i], keys[j]) })
		put(uint64(len(keys)))
		for _, k := range keys {
			walk(t, h, k, seen)
			walk(t, h, v.MapIndex(k), seen)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		put(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		put(v.Uint())
	case reflect.Bool:
		put(map[bool]uint64{false: 2, true: 3}[v.Bool()])
	case reflect.String:
		put(uint64(v.Len()))
		h.Write([]byte(v.String()))
	case reflect.Float32, reflect.Float64:
		put(math.Float64bits(v.Float()))
	case reflect.Func:
		put(map[bool]uint64{false: 4, true: 5}[v.IsNil()])
	default:
		t.Fatalf("fingerprint: no rule for %s", v.Kind())
	}
}

// walkRef walks what a pointer or an interface refers to, a pointer once.
func walkRef(t *testing.T, h hash.Hash64, v reflect.Value, seen map[uintptr]bool) {
	switch {
	case v.IsNil():
		h.Write([]byte{0})
	case v.Kind() == reflect.Pointer && seen[v.Pointer()]:
		h.Write([]byte{1})
	default:
		if v.Kind() == reflect.Pointer {
			seen[v.Pointer()] = true
		}
		walk(t, h, v.Elem(), seen)
	}
}

func mapKeyLess(t *testing.T, a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.String:
		return a.String() < b.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() < b.Int()
	}
	t.Fatalf("fingerprint: map keys of kind %s", a.Kind())
	return false
}
