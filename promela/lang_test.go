package promela_test

import (
	"testing"

	"mcheck/internal/testlong"
)

// TestParityLanguage checks the language features of issue 11 against
// SPIN, with the constant overrides their examples' expect lines use
// (TestParityCatalogue samples the examples without overrides).
func TestParityLanguage(t *testing.T) {
	needSpin(t)
	cases := []struct {
		name, file string
		set        map[string]int64
		long       bool // pan takes seconds to build: the default run keeps a sample
	}{
		{"bitwise", "bitwise.mc", nil, false},
		{"shift", "shift-range.mc", nil, true},
		{"shift-arith", "shift-range.mc", map[string]int64{"SH": 32}, true},
		{"shift-range", "shift-range.mc", map[string]int64{"SH": 8}, true},
		{"if-const", "if-const.mc", nil, true},
		{"if-const-fixed", "if-const.mc", map[string]int64{"FIXED": 1}, false},
		{"if-const-assert", "if-const.mc", map[string]int64{"FIXED": 2}, true},
		{"if-const-decls", "if-const-decls.mc", nil, true},
		{"if-const-decls-fixed", "if-const-decls.mc", map[string]int64{"FIXED": 1}, true},
		{"assert-not-held", "lockdep-assert-not-held.mc", nil, true},
		{"assert-not-held-violated", "lockdep-assert-not-held.mc", map[string]int64{"DROP": 0}, true},
		{"inline-locals", "inline-locals.mc", nil, false},
		{"inline-locals-unlocked", "inline-locals.mc", map[string]int64{"LOCKED": 0}, true},
		{"quantifiers", "quantifiers.mc", nil, true},
		{"quantifiers-3", "quantifiers.mc", map[string]int64{"N": 3}, true},
		{"quantifier-violation", "quantifier-violation.mc", nil, true},
		{"instance-index", "instance-index.mc", nil, true},
		{"instance-index-2", "instance-index.mc", map[string]int64{"N": 2}, true},
		{"pool-index", "pool-index.mc", nil, true},
		{"pool-index-free", "pool-index.mc", map[string]int64{"FREE": 1}, true},
	}
	for _, c := range cases {
		if c.long && !testlong.On() {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			parityFile(t, "../specs/testdata/examples/"+c.file, c.set)
		})
	}
}
