package explorer

import (
	"testing"

	"mcheck/protocols"
	"mcheck/specs/compile"
)

func BenchmarkZZSetup(b *testing.B) {
	src, fn, _ := protocols.Source("rwsem-writer-waits")
	res, _ := compile.Compile(fn, src, compile.Options{Set: map[string]int64{"FAULTS": 4}})
	p := res.Program
	b.Run("newPOR", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			newPOR(p, true)
		}
	})
	b.Run("off", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			Explore(p, Options{})
		}
	})
	b.Run("on", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			Explore(p, Options{POR: true})
		}
	})
}
