package promela_test

import (
	"fmt"
	"testing"

	"mcheck/internal/testlong"
	"mcheck/protocols"
)

// The range_lock examples TestParityPrims runs against SPIN by default.
func init() {
	primExamples = append(primExamples, primExample{"range-lock*.mc", []string{"range-lock.mc"}})
}

// TestParityCatalogueSettings: the catalogue parity runs each spec at its
// defaults, where the range lock specs deadlock or violate, so their state
// counts meet SPIN's only through -E. Here the settings of their expect:
// lines where they hold (all of the settings under MCHECK_LONG=1).
func TestParityCatalogueSettings(t *testing.T) {
	needSpin(t)
	cases := []struct {
		spec string
		set  map[string]int64
		long bool
	}{
		{"mmap-range-lock", map[string]int64{"MERGES": 0}, false},
		{"mmap-range-lock", map[string]int64{"SPAN": 1}, true},
		{"mmap-range-lock", map[string]int64{"SPAN": 2, "MERGES": 0}, true},
		{"inode-range-lock", map[string]int64{"FAULTS": 0}, true},
		{"inode-range-lock", map[string]int64{"BUF": 0, "FAULTS": 0}, true},
		{"inode-range-lock", map[string]int64{"FAULTS": 2}, true},
	}
	for _, c := range cases {
		if c.long && !testlong.On() {
			continue
		}
		t.Run(fmt.Sprintf("%s/%v", c.spec, c.set), func(t *testing.T) {
			t.Parallel()
			src, file, ok := protocols.Source(c.spec)
			if !ok {
				t.Fatalf("no catalogue spec %s", c.spec)
			}
			diff, err := parity(spinCtx(t), t.TempDir(), file, src, c.set)
			if err != nil {
				t.Fatal(err)
			}
			if diff != "" {
				t.Error(diff)
			}
		})
	}
}
