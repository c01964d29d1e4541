package report

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWrapKeepsEverything(t *testing.T) {
	for _, tc := range []struct {
		s             string
		width, indent int
	}{
		{"40 atomic { spin_lock(ptl); if !pte.present; spin_unlock(ptl) }", 12, 3},
		{"76 down_read(mmap_lock)", 15, 3},
		{"averyveryverylongidentifierwithoutanybreak", 7, 2},
		{"a b c", 1, 0},
	} {
		lines := wrap(tc.s, tc.width, tc.indent)
		joined := ""
		for _, l := range lines {
			assert.LessOrEqual(t, runeLen(l), tc.width, "%q", l)
			joined += strings.ReplaceAll(l, " ", "")
		}
		assert.Equal(t, strings.ReplaceAll(tc.s, " ", ""), joined, "nothing dropped")
	}
	assert.Equal(t, []string{"76 down_read(", "   mmap_lock)"}, wrap("76 down_read(mmap_lock)", 15, 3))
}
