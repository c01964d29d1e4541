package promela_test

import (
	"os"
	"testing"
)

// TestParityLanguage checks the language features of issue 11 against
// SPIN, with the constant overrides their examples' expect lines use
// (TestParityCatalogue samples the examples without overrides).
func TestParityLanguage(t *testing.T) {
	needSpin(t)
	cases := []struct {
		name, file string
		set        map[string]int64
	}{
		{"bitwise", "bitwise.mc", nil},
		{"shift", "shift-range.mc", nil},
		{"shift-arith", "shift-range.mc", map[string]int64{"SH": 32}},
		{"shift-range", "shift-range.mc", map[string]int64{"SH": 8}},
		{"if-const", "if-const.mc", nil},
		{"if-const-fixed", "if-const.mc", map[string]int64{"FIXED": 1}},
		{"if-const-assert", "if-const.mc", map[string]int64{"FIXED": 2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			file := "../specs/testdata/examples/" + c.file
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
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
