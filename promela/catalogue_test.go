package promela_test

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"mcheck/promela"
	"mcheck/protocols"
)

// TestParityCatalogue: every catalogue spec at its defaults and scaled up
// (FAULTS=3 where it has FAULTS), and every language example.
func TestParityCatalogue(t *testing.T) {
	needSpin(t)
	type tc struct {
		name, file string
		src        []byte
		set        map[string]int64
	}
	var cases []tc
	for _, n := range protocols.Names() {
		src, file, ok := protocols.Source(n)
		if !ok {
			t.Fatalf("catalogue spec %s has no source", n)
		}
		cases = append(cases, tc{n, file, src, nil}, tc{n + "/FAULTS=3", file, src, map[string]int64{"FAULTS": 3}})
	}
	ex, _ := filepath.Glob("../specs/testdata/examples/*.mc")
	sort.Strings(ex)
	for _, f := range ex {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, tc{"examples/" + filepath.Base(f), f, src, nil})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			diff, err := parity(spinCtx(t), t.TempDir(), c.file, c.src, c.set)
			if errors.Is(err, promela.ErrUnsupported) {
				t.Skip(err) // listed in the report: RCU and pools are not exported yet
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff != "" {
				t.Error(diff)
			}
		})
	}
}
