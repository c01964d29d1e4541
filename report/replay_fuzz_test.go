package report

import (
	"bytes"
	"testing"

	"mcheck/explorer"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// FuzzReplay feeds arbitrary bytes as a trace of drop-no-rescan: ReadTrace
// and Replay may reject them, never panic; a replayed trace is confirmed.
func FuzzReplay(f *testing.F) {
	src, filename, _ := protocols.Source("drop-no-rescan")
	cr, err := compile.Compile(filename, src, compile.Options{})
	if err != nil {
		f.Fatal(err)
	}
	p := cr.Program
	for _, s := range []explorer.Search{explorer.BFS, explorer.DFS} {
		r, _ := explorer.Explore(p, explorer.Options{Search: s})
		var b bytes.Buffer
		if err := WriteTrace(&b, Run{Program: p, Result: r, Source: src}); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	f.Add([]byte(`{"format":"mcheck","version":1,"verdict":"violation","kind":"deadlock","trace":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := ReadTrace(data)
		if err != nil {
			return
		}
		r, err := Replay(p, tr)
		if err != nil {
			return
		}
		if err := Confirm(p, r); err != nil {
			t.Fatalf("replayed but not confirmed: %v", err)
		}
	})
}
