package explorer_test

import (
	"os"
	"testing"

	"mcheck/explorer"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

func BenchmarkZZSpec(b *testing.B) {
	src, fn, _ := protocols.Source(os.Getenv("ZZSPEC"))
	set := map[string]int64{}
	if f := os.Getenv("ZZFAULTS"); f != "" {
		set["FAULTS"] = int64(f[0] - '0')
	}
	res, err := compile.Compile(fn, src, compile.Options{Set: set})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		explorer.Explore(res.Program, explorer.Options{POR: os.Getenv("ZZPOR") == "1"})
	}
}
